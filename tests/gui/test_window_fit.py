"""The window and the dialogs fit a 1366×768 laptop (about 1366×700 usable), and the window remembers itself."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QApplication, QDialog, QVBoxLayout, QWidget

from app.gui import screen_fit
from app.gui.main_window import MainWindow
from app.gui.widgets.dashboard_parts import AlertRow
from app.services.dashboard import Milestone
from tests.gui.conftest import settle

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def _shown(ctx, qtbot, width: int, height: int) -> MainWindow:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(width, height)
    with qtbot.waitExposed(window):
        window.show()
    return window


def _visit_every_tab(window: MainWindow) -> None:
    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)
        for _ in range(3):
            QApplication.processEvents()


def test_minimum_size_fits_the_laptop_and_tabs_never_enlarge_it(demo_ctx, qtbot) -> None:
    window = _shown(demo_ctx, qtbot, 1366, 700)
    minimum = window.minimumSize()
    assert minimum.width() <= 1280 and minimum.height() <= 650
    _visit_every_tab(window)
    assert window.minimumSize() == minimum
    assert window.size() == QSize(1366, 700)  # no tab made the window grow
    window.resize(1024, 600)  # a netbook: still allowed, 首页 scrolls instead
    QApplication.processEvents()
    assert window.size() == QSize(1024, 600)
    _visit_every_tab(window)
    assert window.size() == QSize(1024, 600)
    # every tab's content fits 1024 wide (no panel cut off at the right edge)
    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)
        QApplication.processEvents()
        assert window.tabs.currentWidget().minimumSizeHint().width() <= window.tabs.width(), window.tabs.tabText(i)


def test_home_scrolls_rather_than_squeezing(demo_ctx, qtbot) -> None:
    window = _shown(demo_ctx, qtbot, 1366, 700)
    home = window.tab_widget("首页")
    settle(qtbot)  # 发展党员 and the grid filled: their word-wrapped labels change how the page is sized
    QApplication.processEvents()
    content = home.page_scroll.widget()
    assert content.minimumSizeHint().height() <= home.page_scroll.viewport().height()
    # 1366×700: the page fits, 三会一课落实情况 included (a word-wrapped label once sized it at its preferred
    # 855 px, and the grid sat below the fold)
    assert home.page_scroll.verticalScrollBar().maximum() == 0
    # …also with a full 近期节点 (the demo of the current year has four dates, a county school eight)
    home.upcoming.set_items([Milestone(dt.date(2027, 1, 17), f"许珺预备期满{i}", "支部大会讨论能否按期转正")
                             for i in range(8)])
    QApplication.processEvents()
    assert home.page_scroll.verticalScrollBar().maximum() == 0
    assert not home.narrow
    _assert_alert_rows_fit(home)
    window.resize(1024, 600)
    QApplication.processEvents()
    assert home.page_scroll.verticalScrollBar().maximum() > 0  # 1024×600: the page scrolls…
    assert content.height() >= content.minimumSizeHint().height()  # …and nothing is squeezed below its size
    assert home.page_scroll.horizontalScrollBar().maximum() == 0  # …nor cut at the right edge
    # three panels become two columns: 发展党员 under 近期节点, and 待办提醒 keeps a readable width
    assert home.narrow
    alerts = home.alert_count.parentWidget()
    assert alerts.width() >= 400
    assert home.development.x() > alerts.x() and home.development.y() > home.upcoming.mapTo(content, QPoint()).y()
    _assert_alert_rows_fit(home)
    window.resize(1366, 700)
    QApplication.processEvents()
    assert not home.narrow and home.development.x() > home.upcoming.mapTo(content, QPoint()).x()
    assert home.page_scroll.verticalScrollBar().maximum() == 0


def test_1024x600_points_bar_does_not_overlap_and_org_names_stay_readable(demo_ctx, qtbot) -> None:
    """1024×600: 「43 人参加积分…」 drew over the 党支部 drop-down, and the 组织设置 tree's name column shrank to
    「青…」 (a 党支部's name to nothing)."""
    window = _shown(demo_ctx, qtbot, 1024, 600)
    points = window.tab_widget("党员积分")
    window.tabs.setCurrentWidget(points)
    settle(qtbot)
    points.status.setText("43 人参加积分，一票否决 12 人")  # the longest the tab says
    QApplication.processEvents()
    bar = points.layout().itemAt(0).layout()
    shown = [w for w in (bar.itemAt(i).widget() for i in range(bar.count())) if w is not None and w.isVisible()]
    shown.append(points.status)
    boxes = [QRect(w.mapTo(points, QPoint()), w.size()) for w in shown]
    for i, (w, box) in enumerate(zip(shown, boxes, strict=True)):
        assert w.width() >= w.minimumSizeHint().width(), w  # nothing squeezed below its size…
        assert box.right() < points.width(), w  # …nor cut at the right edge…
        for other, other_box in zip(shown[i + 1:], boxes[i + 1:], strict=True):
            assert not box.intersects(other_box), (w, other)  # …nor drawn over another
    assert points.status.width() >= points.status.sizeHint().width()  # the whole count is readable

    window.tabs.setCurrentWidget(window.tab_widget("组织设置"))
    settle(qtbot)
    QApplication.processEvents()
    tree = window.tab_widget("组织设置").orgs.view
    # a 党支部 (one level in) shows five characters of its name, and every column fits the tree's width
    readable = 2 * tree.indentation() + tree.fontMetrics().horizontalAdvance("第一党支部") + 24
    assert tree.columnWidth(0) >= readable
    columns = range(tree.model().columnCount())
    assert sum(tree.columnWidth(c) for c in columns if not tree.isColumnHidden(c)) <= tree.viewport().width()
    assert tree.horizontalScrollBar().maximum() == 0
    window.resize(1366, 700)
    QApplication.processEvents()
    assert not any(tree.isColumnHidden(c) for c in columns)  # room for 类型 again
    assert tree.columnWidth(0) >= readable

def _assert_alert_rows_fit(home) -> None:
    """Every row of 待办提醒 is as wide as it needs: none is cut off at the panel's right edge."""
    rows = home.findChildren(AlertRow)
    assert rows
    viewport = rows[0].parentWidget().parentWidget()  # the holder, in the panel's scroll area's viewport
    for row in rows:
        assert row.minimumSizeHint().width() <= viewport.width(), row.alert.title
        assert row.width() <= viewport.width(), row.alert.title


def test_window_remembers_size_and_position(ctx, qtbot, data_dir, monkeypatch) -> None:
    monkeypatch.setattr(screen_fit, "available", lambda _w=None: QRect(0, 0, 1366, 728))
    first = MainWindow(ctx)
    qtbot.addWidget(first)
    first.resize(1100, 640)
    first.move(40, 30)
    first.show()
    QApplication.processEvents()
    first.close()
    assert (data_dir / "settings.ini").exists()
    again = MainWindow(ctx)
    qtbot.addWidget(again)
    assert again.size() == QSize(1100, 640) and again.pos() == first.pos()
    again.move(5000, 5000)  # closed on a second screen that is gone next time
    again.close()
    third = MainWindow(ctx)
    qtbot.addWidget(third)
    assert QRect(0, 0, 1366, 728).contains(third.frameGeometry().topLeft())


def test_first_start_fits_the_screen(ctx, qtbot, monkeypatch) -> None:
    monkeypatch.setattr(screen_fit, "available", lambda _w=None: QRect(0, 0, 1366, 728))  # 768 minus taskbar
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert window.width() <= 1366 and window.height() + screen_fit.TITLE_BAR <= 728


def test_tall_dialog_is_clamped_to_the_screen(qtbot) -> None:
    dialog = QDialog()
    QVBoxLayout(dialog).addWidget(QWidget())
    dialog.setMinimumSize(400, 300)
    dialog.resize(860, 900)
    qtbot.addWidget(dialog)
    screen_fit.clamp_to(dialog, QRect(0, 0, 1366, 700))
    assert dialog.height() + screen_fit.TITLE_BAR <= 700 and dialog.width() == 860
    assert dialog.y() >= 0


def test_every_dialog_fits_1366x700(demo_ctx, qtbot, monkeypatch) -> None:
    """Each dialog opens within 1366×700 with its title bar, and its minimum (what it cannot shrink below)
    leaves room for one too."""
    import datetime as dt

    from app.gui.dialogs.accounts_dialog import AccountsDialog
    from app.gui.dialogs.audit_dialog import AuditDialog
    from app.gui.dialogs.import_dialog import ImportDialog
    from app.gui.dialogs.meeting_dialog import MeetingDialog
    from app.gui.dialogs.member_dialog import MemberDialog
    from app.gui.dialogs.org_dialog import OrgDialog
    from app.gui.dialogs.plan_dialog import PlanDialog
    from app.gui.dialogs.post_dialog import PostDialog
    from app.gui.help_menu import AboutDialog

    monkeypatch.setattr(screen_fit, "available", lambda _w=None: QRect(0, 0, 1366, 700))
    made = [AccountsDialog(demo_ctx), AuditDialog(demo_ctx), ImportDialog(demo_ctx), MemberDialog(demo_ctx),
            OrgDialog(demo_ctx), PlanDialog(demo_ctx, dt.date.today().year), PostDialog(demo_ctx),
            MeetingDialog(demo_ctx), AboutDialog(demo_ctx)]
    for dialog in made:
        qtbot.addWidget(dialog)
        name = type(dialog).__name__
        minimum = dialog.minimumSizeHint().expandedTo(dialog.minimumSize())
        assert minimum.width() <= 1366 - screen_fit.FRAME, name
        assert minimum.height() + screen_fit.TITLE_BAR <= 700, name
        # what show() will give it: the size it asked for, else its size hint
        size = dialog.size() if dialog.testAttribute(Qt.WidgetAttribute.WA_Resized) else dialog.sizeHint()
        assert size.width() <= 1366 and size.height() + screen_fit.TITLE_BAR <= 700, (name, size)


def test_a_long_alert_title_wraps_instead_of_widening_its_row(qtbot) -> None:
    from app.services.dashboard import Alert

    title = "青山镇中心学校党总支第二党支部（初中部）党员大会本季度尚未召开"
    row = AlertRow(Alert("danger", title, "本季度尚未召开。", "三会一课", "org:1"))
    qtbot.addWidget(row)
    assert row.fontMetrics().horizontalAdvance(title) > 300
    assert row.minimumSizeHint().width() <= 300  # 待办提醒 at its narrowest keeps the row whole
