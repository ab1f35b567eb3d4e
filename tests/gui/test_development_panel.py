"""组织设置 → 发展党员: the people list with what is due, a timeline, the step dialog's warnings and
reason, the 双培养 form, and the 首页 panel."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from app.domain.development_rules import DualDirection
from app.domain.enums import BackboneLevel
from app.gui.dialogs.development_step_dialog import StepDialog
from app.gui.dialogs.dual_dialog import DualDialog, DualEntryDialog
from app.gui.widgets.development_home import DevelopmentHomePanel, _Row
from app.gui.widgets.development_panel import DevelopmentPanel
from app.gui.widgets.forms import set_combo_data
from app.services import development as dev
from app.services import dual_cultivation as dual
from app.services.development import StepInput
from tests.gui.conftest import settle, type_text
from tests.integration.development_world import World, build

D = dt.date
TODAY = D(2026, 12, 1)
SHOTS = Path(os.environ.get("DANGJIAN_SHOTS", "/tmp"))


@pytest.fixture
def world(ctx) -> World:
    w = build(ctx)
    dev.record_step(ctx, StepInput(w.applicant, 1, D(2023, 3, 10)), today=TODAY)
    dev.record_step(ctx, StepInput(w.applicant, 2, D(2023, 3, 20)), today=TODAY)
    dev.record_step(ctx, StepInput(w.applicant, 4, D(2026, 3, 10)), today=TODAY)
    return w


def _row_of(panel: DevelopmentPanel, name: str) -> int:
    return next(i for i, p in enumerate(panel.people) if p.name == name)


def test_panel_lists_people_and_their_timeline(qtbot, ctx, world: World) -> None:
    panel = DevelopmentPanel(ctx, today=TODAY)
    qtbot.addWidget(panel)
    panel.resize(1340, 560)
    panel.show()
    assert {p.name for p in panel.people} == {"赵子涵", "孙浩然"}
    panel.people_table.selectRow(_row_of(panel, "赵子涵"))
    assert panel.steps_table.rowCount() == 3
    assert panel.steps_table.item(2, 0).text().startswith("第4步")
    assert panel.due_label.text() == "下一步：应指定两名培养联系人（2026-03-10）"
    assert panel.add_button.isEnabled() and panel.dossier_button.isEnabled()
    panel.grab().save(str(SHOTS / "development_panel.png"))


def test_step_dialog_asks_for_a_reason_when_too_early(qtbot, ctx, world: World) -> None:
    dialog = StepDialog(ctx, world.applicant, "赵子涵", today=TODAY, number=8)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.on.set_value(D(2026, 6, 1))
    dialog.check()
    assert dialog.reason.isVisible() and dialog.needs_reason
    assert "满1年后方可列为发展对象" in dialog.warnings.text()
    dialog.grab().save(str(SHOTS / "development_step_dialog.png"))
    assert dialog.sizeHint().height() <= 700 and dialog.sizeHint().width() <= 1366
    dialog.accept()  # no reason: not saved, the dialog stays
    assert dialog.result() == 0 and "请在“原因说明”中写明原因" in dialog.warnings.text()
    assert len(dev.timeline(ctx, world.applicant, today=TODAY).steps) == 3
    dialog.reason.setFocus()
    type_text(dialog.reason, "县委组织部同意提前")
    dialog.accept()
    assert dialog.result() == 1
    steps = dev.timeline(ctx, world.applicant, today=TODAY).steps
    assert steps[-1].number == 8 and steps[-1].reason == "县委组织部同意提前"


def test_step_dialog_shows_introducers_only_for_step_9(qtbot, ctx, world: World) -> None:
    dialog = StepDialog(ctx, world.applicant, "赵子涵", today=TODAY, number=2)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.introducer_row.isVisible()
    set_combo_data(dialog.number, 9)
    assert dialog.introducer_row.isVisible() and not dialog.outcome_row.isVisible()
    set_combo_data(dialog.number, 22)
    assert dialog.outcome_row.isVisible()


def test_dual_entry_form_and_ledger(qtbot, ctx, world: World) -> None:
    form = DualEntryDialog(ctx, today=TODAY)
    qtbot.addWidget(form)
    set_combo_data(form.direction, DualDirection.TO_MEMBER.value)
    set_combo_data(form.person, world.applicant)
    assert form.name.text() == "赵子涵"
    set_combo_data(form.level, BackboneLevel.COUNTY.value)
    form.started_on.set_value(D(2026, 9, 1))
    form.accept()
    assert form.result() == 1
    ledger = DualDialog(ctx, year=2026)
    qtbot.addWidget(ledger)
    assert ledger.table.rowCount() == 1 and ledger.table.item(0, 1).text() == "赵子涵"
    assert "培养成党员 1 人" in ledger.summary.text()
    bad = DualEntryDialog(ctx, today=TODAY)
    qtbot.addWidget(bad)
    set_combo_data(bad.direction, DualDirection.TO_BACKBONE.value)
    bad.name.setText("某老师")
    errors: list[str] = []
    import app.gui.operations as ops

    original = ops.report_error
    ops.report_error = lambda exc, parent=None, title="": errors.append(str(exc))
    try:
        bad.accept()
    finally:
        ops.report_error = original
    assert bad.result() == 0 and "应是名册中的党员" in errors[0]
    assert len(dual.list_entries(ctx)) == 1


def test_home_panel_shows_what_is_due(qtbot, ctx, world: World) -> None:
    dev.record_step(ctx, StepInput(world.young, 1, D(2026, 11, 25)), today=TODAY)
    from app.gui import operations

    panel = DevelopmentHomePanel(ctx, today=TODAY)
    qtbot.addWidget(panel)
    panel.show()
    assert panel.note.text() == "正在读取…"  # read on a worker, after 首页 has painted
    assert not operations.running()  # not started during the show: the paint comes first
    qtbot.waitUntil(lambda: operations.running() or panel.note.text() != "正在读取…")
    settle(qtbot)
    texts = [row.text() for row in panel.findChildren(_Row)]
    assert "孙浩然：应在 2026-12-25 前派人谈话" in texts
    assert panel.note.text() == "待办 2 项"  # and 赵子涵: 培养联系人 to be assigned
    assert not panel.more.isVisibleTo(panel)  # nothing beyond the list
    assert panel.dual.text().startswith("双培养（2026年）\n培养成党员 0 人")


def test_notice_dialog_says_the_period(qtbot) -> None:
    from app.gui.dialogs.notice_dialog import NoticeDialog

    dialog = NoticeDialog("赵子涵", "full", today=D(2026, 11, 27))
    qtbot.addWidget(dialog)
    assert dialog.period.text().startswith("5个工作日，至 2026-12-03")
    dialog.person.setText("组织委员 王建国")
    assert dialog.values() == {"kind": "full", "starts_on": D(2026, 11, 27), "contact_person": "组织委员 王建国",
                               "contact_phone": ""}


def test_attach_a_scan_to_a_step(qtbot, ctx, world: World, tmp_path: Path) -> None:
    from app.gui import operations

    scan = tmp_path / "政审材料.pdf"
    scan.write_bytes(b"%PDF-1.4 scan")
    panel = DevelopmentPanel(ctx, today=TODAY)
    qtbot.addWidget(panel)
    panel.show()
    panel.people_table.selectRow(_row_of(panel, "赵子涵"))
    panel.steps_table.selectRow(0)
    assert panel.files_button.isEnabled()
    panel.add_files(panel.selected_step().id, [str(scan)])
    operations.wait_for_all()
    assert "附件 1 个" in panel.steps_table.item(0, 3).text()
    panel._fill_files_menu()
    titles = [a.text() for a in panel.files_menu.actions()]
    assert "打开 政审材料.pdf" in titles
    panel.confirm = lambda _text: True
    file_id = dev.timeline(ctx, world.applicant, today=TODAY).steps[0]
    from app.services import development_files

    panel.remove_file(development_files.files(ctx, file_id.id)[0].id, "政审材料.pdf")
    assert "附件" not in (panel.steps_table.item(0, 3).text() or "")


@pytest.mark.qt_log_ignore("does not support propagateSizeHints")
def test_home_item_opens_the_person_in_org_setup(qtbot, school_ctx) -> None:
    from app.gui.main_window import MainWindow

    window = MainWindow(school_ctx)
    qtbot.addWidget(window)
    window.resize(1366, 700)
    with qtbot.waitExposed(window):
        window.show()
    home = window.findChild(DevelopmentHomePanel)

    settle(qtbot)
    rows = home.findChildren(_Row)
    assert rows, "the demo has something due"
    # The demo has more than the panel lists: the rest is said under the list, never inside its scroll
    # area, where the panel's edge cut that line in half at 1366×700.
    from PySide6.QtWidgets import QScrollArea

    from app.gui.widgets.development_home import SHOWN

    assert len(home.items) > SHOWN and home.more.isVisibleTo(home)
    assert home.more.text() == f"另有 {len(home.items) - SHOWN} 项，见「组织设置」→「发展党员」"
    assert not home.findChild(QScrollArea).isAncestorOf(home.more)
    rows[0].activated.emit(rows[0].member_id)
    tab = window.tab_widget("组织设置")
    panel = tab.findChild(DevelopmentPanel)
    assert window.tabs.currentWidget() is tab and tab.pages.currentWidget() is panel
    assert panel.current_member() == rows[0].member_id
    assert panel.line is not None and panel.steps_table.rowCount() > 0


def test_edit_and_delete_a_step_from_the_panel(qtbot, ctx, world: World) -> None:
    panel = DevelopmentPanel(ctx, today=TODAY)
    qtbot.addWidget(panel)
    panel.show()
    panel.people_table.selectRow(_row_of(panel, "赵子涵"))
    panel.steps_table.selectRow(1)
    step = panel.selected_step()
    assert step is not None and step.number == 2
    dialog = StepDialog(ctx, world.applicant, "赵子涵", step=step, today=TODAY)
    qtbot.addWidget(dialog)
    assert dialog.on.value() == D(2023, 3, 20)
    dialog.note.setPlainText("书记谈话")
    dialog.accept()
    assert dialog.result() == 1
    panel.refresh()
    assert panel.steps_table.item(1, 3).text() == "书记谈话"
    panel.steps_table.selectRow(1)
    panel.confirm = lambda _text: True
    panel.delete_step()
    assert panel.steps_table.rowCount() == 2
