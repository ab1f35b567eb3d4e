"""The main window tells who and where: status bar, title, 帮助 → 关于, deliberate placeholders, F5."""

from __future__ import annotations

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
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    for title in ("清廉学校",):
        tab = window.tab_widget(title)
        assert isinstance(tab, PlaceholderTab) and tab.notice.text() == "将在后续版本提供"


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
