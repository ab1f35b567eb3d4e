"""The 会议台账's plain data: built by app.services.meeting_export, written by app.excel.meeting_ledger."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.domain.enums import MeetingKind


@dataclass(frozen=True)
class LedgerMeeting:
    kind: MeetingKind
    held_on: dt.date
    time: str
    organization: str
    title: str
    place: str
    host: str
    recorder: str
    expected: int
    present: int
    absentees: str  # 姓名（原因）、…
    observers: str
    first_topic: str
    topics: str
    content: str
    resolutions: str
    follow_up: str
    lecturer: str = ""
    lecture_title: str = ""
    lecture_type: str = ""
    theme: str = ""
    form: str = ""
    votes: str = ""  # 赞成/反对/弃权
    talk_people: str = ""
    attachments: int = 0


@dataclass(frozen=True)
class LedgerAttendance:
    held_on: dt.date
    kind: MeetingKind
    organization: str
    title: str
    name: str
    status: str
    reason: str
    note: str


@dataclass(frozen=True)
class Ledger:
    year: int
    school_name: str
    meetings: list[LedgerMeeting]
    attendance: list[LedgerAttendance]
