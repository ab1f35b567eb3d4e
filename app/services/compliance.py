"""Compliance for a year: held vs required per branch, kind and period, in two grouped queries.

The rules themselves (frequencies, proration, the verdict) are in app.domain.compliance_rules; this
module only counts in SQL and hands the counts over.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

from sqlalchemy import and_, case, func, or_, select

from app.domain import compliance_rules as cr
from app.domain.enums import BRANCH_KINDS, AttendanceStatus, MeetingKind, MemberCategory, OrgKind, Period
from app.services import organizations
from app.services.permissions import require_admin
from app.store.models import Attendance, ComplianceRule, Meeting, Member, Organization
from app.store.uow import UnitOfWork


def ensure_default_rules(uow: UnitOfWork) -> None:
    """Seed the rule table with docs/domain.md's defaults on first use; afterwards the table is the truth."""
    if uow.session.scalar(select(func.count()).select_from(ComplianceRule)):
        return
    for rule in cr.DEFAULT_RULES:
        uow.session.add(ComplianceRule(kind=rule.kind.value, applies_to=rule.applies_to, period=rule.period.value,
                                       required_count=rule.required_count, active=rule.active))
    uow.session.flush()


def load_rules(uow: UnitOfWork) -> list[cr.Rule]:
    """Rules from the table; the defaults when it is empty (without writing, so read-only stores work)."""
    rows = list(uow.session.scalars(select(ComplianceRule).order_by(ComplianceRule.kind)))
    if not rows:
        return list(cr.DEFAULT_RULES)
    return [cr.Rule(MeetingKind(r.kind), Period(r.period), r.required_count, r.applies_to, r.active)
            for r in rows]


def set_rule(uow: UnitOfWork, kind: MeetingKind, *, period: Period | None = None,
             required_count: int | None = None, active: bool | None = None) -> None:
    """Change a rule (admin only), seeding the defaults first."""
    require_admin(uow.actor, "修改三会一课要求")
    ensure_default_rules(uow)
    row = uow.session.scalars(select(ComplianceRule).where(ComplianceRule.kind == MeetingKind(kind).value)).first()
    if row is None:
        row = ComplianceRule(kind=MeetingKind(kind).value, period=(period or Period.YEAR).value)
        uow.session.add(row)
    old = {"period": row.period, "required_count": row.required_count, "active": row.active}
    if period is not None:
        row.period = Period(period).value
    if required_count is not None:
        if not 0 <= required_count <= 31:
            from app.errors import ValidationError

            raise ValidationError("要求次数应在 0–31 之间")
        row.required_count = required_count
    if active is not None:
        row.active = active
    uow.session.flush()
    uow.audit("update", "compliance_rule", row.id, f"修改{MeetingKind(kind).label}要求", old=old,
              new={"period": row.period, "required_count": row.required_count, "active": row.active})


def _orgs(uow: UnitOfWork, year: int) -> tuple[list[cr.OrgSpan], list[cr.OrgSpan]]:
    """Branches and party groups that existed at some point of the year, in tree order."""
    start = dt.date(year, 1, 1)
    stmt = (select(Organization).where(
        Organization.kind.in_([*(k.value for k in BRANCH_KINDS), OrgKind.PARTY_GROUP.value]),
        or_(Organization.dissolved_on.is_(None), Organization.dissolved_on >= start))
        .order_by(Organization.sort_order, Organization.name))
    rows = list(uow.session.scalars(stmt))
    branches = [cr.OrgSpan(o.id, o.name, o.kind, o.id, o.established_on, o.dissolved_on)
                for o in rows if o.kind != OrgKind.PARTY_GROUP.value]
    known = {b.id for b in branches}
    parent_est = {b.id: b.established_on for b in branches}
    groups = [cr.OrgSpan(o.id, o.name, o.kind, o.parent_id or "",
                         o.established_on or parent_est.get(o.parent_id or ""), o.dissolved_on)
              for o in rows if o.kind == OrgKind.PARTY_GROUP.value and o.parent_id in known]
    return branches, groups


def compute(uow: UnitOfWork, year: int, *, today: dt.date | None = None,
            due_days: int = cr.DUE_SOON_DAYS) -> cr.ComplianceGrid:
    """The year's grid branch × month, due-soon list and missed requirements."""
    today = today or dt.date.today()
    branches, groups = _orgs(uow, year)
    branch_of = {o.id: o.branch_id for o in [*branches, *groups]}
    month = func.extract("month", Meeting.held_on)
    in_year = (Meeting.held_on >= dt.date(year, 1, 1), Meeting.held_on <= dt.date(year, 12, 31))
    counts: dict[tuple[str, str, int], int] = {}
    month_totals: dict[tuple[str, int], int] = {}
    attendance: dict[str, tuple[int, int]] = {}
    rows = uow.session.execute(
        select(Meeting.organization_id, Meeting.kind, month, func.count(),
               func.sum(Meeting.expected_count), func.sum(Meeting.present_count))
        .where(*in_year).group_by(Meeting.organization_id, Meeting.kind, month))
    for org_id, kind, m, n, expected, present in rows:
        m = int(m)
        counts[(org_id, kind, m)] = n
        branch = branch_of.get(org_id)
        if branch is None:
            continue
        month_totals[(branch, m)] = month_totals.get((branch, m), 0) + n
        if kind != MeetingKind.TALK.value:
            e, p = attendance.get(branch, (0, 0))
            attendance[branch] = (e + int(expected or 0), p + int(present or 0))
    requirements = cr.evaluate(year, [*branches, *groups], load_rules(uow), counts, today)
    school = organizations.get_school(uow)
    return cr.ComplianceGrid(
        year=year, today=today, school_name=school.name if school else "",
        rows=tuple(cr.build_rows(year, branches, requirements, month_totals, attendance)),
        due_soon=tuple(cr.due_soon(requirements, today, due_days)),
        missed=tuple(r for r in requirements if r.status == cr.Status.RED),
        quorum_issues=tuple(quorum_issues(uow, year)))


def quorum_issues(uow: UnitOfWork, year: int) -> list[str]:
    """党员大会 of the year where those with a vote present were not more than half (one grouped query)."""
    full = Member.category == MemberCategory.FULL.value
    present = and_(full, Attendance.status == AttendanceStatus.PRESENT.value)
    stmt = (select(Meeting.held_on, Organization.name, Meeting.title,
                   func.sum(case((and_(full, Attendance.status != AttendanceStatus.OBSERVER.value), 1), else_=0)),
                   func.sum(case((present, 1), else_=0)))
            .join(Attendance, Attendance.meeting_id == Meeting.id).join(Member, Member.id == Attendance.member_id)
            .join(Organization, Organization.id == Meeting.organization_id)
            .where(Meeting.kind == MeetingKind.GENERAL_ASSEMBLY.value, Meeting.held_on >= dt.date(year, 1, 1),
                   Meeting.held_on <= dt.date(year, 12, 31))
            .group_by(Meeting.id, Meeting.held_on, Organization.name, Meeting.title).order_by(Meeting.held_on))
    return [f"{name} {held:%Y-%m-%d}“{title}”：有表决权应到 {expected} 人、实到 {came} 人，不足法定人数"
            for held, name, title, expected, came in uow.session.execute(stmt)
            if not cr.assembly_quorum(int(expected or 0), int(came or 0))]


def _pad(text: str, width: int) -> str:
    """Pad to a display width, counting a Chinese character as two columns."""
    return text + " " * max(1, width - _width(text))


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def summary_text(uow: UnitOfWork, year: int, *, today: dt.date | None = None) -> str:
    """The same picture as the grid, as plain text for `dangjian check`."""
    grid = compute(uow, year, today=today)
    lines = [f"{grid.school_name} {year} 年三会一课落实情况（截至 {grid.today:%Y-%m-%d}）"]
    if not grid.rows:
        lines.append("尚无党支部。")
        return "\n".join(lines)
    marks = cr.STATUS_MARKS
    width = max(_width(r.name) for r in grid.rows) + 2
    lines.append(_pad("月份", width) + " ".join(f"{m:>2}" for m in range(1, 13)) + "  出勤率")
    for row in grid.rows:
        rate = f"{row.attendance_rate:.0%}" if row.attendance_rate is not None else "—"
        cells = " ".join(f"{marks[c.status]:>2}" for c in row.cells)
        lines.append(f"{_pad(row.name, width)}{cells}  {rate}")
        order = list(MeetingKind)
        parts = [f"{MeetingKind(k).label} {h}/{r}" for k, (h, r)
                 in sorted(row.kind_totals.items(), key=lambda kv: order.index(MeetingKind(kv[0]))) if r]
        if parts:
            lines.append("    " + "；".join(parts))
    lines.append("图例：" + cr.status_legend("  "))
    lines.append(f"未完成 {len(grid.missed)} 项：" if grid.missed else "未完成 0 项。")
    lines += ["  " + r.text for r in grid.missed]
    if grid.quorum_issues:
        lines.append(f"党员大会不足法定人数 {len(grid.quorum_issues)} 次：")
        lines += ["  " + text for text in grid.quorum_issues]
    if grid.due_soon:
        lines.append(f"即将到期 {len(grid.due_soon)} 项：")
        lines += [f"  {r.text}，{r.window.end:%m-%d} 前" for r in grid.due_soon]
    return "\n".join(lines)
