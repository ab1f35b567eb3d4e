"""双培养台账: backbone teachers cultivated into members, members cultivated into backbone teachers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, or_, select, true

from app.domain.development_rules import DualDirection
from app.domain.enums import BackboneLevel, MemberCategory
from app.errors import NotFoundError, ValidationError
from app.services.permissions import require_edit
from app.store.models import DualCultivation, Member
from app.store.uow import Ledger, UnitOfWork


@dataclass(frozen=True)
class DualInput:
    person_name: str
    direction: DualDirection
    started_on: dt.date
    member_id: str | None = None
    level: BackboneLevel = BackboneLevel.NONE
    level_on: dt.date | None = None
    responsible: str = ""
    progress: str = ""
    completed_on: dt.date | None = None


@dataclass(frozen=True)
class DualRow:
    id: str
    person_name: str
    member_id: str | None
    branch_name: str
    category: str  # the person's development stage on the roster, "" when not on it
    direction: DualDirection
    level: BackboneLevel
    level_on: dt.date | None
    started_on: dt.date
    responsible: str
    progress: str
    completed_on: dt.date | None


@dataclass(frozen=True)
class DualCounts:
    year: int
    to_member: int
    to_backbone: int
    became_members: int
    became_backbone: int


def _check(uow: UnitOfWork, inp: DualInput, today: dt.date) -> tuple[list[str], Member | None]:
    errors: list[str] = []
    member = uow.session.get(Member, inp.member_id) if inp.member_id else None
    if inp.member_id and member is None:
        errors.append("所选人员不在名册中")
    if not inp.person_name.strip():
        errors.append("请填写培养对象姓名")
    if inp.started_on > today:
        errors.append("开始培养日期晚于今天")
    if inp.completed_on is not None and inp.completed_on < inp.started_on:
        errors.append("完成日期早于开始培养日期")
    if inp.level_on is not None and inp.level_on > today:
        errors.append("骨干级别认定日期晚于今天")
    category = MemberCategory(member.category) if member else None
    if inp.direction == DualDirection.TO_MEMBER:
        if inp.level == BackboneLevel.NONE:
            errors.append("“培养成党员”的对象应是骨干教师：请选择骨干级别")
        if category is not None and category.is_party_member and inp.completed_on is None:
            errors.append(f"{inp.person_name}已是{category.label}，不再“培养成党员”（可填写完成日期）")
    elif category is None or not category.is_party_member:
        errors.append("“培养成骨干”的对象应是名册中的党员")
    if len(inp.responsible) > 50:
        errors.append("培养责任人过长（最多50个字）")
    return errors, member


def _apply(row: DualCultivation, inp: DualInput) -> None:
    row.person_name = inp.person_name.strip()
    row.member_id = inp.member_id or None
    row.direction = inp.direction.value
    row.level = inp.level.value
    row.level_on = inp.level_on
    row.started_on = inp.started_on
    row.responsible = inp.responsible.strip()
    row.progress = inp.progress.strip()
    row.completed_on = inp.completed_on


def _snapshot(row: DualCultivation) -> dict[str, object]:
    return {k: getattr(row, k) for k in ("person_name", "member_id", "direction", "level", "level_on",
                                          "started_on", "responsible", "progress", "completed_on")}


def _save(uow: UnitOfWork, row: DualCultivation, inp: DualInput, today: dt.date | None) -> Member | None:
    errors, member = _check(uow, inp, today or dt.date.today())
    if errors:
        raise ValidationError("双培养信息有误，未保存：", details=errors)
    require_edit(uow.actor, uow.session, member.branch_id if member else None, "登记双培养")
    _apply(row, inp)
    return member


def add_entry(ledger: Ledger, inp: DualInput, *, today: dt.date | None = None) -> str:
    with ledger.uow() as uow:
        entry_id = add_to(uow, inp, today)
        uow.commit()
        return entry_id


def add_to(uow: UnitOfWork, inp: DualInput, today: dt.date | None = None) -> str:
    """The step `add_entry` is built from (the demo fills a store in one transaction)."""
    row = DualCultivation()
    _save(uow, row, inp, today)
    uow.session.add(row)
    uow.session.flush()
    uow.audit("create", "dual_cultivation", row.id, f"双培养：{row.person_name}（{inp.direction.label}）",
              new=_snapshot(row))
    return row.id


def _existing(uow: UnitOfWork, entry_id: str, what: str) -> DualCultivation:
    """The stored entry, once the actor may change it (as its person's branch allows)."""
    row = uow.session.get(DualCultivation, entry_id)
    if row is None:
        raise NotFoundError("该双培养记录已不存在")
    member = uow.session.get(Member, row.member_id) if row.member_id else None
    require_edit(uow.actor, uow.session, member.branch_id if member else None, what)
    return row


def update_entry(ledger: Ledger, entry_id: str, inp: DualInput, *, today: dt.date | None = None) -> None:
    with ledger.uow() as uow:
        row = _existing(uow, entry_id, "修改双培养")
        old = _snapshot(row)
        _save(uow, row, inp, today)
        new = _snapshot(row)
        changed = [k for k in new if new[k] != old[k]]
        uow.audit("update", "dual_cultivation", row.id, f"修改双培养：{row.person_name}",
                  old={k: old[k] for k in changed}, new={k: new[k] for k in changed})
        uow.commit()


def delete_entry(ledger: Ledger, entry_id: str) -> None:
    with ledger.uow() as uow:
        row = _existing(uow, entry_id, "删除双培养")
        old = _snapshot(row)
        uow.session.delete(row)
        uow.audit("delete", "dual_cultivation", entry_id, f"删除双培养：{row.person_name}", old=old)
        uow.commit()


def _in_year(year: int | None) -> ColumnElement[bool]:
    if year is None:
        return true()
    return (DualCultivation.started_on <= dt.date(year, 12, 31)) & or_(
        DualCultivation.completed_on.is_(None), DualCultivation.completed_on >= dt.date(year, 1, 1))


def list_entries(ledger: Ledger, *, year: int | None = None, branch_id: str | None = None) -> list[DualRow]:
    """Entries running at some time in `year` (all when None), 培养成党员 first, then by start date."""
    with ledger.uow() as uow:
        stmt = select(DualCultivation, Member).outerjoin(Member, Member.id == DualCultivation.member_id).where(
            _in_year(year))
        if branch_id:
            stmt = stmt.where(or_(Member.branch_id == branch_id, Member.group_id == branch_id))
        rows = []
        for entry, member in uow.session.execute(stmt):
            rows.append(DualRow(
                id=entry.id, person_name=entry.person_name, member_id=entry.member_id,
                branch_name=member.branch.name if member and member.branch else "",
                category=MemberCategory(member.category).label if member else "",
                direction=DualDirection(entry.direction), level=BackboneLevel(entry.level or "none"),
                level_on=entry.level_on, started_on=entry.started_on, responsible=entry.responsible,
                progress=entry.progress, completed_on=entry.completed_on))
        order = list(DualDirection)
        return sorted(rows, key=lambda r: (order.index(r.direction), r.started_on, r.person_name))


def counts(ledger: Ledger, year: int) -> DualCounts:
    """For 首页: how many are being cultivated each way in `year`, and how many finished in it."""
    rows = list_entries(ledger, year=year)

    def done(r: DualRow) -> bool:
        return r.completed_on is not None and r.completed_on.year == year

    return DualCounts(
        year=year,
        to_member=sum(r.direction == DualDirection.TO_MEMBER for r in rows),
        to_backbone=sum(r.direction == DualDirection.TO_BACKBONE for r in rows),
        became_members=sum(r.direction == DualDirection.TO_MEMBER and done(r) for r in rows),
        became_backbone=sum(r.direction == DualDirection.TO_BACKBONE and done(r) for r in rows))
