"""Meeting entry on a school PC (#17): save keeps the dialog open, template swap, cancel asks, hints, prints."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox, QDialog

from app.domain.enums import AbsenceReason, MeetingKind
from app.gui import operations, print_preview
from app.gui.dialogs import meeting_dialog
from app.gui.dialogs.meeting_dialog import MeetingDialog
from app.gui.models.meeting_models import AttendanceModel
from app.services import meeting_ops
from app.services.meeting_templates import TEMPLATES
from tests.integration.meeting_world import World

DAY = dt.date(2025, 6, 10)


@pytest.fixture
def world(meeting_world: World) -> World:
    return meeting_world  # a copy of the run's built world (tests/conftest.py)


@pytest.fixture(autouse=True)
def offered_drafts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Answer 「否」 when a kept draft is offered back (a modal box would wait for a click)."""
    from app.gui import drafts

    seen: list[str] = []
    monkeypatch.setattr(drafts, "_ask_user", lambda _parent, saved_at: seen.append(saved_at) or False)
    return seen


@pytest.fixture
def shown_pdfs(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Path, str]]:
    """What would reach the print preview (developer E builds the preview behind show_pdf)."""
    seen: list[tuple[Path, str]] = []
    monkeypatch.setattr(print_preview, "show_pdf", lambda _parent, pdf, *, title: seen.append((pdf, title)))
    return seen


def _dialog(qtbot, ctx, world: World, kind: MeetingKind = MeetingKind.THEME_DAY, meeting_id=None,
            answer: str = meeting_dialog.DISCARD, day: bool = True) -> MeetingDialog:
    dialog = MeetingDialog(ctx, meeting_id, organization_id=world.branch, kind=kind)
    qtbot.addWidget(dialog)
    dialog.messages = []
    dialog.message = lambda title, text, warning=False: dialog.messages.append((title, text))
    dialog.asked = []
    dialog.ask_keep_draft = lambda: dialog.asked.append(True) or answer
    if day:
        dialog.held_on.setDate(QDate(DAY.year, DAY.month, DAY.day))
    return dialog


def _pick_kind(dialog: MeetingDialog, kind: MeetingKind) -> None:
    dialog.kind.setCurrentIndex(dialog.kind.findData(kind.value))


def test_kind_change_swaps_only_untouched_template_fields(qtbot, ctx, world: World) -> None:
    dialog = _dialog(qtbot, ctx, world, MeetingKind.THEME_DAY)
    assert dialog.title.text() == "主题党日活动"
    _pick_kind(dialog, MeetingKind.COMMITTEE_MEETING)
    title, topics, _extra = TEMPLATES[MeetingKind.COMMITTEE_MEETING]
    assert dialog.title.text() == title and dialog.topics.toPlainText() == topics  # nothing typed: all swapped
    dialog.title.setText("六月支委会：研究发展党员")
    _pick_kind(dialog, MeetingKind.GENERAL_ASSEMBLY)
    assert dialog.title.text() == "六月支委会：研究发展党员"  # typed: stays
    assert dialog.topics.toPlainText() == TEMPLATES[MeetingKind.GENERAL_ASSEMBLY][1]  # untouched: swapped
    dialog.topics.setPlainText("讨论接收预备党员")
    _pick_kind(dialog, MeetingKind.PARTY_LECTURE)
    assert dialog.topics.toPlainText() == "讨论接收预备党员"
    assert dialog.lecture_type.currentText() == "书记讲党课"


def test_kind_change_on_a_saved_record_keeps_its_fields(qtbot, ctx, world: World) -> None:
    dialog = _dialog(qtbot, ctx, world, MeetingKind.THEME_DAY)
    assert dialog.save()
    _pick_kind(dialog, MeetingKind.GENERAL_ASSEMBLY)
    assert dialog.title.text() == "主题党日活动"


def test_save_keeps_the_dialog_open_and_printing_is_one_click(qtbot, ctx, world: World, shown_pdfs) -> None:
    dialog = _dialog(qtbot, ctx, world)
    dialog.show()
    qtbot.keyClicks(dialog.start_time, "15:00")
    qtbot.keyClicks(dialog.end_time, "16:30")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.result() == 0 and dialog.saved
    assert dialog.meeting_id and dialog.windowTitle() == "编辑会议记录" and dialog.messages == []
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(shown_pdfs))
    pdf, title = shown_pdfs[0]
    assert title == "会议记录" and pdf.exists() and pdf.parent == print_preview.pdf_path("x").parent
    # a second 保存 changes the same record, it does not add one; unsaved changes are not printed
    dialog.place.setText("党员活动室")
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    assert "未保存的修改" in dialog.messages[-1][1] and len(shown_pdfs) == 1
    qtbot.mouseClick(dialog.save_close_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    rows = meeting_ops.meeting_page(ctx, meeting_ops.MeetingQuery(year=2025)).rows
    assert [r.place for r in rows] == ["党员活动室"]


def test_signin_prints_before_and_after_saving(qtbot, ctx, world: World, shown_pdfs) -> None:
    dialog = _dialog(qtbot, ctx, world)
    qtbot.mouseClick(dialog.signin_button, Qt.MouseButton.LeftButton)  # unsaved: the roster of the day
    qtbot.waitUntil(lambda: len(shown_pdfs) == 1)
    assert dialog.save()
    qtbot.mouseClick(dialog.signin_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(shown_pdfs) == 2)
    assert all(p.exists() and t == "签到表" for p, t in shown_pdfs)
    assert operations.running() == 0


def test_cancel_on_an_unsaved_new_record_asks_about_the_draft(qtbot, ctx, world: World) -> None:
    keep = _dialog(qtbot, ctx, world, answer=meeting_dialog.KEEP)
    keep.show()
    keep.title.setText("七月主题党日")
    qtbot.mouseClick(keep.cancel_button, Qt.MouseButton.LeftButton)
    assert keep.asked == [True] and keep.result() == QDialog.DialogCode.Rejected and not keep.isVisible()
    assert keep.draft.path.exists()  # kept, offered at the next 新建

    stay = _dialog(qtbot, ctx, world, answer=meeting_dialog.STAY)
    stay.show()
    stay.title.setText("七月主题党日")
    qtbot.mouseClick(stay.cancel_button, Qt.MouseButton.LeftButton)
    assert stay.asked == [True] and stay.isVisible()  # 继续编辑

    drop = _dialog(qtbot, ctx, world, answer=meeting_dialog.DISCARD)
    drop.show()
    drop.title.setText("七月主题党日")
    drop.draft.save()
    qtbot.mouseClick(drop.cancel_button, Qt.MouseButton.LeftButton)
    assert drop.asked == [True] and not drop.isVisible() and not drop.draft.path.exists()


def test_cancel_without_typing_or_after_saving_asks_nothing(qtbot, ctx, world: World) -> None:
    untouched = _dialog(qtbot, ctx, world, day=False)
    untouched.show()
    qtbot.mouseClick(untouched.cancel_button, Qt.MouseButton.LeftButton)
    assert untouched.asked == [] and not untouched.isVisible()
    saved = _dialog(qtbot, ctx, world)
    saved.show()
    saved.title.setText("已保存的记录")
    assert saved.save()
    qtbot.mouseClick(saved.cancel_button, Qt.MouseButton.LeftButton)
    assert saved.asked == [] and not saved.isVisible()


def test_end_before_start_is_shown_while_typing(qtbot, ctx, world: World) -> None:
    dialog = _dialog(qtbot, ctx, world)
    qtbot.keyClicks(dialog.start_time, "15:00")
    qtbot.keyClicks(dialog.end_time, "14:3")
    assert dialog.time_hint.text() == ""  # not a time yet: nothing to say while typing
    qtbot.keyClicks(dialog.end_time, "0")
    assert dialog.time_hint.text() == "结束时间应晚于开始时间"
    dialog.end_time.setText("16:30")
    assert dialog.time_hint.text() == ""
    dialog.end_time.setText("25:00")
    assert dialog.time_hint.text() == ""
    dialog.end_time.editingFinished.emit()  # leaving the field
    assert "格式应为" in dialog.time_hint.text()


@pytest.mark.qt_log_ignore("This plugin does not support")  # offscreen: raise()/grab of the popup
def test_absence_reason_opens_on_one_click_and_is_readable(qtbot, ctx, world: World) -> None:
    dialog = _dialog(qtbot, ctx, world)
    dialog.show()
    dialog.pages.setCurrentIndex(dialog.att_tab)
    model, view = dialog.attendance, dialog.att_view
    model.setData(model.index(0, AttendanceModel.PRESENT), Qt.CheckState.Unchecked.value,
                  Qt.ItemDataRole.CheckStateRole)
    cell = model.index(0, AttendanceModel.REASON)
    rect = view.visualRect(cell)
    assert rect.width() >= view.fontMetrics().horizontalAdvance("（请选择）") + 30
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    combo = view.indexWidget(cell) or view.viewport().findChild(QComboBox)
    assert isinstance(combo, QComboBox)
    qtbot.waitUntil(lambda: combo.view().isVisible())  # the list is open: no second click needed
    combo.setCurrentIndex(combo.findData(AbsenceReason.SICK_LEAVE.value))
    combo.activated.emit(combo.currentIndex())
    assert model.entries[0].reason == AbsenceReason.SICK_LEAVE


def test_tab_prints_compilation_with_progress_and_can_cancel(qtbot, ctx, world: World, shown_pdfs) -> None:
    from app.gui.tabs.meetings import MeetingsTab

    for month in range(1, 4):
        meeting_ops.record_meeting(ctx, meeting_ops.copy_last(ctx, world.branch, MeetingKind.THEME_DAY,
                                                              dt.date(2025, month, 5)), today=dt.date(2025, 12, 31))
    tab = MeetingsTab(ctx)
    qtbot.addWidget(tab)
    tab.year.setValue(2025)
    qtbot.mouseClick(tab.compilation_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: operations.running() == 0)
    assert [t for _p, t in shown_pdfs] == ["会议记录汇编"]
    tab.print_compilation()
    assert not tab.compilation.commits  # a 取消 or Esc while its last pages are written still cancels
    tab.compilation.cancel()  # as 取消 in its progress dialog does
    operations.wait_for_all()
    assert len(shown_pdfs) == 1 and tab.compilation.error is not None
    for button, title in ((tab.print_button, "三会一课督查表"), (tab.blank_button, "空白会议记录与签到表")):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda title=title: shown_pdfs[-1][1] == title)
    assert all(p.exists() for p, _t in shown_pdfs)


def test_tab_deletes_and_exports_through_use_cases(qtbot, ctx, world: World, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from app.gui.tabs.meetings import MeetingsTab

    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    meeting_ops.record_meeting(ctx, meeting_ops.copy_last(ctx, world.branch, MeetingKind.THEME_DAY, DAY),
                               today=dt.date(2025, 12, 31))
    tab = MeetingsTab(ctx)
    qtbot.addWidget(tab)
    tab.year.setValue(2025)
    target = tmp_path / "台账.xlsx"
    tab.choose_export_path = lambda _default: str(target)
    qtbot.mouseClick(tab.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: operations.running() == 0 and target.exists())
    tab.view.selectRow(0)
    tab.confirm = lambda *_a: True
    tab.delete_selected()
    assert tab.model.rowCount() == 0


def test_meeting_screens_load_printing_only_when_printing() -> None:
    """The tab is preloaded after the first paint and must open within 100 ms: ReportLab and openpyxl
    load on the first 打印/导出, not with the tab, the editor or 首页."""
    import json
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    child = ("import json, sys\nimport app.gui.tabs.meetings, app.gui.dialogs.meeting_dialog, app.gui.tabs.home, "
             "app.gui.dialogs.plan_dialog\nprint(json.dumps(sorted(sys.modules)))")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(root))
    proc = subprocess.run([sys.executable, "-c", child], cwd=root, env=env, capture_output=True, text=True,
                          timeout=120, check=True)
    modules = json.loads(proc.stdout.strip().splitlines()[-1])
    assert sorted({m.split(".")[0] for m in modules} & {"reportlab", "openpyxl"}) == []


def test_save_with_files_runs_off_the_gui_thread_and_a_failure_saves_nothing(
        qtbot, ctx, world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _title, text, *a, **k: shown.append(text))
    dialog = _dialog(qtbot, ctx, world)
    gone = tmp_path / "已删除.png"
    dialog.attachments.add_files([str(gone)])  # chosen, then deleted before 保存
    assert dialog.save() is True  # started
    qtbot.waitUntil(lambda: operations.running() == 0)
    assert dialog.isEnabled() and dialog.meeting_id is None and not dialog.saved
    assert shown and "找不到文件" in shown[0]
    assert meeting_ops.meeting_page(ctx, meeting_ops.MeetingQuery(year=2025)).total == 0


@pytest.mark.qt_log_ignore("This plugin does not support")  # offscreen: the refusal tip cannot be raised
def test_impossible_meeting_date_is_refused_with_a_message_and_not_saved(qtbot, ctx, world: World) -> None:
    dialog = _dialog(qtbot, ctx, world)
    dialog.show()
    field = dialog.held_on
    field.setFocus()
    field.setCurrentSection(field.Section.YearSection)
    field.setSelectedSection(field.Section.YearSection)
    with qtbot.waitSignal(field.refused) as said:
        qtbot.keyClicks(field, "20260230")
    assert "2026年2月没有30日" in said.args[0]
    assert dialog.day() not in (dt.date(2026, 2, 28), dt.date(2026, 3, 2))  # never quietly moved
    assert not dialog.save() and "2026年2月没有30日" in dialog.messages[-1][1]
    assert dialog.meeting_id is None
    qtbot.keyClicks(field, "28")  # typed again: taken, and the record saves
    assert dialog.day() == dt.date(2026, 2, 28) and dialog.save()


@pytest.mark.qt_log_ignore("This plugin does not support")  # offscreen: the popup cannot be raised
def test_meeting_date_calendar_opens_on_the_fields_month_with_weekday_headers(qtbot, ctx, world: World) -> None:
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QCalendarWidget

    dialog = _dialog(qtbot, ctx, world)
    dialog.show()
    field = dialog.held_on
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton, pos=QPoint(field.width() - 8, field.height() // 2))
    calendar = field.calendarWidget()
    qtbot.waitUntil(calendar.isVisible)
    assert (calendar.yearShown(), calendar.monthShown()) == (DAY.year, DAY.month)
    assert calendar.horizontalHeaderFormat() != QCalendarWidget.HorizontalHeaderFormat.NoHorizontalHeader
    assert calendar.firstDayOfWeek() == Qt.DayOfWeek.Monday
    calendar.window().hide()


def _untick_first(dialog: MeetingDialog) -> None:
    model = dialog.attendance
    model.setData(model.index(0, AttendanceModel.PRESENT), Qt.CheckState.Unchecked.value,
                  Qt.ItemDataRole.CheckStateRole)


def test_cancel_asks_after_an_attendance_change_on_a_new_or_saved_record(qtbot, ctx, world: World) -> None:
    new = _dialog(qtbot, ctx, world, answer=meeting_dialog.STAY, day=False)
    new.show()
    _untick_first(new)
    qtbot.mouseClick(new.cancel_button, Qt.MouseButton.LeftButton)
    assert new.asked == [True] and new.isVisible()  # asked, and 继续编辑 keeps the tick

    saved = _dialog(qtbot, ctx, world, answer=meeting_dialog.STAY)
    saved.show()
    assert saved.save()
    qtbot.mouseClick(saved.cancel_button, Qt.MouseButton.LeftButton)
    assert saved.asked == [] and not saved.isVisible()  # nothing changed since 保存
    reopened = _dialog(qtbot, ctx, world, meeting_id=saved.meeting_id, answer=meeting_dialog.STAY, day=False)
    reopened.show()
    model = reopened.attendance
    model.setData(model.index(0, AttendanceModel.REASON), AbsenceReason.SICK_LEAVE.value)
    qtbot.mouseClick(reopened.cancel_button, Qt.MouseButton.LeftButton)
    assert reopened.asked == [True] and reopened.isVisible()


def test_print_record_warns_after_an_unsaved_attendance_change(qtbot, ctx, world: World, shown_pdfs) -> None:
    dialog = _dialog(qtbot, ctx, world)
    assert dialog.save()
    _untick_first(dialog)
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    assert "未保存的修改" in dialog.messages[-1][1] and shown_pdfs == []


def test_signin_after_an_unsaved_time_change_is_refused_like_the_record(qtbot, ctx, world: World,
                                                                        shown_pdfs) -> None:
    dialog = _dialog(qtbot, ctx, world)
    dialog.start_time.setText("15:00")
    dialog.end_time.setText("16:30")
    assert dialog.save()
    dialog.start_time.setText("08:00")
    dialog.end_time.setText("09:00")
    qtbot.mouseClick(dialog.signin_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    signin, record = dialog.messages[-2:]
    assert signin == ("打印签到表", record[1]) and "未保存的修改" in record[1]
    assert shown_pdfs == [] and operations.running() == 0  # nothing printed with the old 15:00—16:30
    assert dialog.save()
    qtbot.mouseClick(dialog.signin_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(shown_pdfs) == 1)


def test_one_digit_hours_and_the_full_width_colon_are_taken_and_shown_normalised(qtbot, ctx, world: World) -> None:
    dialog = _dialog(qtbot, ctx, world)
    dialog.start_time.setText("8:30")
    dialog.start_time.editingFinished.emit()
    dialog.end_time.setText("14：30")  # a Chinese input method's colon
    dialog.end_time.editingFinished.emit()
    assert (dialog.start_time.text(), dialog.end_time.text(), dialog.time_hint.text()) == ("08:30", "14:30", "")
    dialog.start_time.setText("9:00")  # saved without leaving the field: normalised all the same
    assert dialog.save() and dialog.messages == []
    saved = meeting_ops.load_meeting(ctx, dialog.meeting_id)
    assert (saved.start_time, saved.end_time) == ("09:00", "14:30")
    for garbage in ("25:00", "14:61", "abc"):
        dialog.start_time.setText(garbage)
        dialog.start_time.editingFinished.emit()
        assert dialog.start_time.text() == garbage and "格式应为 时:分" in dialog.time_hint.text()
