"""The rule editor shows which rule binds which organization and why, and saves a per-organization rule."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain.enums import MeetingKind, Period
from app.gui.dialogs.rules_dialog import RulesDialog
from app.services import compliance
from tests.integration.meeting_world import build_world


def _rows(dialog: RulesDialog) -> list[tuple[str, ...]]:
    return [tuple(dialog.table.item(r, c).text() for c in range(4)) for r in range(dialog.table.rowCount())]


def test_rules_dialog_explains_and_saves(qtbot, ctx) -> None:
    world = build_world(ctx)
    dialog = RulesDialog(ctx, dt.date(2025, 6, 1))
    qtbot.addWidget(dialog)
    committee = next(r for r in _rows(dialog) if r[0] == "测试支部" and r[1] == "支部委员会会议")
    assert committee[2] == "不要求" and "不足7名" in committee[3]
    dialog.org.setCurrentIndex(dialog.org.findData(world.other))
    dialog.kind.setCurrentIndex(dialog.kind.findData(MeetingKind.PARTY_LECTURE.value))
    dialog.period.setCurrentIndex(dialog.period.findData(Period.MONTH.value))
    assert dialog.save()
    assert "已保存" in dialog.status.text()
    lecture = next(r for r in _rows(dialog) if r[0] == "其他支部" and r[1] == "党课")
    assert lecture[2] == "要求" and lecture[3] == "本组织规定（2025-06-01起）：每月1次"
    with ctx.uow() as uow:
        assert any(r.org_id == world.other and r.valid_from == dt.date(2025, 6, 1)
                   for r in compliance.load_rules(uow))


def test_attendance_model_excuses_frail_and_away_members(qtbot) -> None:
    from PySide6.QtCore import Qt

    from app.domain.enums import AbsenceReason, AttendanceStatus
    from app.gui.models.meeting_models import AttendanceModel
    from app.services.meeting_types import AttendanceEntry

    model = AttendanceModel()
    model.set_entries([AttendanceEntry("a", "甲"), AttendanceEntry("b", "乙"), AttendanceEntry("c", "丙")])
    assert model.counts() == (3, 3)
    unticked = Qt.CheckState.Unchecked.value
    model.setData(model.index(1, AttendanceModel.PRESENT), unticked, Qt.ItemDataRole.CheckStateRole)
    model.setData(model.index(1, AttendanceModel.REASON), AbsenceReason.FRAIL.value)
    assert model.entries[1].status == AttendanceStatus.EXCUSED and model.counts() == (2, 2)
    assert model.data(model.index(1, 1)) == "不计应到"
    model.setData(model.index(1, AttendanceModel.REASON), AbsenceReason.SICK_LEAVE.value)
    assert model.entries[1].status == AttendanceStatus.ABSENT and model.counts() == (3, 2)


@pytest.mark.qt_log_ignore("This plugin does not support")  # offscreen: the refusal tip cannot be raised
def test_impossible_start_date_is_refused_and_not_saved(qtbot, ctx) -> None:
    build_world(ctx)
    dialog = RulesDialog(ctx, dt.date(2025, 6, 1))
    qtbot.addWidget(dialog)
    field = dialog.valid_from
    field.setFocus()
    field.setCurrentSection(field.Section.YearSection)
    field.setSelectedSection(field.Section.YearSection)
    qtbot.keyClicks(field, "20260230")
    assert not dialog.save() and "2026年2月没有30日" in dialog.status.text()
