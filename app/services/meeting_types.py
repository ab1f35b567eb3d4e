"""Plain dataclasses shared by the meeting services, the GUI editor and the exports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields

from app.domain.enums import AbsenceReason, AttendanceStatus, MeetingKind, MemberCategory


@dataclass
class AttendanceEntry:
    member_id: str
    name: str = ""
    status: AttendanceStatus = AttendanceStatus.PRESENT
    reason: AbsenceReason | None = None
    note: str = ""
    category: MemberCategory | None = None


@dataclass
class MeetingInput:
    """Everything a record holds; `attendance=None` means "everyone on the roster was present"."""

    organization_id: str
    kind: MeetingKind
    held_on: dt.date
    title: str = ""
    start_time: str = ""
    end_time: str = ""
    place: str = ""
    host: str = ""
    recorder: str = ""
    topics: str = ""
    content: str = ""
    resolutions: str = ""
    follow_up: str = ""
    first_topic_material: str = ""
    first_topic_speaker: str = ""
    lecturer: str = ""
    lecture_title: str = ""
    lecture_type: str = ""
    theme: str = ""
    form: str = ""
    votes_for: int | None = None
    votes_against: int | None = None
    votes_abstain: int | None = None
    observers: str = ""
    talk_member_a_id: str | None = None
    talk_member_b_id: str | None = None
    attendance: list[AttendanceEntry] | None = None
    also_kinds: str = ""  # 合并召开: comma-separated MeetingKind values this record also counts for
    vote_kind: str = ""  # VoteKind value; "" = the meeting did not vote or decide
    written_for: int = 0  # written opinions of absent members with a vote (admission votes)
    written_against: int = 0


COPIED_FIELDS = [f.name for f in fields(MeetingInput) if f.name not in ("attendance",)]
TEXT_FIELDS = [n for n in COPIED_FIELDS if n not in ("organization_id", "kind", "held_on", "votes_for", "votes_against",
                                         "votes_abstain", "talk_member_a_id", "talk_member_b_id",
                                         "written_for", "written_against")]


@dataclass(frozen=True)
class SaveResult:
    id: str
    warnings: list[str] = field(default_factory=list)
    expected: int = 0
    present: int = 0


@dataclass(frozen=True)
class RosterPerson:
    member_id: str
    name: str
    category: MemberCategory
    votes: bool = True  # 表决权 that day (正式党员, not 留党察看)
