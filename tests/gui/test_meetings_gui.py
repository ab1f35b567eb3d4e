"""三会一课 GUI: record a meeting with attendance in the dialog, then see it in the list and the grid."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from app.domain.enums import AbsenceReason, AttendanceStatus, MeetingKind
from app.gui.dialogs.meeting_dialog import MeetingDialog
from app.gui.models.meeting_models import AttendanceModel
from app.gui.tabs.meetings import MeetingsTab
from app.services import meetings
from tests.integration.meeting_world import World

DAY = dt.date(2025, 6, 10)


@pytest.fixture
def world(meeting_world: World) -> World:
    return meeting_world  # a copy of the run's built world (tests/conftest.py)


def _dialog(qtbot, ctx, world: World, kind: MeetingKind = MeetingKind.THEME_DAY, meeting_id=None) -> MeetingDialog:
    dialog = MeetingDialog(ctx, meeting_id, organization_id=world.branch, kind=kind)
    qtbot.addWidget(dialog)
    dialog.messages = []
    dialog.message = lambda title, text, warning=False: dialog.messages.append((title, text))
    dialog.asked = []
    dialog.ask_keep_draft = lambda: dialog.asked.append(True) or "discard"
    return dialog


def test_record_meeting_with_attendance_end_to_end(qtbot, ctx, world: World, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, ctx, world)
    dialog.held_on.setDate(QDate(DAY.year, DAY.month, DAY.day))
    # QTest types ASCII only (non-ASCII aborts in qasciikey.cpp): Chinese goes in as an input method would.
    dialog.title.setText("六月主题党日：学党章")
    dialog.theme.setText("学习党章 守护初心")
    qtbot.keyClicks(dialog.start_time, "15:00")
    qtbot.keyClicks(dialog.end_time, "16:30")
    dialog.content.insertPlainText("王一领学党章 <第一章> & 讨论")
    model = dialog.attendance
    assert model.rowCount() == 9  # 6 正式 + 3 预备 on 10 June; the activist is not expected
    row = next(i for i, e in enumerate(model.entries) if e.name == "杨六")
    assert model.setData(model.index(row, AttendanceModel.PRESENT), Qt.CheckState.Unchecked.value,
                         Qt.ItemDataRole.CheckStateRole)
    assert model.flags(model.index(row, AttendanceModel.REASON)) & Qt.ItemFlag.ItemIsEditable
    model.setData(model.index(row, AttendanceModel.REASON), AbsenceReason.SICK_LEAVE.value)
    assert "实到 8 人" in dialog.att_summary.text()
    photo = tmp_path / "合影.png"
    photo.write_bytes(b"\x89PNG fake")
    dialog.attachments.add_files([str(photo)])
    qtbot.mouseClick(dialog.save_close_button, Qt.MouseButton.LeftButton)  # a file to copy: off the GUI thread
    assert not dialog.isEnabled()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)
    assert dialog.isEnabled()
    assert dialog.messages == []
    with ctx.uow() as uow:
        saved = meetings.get_meeting(uow, dialog.meeting_id)
        files = meetings.list_attachments(uow, dialog.meeting_id)
    assert saved.theme == "学习党章 守护初心" and saved.content == "王一领学党章 <第一章> & 讨论"
    absent = [e for e in saved.attendance if e.status == AttendanceStatus.ABSENT]
    assert [(e.name, e.reason) for e in absent] == [("杨六", AbsenceReason.SICK_LEAVE)]
    assert [f.original_name for f in files] == ["合影.png"]

    tab = MeetingsTab(ctx)
    qtbot.addWidget(tab)
    tab.year.setValue(2025)
    assert tab.model.rowCount() == 1
    assert tab.model.data(tab.model.index(0, 3)) == "六月主题党日：学党章"
    assert tab.model.data(tab.model.index(0, 6)) == "8"
    qtbot.waitUntil(lambda: tab.grid_year == 2025)  # the grid is counted on a worker
    branch_row = next(i for i, r in enumerate(tab.grid_data.rows) if r.branch_id == world.branch)
    june = tab.grid.item(branch_row, 5)
    assert "1" in june.text() and "主题党日" in june.toolTip()
    tab.text.setText("党章")
    qtbot.waitUntil(lambda: tab.count_label.text() == "共 1 条")
    tab.text.setText("没有这个")
    qtbot.waitUntil(lambda: tab.model.rowCount() == 0)


def test_invalid_record_is_refused_with_message(qtbot, ctx, world: World, monkeypatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text, *a, **k: shown.append(text))
    dialog = _dialog(qtbot, ctx, world)
    dialog.held_on.setDate(QDate(DAY.year, DAY.month, DAY.day))
    qtbot.keyClicks(dialog.start_time, "16:00")
    qtbot.keyClicks(dialog.end_time, "15:00")
    assert dialog.save() is False
    assert "结束时间应晚于开始时间" in shown[0]
    with ctx.uow() as uow:
        assert meetings.count_meetings(uow) == 0


def test_kind_specific_fields_and_org_choices(qtbot, ctx, world: World) -> None:
    dialog = _dialog(qtbot, ctx, world, MeetingKind.PARTY_LECTURE)
    assert not dialog.lecture_box.isHidden() and dialog.vote_box.isHidden()
    dialog.kind.setCurrentIndex(dialog.kind.findData(MeetingKind.GROUP_MEETING.value))
    assert [dialog.org.itemText(i) for i in range(dialog.org.count())] == ["测试小组"]
    assert dialog.attendance.rowCount() == 3
    dialog.kind.setCurrentIndex(dialog.kind.findData(MeetingKind.GENERAL_ASSEMBLY.value))
    assert not dialog.vote_box.isHidden() and dialog.lecture_box.isHidden()
    dialog.kind.setCurrentIndex(dialog.kind.findData(MeetingKind.TALK.value))
    assert not dialog.talk_box.isHidden() and dialog.attendance.rowCount() == 0


def test_copy_last_and_edit_existing(qtbot, ctx, world: World) -> None:
    with ctx.uow() as uow:
        data = meetings.template(MeetingKind.COMMITTEE_MEETING, world.branch, DAY)
        data.place, data.host = "党员活动室", "王一"
        first = meetings.create_meeting(uow, data).id
        uow.commit()
    dialog = _dialog(qtbot, ctx, world, MeetingKind.COMMITTEE_MEETING)
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert dialog.place.text() == "党员活动室" and dialog.host.text() == "王一"
    edit = _dialog(qtbot, ctx, world, meeting_id=first)
    assert edit.place.text() == "党员活动室" and edit.attendance.rowCount() == 3  # the committee (issue 16)
    edit.recorder.setText("李二")
    assert edit.save()
    with ctx.uow() as uow:
        assert meetings.get_meeting(uow, first).recorder == "李二"


def test_list_model_contract(qtmodeltester, ctx, world: World) -> None:
    from app.gui.models.meeting_models import MeetingListModel
    from app.services.meeting_list import MeetingQuery

    with ctx.uow() as uow:
        for month in range(1, 6):
            meetings.create_meeting(uow, meetings.template(MeetingKind.THEME_DAY, world.branch,
                                                           dt.date(2025, month, 3)))
        uow.commit()
    model = MeetingListModel(ctx)
    model.set_query(MeetingQuery(year=2025))
    qtmodeltester.check(model)
    assert model.rowCount() == 5


def test_meetings_tab_is_registered(qtbot, ctx, world: World) -> None:
    from app.gui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert isinstance(window.tab_widget("三会一课"), MeetingsTab)


def test_plan_cell_dialog_adds_and_removes_items(qtbot, ctx, world: World) -> None:
    from app.gui.dialogs.plan_dialog import PlanCellDialog, PlanDialog
    from app.services import meeting_plans

    cell = PlanCellDialog(ctx, world.branch, "测试支部", 2025, 3)
    qtbot.addWidget(cell)
    cell.add_row(MeetingKind.PARTY_LECTURE, "")
    cell.rows.cellWidget(0, 1).setText("党课：初心使命")
    cell.save()
    assert cell.result() == QDialog.DialogCode.Accepted
    with ctx.uow() as uow:
        plans = meeting_plans.list_plans(uow, 2025)
    assert [(p.month, p.kind, p.topic) for p in plans] == [(3, MeetingKind.PARTY_LECTURE, "党课：初心使命")]
    table = PlanDialog(ctx, 2025)
    qtbot.addWidget(table)
    row = next(i for i, b in enumerate(table.branches) if b.id == world.branch)
    assert "初心使命" in table.table.item(row, 2).text() and "（0）" in table.table.item(row, 2).text()
    again = PlanCellDialog(ctx, world.branch, "测试支部", 2025, 3)
    qtbot.addWidget(again)
    again.rows.removeRow(0)
    again.save()
    with ctx.uow() as uow:
        assert meeting_plans.list_plans(uow, 2025) == []


def test_year_switch_counts_the_grid_off_the_gui_thread_and_drops_an_overtaken_count(
        qtbot, ctx, world: World, monkeypatch) -> None:
    """The year box answers at once: the grid is counted on a worker, the old grid is greyed out with a
    counting notice, and a slow count for a year the user has already left never replaces the newer one."""
    import threading

    from app.services import meeting_ops

    real = meeting_ops.compliance_grid
    release_2024, done_2024 = threading.Event(), threading.Event()
    gui_thread = threading.current_thread()
    threads: list[threading.Thread] = []

    def grid(ledger, year):
        threads.append(threading.current_thread())
        if year != 2024:
            return real(ledger, year)
        release_2024.wait(10)  # the 2024 count finishes only after 2025's is on screen
        try:
            return real(ledger, year)
        finally:
            done_2024.set()

    monkeypatch.setattr(meeting_ops, "compliance_grid", grid)
    tab = MeetingsTab(ctx)
    qtbot.addWidget(tab)
    qtbot.waitUntil(lambda: tab.grid_year is not None)
    tab.year.setValue(2024)
    assert tab.compliance_view.legend.text() == "正在统计2024年三会一课落实情况…"
    assert not tab.grid.isEnabled()
    tab.year.setValue(2025)
    qtbot.waitUntil(lambda: tab.grid_year == 2025)
    assert tab.grid.isEnabled() and tab.compliance_view.legend.text().startswith("2025年三会一课落实情况")
    release_2024.set()
    qtbot.waitUntil(done_2024.is_set)
    qtbot.wait(200)  # its result reaches the GUI thread through the event loop
    assert tab.grid_year == 2025 and tab.grid_data.year == 2025
    assert threads and gui_thread not in threads
