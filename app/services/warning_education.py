"""Use cases of the 警示教育 / 廉政文化 activity log: record an activity with its participants, read a year.

Participants are members on the roster on the activity's day (a member who left in March cannot have
attended in June); the rule is `compliance_rules.expected_on`, the one 三会一课 attendance uses.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select

from app.domain import compliance_rules
from app.domain.clean_school import WarningForm
from app.domain.clean_school_docs import ActivityLogDoc, ActivityRow
from app.errors import NotFoundError, ValidationError
from app.services import organizations
from app.services.permissions import require_admin
from app.store.models import Member, Organization, WarningActivity, WarningParticipant
from app.store.uow import Ledger, UnitOfWork


def _validate(uow: UnitOfWork, row: ActivityRow) -> list[str]:
    problems = []
    if not row.title.strip():
        problems.append("活动主题不能为空")
    if len(row.title) > 200:
        problems.append("活动主题不超过 200 字")
    ids = set(row.participant_ids)
    if ids:
        people = uow.session.execute(select(Member.id, Member.name, Member.category, Member.status,
                                            Member.status_changed_on, Member.joined_on)
                                     .where(Member.id.in_(ids))).all()
        found = {p.id for p in people}
        if ids - found:
            problems.append(f"有 {len(ids - found)} 名参加人员不在花名册中")
        absent = [p.name for p in people
                  if not compliance_rules.expected_on(p.category, p.status, p.status_changed_on, p.joined_on,
                                                      row.held_on)]
        if absent:
            problems.append(f"{'、'.join(absent[:5])}在{row.held_on:%Y-%m-%d}不在册，不能作为参加人员")
    return problems


def save_activity(ledger: Ledger, row: ActivityRow, activity_id: str | None = None) -> str:
    """Record or correct an activity; returns its id. Nothing is written if anything is wrong."""
    with ledger.uow() as uow:
        saved = save_activity_in(uow, row, activity_id)
        uow.commit()
        return saved


def save_activity_in(uow: UnitOfWork, row: ActivityRow, activity_id: str | None = None) -> str:
    """The step inside `save_activity` (and the demo): checks, writes and audits, does not commit."""
    require_admin(uow.actor, "登记警示教育活动")
    problems = _validate(uow, row)
    if problems:
        raise ValidationError("警示教育活动没有保存：" + "；".join(problems) + "。")
    if activity_id:
        record = uow.session.get(WarningActivity, activity_id)
        if record is None:
            raise NotFoundError("该活动记录不存在（可能已被删除）。")
        uow.session.execute(delete(WarningParticipant).where(WarningParticipant.activity_id == record.id))
        action = "update"
    else:
        record = WarningActivity()
        uow.session.add(record)
        action = "create"
    record.held_on, record.form, record.title = row.held_on, row.form.value, row.title.strip()
    record.content, record.place, record.reflections = row.content, row.place, row.reflections
    uow.session.flush()
    for member_id in dict.fromkeys(row.participant_ids):
        uow.session.add(WarningParticipant(activity_id=record.id, member_id=member_id))
    verb = "登记" if action == "create" else "修改"
    count = len(set(row.participant_ids))
    uow.audit(action, "warning_activity", record.id, f"{verb}警示教育活动：{record.title}（{count}人参加）")
    return record.id


def delete_activity(ledger: Ledger, activity_id: str) -> None:
    with ledger.uow() as uow:
        require_admin(uow.actor, "删除警示教育活动")
        record = uow.session.get(WarningActivity, activity_id)
        if record is None:
            raise NotFoundError("该活动记录不存在（可能已被删除）。")
        uow.audit("delete", "warning_activity", record.id, f"删除警示教育活动：{record.title}",
                  {"日期": record.held_on, "主题": record.title})
        uow.session.delete(record)
        uow.commit()


def activities_in(uow: UnitOfWork, year: int) -> list[ActivityRow]:
    records = uow.session.scalars(select(WarningActivity).where(
        WarningActivity.held_on.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
        .order_by(WarningActivity.held_on, WarningActivity.created_at)).all()
    people: dict[str, list[tuple[str, str]]] = {}
    if records:
        for activity_id, member_id, name in uow.session.execute(
                select(WarningParticipant.activity_id, Member.id, Member.name)
                .join(Member, Member.id == WarningParticipant.member_id)
                .where(WarningParticipant.activity_id.in_([r.id for r in records]))
                .order_by(Member.name_pinyin)):
            people.setdefault(activity_id, []).append((member_id, name))
    return [ActivityRow(r.held_on, WarningForm(r.form), r.title, r.content, r.place, r.reflections,
                        [m for m, _ in people.get(r.id, [])], [n for _, n in people.get(r.id, [])], r.id)
            for r in records]


def activity_log(ledger: Ledger, year: int, *, today: dt.date | None = None) -> ActivityLogDoc:
    with ledger.uow() as uow:
        school = organizations.school_name(uow)
        return ActivityLogDoc(school, year, activities_in(uow, year), today or dt.date.today())




def roster_on(ledger: Ledger, day: dt.date) -> list[tuple[str, str, str]]:
    """(member id, name, branch) of everyone on the roster on `day`: who can be ticked as a participant."""
    with ledger.uow() as uow:
        people = uow.session.execute(
            select(Member.id, Member.name, Organization.name.label("branch"), Member.category, Member.status,
                   Member.status_changed_on, Member.joined_on)
            .outerjoin(Organization, Organization.id == Member.branch_id)
            .order_by(Organization.sort_order, Member.name_pinyin)).all()
        return [(p.id, p.name, p.branch or "") for p in people
                if compliance_rules.expected_on(p.category, p.status, p.status_changed_on, p.joined_on, day)]
