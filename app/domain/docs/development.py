"""The 发展党员 forms' plain data: built by app.services.development_print, rendered by
app.printing.development."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class DossierStep:
    number: int
    stage: int
    title: str
    on: dt.date | None = None
    basis: str = ""  # who decided, at which meeting
    details: str = ""  # introducers, 联系人, outcome, notes
    problems: tuple[str, ...] = ()
    reason: str = ""


@dataclass
class DossierDoc:
    school_name: str
    name: str
    stages: dict[int, str]
    steps: list[DossierStep]  # every step of the 25, recorded ones with their dates (repeats included)
    gender: str = ""
    birth_date: dt.date | None = None
    ethnicity: str = ""
    education: str = ""
    job: str = ""
    branch_name: str = ""
    standing: str = ""
    next_due: str = ""
    printed_on: dt.date = field(default_factory=dt.date.today)


@dataclass
class NoticeDoc:
    """公示 for a 发展对象 about to be admitted (kind "candidate") or a 预备党员 about to become full ("full")."""

    school_name: str
    branch_name: str
    kind: str
    name: str
    gender: str = ""
    birth_date: dt.date | None = None
    ethnicity: str = ""
    education: str = ""
    job: str = ""
    facts: list[tuple[str, str]] = field(default_factory=list)  # (label, value) lines of the person's path
    starts_on: dt.date = field(default_factory=dt.date.today)
    ends_on: dt.date = field(default_factory=dt.date.today)
    working_days: int = 5
    contact_person: str = ""
    contact_phone: str = ""
    issuer: str = ""  # the 党组织 that publishes it
    printed_on: dt.date = field(default_factory=dt.date.today)


@dataclass(frozen=True)
class LedgerLine:
    name: str
    gender: str
    birth_date: dt.date | None
    branch_name: str
    applied_on: dt.date | None
    activist_on: dt.date | None
    candidate_on: dt.date | None
    joined_on: dt.date | None
    standing: str
    last_step: str
    next_step: str
    due_on: dt.date | None
    overdue: bool = False
    problems: int = 0


@dataclass
class LedgerDoc:
    school_name: str
    year: int
    scope: str
    lines: list[LedgerLine]
    printed_on: dt.date = field(default_factory=dt.date.today)


@dataclass(frozen=True)
class DualLine:
    name: str
    branch_name: str
    category: str
    level: str
    level_on: dt.date | None
    started_on: dt.date
    responsible: str
    progress: str
    completed_on: dt.date | None


@dataclass
class DualDoc:
    school_name: str
    year: int
    scope: str
    to_member: list[DualLine]
    to_backbone: list[DualLine]
    printed_on: dt.date = field(default_factory=dt.date.today)
