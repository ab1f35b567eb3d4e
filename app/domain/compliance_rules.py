"""三会一课 rules as data: required frequencies, quorum, period arithmetic and the compliance verdict.

Pure Python (no Qt, no database): the compliance service feeds it counts from one GROUP BY query.

Choice documented here: the 支部委员会会议 rule binds every branch. The demo and nearly every school
branch has a committee (or at least a 书记 and 委员); a school whose small branch has none switches the
rule off (ComplianceRule.active) rather than the app guessing from the post table.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from app.domain.enums import BRANCH_KINDS, MeetingKind, MemberCategory, MemberStatus, OrgKind, Period

DUE_SOON_DAYS = 14


@dataclass(frozen=True)
class Rule:
    """`required_count` meetings of `kind` per `period` in every organization of kind `applies_to`."""

    kind: MeetingKind
    period: Period
    required_count: int = 1
    applies_to: str = "branch"  # "branch" (党支部 and 联合党支部) or "party_group"
    active: bool = True


DEFAULT_RULES: tuple[Rule, ...] = (
    Rule(MeetingKind.GENERAL_ASSEMBLY, Period.QUARTER),
    Rule(MeetingKind.COMMITTEE_MEETING, Period.MONTH),
    Rule(MeetingKind.GROUP_MEETING, Period.MONTH, applies_to="party_group"),
    Rule(MeetingKind.PARTY_LECTURE, Period.QUARTER),
    Rule(MeetingKind.THEME_DAY, Period.MONTH),
    Rule(MeetingKind.LIFE_MEETING, Period.YEAR),
    Rule(MeetingKind.MEMBER_REVIEW, Period.YEAR),
)

# Which organization kinds may hold which meeting kinds.
BRANCH_LIKE = {OrgKind.BRANCH.value, OrgKind.JOINT_BRANCH.value, OrgKind.GENERAL_BRANCH.value,
               OrgKind.PARTY_COMMITTEE.value}


def kind_allowed(meeting_kind: str, org_kind: str) -> bool:
    """党小组会 only in a 党小组; a 党小组 holds nothing else (its members attend the branch's meetings)."""
    if org_kind == OrgKind.PARTY_GROUP.value:
        return meeting_kind == MeetingKind.GROUP_MEETING.value
    return meeting_kind != MeetingKind.GROUP_MEETING.value and org_kind in BRANCH_LIKE


# ---- roster and quorum -------------------------------------------------------------------------

def expected_on(category: str, status: str, status_changed_on: dt.date | None, joined_on: dt.date | None,
                held_on: dt.date) -> bool:
    """Whether a person on an organization's roster is expected (应到) at a meeting on `held_on`.

    Party members only (预备/正式); not before they joined; those who left count until the day they left.
    """
    if category not in (MemberCategory.PROBATIONARY.value, MemberCategory.FULL.value):
        return False
    if joined_on is not None and joined_on > held_on:
        return False
    if status == MemberStatus.ACTIVE.value:
        return True
    return status_changed_on is not None and status_changed_on > held_on


def more_than_half(part: int, whole: int) -> bool:
    """Exactly half is NOT more than half."""
    return part * 2 > whole


def assembly_quorum(voting_expected: int, voting_present: int) -> bool:
    """党员大会: more than half of those with a vote (正式党员) present."""
    return voting_expected > 0 and more_than_half(voting_present, voting_expected)


def motion_passes(votes_for: int, voting_expected: int) -> bool:
    """A motion passes only when those in favour exceed half of those EXPECTED with a vote."""
    return voting_expected > 0 and more_than_half(votes_for, voting_expected)


def committee_quorum(committee_size: int, committee_present: int) -> bool:
    return committee_size > 0 and more_than_half(committee_present, committee_size)


def election_quorum(voting_expected: int, voting_present: int) -> bool:
    """An election needs more than 4/5 of those entitled present."""
    return voting_expected > 0 and voting_present * 5 > voting_expected * 4


def quorum_warnings(kind: str, *, voting_expected: int, voting_present: int, committee_size: int,
                    committee_present: int, votes_for: int | None) -> list[str]:
    """Plain Chinese warnings for a record (it is still saved: the paper record must match reality)."""
    out: list[str] = []
    if kind == MeetingKind.GENERAL_ASSEMBLY.value:
        if not assembly_quorum(voting_expected, voting_present):
            out.append(f"有表决权的应到 {voting_expected} 人、实到 {voting_present} 人，未超过半数，"
                       "会议不足法定人数，不能作出决议。")
        if votes_for is not None and not motion_passes(votes_for, voting_expected):
            out.append(f"赞成 {votes_for} 票，未超过有表决权应到人数 {voting_expected} 人的半数，决议未通过。")
    elif (kind == MeetingKind.COMMITTEE_MEETING.value and committee_size
          and not committee_quorum(committee_size, committee_present)):
            out.append(f"支委 {committee_size} 人、到会 {committee_present} 人，未超过半数，支委会不能作出决定。")
    return out


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


def applies(rule: Rule, org: OrgSpan) -> bool:
    if not rule.active:
        return False
    if rule.applies_to == OrgKind.PARTY_GROUP.value:
        return org.kind == OrgKind.PARTY_GROUP.value
    return org.kind in BRANCH_KINDS


def evaluate(year: int, orgs: Iterable[OrgSpan], rules: Iterable[Rule],
             counts: Mapping[tuple[str, str, int], int], today: dt.date) -> list[Requirement]:
    """Every requirement of the year: counts are keyed (org_id, kind, month) → meetings held."""
    rules = list(rules)
    out: list[Requirement] = []
    for org in orgs:
        for rule in rules:
            if not applies(rule, org):
                continue
            for win in windows(rule.period, year):
                required = required_in(rule, org, win)
                held = sum(counts.get((org.id, rule.kind.value, m), 0) for m in win.months)
                out.append(Requirement(org.id, org.name, org.branch_id, rule.kind, win, required, held,
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
