"""Use cases of the roster: add, edit, leave, reveal full numbers; each one transaction (docs/architecture.md).

Permissions are checked by the steps in app.services.members / privacy (admin everywhere, a branch
secretary in their own branch); a refusal or bad input raises before anything is committed.
"""

from __future__ import annotations

import datetime as dt

from app.domain.enums import MemberStatus
from app.domain.member_rules import MemberData
from app.services import members, privacy
from app.services.members import MemberQuery, MemberRow
from app.services.privacy import MemberSensitive
from app.store.models import Member
from app.store.uow import Ledger


def load_member(ledger: Ledger, member_id: str) -> MemberData:
    with ledger.uow() as uow:
        return members.get_member_data(uow, member_id)


def member_name(ledger: Ledger, member_id: str) -> str | None:
    """The name of a member (an alert may point at someone since removed: None)."""
    with ledger.uow() as uow:
        member = uow.session.get(Member, member_id)
        return member.name if member is not None else None


def find_members(ledger: Ledger, query: MemberQuery) -> list[MemberRow]:
    with ledger.uow() as uow:
        return members.search_members(uow, query)


def count_members(ledger: Ledger, query: MemberQuery) -> int:
    with ledger.uow() as uow:
        return members.count_members(uow, query)


def count_party_and_developing(ledger: Ledger, query: MemberQuery) -> tuple[int, int]:
    with ledger.uow() as uow:
        return members.count_party_and_developing(uow, query)


def problems_with(ledger: Ledger, data: MemberData, *, member_id: str | None = None) -> list[str]:
    """Every problem that would stop `data` being saved (for a form's live check); writes nothing."""
    with ledger.uow() as uow:
        return members.check(uow, data, member_id=member_id)


def add_member(ledger: Ledger, data: MemberData) -> str:
    """Validate and add one member; returns the new member's id."""
    with ledger.uow() as uow:
        member_id = members.create_member(uow, data)
        uow.commit()
    return member_id


def edit_member(ledger: Ledger, member_id: str, data: MemberData) -> str:
    with ledger.uow() as uow:
        members.update_member(uow, member_id, data)
        uow.commit()
    return member_id


def record_leaving(ledger: Ledger, member_id: str, status: MemberStatus, on: dt.date, note: str = "") -> str:
    """转出, 停止党籍, 出党/除名, 去世: the record stays, with the date and note."""
    with ledger.uow() as uow:
        members.leave_roster(uow, member_id, status, on, note)
        uow.commit()
    return member_id


def reveal_member_numbers(ledger: Ledger, member_id: str) -> MemberSensitive:
    """One member's full ID and phone, for someone allowed to edit them; the view is audited."""
    with ledger.uow() as uow:
        numbers = privacy.reveal_member(uow, member_id)
        uow.commit()
    return numbers


def reveal_roster_numbers(ledger: Ledger, reason: str) -> str:
    """Full numbers in the roster table (admin only), with the reason recorded; returns the reason."""
    with ledger.uow() as uow:
        privacy.reveal_sensitive(uow, reason)
        uow.commit()
    return reason.strip()
