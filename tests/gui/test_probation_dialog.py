"""登记留党察看 and 停止党籍 from 组织设置 (issue 16): the dialog records, clears and refuses through the use
case; the roster and the member's record show the status; a viewer gets no enabled write action."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from sqlalchemy import func, select

from app.domain.enums import MemberCategory, MemberStatus, Role
from app.gui.dialogs.leave_dialog import LeaveDialog
from app.gui.dialogs.member_dialog import MemberDialog
from app.gui.dialogs.probation_dialog import ProbationDialog
from app.gui.models.member_table import STATUS
from app.gui.tabs.org_setup import OrgSetupTab
from app.gui.widgets.forms import set_combo_data
from app.services import member_cases, member_status
from app.services.members import MemberQuery
from app.store.models import AuditLog, Member
from app.store.uow import Actor

D = dt.date


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What report_error shows (a KnownError becomes a warning box)."""
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: said.append(text))
    return said


def _first(ctx, category: MemberCategory):
    return member_cases.find_members(ctx, MemberQuery(category=category))[0]


def _period(ctx, member_id: str) -> tuple[D | None, D | None]:
    with ctx.uow() as uow:
        m = uow.session.get(Member, member_id)
        return m.party_probation_from, m.party_probation_until


def _audits(ctx) -> int:
    with ctx.uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(AuditLog)) or 0


def _dialog(ctx, qtbot, row, current=None) -> ProbationDialog:
    dialog = ProbationDialog(ctx, row.id, row.name, current, today=D(2025, 3, 1))
    qtbot.addWidget(dialog)
    return dialog


def _ok(qtbot, dialog: ProbationDialog) -> None:
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def test_records_a_period_and_the_roster_and_record_show_it(school_ctx, qtbot, warnings) -> None:
    row = _first(school_ctx, MemberCategory.FULL)
    dialog = _dialog(school_ctx, qtbot, row)
    assert (dialog.start.value(), dialog.until.value()) == (D(2025, 3, 1), D(2026, 2, 28))  # a year by default
    assert dialog.clear_button is None  # nothing on record to clear
    dialog.until.set_value(D(2026, 5, 1))
    _ok(qtbot, dialog)
    assert dialog.result() == ProbationDialog.DialogCode.Accepted and warnings == []
    assert _period(school_ctx, row.id) == (D(2025, 3, 1), D(2026, 5, 1))
    tab = OrgSetupTab(school_ctx)
    qtbot.addWidget(tab)
    model = tab.roster.model
    model.today = D(2025, 12, 1)
    line = model.find_row(row.id)
    assert model.data(model.index(line, STATUS)) == "留党察看（至2026-05-01）"
    model.today = D(2026, 5, 2)  # the period is over: 在册 again
    assert model.data(model.index(line, STATUS)) == "在册"
    assert member_status.status_text(MemberStatus.ACTIVE, "", D(2025, 3, 1), D(2026, 5, 1),
                                     today=D(2025, 2, 1)) == "留党察看（2025-03-01起，至2026-05-01）"
    # the member's record says it too, on the day it is opened (a period around today)
    until = D.today() + dt.timedelta(days=300)
    member_status.record_party_probation(school_ctx, row.id, D.today() - dt.timedelta(days=30), until)
    record = MemberDialog(school_ctx, member_id=row.id)
    qtbot.addWidget(record)
    assert record.status_label.text() == f"留党察看（至{until:%Y-%m-%d}）"


def test_clears_a_recorded_period(school_ctx, qtbot, warnings) -> None:
    row = _first(school_ctx, MemberCategory.FULL)
    member_status.record_party_probation(school_ctx, row.id, D(2025, 1, 1), D(2025, 12, 31))
    current = member_status.party_probation_of(school_ctx, row.id)
    dialog = _dialog(school_ctx, qtbot, row, current)
    assert (dialog.start.value(), dialog.until.value()) == (D(2025, 1, 1), D(2025, 12, 31))
    assert dialog.clear_button is not None
    qtbot.mouseClick(dialog.clear_button, Qt.MouseButton.LeftButton)
    assert dialog.cleared and dialog.result() == ProbationDialog.DialogCode.Accepted
    assert _period(school_ctx, row.id) == (None, None)
    assert member_status.party_probation_of(school_ctx, row.id) is None


def test_refuses_an_end_before_the_start_and_writes_nothing(school_ctx, qtbot, warnings) -> None:
    row = _first(school_ctx, MemberCategory.FULL)
    before = _audits(school_ctx)
    dialog = _dialog(school_ctx, qtbot, row)
    dialog.until.set_value(D(2025, 2, 1))
    _ok(qtbot, dialog)
    assert warnings == ["留党察看截止日期早于开始日期"]
    assert dialog.result() != ProbationDialog.DialogCode.Accepted  # still open, to correct the dates
    assert _period(school_ctx, row.id) == (None, None) and _audits(school_ctx) == before


def test_refuses_a_person_who_is_not_a_party_member(school_ctx, qtbot, warnings) -> None:
    row = _first(school_ctx, MemberCategory.ACTIVIST)
    before = _audits(school_ctx)
    dialog = _dialog(school_ctx, qtbot, row)
    _ok(qtbot, dialog)
    assert warnings == [f"{row.name}不是党员，不能登记留党察看"]
    assert _period(school_ctx, row.id) == (None, None) and _audits(school_ctx) == before
    tab = OrgSetupTab(school_ctx)  # and the roster does not offer it for them
    qtbot.addWidget(tab)
    tab.roster.select_member(row.id)
    assert tab.roster.selected().id == row.id and not tab.roster.probation_action.isEnabled()
    record = MemberDialog(school_ctx, member_id=row.id)
    qtbot.addWidget(record)
    assert not record.probation_button.isHidden() and not record.probation_button.isEnabled()


def test_the_roster_offers_both_actions_to_an_administrator(school_ctx, qtbot, answer_modal, warnings) -> None:
    tab = OrgSetupTab(school_ctx)
    qtbot.addWidget(tab)
    row = _first(school_ctx, MemberCategory.FULL)
    tab.roster.select_member(row.id)
    assert tab.roster.probation_action.isEnabled() and tab.roster.leave_button.isEnabled()

    def fill(dialog) -> None:
        assert isinstance(dialog, ProbationDialog)
        dialog.start.set_value(D(2025, 3, 1))
        dialog.until.set_value(D(2026, 2, 28))
        dialog.accept()

    answer_modal(fill)
    tab.roster.record_probation()
    assert _period(school_ctx, row.id) == (D(2025, 3, 1), D(2026, 2, 28))
    # 停止党籍 is a way of leaving the roster: the 转出/离册 dialog offers it, with its date
    leave = LeaveDialog(school_ctx, row.id, row.name)
    qtbot.addWidget(leave)
    set_combo_data(leave.kind, MemberStatus.SUSPENDED.value)
    assert leave.status() == MemberStatus.SUSPENDED and leave.ok_button.isEnabled()
    leave.on.set_value(D(2025, 9, 1))
    leave.accept()
    with school_ctx.uow() as uow:
        m = uow.session.get(Member, row.id)
        assert (m.status, m.status_changed_on) == (MemberStatus.SUSPENDED.value, D(2025, 9, 1))
    record = MemberDialog(school_ctx, member_id=row.id)
    qtbot.addWidget(record)
    assert record.status_label.text() == "停止党籍"


def test_a_viewer_sees_no_enabled_write_action(school_ctx, qtbot) -> None:
    school_ctx.actor = Actor("查看员", Role.VIEWER)
    tab = OrgSetupTab(school_ctx)
    qtbot.addWidget(tab)
    row = _first(school_ctx, MemberCategory.FULL)  # one an administrator could record it for
    tab.roster.select_member(row.id)
    assert tab.roster.selected().id == row.id
    assert not tab.roster.probation_action.isEnabled() and not tab.roster.leave_button.isEnabled()
    record = MemberDialog(school_ctx, member_id=tab.roster.selected().id)
    qtbot.addWidget(record)
    assert record.probation_button.isHidden()


def test_the_member_record_records_it_and_the_roster_follows(school_ctx, qtbot, answer_modal, warnings) -> None:
    """登记留党察看… on the member's record: the status line changes at once, the roster after it closes."""
    tab = OrgSetupTab(school_ctx)
    qtbot.addWidget(tab)
    row = _first(school_ctx, MemberCategory.PROBATIONARY)
    record = MemberDialog(school_ctx, member_id=row.id)
    qtbot.addWidget(record)
    assert record.status_label.text() == "在册" and record.probation_button.isEnabled()
    until = D.today() + dt.timedelta(days=200)

    def fill(dialog) -> None:
        assert isinstance(dialog, ProbationDialog) and dialog.clear_button is None
        dialog.start.set_value(D.today() - dt.timedelta(days=10))
        dialog.until.set_value(until)
        dialog.accept()

    seen = answer_modal(fill)
    record.record_probation()
    assert seen and record.status_changed
    assert record.status_label.text() == f"留党察看（至{until:%Y-%m-%d}）"
    assert _period(school_ctx, row.id) == (D.today() - dt.timedelta(days=10), until)
