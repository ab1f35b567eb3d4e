"""年初承诺 use cases: commitments from the role templates, the editor, and the year-end 践诺 review (which
scores through the catalog's commitment rules, see app/services/points_sql.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from app.domain import points_rules as pr
from app.domain.points_rules import CommitmentGroup, CommitmentRole, Fulfilment
from app.errors import NotFoundError, ValidationError
from app.services.permissions import require_edit
from app.store.models import Commitment, Member, PointReview
from app.store.uow import Ledger, UnitOfWork

GROUP_ORDER = {g: i for i, g in enumerate(CommitmentGroup)}


@dataclass(frozen=True)
class CommitmentRow:
    id: str | None  # None: a new line from the editor
    group: CommitmentGroup
    text: str
    deadline: dt.date | None
    fulfilment: Fulfilment = Fulfilment.PENDING
    review_note: str = ""


def _row(c: Commitment) -> CommitmentRow:
    return CommitmentRow(c.id, CommitmentGroup(c.group), c.text, c.deadline, Fulfilment(c.fulfilment),
                         c.review_note)


def _rows(uow: UnitOfWork, member_id: str, year: int) -> list[Commitment]:
    items = uow.session.scalars(select(Commitment).where(Commitment.member_id == member_id,
                                                         Commitment.year == year))
    return sorted(items, key=lambda c: (GROUP_ORDER[CommitmentGroup(c.group)], c.sort_order, c.id))


def list_commitments(ledger: Ledger, member_id: str, year: int) -> list[CommitmentRow]:
    with ledger.uow() as uow:
        return [_row(c) for c in _rows(uow, member_id, year)]


def commitments_of(uow: UnitOfWork, year: int, member_ids: list[str]) -> dict[str, list[CommitmentRow]]:
    """member id → that member's commitments for the year (a step for printing the 承诺书)."""
    out: dict[str, list[CommitmentRow]] = {m: [] for m in member_ids}
    items = uow.session.scalars(select(Commitment).where(Commitment.year == year,
                                                         Commitment.member_id.in_(member_ids)))
    for c in sorted(items, key=lambda c: (GROUP_ORDER[CommitmentGroup(c.group)], c.sort_order, c.id)):
        out[c.member_id].append(_row(c))
    return out


def _member(uow: UnitOfWork, member_id: str, what: str) -> Member:
    member = uow.session.get(Member, member_id)
    if member is None:
        raise NotFoundError("党员不存在")
    require_edit(uow.actor, uow.session, member.branch_id, what)
    return member


def _check_open(uow: UnitOfWork, member: Member, year: int) -> None:
    if uow.session.scalar(select(PointReview.id).where(PointReview.school_id == member.school_id,
                                                       PointReview.year == year)):
        raise ValidationError(f"{year} 年度已完成评议，承诺与践诺情况已锁定。")


def fill_from_template(ledger: Ledger, year: int, member_ids: list[str], role: CommitmentRole) -> int:
    """Give each member without commitments for the year the role's template; returns how many got it."""
    with ledger.uow() as uow:
        done = fill_step(uow, year, member_ids, role)
        uow.commit()
        return done


def fill_step(uow: UnitOfWork, year: int, member_ids: list[str], role: CommitmentRole) -> int:
    done = 0
    for mid in member_ids:
        member = _member(uow, mid, "填写年初承诺")
        _check_open(uow, member, year)
        has = uow.session.scalar(select(func.count()).select_from(Commitment).where(
            Commitment.member_id == mid, Commitment.year == year))
        if has:
            continue
        for order, (group, body, deadline) in enumerate(pr.template_items(role, year)):
            uow.session.add(Commitment(school_id=member.school_id, member_id=mid, year=year,
                                       group=group.value, text=body, deadline=deadline, sort_order=order))
        done += 1
    uow.session.flush()
    uow.audit("create", "commitment", "", f"按{role.label}模板生成 {year} 年度承诺 {done} 人",
              new={"role": role.value, "members": member_ids})
    return done


def save_commitments(ledger: Ledger, member_id: str, year: int, items: list[CommitmentRow]) -> list[CommitmentRow]:
    """The editor's save: texts, groups and deadlines. A pending commitment left out is removed; one already
    reviewed cannot be (its review scores points)."""
    errors = []
    for i, item in enumerate(items, 1):
        if not item.text.strip():
            errors.append(f"第 {i} 条承诺内容为空")
        if item.deadline is not None and item.deadline.year != year:
            errors.append(f"第 {i} 条的完成时限应在 {year} 年内")
    if errors:
        raise ValidationError("承诺未保存：", details=errors)
    with ledger.uow() as uow:
        member = _member(uow, member_id, "修改年初承诺")
        _check_open(uow, member, year)
        existing = {c.id: c for c in _rows(uow, member_id, year)}
        kept = {i.id for i in items if i.id}
        for cid, c in existing.items():
            if cid not in kept:
                if c.fulfilment != Fulfilment.PENDING.value:
                    raise ValidationError(f"“{c.text[:20]}”已评议践诺情况，不能删除")
                uow.session.delete(c)
        for order, item in enumerate(items):
            found = existing.get(item.id) if item.id else None
            if found is None:
                c = Commitment(school_id=member.school_id, member_id=member_id, year=year)
                uow.session.add(c)
            else:
                c = found
            c.group, c.text, c.deadline, c.sort_order = item.group.value, item.text.strip(), item.deadline, order
        uow.session.flush()
        uow.audit("update", "commitment", member_id, f"修改{member.name} {year} 年度承诺（{len(items)} 条）",
                  new={"items": [f"{i.group.label}：{i.text}" for i in items]})
        out = [_row(c) for c in _rows(uow, member_id, year)]
        uow.commit()
        return out


def review_commitment(ledger: Ledger, commitment_id: str, fulfilment: Fulfilment, note: str = "", *,
                      today: dt.date | None = None) -> CommitmentRow:
    """Year-end 践诺 review of one commitment: kept or broken (which score), or back to pending."""
    with ledger.uow() as uow:
        row = review_step(uow, commitment_id, fulfilment, note, today or dt.date.today())
        uow.commit()
        return row


def review_step(uow: UnitOfWork, commitment_id: str, fulfilment: Fulfilment, note: str,
                today: dt.date) -> CommitmentRow:
    c = uow.session.get(Commitment, commitment_id)
    if c is None:
        raise NotFoundError("承诺不存在")
    member = _member(uow, c.member_id, "评议践诺情况")
    _check_open(uow, member, c.year)
    old = c.fulfilment
    c.fulfilment = Fulfilment(fulfilment).value
    c.review_note = note.strip()
    c.reviewed_on = None if fulfilment == Fulfilment.PENDING else today
    c.reviewed_by = "" if fulfilment == Fulfilment.PENDING else uow.actor.username
    uow.audit("update", "commitment", c.id, f"{member.name}践诺情况：{Fulfilment(fulfilment).label}",
              old={"fulfilment": old}, new={"fulfilment": c.fulfilment, "note": c.review_note})
    return _row(c)
