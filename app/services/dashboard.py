"""首页: counts and the alerts a school should act on. Plain data, no Qt; each alert rule is one function.

Later areas (meetings, backups) add their own rules with `register_alert_source`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Date, bindparam, text

from app.domain import meeting_rules as mr
from app.domain.dates import add_years, fmt
from app.domain.enums import MemberCategory, MemberStatus, OrgKind
from app.domain.member_counts import PeopleCount
from app.domain.member_rules import probation_due
from app.domain.org_counts import OrgCount, tally_orgs
from app.services import organizations
from app.services.people_counts import count_people
from app.store.uow import UnitOfWork

DANGER, WARNING, INFO = "danger", "warning", "info"
_LEVEL_ORDER = {DANGER: 0, WARNING: 1, INFO: 2}


@dataclass(frozen=True)
class Thresholds:
    """Defaults from docs/domain.md; a school may change them (kept here as data, not scattered constants)."""

    term_due_days: int = 90
    min_full_members: int = 3
    committee_from: int = 7
    min_committee_posts: int = 3
    max_branch_members: int = 50


@dataclass(frozen=True)
class Alert:
    level: str  # DANGER, WARNING or INFO
    title: str
    detail: str
    area: str  # where to act: "组织设置", later "三会一课", "数据备份"…
    target_id: str = ""


@dataclass(frozen=True)
class Summary:
    school_name: str
    orgs: OrgCount = field(default_factory=OrgCount)  # as the restore preview and `check` say it (org_counts)
    people: PeopleCount = field(default_factory=PeopleCount)  # the one count of app.services.people_counts

    @property
    def organization_count(self) -> int:
        return self.orgs.organizations

    @property
    def branch_count(self) -> int:
        return self.orgs.branches

    @property
    def counts(self) -> dict[MemberCategory, int]:
        return {c: self.people.of(c) for c in MemberCategory}

    @property
    def party_members(self) -> int:
        return self.people.party


@dataclass(frozen=True)
class BranchLine:
    """One branch on 首页: its people by stage and when its committee is due for 换届."""

    id: str
    name: str
    full: int
    probationary: int
    developing: int  # 申请人, 积极分子, 发展对象
    next_election_due: dt.date | None


@dataclass(frozen=True)
class Milestone:
    """A date coming up that the secretary plans for (转正, 换届, 积极分子 training complete)."""

    on: dt.date
    title: str
    detail: str


AlertSource = Callable[[UnitOfWork, dt.date, Thresholds], list[Alert]]

# 首页's own reads, written as SQL: SQLAlchemy runs text without the first-run compile (about 2 ms each) that a
# built statement costs in 首页's first view (docs/benchmark.md). Plain SQLite and PostgreSQL; `columns`
# types the dates (SQLite keeps them as text) and marks each as a read for the session's caches.
_UPCOMING_PEOPLE = text("SELECT name, category, joined_on, activist_on FROM member WHERE status = :active"
                        " AND category IN (:probationary, :activist)").columns(joined_on=Date, activist_on=Date)
_PROBATIONERS = text("SELECT id, name, joined_on FROM member WHERE status = :active AND category = :probationary"
                     " AND joined_on IS NOT NULL ORDER BY joined_on").columns(joined_on=Date)
_POSTS = text("SELECT organization_id, member_id, kind, term_start, term_end FROM post"
              " WHERE organization_id IN :ids").bindparams(bindparam("ids", expanding=True)).columns(
    term_start=Date, term_end=Date)


def summary(uow: UnitOfWork) -> Summary:
    school = organizations.get_school(uow)
    orgs = organizations.list_organizations(uow)
    return Summary(
        school_name=school.name if school else "",
        orgs=tally_orgs((o.kind, False, 1) for o in orgs),  # the list is 首页's already (not dissolved)
        people=count_people(uow.session),
    )


def branch_overview(uow: UnitOfWork) -> list[BranchLine]:
    """Each branch's people as the tree counts them (app.services.people_counts)."""
    return [BranchLine(b.id, b.name, b.people.full, b.people.probationary, b.people.developing,
                       b.next_election_due) for b in organizations.branches(uow)]


def upcoming(uow: UnitOfWork, *, today: dt.date | None = None, days: int = 180) -> list[Milestone]:
    """Dates within the next `days`, soonest first; what is already overdue is an alert instead."""
    today = today or dt.date.today()
    horizon = today + dt.timedelta(days=days)
    found: list[Milestone] = []
    for org in organizations.list_organizations(uow):
        due = org.next_election_due
        if org.kind != OrgKind.PARTY_GROUP and due and today < due <= horizon:
            found.append(Milestone(due, f"{org.name}换届", f"本届任期{org.term_years}年届满"))
    rows = uow.session.execute(_UPCOMING_PEOPLE, {"active": MemberStatus.ACTIVE.value,
                                                  "probationary": MemberCategory.PROBATIONARY.value,
                                                  "activist": MemberCategory.ACTIVIST.value})
    for name, category, joined_on, activist_on in rows:
        if category == MemberCategory.PROBATIONARY.value:
            due = probation_due(joined_on)
            if due and today < due <= horizon:
                found.append(Milestone(due, f"{name}预备期满", "支部大会讨论能否按期转正"))
        elif activist_on:
            due = add_years(activist_on, 1)
            if today < due <= horizon:
                found.append(Milestone(due, f"{name}培养满一年", "入党积极分子可考虑列为发展对象"))
    return sorted(found, key=lambda m: m.on)


def term_alerts(uow: UnitOfWork, today: dt.date, limits: Thresholds) -> list[Alert]:
    """A committee whose term has ended (换届 overdue) or ends within `term_due_days`."""
    result = []
    for org in organizations.list_organizations(uow):
        due = org.next_election_due
        if org.kind == OrgKind.PARTY_GROUP or due is None:
            continue
        if due <= today:
            result.append(Alert(DANGER, f"{org.name}任期已届满",
                                f"本届任期自{fmt(org.term_start)}起{org.term_years}年，应于{fmt(due)}换届，"
                                f"已超期{(today - due).days}天。", "组织设置", org.id))
        elif (due - today).days <= limits.term_due_days:
            result.append(Alert(WARNING, f"{org.name}即将换届",
                                f"任期将于{fmt(due)}届满（还有{(due - today).days}天），请提前做好换届准备。",
                                "组织设置", org.id))
    return result


def probation_alerts(uow: UnitOfWork, today: dt.date, limits: Thresholds) -> list[Alert]:
    """A 预备党员 whose one-year probation is over: the branch should discuss 转正."""
    rows = uow.session.execute(_PROBATIONERS, {"active": MemberStatus.ACTIVE.value,
                                               "probationary": MemberCategory.PROBATIONARY.value})
    result = []
    for member_id, name, joined_on in rows:
        due = probation_due(joined_on)
        if due is not None and due <= today:
            result.append(Alert(WARNING, f"预备党员{name}预备期已满",
                                f"{fmt(joined_on)}入党，预备期于{fmt(due)}届满，应及时讨论转正。",
                                "组织设置", member_id))
    return result


def branch_alerts(uow: UnitOfWork, today: dt.date, limits: Thresholds) -> list[Alert]:
    """Branch size and committee rules: too few 正式党员, no committee, too many members."""
    branches = organizations.branches(uow)
    spans: dict[str, list[mr.PostSpan]] = {}
    for org_id, member_id, kind, start, end in uow.session.execute(_POSTS, {"ids": [b.id for b in branches]}):
        spans.setdefault(org_id, []).append(mr.PostSpan(member_id, kind, start, end))
    # who sits on the committee: app.domain.meeting_rules, the same rule the 支委会 attendance uses
    posts = {org_id: len(mr.committee_posts_on(found, today)) for org_id, found in spans.items()}
    result = []
    for b in branches:
        full, party = b.people.full, b.people.party  # as the tree and 首页 count them
        if full < limits.min_full_members:
            result.append(Alert(WARNING, f"{b.name}正式党员不足{limits.min_full_members}名",
                                f"现有正式党员{full}名。正式党员不足{limits.min_full_members}人的单位，"
                                "一般应与邻近单位成立联合党支部。", "组织设置", b.id))
        if full >= limits.committee_from and posts.get(b.id, 0) < limits.min_committee_posts:
            result.append(Alert(WARNING, f"{b.name}未配齐支部委员会",
                                f"正式党员{full}名（7人以上应设支部委员会，委员3至5人），"
                                f"现有支委{posts.get(b.id, 0)}名。", "组织设置", b.id))
        if party > limits.max_branch_members:
            result.append(Alert(INFO, f"{b.name}党员人数超过{limits.max_branch_members}名",
                                f"现有党员{party}名，可考虑分设党支部或党小组。", "组织设置", b.id))
    return result


_SOURCES: list[AlertSource] = [term_alerts, probation_alerts, branch_alerts]


def register_alert_source(source: AlertSource) -> None:
    """Meetings, backups and later areas add their own alert rules here (once, at import)."""
    if source not in _SOURCES:
        _SOURCES.append(source)


def alerts(uow: UnitOfWork, *, today: dt.date | None = None, limits: Thresholds | None = None) -> list[Alert]:
    """Every alert, most urgent first."""
    today = today or dt.date.today()
    limits = limits or Thresholds()
    found = [a for source in _SOURCES for a in source(uow, today, limits)]
    return sorted(found, key=lambda a: _LEVEL_ORDER.get(a.level, 9))
