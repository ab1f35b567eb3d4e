"""Compliance for a year: held vs required per organization, kind and period, in grouped queries.

The rules themselves (frequencies, proration, the verdict) are in app.domain.compliance_rules; this
module only counts in SQL and hands the counts over.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

from sqlalchemy import func, or_, select

from app.domain import compliance_rules as cr
from app.domain import meeting_rules as mr
from app.domain.enums import BRANCH_KINDS, AttendanceStatus, MeetingKind, MemberCategory, OrgKind, Period
from app.errors import NotFoundError, ValidationError
from app.services import organizations
from app.services.permissions import require_admin
from app.store.models import Attendance, ComplianceRule, Meeting, Member, Organization, Post
from app.store.uow import Ledger, UnitOfWork


def ensure_default_rules(uow: UnitOfWork) -> None:
    """Seed the rule table with docs/domain.md's defaults on first use; afterwards the table is the truth."""
    if uow.session.scalar(select(func.count()).select_from(ComplianceRule)):
        return
    for rule in cr.DEFAULT_RULES:
        uow.session.add(ComplianceRule(kind=rule.kind.value, applies_to=rule.applies_to, period=rule.period.value,
                                       required_count=rule.required_count, active=rule.active))
    uow.session.flush()


def _applies_to(kind: str, stored: str) -> str:
    """A first-release 支委会 rule row says "branch": it now means "every organization with a committee"."""
    if kind == MeetingKind.COMMITTEE_MEETING.value and stored == "branch":
        return cr.COMMITTEE
    return stored


def load_rules(uow: UnitOfWork) -> list[cr.Rule]:
    """Rules from the table; the defaults when it is empty (without writing, so read-only stores work)."""
    rows = list(uow.session.scalars(select(ComplianceRule).order_by(ComplianceRule.kind)))
    if not rows:
        return list(cr.DEFAULT_RULES)
    return [cr.Rule(MeetingKind(r.kind), Period(r.period), r.required_count, _applies_to(r.kind, r.applies_to),
                    r.active, r.organization_id, r.valid_from) for r in rows]


def set_rule(uow: UnitOfWork, kind: MeetingKind, *, period: Period | None = None,
             required_count: int | None = None, active: bool | None = None,
             organization_id: str | None = None, valid_from: dt.date | None = None) -> None:
    """Change a rule (admin only), seeding the defaults first. With `organization_id` the rule binds that
    organization only; with `valid_from` it takes effect that day (earlier periods keep the older rule)."""
    require_admin(uow.actor, "修改三会一课要求")
    ensure_default_rules(uow)
    kind = MeetingKind(kind)
    org = uow.session.get(Organization, organization_id) if organization_id else None
    if organization_id and org is None:
        raise NotFoundError("党组织不存在")
    if org is not None and not cr.kind_allowed(kind.value, org.kind):
        raise ValidationError(f"{OrgKind(org.kind).label}不召开{kind.label}，不能为它设置要求")
    if required_count is not None and not 0 <= required_count <= 31:
        raise ValidationError("要求次数应在 0–31 之间")
    stmt = select(ComplianceRule).where(
        ComplianceRule.kind == kind.value,
        ComplianceRule.organization_id.is_(None) if organization_id is None
        else ComplianceRule.organization_id == organization_id,
        ComplianceRule.valid_from.is_(None) if valid_from is None else ComplianceRule.valid_from == valid_from)
    row = uow.session.scalars(stmt).first()
    if row is None:
        base = cr.rule_for(load_rules(uow), _span(org), kind, valid_from or dt.date.today()) if org else None
        default = next((r for r in cr.DEFAULT_RULES if r.kind == kind), None)
        template = base or default
        applies_to = (template.applies_to if template else "branch") if org is None \
            else (OrgKind(org.kind).value if org.kind == OrgKind.PARTY_GROUP.value else "branch")
        row = ComplianceRule(kind=kind.value, period=(period or (template.period if template else Period.YEAR)).value,
                             required_count=template.required_count if template else 1, active=True,
                             applies_to=applies_to, organization_id=organization_id, valid_from=valid_from)
        uow.session.add(row)
        uow.session.flush()
    old = {"period": row.period, "required_count": row.required_count, "active": row.active}
    if period is not None:
        row.period = Period(period).value
    if required_count is not None:
        row.required_count = required_count
    if active is not None:
        row.active = active
    uow.session.flush()
    where = f"{org.name}" if org else "全校"
    since = f"（{valid_from:%Y-%m-%d}起）" if valid_from else ""
    uow.audit("update", "compliance_rule", row.id, f"修改{where}{kind.label}要求{since}", old=old,
              new={"period": row.period, "required_count": row.required_count, "active": row.active,
                   "organization_id": organization_id, "valid_from": valid_from})


def _span(org: Organization) -> cr.OrgSpan:
    branch = org.parent_id if org.kind == OrgKind.PARTY_GROUP.value and org.parent_id else org.id
    return cr.OrgSpan(org.id, org.name, org.kind, branch, org.established_on, org.dissolved_on)


COMMITTEE_ORGS = (OrgKind.GENERAL_BRANCH.value, OrgKind.PARTY_COMMITTEE.value)


def _orgs(uow: UnitOfWork, year: int) -> tuple[list[cr.OrgSpan], list[cr.OrgSpan]]:
    """Rows of the grid (党委/党总支 for their committee meetings, then branches) and party groups that
    existed at some point of the year, in tree order."""
    start = dt.date(year, 1, 1)
    stmt = (select(Organization).where(
        Organization.kind.in_([*(k.value for k in BRANCH_KINDS), OrgKind.PARTY_GROUP.value, *COMMITTEE_ORGS]),
        or_(Organization.dissolved_on.is_(None), Organization.dissolved_on >= start))
        .order_by(Organization.sort_order, Organization.name))
    rows = _tree_order(list(uow.session.scalars(stmt)))
    branches = [cr.OrgSpan(o.id, o.name, o.kind, o.id, o.established_on, o.dissolved_on)
                for o in rows if o.kind != OrgKind.PARTY_GROUP.value]
    known = {b.id for b in branches if b.kind not in COMMITTEE_ORGS}
    parent_est = {b.id: b.established_on for b in branches}
    groups = [cr.OrgSpan(o.id, o.name, o.kind, o.parent_id or "",
                         o.established_on or parent_est.get(o.parent_id or ""), o.dissolved_on)
              for o in rows if o.kind == OrgKind.PARTY_GROUP.value and o.parent_id in known]
    return branches, groups


def _tree_order(rows: list[Organization]) -> list[Organization]:
    """Parents before their children, siblings in the given (sort_order, name) order; no extra query."""
    ids = {o.id for o in rows}
    children: dict[str | None, list[Organization]] = {}
    for o in rows:
        children.setdefault(o.parent_id if o.parent_id in ids else None, []).append(o)
    out: list[Organization] = []

    def walk(parent: str | None) -> None:
        for o in children.get(parent, []):
            out.append(o)
            walk(o.id)

    walk(None)
    return out


class CommitteeFacts:
    """Whether each organization has a committee on a day: its posts and its members' 转正 dates, loaded once."""

    def __init__(self, uow: UnitOfWork, orgs: list[cr.OrgSpan]) -> None:
        ids = [o.id for o in orgs]
        self.kinds = {o.id: o.kind for o in orgs}
        self.posts: dict[str, list[mr.PostSpan]] = {}
        for org_id, member_id, kind, start, end in uow.session.execute(
                select(Post.organization_id, Post.member_id, Post.kind, Post.term_start, Post.term_end)
                .where(Post.organization_id.in_(ids))):
            self.posts.setdefault(org_id, []).append(mr.PostSpan(member_id, kind, start, end))
        people: dict[str, list[mr.PersonSpan]] = {}
        for row in uow.session.execute(
                select(Member.branch_id, Member.id, Member.category, Member.status, Member.status_changed_on,
                       Member.joined_on, Member.full_on)
                .where(Member.branch_id.in_(ids), Member.category == MemberCategory.FULL.value)):
            people.setdefault(row[0] or "", []).append(mr.PersonSpan(*row[1:]))
        self.full = {org_id: mr.FullCount(spans) for org_id, spans in people.items()}
        self._none = mr.FullCount(())

    def full_members(self, org_id: str, day: dt.date) -> int:
        return self.full.get(org_id, self._none).on(day)

    def has(self, org_id: str, day: dt.date) -> bool:
        return mr.has_committee(self.kinds.get(org_id, ""), self.posts.get(org_id, []),
                                self.full_members(org_id, day), day)

    def reason(self, org_id: str, day: dt.date) -> str:
        return mr.no_committee_reason(self.kinds.get(org_id, ""), self.posts.get(org_id, []),
                                      self.full_members(org_id, day), day)


def add_combined(uow: UnitOfWork, year: int, counts: dict[tuple[str, str, int], int]) -> None:
    """Add to (org_id, kind, month) → held the other kinds a combined record (合并召开) counts for."""
    in_year = (Meeting.held_on >= dt.date(year, 1, 1), Meeting.held_on <= dt.date(year, 12, 31))
    for org_id, kind, held_on, also in uow.session.execute(
            select(Meeting.organization_id, Meeting.kind, Meeting.held_on, Meeting.also_kinds)
            .where(*in_year, Meeting.also_kinds != "")):
        for extra in mr.parse_kinds(also):
            if extra != kind:
                key = (org_id, extra, held_on.month)
                counts[key] = counts.get(key, 0) + 1


def compute(uow: UnitOfWork, year: int, *, today: dt.date | None = None,
            due_days: int = cr.DUE_SOON_DAYS) -> cr.ComplianceGrid:
    """The year's grid (organization × month), due-soon list and missed requirements."""
    today = today or dt.date.today()
    branches, groups = _orgs(uow, year)
    branch_of = {o.id: o.branch_id for o in [*branches, *groups]}
    month = func.extract("month", Meeting.held_on)
    in_year = (Meeting.held_on >= dt.date(year, 1, 1), Meeting.held_on <= dt.date(year, 12, 31))
    month_totals: dict[tuple[str, int], int] = {}
    attendance: dict[str, tuple[int, int]] = {}
    counts: dict[tuple[str, str, int], int] = {}
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
    facts = CommitteeFacts(uow, branches)
    add_combined(uow, year, counts)
    requirements = cr.evaluate(year, [*branches, *groups], load_rules(uow), counts, today,
                               has_committee=facts.has)
    school = organizations.get_school(uow)
    return cr.ComplianceGrid(
        year=year, today=today, school_name=school.name if school else "",
        rows=tuple(cr.build_rows(year, branches, requirements, month_totals, attendance)),
        due_soon=tuple(cr.due_soon(requirements, today, due_days)),
        missed=tuple(r for r in requirements if r.status == cr.Status.RED),
        quorum_issues=tuple(quorum_issues(uow, year)))


@dataclass(frozen=True)
class RuleLine:
    """One line of the rule editor: which rule binds which organization for a kind, and why."""

    org_id: str
    org_name: str
    kind: MeetingKind
    required: bool
    why: str


def explain_rules(uow: UnitOfWork, day: dt.date) -> list[RuleLine]:
    """For every organization and meeting kind it may hold, the rule in force on `day` and the reason."""
    branches, groups = _orgs(uow, day.year)
    orgs = [*branches, *groups]
    facts = CommitteeFacts(uow, branches)
    rules = load_rules(uow)
    out = []
    for org in orgs:
        for kind in MeetingKind:
            if kind == MeetingKind.TALK or not cr.kind_allowed(kind.value, org.kind):
                continue
            verdict = cr.explain(rules, org, kind, day, facts.has, facts.reason(org.id, day))
            if verdict.rule is None and org.kind in COMMITTEE_ORGS:
                continue
            out.append(RuleLine(org.id, org.name, kind, verdict.required, verdict.why))
    return out


def quorum_issues(uow: UnitOfWork, year: int) -> list[str]:
    """Records of the year whose committee quorum or vote fails the rules (app.domain.meeting_rules):
    a 支委会 without more than half of the committee, a vote without its quorum or majority, an election
    without 4/5 present. A 党员大会 that neither votes nor decides is not flagged."""
    checked = (Meeting.held_on >= dt.date(year, 1, 1), Meeting.held_on <= dt.date(year, 12, 31),
               or_(Meeting.kind == MeetingKind.COMMITTEE_MEETING.value, Meeting.vote_kind != "",
                   Meeting.votes_for.is_not(None)))
    meetings = list(uow.session.execute(
        select(Meeting.id, Meeting.organization_id, Meeting.kind, Meeting.held_on, Meeting.title,
               Meeting.vote_kind, Meeting.votes_for, Meeting.votes_against, Meeting.votes_abstain,
               Meeting.written_for, Meeting.written_against, Organization.name)
        .join(Organization, Organization.id == Meeting.organization_id)
        .where(*checked)
        .order_by(Meeting.held_on, Organization.sort_order, Meeting.start_time)))
    if not meetings:
        return []
    rows: dict[str, list[tuple[str, str, mr.PersonSpan]]] = {}
    for meeting_id, status, *person in uow.session.execute(  # one query: the same meetings, joined
            select(Attendance.meeting_id, Attendance.status, Member.id, Member.category, Member.status,
                   Member.status_changed_on, Member.joined_on, Member.full_on, Member.party_probation_from,
                   Member.party_probation_until)
            .join(Member, Member.id == Attendance.member_id)
            .join(Meeting, Meeting.id == Attendance.meeting_id).where(*checked)):
        rows.setdefault(meeting_id, []).append((person[0], status, mr.PersonSpan(*person)))
    posts: dict[str, list[mr.PostSpan]] = {}
    org_ids = {m.organization_id for m in meetings if m.kind == MeetingKind.COMMITTEE_MEETING.value}
    for org_id, member_id, kind, start, end in uow.session.execute(
            select(Post.organization_id, Post.member_id, Post.kind, Post.term_start, Post.term_end)
            .where(Post.organization_id.in_(org_ids))):
        posts.setdefault(org_id, []).append(mr.PostSpan(member_id, kind, start, end))
    out = []
    expected_statuses = (AttendanceStatus.PRESENT.value, AttendanceStatus.ABSENT.value)
    for m in meetings:
        people = rows.get(m.id, [])
        expected = [(mid, st, p) for mid, st, p in people if st in expected_statuses]
        voters = [(mid, st) for mid, st, p in expected if mr.has_vote(p, m.held_on)]
        committee = mr.committee_on(posts.get(m.organization_id, []), m.held_on) \
            if m.kind == MeetingKind.COMMITTEE_MEETING.value else set()
        in_committee = [(mid, st) for mid, st, _p in expected if mid in committee]
        problems = mr.vote_problems(mr.VoteCount(
            m.kind, m.vote_kind or "", len(voters), sum(1 for _m, st in voters if st == "present"),
            len(in_committee), sum(1 for _m, st in in_committee if st == "present"), m.votes_for, m.votes_against,
            m.votes_abstain, m.written_for or 0, m.written_against or 0))
        out += [f"{m.name} {m.held_on:%Y-%m-%d}“{m.title}”：{p.rstrip('。')}" for p in problems]
    return out


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
    from app.services import rule_checks  # it builds on this module

    lines += rule_checks.summary_lines(uow, year, today=grid.today)
    if grid.due_soon:
        lines.append(f"即将到期 {len(grid.due_soon)} 项：")
        lines += [f"  {r.text}，{r.window.end:%m-%d} 前" for r in grid.due_soon]
    return "\n".join(lines)


# ---- use cases for the rule editor (each opens and commits its own unit of work) ---------------------

@dataclass(frozen=True)
class RuleChoice:
    """An organization the editor may set a rule for (None id = the whole school)."""

    org_id: str | None
    name: str


def rule_overview(ledger: Ledger, day: dt.date) -> tuple[list[RuleLine], list[RuleChoice]]:
    """What the rule editor shows: every organization × kind with the rule in force on `day` and why."""
    with ledger.uow() as uow:
        lines = explain_rules(uow, day)
        orgs = [RuleChoice(None, "全校（所有党组织）")]
        seen: set[str] = set()
        for line in lines:
            if line.org_id not in seen:
                seen.add(line.org_id)
                orgs.append(RuleChoice(line.org_id, line.org_name))
        return lines, orgs


def change_rule(ledger: Ledger, kind: MeetingKind, *, organization_id: str | None, period: Period,
                required_count: int, active: bool, valid_from: dt.date | None) -> None:
    """Set a school-wide or one organization's rule from a day on (admin only, audited), in one transaction."""
    with ledger.uow() as uow:
        set_rule(uow, kind, period=period, required_count=required_count, active=active,
                 organization_id=organization_id, valid_from=valid_from)
        uow.commit()
