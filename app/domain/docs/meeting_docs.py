"""Plain dataclasses the meeting forms print from (filled by app.services.meeting_print_data)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from app.domain.enums import MeetingKind

WEEKDAYS = "一二三四五六日"


def day_text(day: dt.date | None) -> str:
    """2026年3月15日（星期日）, or blanks for handwriting."""
    if day is None:
        return "　　　　年　　月　　日"
    return f"{day.year}年{day.month}月{day.day}日（星期{WEEKDAYS[day.weekday()]}）"


def time_span(start: str, end: str) -> str:
    if not start and not end:
        return ""
    return f"{start or '　　'}—{end or '　　'}"


@dataclass(frozen=True)
class Absentee:
    name: str
    reason: str = ""  # 病假 / 事假 / 公假 / 无故缺席
    note: str = ""

    @property
    def text(self) -> str:
        detail = "，".join(x for x in (self.reason, self.note) if x)
        return f"{self.name}（{detail}）" if detail else self.name


@dataclass
class MeetingRecordDoc:
    """One 会议记录 as it goes on paper."""

    meeting_id: str
    school_name: str
    org_name: str
    branch_name: str  # the branch the record belongs to (itself, or a party group's parent)
    kind: MeetingKind
    held_on: dt.date
    title: str = ""
    sequence: int = 0  # 本年度第几次 of this kind in this organization
    start_time: str = ""
    end_time: str = ""
    place: str = ""
    host: str = ""
    recorder: str = ""
    expected_count: int = 0
    present_count: int = 0
    absentees: list[Absentee] = field(default_factory=list)
    observers: list[str] = field(default_factory=list)
    first_topic_material: str = ""
    first_topic_speaker: str = ""
    topics: list[str] = field(default_factory=list)
    lecturer: str = ""
    lecture_title: str = ""
    lecture_type: str = ""
    theme: str = ""
    form: str = ""
    talk_between: tuple[str, str] | None = None
    content: str = ""
    votes_for: int | None = None
    votes_against: int | None = None
    votes_abstain: int | None = None
    resolutions: str = ""
    follow_up: str = ""
    attachments: list[str] = field(default_factory=list)
    also_kinds: list[MeetingKind] = field(default_factory=list)  # 合并召开: what else the record counts for
    excused: list[Absentee] = field(default_factory=list)  # 不计应到 with the upper organization's consent
    vote_label: str = ""  # 表决/决定, 选举, 接收预备党员/转正表决; "" when the meeting did not vote
    written_for: int = 0  # written opinions of absent members with a vote
    written_against: int = 0

    @property
    def kind_text(self) -> str:
        """会议类型 as printed: 支部党员大会（合并召开，同时计为：组织生活会）."""
        if not self.also_kinds:
            return self.kind.label
        return f"{self.kind.label}（合并召开，同时计为：{'、'.join(k.label for k in self.also_kinds)}）"

    @property
    def absent_count(self) -> int:
        return max(self.expected_count - self.present_count, 0)

    @property
    def name(self) -> str:
        """会议名称: the record's own title, or the organization and kind."""
        return self.title or f"{self.org_name}{self.kind.label}"

    @property
    def has_vote(self) -> bool:
        return any(v is not None for v in (self.votes_for, self.votes_against, self.votes_abstain))


@dataclass(frozen=True)
class SignInLine:
    name: str
    note: str = ""  # 请假原因 known before the meeting, or 列席


@dataclass
class SignInDoc:
    """A 签到表: names pre-filled from the roster, the signature column left empty."""

    school_name: str
    org_name: str
    kind: MeetingKind | None
    lines: list[SignInLine]
    title: str = ""
    held_on: dt.date | None = None
    start_time: str = ""
    place: str = ""
    host: str = ""
    expected_count: int | None = None
    end_time: str = ""
    spare_rows: int = 3  # blank rows for people not on the list

    @property
    def name(self) -> str:
        """会议名称; empty on a sheet printed before the meeting has a kind (filled in by hand)."""
        if self.title or self.kind is None:
            return self.title
        return f"{self.org_name}{self.kind.label}"


@dataclass(frozen=True)
class PlanItem:
    kind: MeetingKind
    topic: str = ""
    held: bool | None = None  # None: the month has not ended yet

    @property
    def text(self) -> str:
        return f"{self.kind.label}：{self.topic}" if self.topic else self.kind.label


@dataclass(frozen=True)
class HeldItem:
    held_on: dt.date
    kind: MeetingKind
    title: str = ""

    @property
    def text(self) -> str:
        base = f"{self.held_on.month}月{self.held_on.day}日 {self.kind.label}"
        return f"{base}：{self.title}" if self.title else base


@dataclass
class PlanMonth:
    month: int
    planned: list[PlanItem] = field(default_factory=list)
    held: list[HeldItem] = field(default_factory=list)


@dataclass
class PlanBranch:
    name: str
    months: list[PlanMonth]


@dataclass
class PlanDoc:
    school_name: str
    year: int
    branches: list[PlanBranch]
    today: dt.date = field(default_factory=dt.date.today)
