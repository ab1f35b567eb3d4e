"""三会一课 rules as data: required frequencies, quorum, period arithmetic and the compliance verdict.

Pure Python (no Qt, no database): the compliance service feeds it counts from one GROUP BY query.

Which rule binds which organization (docs/domain.md "Organizations", "Meetings and organizational life"):
- a rule is school-wide (org_id None) or set for one organization, each with the day it takes effect
  (valid_from); an organization's own rule wins over the school-wide one; of several, the latest one in
  force on a period's last day decides that period;
- the 支部委员会会议 rule binds every organization that HAS a committee in the period (applies_to
  "committee"): a branch with a 委员 post and at least 7 正式党员, a 党总支/党委 with a 委员 post. Whether it
  has one is asked on the period's middle day (the same half-the-period rule as for a branch set up
  mid-year); so a branch that grows past 7 members and elects a committee in June owes one from June on;
- 党小组会 binds party groups only; the other kinds bind branches (党支部, 联合党支部).
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from app.domain import meeting_rules as mr
from app.domain.enums import BRANCH_KINDS, MeetingKind, OrgKind, Period
from app.domain.meeting_rules import (
    assembly_quorum,
    committee_quorum,
    election_quorum,
    expected_on,
    kind_allowed,
    more_than_half,
    motion_passes,
)

DUE_SOON_DAYS = 14
COMMITTEE = "committee"  # Rule.applies_to: every organization that has a committee in the period
APPLIES_TO_LABELS = {"branch": "党支部", "party_group": "党小组", COMMITTEE: "设有委员会的党组织"}


@dataclass(frozen=True)
class Rule:
    """`required_count` meetings of `kind` per `period` in every organization of kind `applies_to`
    (or in organization `org_id` only), from `valid_from` on (None: always)."""

    kind: MeetingKind
    period: Period
    required_count: int = 1
    applies_to: str = "branch"  # "branch" (党支部, 联合党支部), "party_group", or "committee" (has one)
    active: bool = True
    org_id: str | None = None
    valid_from: dt.date | None = None

    def in_force(self, day: dt.date) -> bool:
        return self.valid_from is None or self.valid_from <= day


DEFAULT_RULES: tuple[Rule, ...] = (
    Rule(MeetingKind.GENERAL_ASSEMBLY, Period.QUARTER),
    Rule(MeetingKind.COMMITTEE_MEETING, Period.MONTH, applies_to=COMMITTEE),
    Rule(MeetingKind.GROUP_MEETING, Period.MONTH, applies_to="party_group"),
    Rule(MeetingKind.PARTY_LECTURE, Period.QUARTER),
    Rule(MeetingKind.THEME_DAY, Period.MONTH),
    Rule(MeetingKind.LIFE_MEETING, Period.YEAR),
    Rule(MeetingKind.MEMBER_REVIEW, Period.YEAR),
)

# The who-is-expected / who-votes / quorum rules live in app.domain.meeting_rules (one place); the names
# below are re-exported for the callers of the first release.
__all__ = ["assembly_quorum", "committee_quorum", "election_quorum", "expected_on", "kind_allowed",
           "more_than_half", "motion_passes"]


def quorum_warnings(kind: str, *, voting_expected: int, voting_present: int, committee_size: int,
                    committee_present: int, votes_for: int | None, vote: str = "") -> list[str]:
    """Plain Chinese warnings for a record; the voting quorum only when the meeting votes or decides."""
    return mr.vote_problems(mr.VoteCount(kind, vote, voting_expected, voting_present, committee_size,
                                         committee_present, votes_for))


# ---- periods ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Window:
    period: Period
    year: int
    index: int  # month 1–12, quarter 1–4, or 1 for the year
    start: dt.date
    end: dt.date  # inclusive

    @property
    def label(self) -> str:
        if self.period == Period.MONTH:
            return f"{self.year}年{self.index}月"
        if self.period == Period.QUARTER:
            return f"{self.year}年第{self.index}季度"
        return f"{self.year}年"

    @property
    def months(self) -> range:
        first = self.start.month
        return range(first, self.end.month + 1)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def window(period: Period, year: int, index: int) -> Window:
    if period == Period.MONTH:
        return Window(period, year, index, dt.date(year, index, 1),
                      dt.date(year, index, calendar.monthrange(year, index)[1]))
    if period == Period.QUARTER:
        first = 3 * (index - 1) + 1
        return Window(period, year, index, dt.date(year, first, 1),
                      dt.date(year, first + 2, calendar.monthrange(year, first + 2)[1]))
    return Window(period, year, 1, dt.date(year, 1, 1), dt.date(year, 12, 31))


def windows(period: Period, year: int) -> list[Window]:
    count = {Period.MONTH: 12, Period.QUARTER: 4, Period.YEAR: 1}[period]
    return [window(period, year, i) for i in range(1, count + 1)]


def window_of(period: Period, day: dt.date) -> Window:
    if period == Period.MONTH:
        return window(period, day.year, day.month)
    if period == Period.QUARTER:
        return window(period, day.year, (day.month - 1) // 3 + 1)
    return window(period, day.year, 1)


# ---- the verdict ------------------------------------------------------------------------------

class Status(StrEnum):
    GREEN = "green"  # met
    AMBER = "amber"  # period running, not yet met
    RED = "red"  # period over, not met
    NONE = "none"  # nothing required (organization did not exist, or period not begun)


# How each status is marked and named on screen, on paper and in `dangjian check`: the one definition.
STATUS_MARKS = {Status.GREEN: "√", Status.AMBER: "…", Status.RED: "×", Status.NONE: "–"}
STATUS_LABELS = {Status.GREEN: "已完成", Status.AMBER: "本期进行中、尚未完成", Status.RED: "期满未完成",
                 Status.NONE: "不要求"}


def status_legend(separator: str = "　") -> str:
    """√ 已完成　… 本期进行中、尚未完成　× 期满未完成　– 不要求"""
    return separator.join(f"{STATUS_MARKS[s]} {STATUS_LABELS[s]}" for s in Status)


@dataclass(frozen=True)
class OrgSpan:
    """An organization as compliance sees it; a party group rolls up into its branch's row."""

    id: str
    name: str
    kind: str
    branch_id: str  # itself for a branch, the parent branch for a party group
    established_on: dt.date | None = None
    dissolved_on: dt.date | None = None


@dataclass(frozen=True)
class Requirement:
    org_id: str
    org_name: str
    branch_id: str
    kind: MeetingKind
    window: Window
    required: int
    held: int
    status: Status

    @property
    def text(self) -> str:
        mark = STATUS_MARKS[self.status]
        return f"{self.org_name} {self.kind.label}（{self.window.label}）{self.held}/{self.required} {mark}"


def required_in(rule: Rule, org: OrgSpan, win: Window) -> int:
    """Required count, prorated: an organization existing for less than half the period owes nothing;
    otherwise the count scales with the share of the period it existed (rounded half up, at least one)."""
    start = max(win.start, org.established_on) if org.established_on else win.start
    end = min(win.end, org.dissolved_on) if org.dissolved_on else win.end
    if end < start:
        return 0
    existed = (end - start).days + 1
    if existed * 2 < win.days:
        return 0
    if rule.required_count <= 0:
        return 0
    return max(1, math.floor(rule.required_count * existed / win.days + 0.5))


def status_of(required: int, held: int, win: Window, today: dt.date) -> Status:
    if required <= 0:
        return Status.NONE
    if held >= required:
        return Status.GREEN
    if today > win.end:
        return Status.RED
    if today < win.start:
        return Status.NONE
    return Status.AMBER


HasCommittee = Callable[[str, dt.date], bool]


def _binds_kind(rule: Rule, org: OrgSpan) -> bool:
    if rule.applies_to == OrgKind.PARTY_GROUP.value:
        return org.kind == OrgKind.PARTY_GROUP.value
    if rule.applies_to == COMMITTEE:
        return org.kind != OrgKind.PARTY_GROUP.value
    return org.kind in BRANCH_KINDS


def applies(rule: Rule, org: OrgSpan) -> bool:
    """Whether a school-wide rule is meant for this kind of organization at all (ignores dates)."""
    return rule.active and (rule.org_id == org.id if rule.org_id else _binds_kind(rule, org))


def midday(win: Window) -> dt.date:
    return win.start + dt.timedelta(days=(win.days - 1) // 2)


def rule_for(rules: Iterable[Rule], org: OrgSpan, kind: MeetingKind, day: dt.date) -> Rule | None:
    """The rule in force for `org` and `kind` on `day`: the organization's own (latest valid_from) before the
    school-wide one. An inactive rule found first means "not required" (it is not skipped)."""
    mine = [r for r in rules if r.kind == kind and r.org_id == org.id and r.in_force(day)]
    school = [r for r in rules if r.kind == kind and r.org_id is None and r.in_force(day)
              and _binds_kind(r, org)]
    for found in (mine, school):
        if found:
            return max(found, key=lambda r: r.valid_from or dt.date.min)
    return None


@dataclass(frozen=True)
class RuleVerdict:
    """Which rule binds an organization on a day, and why, in Chinese (for the editor and `check`)."""

    rule: Rule | None
    required: bool
    why: str


def explain(rules: Iterable[Rule], org: OrgSpan, kind: MeetingKind, day: dt.date,
            has_committee: HasCommittee | None = None, no_committee_reason: str = "") -> RuleVerdict:
    rule = rule_for(list(rules), org, kind, day)
    if rule is None:
        if kind == MeetingKind.GROUP_MEETING and org.kind != OrgKind.PARTY_GROUP.value:
            return RuleVerdict(None, False, "党小组会只要求党小组召开")
        return RuleVerdict(None, False, f"没有适用于{OrgKind(org.kind).label}的要求")
    source = (f"本组织规定（{rule.valid_from:%Y-%m-%d}起）" if rule.org_id and rule.valid_from
              else "本组织规定" if rule.org_id
              else f"全校规定（{rule.valid_from:%Y-%m-%d}起）" if rule.valid_from else "全校默认")
    if not rule.active or rule.required_count <= 0:
        return RuleVerdict(rule, False, f"{source}：不要求")
    what = f"{source}：{rule.period.label}{rule.required_count}次"
    if rule.applies_to == COMMITTEE and not rule.org_id and has_committee is not None \
            and not has_committee(org.id, day):
        return RuleVerdict(rule, False, f"{what}，但{no_committee_reason or '本组织未设委员会'}，不要求")
    if rule.applies_to == COMMITTEE and not rule.org_id and has_committee is not None:
        what += "（设有委员会）"
    return RuleVerdict(rule, True, what)


def evaluate(year: int, orgs: Iterable[OrgSpan], rules: Iterable[Rule],
             counts: Mapping[tuple[str, str, int], int], today: dt.date,
             has_committee: HasCommittee | None = None) -> list[Requirement]:
    """Every requirement of the year: counts are keyed (org_id, kind, month) → meetings held (a combined
    record counted once for each kind it covers). `has_committee(org_id, day)` decides the committee rule;
    without it every organization the rule names has one."""
    rules = list(rules)
    out: list[Requirement] = []
    for org in orgs:
        for kind in MeetingKind:
            candidates = [r for r in rules if r.kind == kind and applies(r, org)]
            if not candidates:
                continue
            for period in dict.fromkeys(r.period for r in candidates):
                for win in windows(period, year):
                    rule = rule_for(rules, org, kind, win.end)
                    if rule is None or rule.period != period:
                        continue
                    required = required_in(rule, org, win) if rule.active else 0
                    if required and rule.applies_to == COMMITTEE and not rule.org_id \
                            and has_committee is not None and not has_committee(org.id, midday(win)):
                        required = 0
                    held = sum(counts.get((org.id, kind.value, m), 0) for m in win.months)
                    out.append(Requirement(org.id, org.name, org.branch_id, kind, win, required, held,
                                           status_of(required, held, win, today)))
    return out


def worst(statuses: Iterable[Status]) -> Status:
    found = set(statuses)
    for status in (Status.RED, Status.AMBER, Status.GREEN):
        if status in found:
            return status
    return Status.NONE


def due_soon(requirements: Iterable[Requirement], today: dt.date,
             days: int = DUE_SOON_DAYS) -> list[Requirement]:
    """Running periods not yet met, whose end is within `days` days, soonest first."""
    items = [r for r in requirements
             if r.status == Status.AMBER and (r.window.end - today).days <= days]
    return sorted(items, key=lambda r: (r.window.end, r.org_name, r.kind.value))


# ---- the grid handed to screens, paper and the CLI --------------------------------------------

@dataclass(frozen=True)
class GridCell:
    branch_id: str
    month: int
    status: Status
    held_total: int  # every meeting held that month by the branch and its groups
    lines: tuple[str, ...]  # one line per requirement ending this month (tooltip, report)


@dataclass(frozen=True)
class BranchRow:
    branch_id: str
    name: str
    cells: tuple[GridCell, ...]  # 12
    expected_sum: int
    present_sum: int
    met: int
    due: int  # requirements whose period is over or met
    kind_totals: dict[str, tuple[int, int]] = field(default_factory=dict)  # kind → (held, required)

    @property
    def attendance_rate(self) -> float | None:
        return self.present_sum / self.expected_sum if self.expected_sum else None


@dataclass(frozen=True)
class ComplianceGrid:
    year: int
    today: dt.date
    school_name: str
    rows: tuple[BranchRow, ...]
    due_soon: tuple[Requirement, ...]
    missed: tuple[Requirement, ...]
    quorum_issues: tuple[str, ...] = ()  # 党员大会 held without a quorum of those with a vote


def build_rows(year: int, branches: Iterable[OrgSpan], requirements: list[Requirement],
               month_totals: Mapping[tuple[str, int], int],
               attendance: Mapping[str, tuple[int, int]]) -> list[BranchRow]:
    """Requirements ending in a month make that month's cell (quarterly in Mar/Jun/Sep/Dec, yearly in Dec)."""
    by_cell: dict[tuple[str, int], list[Requirement]] = {}
    for req in requirements:
        by_cell.setdefault((req.branch_id, req.window.end.month), []).append(req)
    rows: list[BranchRow] = []
    for branch in branches:
        cells = []
        for month in range(1, 13):
            reqs = [r for r in by_cell.get((branch.id, month), []) if r.required > 0]
            cells.append(GridCell(branch.id, month, worst(r.status for r in reqs),
                                  month_totals.get((branch.id, month), 0), tuple(r.text for r in reqs)))
        mine = [r for r in requirements if r.branch_id == branch.id and r.required > 0]
        totals: dict[str, tuple[int, int]] = {}
        for r in mine:
            held, needed = totals.get(r.kind.value, (0, 0))
            totals[r.kind.value] = (held + min(r.held, r.required), needed + r.required)
        expected, present = attendance.get(branch.id, (0, 0))
        rows.append(BranchRow(branch.id, branch.name, tuple(cells), expected, present,
                              sum(1 for r in mine if r.status == Status.GREEN),
                              sum(1 for r in mine if r.status in (Status.GREEN, Status.RED)), totals))
    return rows
