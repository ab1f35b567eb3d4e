"""首页 shows the service's counts and alerts; org/post dialogs save; the optional date edit; light start-up."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt

from app.domain.enums import MemberCategory, OrgKind, PostKind
from app.gui.dialogs.org_dialog import OrgDialog
from app.gui.dialogs.post_dialog import EndPostDialog, PostDialog
from app.gui.tabs.home import HomeTab
from app.gui.tabs.org_setup import OrgSetupTab
from app.gui.widgets.dashboard_parts import AlertRow
from app.gui.widgets.date_edit import OptionalDateEdit
from app.gui.widgets.forms import set_combo_data
from app.services import dashboard, organizations, posts
from tests.gui.conftest import settle, type_text


def test_home_shows_counts_and_alerts(demo_ctx, qtbot, monkeypatch) -> None:
    from app.gui.tabs import home as home_module

    monkeypatch.setattr(home_module, "ALERT_PAGE", 2)  # the demo's alerts (4 or more) fill a page and more
    home = HomeTab(demo_ctx)
    qtbot.addWidget(home)
    with demo_ctx.uow() as uow:
        summary = dashboard.summary(uow)
        expected = dashboard.alerts(uow)
    assert home.school.text() == "青山镇中心学校"
    assert home.cards["党组织"].value.text().startswith("4")
    assert home.cards["预备党员"].value.text().startswith(str(summary.counts[MemberCategory.PROBATIONARY]))
    assert sorted(a.title for a in home.alerts) == sorted(a.title for a in expected)
    assert len(expected) > 2
    rows = home.findChildren(AlertRow)
    assert [r.alert for r in rows] == home.alerts[:2]  # most urgent first
    while home._more_button is not None:
        home._more_button.click()
    assert sorted(r.alert.title for r in home.findChildren(AlertRow)) == sorted(a.title for a in expected)
    assert any("预备期已满" in a.title for a in expected)  # the demo has an overdue 预备党员


def test_home_is_styled_by_the_app_stylesheet_alone(demo_ctx, qtbot) -> None:
    """No widget of 首页 has a stylesheet of its own (each doubles its polish time, and a parent's cascades
    to every child; docs/benchmark.md), and the application stylesheet's rules by name and property really
    colour the pieces: a card's strip and number, an alert's tag and edge, the due items, the bars."""
    from PySide6.QtWidgets import QLabel, QWidget

    from app.gui import style
    from app.gui.widgets.development_home import DevelopmentHomePanel, _Row

    home = HomeTab(demo_ctx)
    qtbot.addWidget(home)
    home.resize(1366, 700)
    home.show()
    settle(qtbot)
    qtbot.wait(50)
    own = [w.objectName() or type(w).__name__ for w in [home, *home.findChildren(QWidget)] if w.styleSheet()]
    assert own == []
    qtbot.waitUntil(lambda: home.compliance_loaded)  # 首页's grid keeps its short legend once shown
    from app.domain import compliance_rules as cr

    assert home.compliance.legend.text() == f"{cr.status_legend()}；数字为当月会议次数"

    def pixel(widget: QWidget, x: int, y: int) -> str:
        return widget.grab().toImage().pixelColor(x, y).name()

    card = home.cards["正式党员"]
    assert pixel(card, card.width() // 2, 1) == style.RED  # the 3 px accent strip on top
    assert card.value.palette().color(card.value.foregroundRole()).name() == style.RED
    urgent = next(r for r in home.findChildren(AlertRow) if r.alert.level == "danger")
    assert pixel(urgent, 1, urgent.height() // 2) == style.DANGER  # the left edge
    tag = next(w for w in urgent.findChildren(QLabel) if w.objectName() == "alertTag")
    assert pixel(tag, 2, tag.height() // 2) == style.DANGER
    overdue = next(r for r in home.findChild(DevelopmentHomePanel).findChildren(_Row) if r.property("overdue"))
    assert overdue.palette().color(overdue.foregroundRole()).name() == style.WARNING
    table = home.branches.table  # drawn (app/gui/widgets/painted_rows.py): the first branch's bar
    bar = table.cell_rect(0, 2)
    assert pixel(table, bar.x() + 4, bar.center().y() + 1) == style.RED  # every branch has members: red
    assert pixel(table, bar.right() - 2, bar.center().y() + 1) == style.BAR_TRACK  # 14 of 50: the track


def test_home_without_alerts_says_so(ctx, qtbot) -> None:
    from app.services import accounts

    with ctx.uow() as uow:
        accounts.set_initial_admin(uow, "secret-123")
        uow.commit()
    home = HomeTab(ctx)
    qtbot.addWidget(home)
    assert home.school.text() == "尚未设置学校"
    assert not home.findChildren(AlertRow)  # an empty store has nothing to back up yet
    assert "共 0 项" in home.alert_count.text()


def test_org_dialog_creates_branch_in_tree(demo_ctx, qtbot) -> None:
    tab = OrgSetupTab(demo_ctx)
    qtbot.addWidget(tab)
    top = tab.orgs.model.org_at(tab.orgs.model.index(0, 0))
    dialog = OrgDialog(demo_ctx, parent_id=top.id)
    qtbot.addWidget(dialog)
    assert dialog.kind.currentText() == "党支部"
    type_text(dialog.name, "第三党支部（幼儿园）")
    qtbot.keyClicks(dialog.term_start, "2024-09-01")
    assert dialog.next_due.text() == "2027-09-01"
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == OrgDialog.DialogCode.Accepted, dialog.errors.text()
    tab.orgs.refresh()
    index = tab.orgs.model.find(dialog.org_id)
    assert index.isValid() and tab.orgs.model.data(index) == "第三党支部（幼儿园）"
    assert tab.orgs.model.parent(index) == tab.orgs.model.index(0, 0)


def test_org_dialog_edits_term(demo_ctx, qtbot) -> None:
    with demo_ctx.uow() as uow:
        branch = organizations.find_by_name(uow, "退休教师党支部")
    dialog = OrgDialog(demo_ctx, org=branch)
    qtbot.addWidget(dialog)
    assert not dialog.kind.isEnabled()
    set_combo_data(dialog.term_years, 5)
    dialog.accept()
    with demo_ctx.uow() as uow:
        assert organizations.find_by_name(uow, "退休教师党支部").term_years == 5


def test_post_dialog_adds_and_ends_post(demo_ctx, qtbot) -> None:
    with demo_ctx.uow() as uow:
        orgs = organizations.list_organizations(uow)
        before = len(posts.list_posts(uow))
    group = next(o for o in orgs if o.kind == OrgKind.PARTY_GROUP)
    branch = next(o for o in orgs if o.kind == OrgKind.BRANCH)
    preset = PostDialog(demo_ctx, organization_id=group.id)
    qtbot.addWidget(preset)
    assert preset.kind.currentText() == "党小组组长"  # the usual post in a party group
    dialog = PostDialog(demo_ctx, organization_id=branch.id)
    qtbot.addWidget(dialog)
    assert not dialog.ok_button.isEnabled()  # nobody chosen yet
    set_combo_data(dialog.kind, PostKind.GROUP_LEADER)
    dialog.holder.setCurrentIndex(1)
    dialog.accept()
    assert dialog.post_id is None and "党小组" in dialog.errors.text()  # the service's rule, shown
    set_combo_data(dialog.kind, PostKind.COMMITTEE_MEMBER)
    dialog.holder.setEditText("")
    type_text(dialog.holder.lineEdit(), "县教育局挂职干部")
    dialog.cross.setChecked(True)
    type_text(dialog.admin_title, "副校长")
    dialog.accept()
    assert dialog.post_id, dialog.errors.text()
    with demo_ctx.uow() as uow:
        rows = posts.list_posts(uow)
    assert len(rows) == before + 1
    added = next(r for r in rows if r.id == dialog.post_id)
    assert added.holder_name == "县教育局挂职干部" and added.member_id is None
    assert added.cross_appointment and added.admin_title == "副校长"
    end = EndPostDialog(demo_ctx, added)
    qtbot.addWidget(end)
    end.accept()
    with demo_ctx.uow() as uow:
        assert len(posts.list_posts(uow)) == before


def test_optional_date_edit(qtbot) -> None:
    edit = OptionalDateEdit()
    qtbot.addWidget(edit)
    assert edit.value() is None and edit.text() == "未填写"
    qtbot.keyClicks(edit, "2019-07-01")
    assert edit.value() == dt.date(2019, 7, 1)
    edit.lineEdit().selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    assert edit.value() is None
    edit.set_value(dt.date(2020, 2, 29))
    assert edit.text() == "2020-02-29"


def test_gui_start_up_stays_light() -> None:
    """Building the tabs must not pull in ReportLab, openpyxl or pypinyin (they load when used)."""
    code = ("import sys; import app.gui.tabs.home, app.gui.tabs.org_setup, app.gui.main_window; "
            "print(sorted(m for m in ('reportlab', 'openpyxl', 'pypinyin') if m in sys.modules))")
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_alert_link_opens_its_target(demo_ctx, qtbot) -> None:
    from app.gui.main_window import MainWindow

    window = MainWindow(demo_ctx)
    qtbot.addWidget(window)
    home = window.tab_widget("首页")
    probation = next(a for a in home.alerts if "预备期已满" in a.title)
    home.open_alert(probation)
    org_tab = window.tabs.currentWidget()
    assert isinstance(org_tab, OrgSetupTab)
    assert org_tab.roster.selected().id == probation.target_id
    expired = next((a for a in home.alerts if "任期" in a.title), None)
    if expired is not None:  # the demo's second branch is overdue from June of the demo year on
        home.open_alert(expired)
        assert org_tab.orgs.current().id == expired.target_id


def test_roster_print_and_export_write_real_files(demo_ctx, qtbot, tmp_path, monkeypatch) -> None:
    """Print opens a real PDF; export warns about full ID numbers, writes the .xlsx and is audited."""
    from app.gui import operations, print_preview
    from app.gui.widgets import roster_actions

    tab = OrgSetupTab(demo_ctx)
    qtbot.addWidget(tab)
    said: list[str] = []
    opened: list[str] = []
    monkeypatch.setattr(roster_actions.QFileDialog, "getSaveFileName",
                        lambda _p, _t, name, _f: (str(tmp_path / Path(name).name), ""))
    monkeypatch.setattr(roster_actions.QMessageBox, "information", lambda _p, _t, text: said.append(text))
    monkeypatch.setattr(roster_actions.QMessageBox, "warning", lambda _p, _t, text: said.append(text))
    monkeypatch.setattr(print_preview, "show_pdf", lambda _parent, pdf, title: opened.append(str(pdf)))
    asked: list[str] = []

    def question(_p, _t, text):
        asked.append(text)
        return roster_actions.QMessageBox.StandardButton.Yes

    monkeypatch.setattr(roster_actions.QMessageBox, "question", question)
    roster_actions.print_roster(tab.roster)
    operations.wait_for_all()
    assert opened and Path(opened[0]).exists() and Path(opened[0]).suffix == ".pdf"
    assert Path(opened[0]).parent == print_preview.pdf_path("x.pdf").parent  # rendered, not asked for a path
    roster_actions.export_roster(tab.roster)
    operations.wait_for_all()
    assert "完整身份证号" in asked[-1]
    assert "已导出党员 39 人，入党申请人等 6 人" in said[-1]
    assert list(tmp_path.glob("*.xlsx"))
    from sqlalchemy import select

    from app.store.models import AuditLog
    with demo_ctx.uow() as uow:
        assert uow.session.scalars(select(AuditLog).where(AuditLog.action == "export")).first() is not None


def test_posts_print_renders_off_the_gui_thread_and_shows_the_pdf(demo_ctx, qtbot, monkeypatch) -> None:
    import threading

    from app.documents import print_cases
    from app.gui import operations, print_preview

    tab = OrgSetupTab(demo_ctx)
    qtbot.addWidget(tab)
    shown: list[tuple[Path, str]] = []
    monkeypatch.setattr(print_preview, "show_pdf", lambda _parent, pdf, title: shown.append((pdf, title)))
    threads: list[threading.Thread] = []
    render = print_cases.print_posts
    monkeypatch.setattr(print_cases, "print_posts",
                        lambda *a, **k: threads.append(threading.current_thread()) or render(*a, **k))
    op = tab.posts.print_posts()
    operations.wait_for_all()
    assert op.error is None and threads[0] is not threading.main_thread()
    pdf, title = shown[0]
    assert pdf.exists() and pdf.parent == print_preview.pdf_path("x.pdf").parent and title == "打印班子配备台账"


def test_first_organization_asks_for_school(ctx, qtbot, monkeypatch) -> None:
    from app.gui.widgets import org_panel

    tab = OrgSetupTab(ctx)
    qtbot.addWidget(tab)
    monkeypatch.setattr(org_panel.QInputDialog, "getText", lambda *a, **k: ("青山镇中心学校", True))
    monkeypatch.setattr(org_panel.OrgDialog, "exec", lambda self: 0)  # stop at the organization form
    tab.orgs.add_org()
    with ctx.uow() as uow:
        assert organizations.get_school(uow).name == "青山镇中心学校"


def test_many_alerts_come_a_page_at_a_time(demo_ctx, qtbot, monkeypatch) -> None:
    from app.gui.tabs import home as home_module

    monkeypatch.setattr(home_module, "ALERT_PAGE", 2)
    home = HomeTab(demo_ctx)
    qtbot.addWidget(home)
    assert len(home.alerts) > 2
    assert [r.alert for r in home.findChildren(AlertRow)] == home.alerts[:2]
    while home._more_button is not None:
        home._more_button.click()
    assert [r.alert for r in home.findChildren(AlertRow)] == home.alerts


def test_a_school_with_many_branches_shows_a_page_of_them_then_the_rest(qtbot) -> None:
    """首页 shows BRANCH_PAGE branch lines and a button for the rest, as 待办提醒 pages its alerts."""
    from PySide6.QtWidgets import QPushButton

    from app.gui.widgets.dashboard_parts import BRANCH_PAGE, BranchTable

    table = BranchTable()
    qtbot.addWidget(table)
    lines = [dashboard.BranchLine(f"b{i}", f"第{i + 1}党支部", 10, 1, 2, None) for i in range(BRANCH_PAGE + 5)]

    def names() -> list[str]:
        return [row[0] for row in table.table.texts()]

    def buttons() -> list[str]:
        return [b.text() for b in table.findChildren(QPushButton) if b.isVisibleTo(table)]

    table.set_lines(lines)
    table.show()
    assert names() == [line.name for line in lines[:BRANCH_PAGE]]
    assert buttons() == ["显示其余 5 个党支部…"]
    qtbot.mouseClick(table.more, Qt.MouseButton.LeftButton)
    assert names() == [line.name for line in lines] and buttons() == []
    qtbot.waitUntil(lambda: table.table.height() >= table.table.sizeHint().height() > 13 * 15)  # room for all
    table.set_lines(lines[:2])  # refreshed with fewer: only those, no button
    assert names() == [line.name for line in lines[:2]] and buttons() == []
    table.set_lines([])
    assert table.empty.isVisibleTo(table) and not table.table.isVisibleTo(table)
