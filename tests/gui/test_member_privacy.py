"""The member form shows an existing member's ID and phone masked until an audited, permitted reveal."""

from __future__ import annotations

from sqlalchemy import select

from app.domain.enums import Role
from app.gui.dialogs.member_dialog import MemberDialog
from app.services import members
from app.services.members import MemberQuery
from app.store.models import AuditLog, Member
from app.store.uow import Actor


def _first(ctx):
    with ctx.uow() as uow:
        row = members.search_members(uow, MemberQuery(limit=1))[0]
        full_phone = uow.session.get(Member, row.id).phone
    return row, full_phone


def test_masked_until_revealed_and_the_reveal_is_audited(school_ctx, qtbot) -> None:
    row, phone = _first(school_ctx)
    dialog = MemberDialog(school_ctx, member_id=row.id)
    qtbot.addWidget(dialog)
    assert dialog.id_number.text() != row.id_number and "****" in dialog.id_number.text()
    assert dialog.id_number.isReadOnly() and "****" in dialog.phone.text()
    assert dialog.data().id_number == row.id_number  # saving unrevealed keeps the stored value
    assert dialog.ok_button.isEnabled()
    assert dialog.reveal()
    assert dialog.id_number.text() == row.id_number and dialog.phone.text() == phone
    assert not dialog.id_number.isReadOnly()
    with school_ctx.uow() as uow:
        logged = uow.session.scalars(select(AuditLog).where(AuditLog.action == "reveal",
                                                            AuditLog.entity_id == row.id)).all()
    assert len(logged) == 1


def test_save_without_reveal_keeps_full_numbers(school_ctx, qtbot) -> None:
    row, phone = _first(school_ctx)
    dialog = MemberDialog(school_ctx, member_id=row.id)
    qtbot.addWidget(dialog)
    dialog.note.setPlainText("备注更新")
    dialog.accept()
    with school_ctx.uow() as uow:
        member = uow.session.get(Member, row.id)
        assert member.id_number == row.id_number and member.phone == phone and member.note == "备注更新"


def test_secretary_of_another_branch_cannot_reveal(school_ctx, qtbot, monkeypatch) -> None:
    row, _phone = _first(school_ctx)
    with school_ctx.uow() as uow:
        other = next(o for o in members.organizations.branches(uow) if o.name != row.branch_name)
    school_ctx.actor = Actor("书记", Role.BRANCH_SECRETARY, other.id)
    warned: list[str] = []
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warned.append(text))
    dialog = MemberDialog(school_ctx, member_id=row.id)
    qtbot.addWidget(dialog)
    assert not dialog.reveal()
    assert warned and "本支部" in warned[0]
    assert "****" in dialog.id_number.text()
