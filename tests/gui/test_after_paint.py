"""Work that starts once a page has painted (app.gui.after_paint): 首页's grid and 发展党员 list start their
workers after 首页's first paint, not in the same event-loop pass before it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QLabel, QWidget

from app.gui import after_paint


class _Paints(QObject):
    def __init__(self, log: list[str]) -> None:
        super().__init__()
        self.log = log

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.log.append("paint")
        return False


def test_it_runs_once_after_the_widget_has_painted(qtbot) -> None:
    log: list[str] = []
    label = QLabel("首页")
    qtbot.addWidget(label)
    paints = _Paints(log)
    label.installEventFilter(paints)
    then = lambda: log.append("then")  # noqa: E731
    waiter = after_paint.after_paint(label, then)
    assert after_paint.after_paint(label, then) is waiter  # asked again before the paint: still once
    assert waiter.pending(then)
    label.show()
    qtbot.waitUntil(lambda: "then" in log)
    qtbot.wait(20)
    assert log[0] == "paint" and log.count("then") == 1 and not waiter.pending(then)


def test_a_hidden_page_waits_for_its_first_paint_a_window_runs_it_after_the_fallback(qtbot) -> None:
    """A page filled in the background (built ahead, rebuilt after a restore) reads once the user sees it,
    not at the fallback, against a store that may be closed by then. Start-up's window, perhaps started
    minimised, opens the store anyway (hidden_too)."""
    log: list[str] = []
    page, window = QLabel("page"), QLabel("window")
    qtbot.addWidget(page)
    qtbot.addWidget(window)
    waiting = after_paint.after_paint(page, lambda: log.append("page"), fallback_ms=30)
    after_paint.AfterPaint((window,), lambda: log.append("window"), fallback_ms=30, hidden_too=True)
    qtbot.waitUntil(lambda: log == ["window"], timeout=5000)
    qtbot.wait(50)
    assert log == ["window"] and waiting in after_paint._waiting and not waiting.runs_unseen()
    page.show()
    qtbot.waitUntil(lambda: log == ["window", "page"], timeout=5000)
    assert waiting not in after_paint._waiting


def test_home_counts_its_grid_and_reads_its_list_only_after_its_first_paint(demo_ctx, qtbot, monkeypatch) -> None:
    from app.gui.main_window import MainWindow
    from app.gui.tabs.compliance_view import ComplianceView
    from app.gui.widgets.development_home import DevelopmentHomePanel
    from tests.gui.conftest import settle

    log: list[str] = []
    count = ComplianceView.count
    monkeypatch.setattr(ComplianceView, "count", lambda self, *a, **k: log.append("grid") or count(self, *a, **k))
    refresh = DevelopmentHomePanel.refresh

    def read_list(self) -> None:
        if self.ctx is not None:
            log.append("list")
        refresh(self)

    monkeypatch.setattr(DevelopmentHomePanel, "refresh", read_list)
    window = MainWindow(None)
    qtbot.addWidget(window)
    window.resize(1366, 700)
    window.show()
    window.prepare()  # as start-up does
    paints = _Paints(log)
    window._prepared[0].installEventFilter(paints)
    window.attach(demo_ctx)
    qtbot.waitUntil(lambda: "grid" in log and "list" in log)
    settle(qtbot)
    assert log[0] == "paint" and sorted(log[1:3]) == ["grid", "list"], log


def test_home_filled_behind_another_tab_counts_its_grid_when_first_shown(demo_ctx, qtbot) -> None:
    """After a restore made from another tab, 首页 is rebuilt in the background (built ahead): its grid
    is counted once the user opens it, not dropped while it was hidden (the review's regression)."""
    from PySide6.QtWidgets import QTabWidget

    from app.gui.tabs.home import HomeTab
    from tests.gui.conftest import settle

    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    tabs.addTab(QLabel("组织设置"), "组织设置")
    tabs.resize(1366, 700)
    tabs.show()
    home = HomeTab(demo_ctx)
    tabs.addTab(home, "首页")  # filled while hidden
    qtbot.wait(700)  # past the fallback
    assert not home.compliance_loaded
    tabs.setCurrentWidget(home)
    qtbot.waitUntil(lambda: home.compliance_loaded, timeout=10_000)
    settle(qtbot)


def test_a_page_shown_after_the_fallback_that_never_paints_still_reads(qtbot) -> None:
    """Shown with no size (or covered), a page gets no Paint: the fallback starts again from its show."""
    log: list[str] = []
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(300, 200)
    window.show()
    page = QLabel("page", window)
    page.hide()
    after_paint.after_paint(page, lambda: log.append("read"), fallback_ms=30)
    qtbot.wait(80)  # past the first fallback, hidden: it waits
    assert log == []
    page.setGeometry(0, 0, 0, 0)
    page.show()
    qtbot.waitUntil(lambda: log == ["read"], timeout=3000)


def test_a_call_whose_page_was_deleted_first_is_forgotten(qtbot) -> None:
    """A page rebuilt after a restore is deleted with its call pending: the call and the page's data it
    holds are let go at the next call asked for, not kept for the rest of the session."""
    import shiboken6

    page = QLabel("old page")
    stranded = after_paint.after_paint(page, lambda: None)
    shiboken6.delete(page)
    other = QLabel("new page")
    qtbot.addWidget(other)
    after_paint.after_paint(other, lambda: None)
    assert stranded not in after_paint._waiting


def test_home_on_screen_before_the_store_reads_its_development_list_once_attached(demo_ctx, qtbot) -> None:
    """A page already on screen when the store is attached (no show, perhaps no paint, follows) still reads
    its 发展党员 list: attach asks for it, not only the first show."""
    from app.gui.tabs.home import HomeTab
    from tests.gui.conftest import settle

    home = HomeTab(None)
    qtbot.addWidget(home)
    home.resize(1366, 700)
    home.show()
    qtbot.waitExposed(home)
    settle(qtbot)
    assert home.development.items == []
    home.attach(demo_ctx)
    qtbot.waitUntil(lambda: bool(home.development.items), timeout=10_000)
    settle(qtbot)
