"""Work that starts once a page has painted (app.gui.after_paint): 首页's grid and 发展党员 list start their
workers after 首页's first paint, not in the same event-loop pass before it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QLabel

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
    after_paint.after_paint(label, then)
    after_paint.after_paint(label, then)  # asked again before the paint: still once
    assert after_paint.waiting() == 1
    label.show()
    qtbot.waitUntil(lambda: "then" in log)
    qtbot.wait(20)
    assert log[0] == "paint" and log.count("then") == 1 and after_paint.waiting() == 0


def test_a_widget_that_never_paints_runs_it_after_the_fallback(qtbot) -> None:
    log: list[str] = []
    label = QLabel("hidden")
    qtbot.addWidget(label)
    after_paint.after_paint(label, lambda: log.append("then"), fallback_ms=30)
    qtbot.waitUntil(lambda: log == ["then"], timeout=5000)


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
    window.tabs.widget(0).installEventFilter(paints)
    window.attach(demo_ctx)
    qtbot.waitUntil(lambda: "grid" in log and "list" in log)
    settle(qtbot)
    assert log[0] == "paint" and sorted(log[1:3]) == ["grid", "list"], log
