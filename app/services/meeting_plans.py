"""The annual plan (年度计划): per branch and month, what is planned, and planned vs actually held."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from app.domain.enums import MeetingKind
from app.errors import NotFoundError, ValidationError
from app.services.meeting_list import org_and_groups
from app.services.permissions import branch_of, require_edit
from app.store.models import Meeting, MeetingPlan, Organization
from app.store.uow import UnitOfWork


@dataclass(frozen=True)
class PlanRow:
    id: str
    organization_id: str
    organization_name: str
    year: int
    month: int
    kind: MeetingKind
    topic: str
    note: str


@dataclass(frozen=True)
class PlanVsActual:
    organization_id: str
    month: int
    kind: MeetingKind
    planned: int
    held: int
    topics: tuple[str, ...]


def _check(year: int, month: int, topic: str) -> None:
    errors = []
    if not 1950 <= year <= 2100:
        errors.append("年度不合理")
    if not 1 <= month <= 12:
        errors.append("月份应在 1–12 之间")
    if len(topic) > 200:
        errors.append("计划内容不超过 200 字")
    if errors:
        raise ValidationError("计划有误，未保存：", details=errors)


def save_plan(uow: UnitOfWork, *, organization_id: str, year: int, month: int, kind: MeetingKind,
              topic: str = "", note: str = "", plan_id: str | None = None) -> str:
    """Add a plan item, or change one (plan_id)."""
    topic = topic.strip()
    _check(year, month, topic)
    if uow.session.get(Organization, organization_id) is None:
        raise NotFoundError("党组织不存在")
    require_edit(uow.actor, uow.session, organization_id, "修改年度计划")
    if plan_id:
        plan = uow.session.get(MeetingPlan, plan_id)
        if plan is None:
            raise NotFoundError("计划不存在")
        require_edit(uow.actor, uow.session, plan.organization_id, "修改年度计划")
        old = {"month": plan.month, "kind": plan.kind, "topic": plan.topic}
    else:
        plan = MeetingPlan(organization_id=organization_id)
        uow.session.add(plan)
        old = None
    plan.organization_id, plan.year, plan.month = organization_id, year, month
    plan.kind, plan.topic, plan.note = MeetingKind(kind).value, topic, note.strip()
    uow.session.flush()
    uow.audit("update" if old else "create", "meeting_plan", plan.id,
              f"{year}年{month}月计划 {MeetingKind(kind).label} {topic}", old=old,
              new={"month": month, "kind": plan.kind, "topic": topic})
    return plan.id


def delete_plan(uow: UnitOfWork, plan_id: str) -> None:
    plan = uow.session.get(MeetingPlan, plan_id)
    if plan is None:
        raise NotFoundError("计划不存在")
    require_edit(uow.actor, uow.session, plan.organization_id, "修改年度计划")
    old = {"organization_id": plan.organization_id, "year": plan.year, "month": plan.month, "kind": plan.kind,
           "topic": plan.topic}
    uow.session.delete(plan)
    uow.audit("delete", "meeting_plan", plan_id, f"删除计划 {plan.topic}", old=old)


def list_plans(uow: UnitOfWork, year: int, organization_id: str | None = None) -> list[PlanRow]:
    stmt = (select(MeetingPlan, Organization.name).join(Organization, Organization.id == MeetingPlan.organization_id)
            .where(MeetingPlan.year == year)
            .order_by(Organization.sort_order, Organization.name, MeetingPlan.month, MeetingPlan.kind))
    if organization_id:
        stmt = stmt.where(MeetingPlan.organization_id.in_(org_and_groups(uow, organization_id)))
    return [PlanRow(p.id, p.organization_id, name, p.year, p.month, MeetingKind(p.kind), p.topic, p.note)
            for p, name in uow.session.execute(stmt)]


def plan_vs_actual(uow: UnitOfWork, year: int) -> list[PlanVsActual]:
    """Per branch (party groups rolled up), month and kind: planned items vs meetings held (two queries)."""
    month = func.extract("month", Meeting.held_on)
    held_rows = uow.session.execute(
        select(Meeting.organization_id, Meeting.kind, month, func.count())
        .where(Meeting.held_on >= dt.date(year, 1, 1), Meeting.held_on <= dt.date(year, 12, 31))
        .group_by(Meeting.organization_id, Meeting.kind, month))
    parents = dict(uow.session.execute(select(Organization.id, Organization.parent_id)
                                       .where(Organization.kind == "party_group")).all())
    cells: dict[tuple[str, int, str], list] = {}
    for org_id, kind, m, n in held_rows:
        key = (parents.get(org_id) or org_id, int(m), kind)
        cells.setdefault(key, [0, 0, []])[1] += n
    for plan in list_plans(uow, year):
        key = (branch_of(uow.session, plan.organization_id) or plan.organization_id, plan.month, plan.kind.value)
        cell = cells.setdefault(key, [0, 0, []])
        cell[0] += 1
        if plan.topic:
            cell[2].append(plan.topic)
    return [PlanVsActual(org, m, MeetingKind(kind), p, h, tuple(t))
            for (org, m, kind), (p, h, t) in sorted(cells.items())]
