"""`check --year`: every post, committee, quorum and vote problem of a year, by organization and date.

The rules are app.domain.meeting_rules (docs/domain.md "Organizations", "Who is expected, and quorum");
this module only loads posts and members once and asks them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from app.domain import meeting_rules as mr
from app.domain.enums import MemberCategory, OrgKind, PostKind
from app.services import compliance, organizations
from app.store.models import Member, Post
from app.store.uow import UnitOfWork


@dataclass(frozen=True)
class Problem:
    org_name: str
    on: dt.date
    text: str

    @property
    def line(self) -> str:
        return f"{self.org_name} {self.on:%Y-%m-%d}：{self.text}"


def post_problems(uow: UnitOfWork, year: int, *, today: dt.date | None = None) -> list[Problem]:
    """Committee posts held in `year` that break a rule, and committees of the wrong size, with dates."""
    today = today or dt.date.today()
    first, last = dt.date(year, 1, 1), min(dt.date(year, 12, 31), today)
    if last < first:
        return []
    orgs = [o for o in organizations.list_organizations(uow, include_dissolved=True) if o.kind != OrgKind.PARTY_GROUP]
    posts: dict[str, list[Post]] = {}
    for p in uow.session.scalars(select(Post).where(Post.organization_id.in_([o.id for o in orgs]))):
        posts.setdefault(p.organization_id, []).append(p)
    people = {m.id: m for m in uow.session.scalars(select(Member).where(
        Member.id.in_({p.member_id for ps in posts.values() for p in ps if p.member_id})))}
    full: dict[str, list[mr.PersonSpan]] = {}
    for row in uow.session.execute(
            select(Member.branch_id, Member.id, Member.category, Member.status, Member.status_changed_on,
                   Member.joined_on, Member.full_on)
            .where(Member.category == MemberCategory.FULL.value, Member.branch_id.is_not(None))):
        full.setdefault(row[0] or "", []).append(mr.PersonSpan(*row[1:]))
    out: list[Problem] = []
    for org in orgs:
        mine = posts.get(org.id, [])
        spans = [mr.PostSpan(p.member_id, p.kind, p.term_start, p.term_end) for p in mine]
        days = sorted({first, *(p.term_start for p in mine if p.term_start and first < p.term_start <= last)})
        previous = ""
        for day in days:
            held = [s.kind for s in spans if s.held_on(day) and s.member_id]
            text = mr.committee_size_warning(org.kind.value, held, mr.full_count_on(full.get(org.id, []), day))
            if text and text != previous:
                out.append(Problem(org.name, day, text))
            previous = text
        for p in mine:
            if p.kind not in mr.COMMITTEE_POSTS or not p.member_id or p.member_id not in people:
                continue
            start = max(p.term_start or first, first)
            end = min(p.term_end or last, last)
            if end < start:
                continue
            m = people[p.member_id]
            reason = f"（保存原因：{p.warning_reason}）" if p.warning_reason else ""
            label = PostKind(p.kind).label
            if m.category == MemberCategory.PROBATIONARY.value or (m.full_on and m.full_on > start):
                out.append(Problem(org.name, start, f"{m.name}任{label}时为预备党员，预备党员不能担任委员{reason}"))
            elif p.kind == PostKind.SECRETARY.value and p.term_start and (
                    m.full_on is None or mr.party_years(m.full_on, p.term_start) in (None, 0)):
                since = f"{m.full_on:%Y-%m-%d}转正" if m.full_on else "未填写转正日期"
                out.append(Problem(org.name, start, f"书记{m.name}{since}，任职时党龄不满1年{reason}"))
    return out


def year_problems(uow: UnitOfWork, year: int, *, today: dt.date | None = None) -> list[str]:
    """Post and committee warnings, committee quorum and vote problems, sorted by organization then date."""
    order = {o.name: i for i, o in enumerate(organizations.list_organizations(uow, include_dissolved=True))}
    found = [(p.org_name, p.on, p.line) for p in post_problems(uow, year, today=today)]
    for text in compliance.quorum_issues(uow, year):
        name, _, rest = text.partition(" ")
        found.append((name, dt.date.fromisoformat(rest[:10]), text))
    found.sort(key=lambda f: (order.get(f[0], 10**6), f[1]))
    return [line for _n, _d, line in found]


def summary_lines(uow: UnitOfWork, year: int, *, today: dt.date | None = None) -> list[str]:
    """The `check --year` block (empty when there is nothing to report)."""
    problems = year_problems(uow, year, today=today)
    if not problems:
        return ["任职、法定人数和表决：未发现问题。"]
    return [f"任职、法定人数和表决问题 {len(problems)} 处（按党组织、日期）：", *("  " + p for p in problems)]
