"""Plain data of the 清廉学校 documents: what services build and printing / Excel render. No I/O."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from app.domain.clean_school import DecisionCategory, DecisionMethod, ListKind, RiskLevel, WarningForm


@dataclass
class PowerRow:
    name: str
    basis: str = ""
    responsible: str = ""
    steps: str = ""
    risk_points: str = ""
    risk_level: RiskLevel = RiskLevel.MEDIUM
    measures: str = ""
    supervision: str = ""
    leader: str = ""


@dataclass
class NegativeRow:
    conduct: str
    category: str = ""
    consequence: str = ""


@dataclass
class RiskRow:
    subject: str
    risk: str
    level: RiskLevel = RiskLevel.MEDIUM
    measures: str = ""
    person: str = ""
    review_on: dt.date | None = None


ListRow = PowerRow | NegativeRow | RiskRow


@dataclass
class CleanListDoc:
    """One version of one list, as adopted."""

    kind: ListKind
    school_name: str
    year: int
    version: int
    adopted_on: dt.date
    rows: list[ListRow]
    version_id: str = ""
    note: str = ""

    @property
    def title(self) -> str:
        return f"{self.school_name}{self.kind.label}"


@dataclass
class DecisionRow:
    topic: str
    category: DecisionCategory
    method: DecisionMethod = DecisionMethod.MEETING
    basis: str = ""
    proposer: str = ""
    consultation: str = ""
    party_meeting_on: dt.date | None = None
    party_meeting_title: str = ""
    party_meeting_id: str | None = None
    office_meeting_on: dt.date | None = None
    amount: Decimal | None = None
    expected: int = 0
    present: int = 0
    attendees: str = ""
    opinions: str = ""
    votes_for: int | None = None
    votes_against: int | None = None
    votes_abstain: int | None = None
    decision: str = ""
    executor: str = ""
    deadline: dt.date | None = None
    follow_up: str = ""
    attachments_note: str = ""
    id: str = ""
    flags: list[str] = field(default_factory=list)

    @property
    def vote_text(self) -> str:
        if self.votes_for is None and self.votes_against is None and self.votes_abstain is None:
            return ""
        return f"赞成 {self.votes_for or 0}，反对 {self.votes_against or 0}，弃权 {self.votes_abstain or 0}"


@dataclass
class DecisionRegisterDoc:
    school_name: str
    year: int
    threshold: Decimal
    rows: list[DecisionRow]
    printed_on: dt.date


@dataclass
class ActivityRow:
    held_on: dt.date
    form: WarningForm
    title: str
    content: str = ""
    place: str = ""
    reflections: str = ""
    participant_ids: list[str] = field(default_factory=list)
    participant_names: list[str] = field(default_factory=list)
    id: str = ""


@dataclass
class ActivityLogDoc:
    school_name: str
    year: int
    rows: list[ActivityRow]
    printed_on: dt.date


@dataclass
class IntegrityWorkbook:
    """Everything `export integrity` writes and `import integrity` reads back (the lists)."""

    school_name: str
    year: int
    powers: list[PowerRow]
    negatives: list[NegativeRow]
    risks: list[RiskRow]
    decisions: list[DecisionRow] = field(default_factory=list)
    activities: list[ActivityRow] = field(default_factory=list)
