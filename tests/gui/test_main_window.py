"""The main window tells who and where: status bar, title, 帮助 → 关于, deliberate placeholders, F5."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app import __version__, paths
from app.domain.enums import Role
from app.gui.help_menu import AboutDialog
from app.gui.main_window import MainWindow, PlaceholderTab
from app.store.uow import Actor


def test_status_bar_and_title(demo_ctx, qtbot) -> None:
    demo_ctx.actor = Actor("wangli", Role.BRANCH_SECRETARY)
    window = MainWindow(demo_ctx)
    qtbot.addWidget(window)
    assert str(demo_ctx.store.path) in window.store_status.text()
    assert window.user_status.text() == f"当前用户：wangli（{Role.BRANCH_SECRETARY.label}）"
    assert window.read_only_status.isHidden()
    assert window.windowTitle() == f"青山镇中心学校 - 党建台账 {__version__}"


def test_read_only_is_shown(ctx, qtbot) -> None:
    ctx.read_only = True
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert not window.read_only_status.isHidden() and "只读" in window.read_only_status.text()
    assert window.windowTitle().startswith("党建台账") and window.windowTitle().endswith("（只读）")


def test_help_menu_about_opens_the_folders(ctx, qtbot) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == ["数据(&D)", "帮助(&H)"]
    assert window.help_actions["about"].text() == "关于党建台账…"
    opened: list[Path] = []
    about = AboutDialog(ctx, window, opener=opened.append)
    qtbot.addWidget(about)
    texts = " ".join(label.text() for label in about.findChildren(type(window.store_status)))
    assert __version__ in texts and str(paths.logs_dir()) in texts and str(paths.data_dir()) in texts
    qtbot.mouseClick(about.open_buttons["日志文件夹"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(about.open_buttons["数据文件夹"], Qt.MouseButton.LeftButton)
    assert opened == [paths.logs_dir(), paths.data_dir()]


def test_placeholder_tabs_say_what_is_coming(ctx, qtbot) -> None:
    from app.gui.main_window import TABS

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    for title, spec in TABS:
        tab = window.tab_widget(title)
        if spec is None:
            assert isinstance(tab, PlaceholderTab) and tab.notice.text() == "将在后续版本提供"
        else:
            assert not isinstance(tab, PlaceholderTab), title


@pytest.mark.qt_log_ignore("does not support propagateSizeHints")
def test_f5_refreshes_the_current_tab(demo_ctx, qtbot, monkeypatch) -> None:
    window = MainWindow(demo_ctx)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    home = window.tab_widget("首页")
    window.tabs.setCurrentWidget(home)
    calls: list[int] = []
    monkeypatch.setattr(home, "refresh", lambda: calls.append(1))
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert calls == [1]


def test_other_tabs_are_built_ahead_behind_the_one_in_front(demo_ctx, qtbot, monkeypatch) -> None:
    """While the user reads 首页 the other tabs are built one per timer tick without coming to the front;
    a click then shows the tab built ahead (no second build). A tab that fails to build ahead is left for
    the user's own click, which builds it again."""
    import app.gui.main_window as main_window
    from app.gui.tabs.clean_school import CleanSchoolTab

    monkeypatch.setattr(main_window, "PRELOAD_AFTER_MS", 10)
    monkeypatch.setattr(main_window, "PREBUILD_GAP_MS", 10)
    broken = {"on": True}
    real_init = CleanSchoolTab.__init__

    def flaky_init(self, *args, **kwargs) -> None:
        if broken["on"]:
            raise RuntimeError("simulated failure while building ahead")
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(CleanSchoolTab, "__init__", flaky_init)
    window = MainWindow(None)
    qtbot.addWidget(window)
    window.show()
    switched: list[int] = []
    window.tabs.currentChanged.connect(switched.append)
    window.attach(demo_ctx)
    clean = next(i for i, (title, _spec) in enumerate(main_window.TABS) if title == "清廉学校")
    others = {i for i in range(len(main_window.TABS)) if i != clean}
    qtbot.waitUntil(lambda: set(window._built) == others and clean in window._prebuild_failed, timeout=20_000)
    assert window.tabs.currentIndex() == 0 and switched == []  # 首页 stayed in front all along
    qtbot.waitUntil(lambda: window._preview_warm, timeout=5_000)  # then the preview's renderer is loaded
    assert "pypdfium2" in sys.modules
    ahead = window._built[2]
    window.tabs.setCurrentIndex(2)
    assert window.tabs.currentWidget() is ahead and window._built[2] is ahead
    broken["on"] = False
    window.tabs.setCurrentIndex(clean)
    assert isinstance(window.tabs.currentWidget(), CleanSchoolTab)


def test_start_up_builds_the_first_page_while_the_store_opens_then_fills_it(demo_ctx, qtbot, monkeypatch,
                                                                             tmp_path: Path) -> None:
    """app.gui.application.run builds 首页's page right after the frame's first paint, before the store is
    opened; attaching the store fills that page instead of building another (docs/benchmark.md)."""
    from PySide6.QtWidgets import QApplication

    from app.gui import application, startup
    from app.gui.tabs.home import HomeTab

    seen: dict[str, object] = {}

    def opening(db, smoke_test=False):
        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
        page = window._prepared.get(0)
        seen.update(page=type(page).__name__, school=getattr(page, "school", None) and page.school.text(),
                    hidden=page is not None and not page.isVisible(), tab=type(window.tabs.widget(0)).__name__)
        return 3  # as if the user left at the login

    monkeypatch.setattr(startup, "open_for_gui", opening)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run() installs its own
    assert application.run(str(tmp_path / "x.sqlite")) == 3
    assert seen == {"page": "HomeTab", "school": "正在打开数据文件…", "hidden": True, "tab": "OpeningTab"}

    window = MainWindow(None)
    qtbot.addWidget(window)
    window.show()
    window.prepare()
    page = window._prepared[0]
    assert isinstance(page, HomeTab) and page.ctx is None and not page.isVisible()
    assert page.cards["正式党员"].value.text() == "—"  # no number before the store is read
    window.attach(demo_ctx)
    assert window.tabs.widget(0) is page and page.ctx is demo_ctx  # filled, not built again
    # ... and shown and laid out before anything paints (no event processed since attach): the first paint
    # is the finished page, with no second one after it.
    from app.gui.widgets.dashboard_parts import AlertRow

    rows = page.findChildren(AlertRow)
    assert rows and all(row.isVisible() and row.height() > 20 for row in rows)
    assert page.school.text() == "青山镇中心学校"
    assert page.cards["正式党员"].value.text().startswith("35")


def test_start_up_paints_the_filled_first_page_once_at_its_final_size(demo_templates, qtbot, monkeypatch,
                                                                      tmp_path: Path) -> None:
    """app.gui.application.run: 首页's data is painted once, at the size the page keeps. Its page was painted
    a second time in the event loop's next pass: by the "update later" events showing it had posted, by
    the layouts that pass did, and by the menu and status bars shown only then (docs/benchmark.md)."""
    import shutil

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from app.context import open_context
    from app.gui import application, startup
    from app.gui.tabs.home import HomeTab
    from app.gui.widgets.dashboard_parts import BranchTable
    from app.gui.widgets.development_home import DevelopmentHomePanel
    from app.gui.widgets.painted_rows import PaintedRows

    store = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_templates(True), store)
    paints: list[int] = []  # the page's height at each paint
    real_paint = PaintedRows.paintEvent

    def counted(self, event) -> None:
        if isinstance(self.parentWidget(), BranchTable):  # 首页's 各党支部
            page = self.parentWidget()
            while not isinstance(page, HomeTab):
                page = page.parentWidget()
            paints.append(page.height())
        real_paint(self, event)

    def ready(stage: str) -> None:
        if stage == "ready":
            window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
            seen["at_ready"] = len(paints)
            seen["height"] = window.tabs.widget(0).height()
            QTimer.singleShot(150, window.close)

    seen: dict[str, int] = {}
    monkeypatch.setattr(PaintedRows, "paintEvent", counted)
    # The reads that start after the paint fill other panels, and may move this one: not counted here.
    monkeypatch.setattr(HomeTab, "refresh_compliance", lambda self: None)
    monkeypatch.setattr(DevelopmentHomePanel, "refresh", lambda self: None)
    monkeypatch.setattr(application, "startup_time", ready)
    monkeypatch.setattr(startup, "open_for_gui", lambda db, smoke_test=False: open_context(store))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    guard = QTimer()  # never hangs the suite if the window is not closed; stopped with the test
    guard.setSingleShot(True)
    guard.timeout.connect(QApplication.quit)
    guard.start(20_000)
    code = application.run(str(store))
    guard.stop()
    assert code == 0
    assert seen["at_ready"] == 1 and paints == [seen["height"]], (paints, seen)
