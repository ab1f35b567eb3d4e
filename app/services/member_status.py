"""留党察看 (with its period) on a member; 停止党籍 is a roster status with its date (members.leave_roster).

A member under 留党察看 stays on the roster and is expected at meetings, but has no vote for the period
(docs/domain.md "Members"; app.domain.meeting_rules.has_vote).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.domain.dates import add_years, fmt
from app.domain.enums import MemberCategory, MemberStatus
from app.errors import NotFoundError, ValidationError
from app.services.permissions import require_admin
from app.store.models import Member
from app.store.uow import Ledger, UnitOfWork


def set_party_probation(uow: UnitOfWork, member_id: str, start: dt.date | None, until: dt.date | None) -> None:
    """Record (or, with start None, clear) a 留党察看 period, first and last day included; audited."""
    require_admin(uow.actor, "登记留党察看")
    member = uow.session.get(Member, member_id)
    if member is None:
        raise NotFoundError("人员不存在")
    if start is not None:
        if member.category not in (MemberCategory.FULL.value, MemberCategory.PROBATIONARY.value):
            raise ValidationError(f"{member.name}不是党员，不能登记留党察看")
        if until is None:
            raise ValidationError("请填写留党察看的截止日期（一般为一年或两年）")
        if until < start:
            raise ValidationError("留党察看截止日期早于开始日期")
        if until > add_years(start, 2):
            raise ValidationError("留党察看期最长两年")
    old = {"party_probation_from": member.party_probation_from, "party_probation_until": member.party_probation_until}
    member.party_probation_from = start
    member.party_probation_until = until if start else None
    uow.audit("update", "member", member.id,
              f"{member.name} 留党察看 {start:%Y-%m-%d} 至 {until:%Y-%m-%d}" if start and until
              else f"{member.name} 取消留党察看登记", old=old,
              new={"party_probation_from": member.party_probation_from,
                   "party_probation_until": member.party_probation_until})


def record_party_probation(ledger: Ledger, member_id: str, start: dt.date | None, until: dt.date | None) -> str:
    """The use case: one transaction; returns the member's id (as member_cases.record_leaving does)."""
    with ledger.uow() as uow:
        set_party_probation(uow, member_id, start, until)
        uow.commit()
    return member_id


@dataclass(frozen=True)
class PartyProbation:
    """A recorded 留党察看 period, first and last day included."""

    start: dt.date
    until: dt.date | None


def party_probation_of(ledger: Ledger, member_id: str) -> PartyProbation | None:
    """The member's recorded 留党察看 period (None when none is recorded); writes nothing."""
    with ledger.uow() as uow:
        member = uow.session.get(Member, member_id)
        if member is None:
            raise NotFoundError("人员不存在")
        if member.party_probation_from is None:
            return None
        return PartyProbation(member.party_probation_from, member.party_probation_until)


def status_text(status: MemberStatus, note: str = "", probation_from: dt.date | None = None,
                probation_until: dt.date | None = None, *, today: dt.date) -> str:
    """How a roster line and a member's record say where the person stands on `today`:
    在册; 留党察看（至2026-05-01）while a period runs (or 留党察看（2026-01-01起，至…）before it starts);
    停止党籍（说明）and the other ways of leaving with their note."""
    if status != MemberStatus.ACTIVE:
        return f"{status.label}（{note}）" if note else status.label
    if probation_from is not None and (probation_until is None or today <= probation_until):
        until = f"至{fmt(probation_until)}" if probation_until else "截止日期未填"
        return f"留党察看（{until}）" if probation_from <= today else f"留党察看（{fmt(probation_from)}起，{until}）"
    return status.label
