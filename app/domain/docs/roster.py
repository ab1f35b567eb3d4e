"""The 党员花名册's plain data: built by app.services.print_data, rendered by app.printing.roster."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from app.domain.enums import Gender, MemberCategory, MemberStatus


@dataclass(frozen=True)
class RosterLine:
    """One printed person (ID number and phone in full: the renderer masks them unless asked not to)."""

    name: str
    gender: Gender | None
    ethnicity: str
    birth_date: dt.date | None
    id_number: str
    education: str
    category: MemberCategory
    status: MemberStatus
    branch_name: str
    joined_on: dt.date | None
    full_on: dt.date | None
    job: str
    phone: str


@dataclass
class RosterDoc:
    """Everything the 花名册 prints; rows in print order (the service sorts by branch, then name)."""

    school_name: str
    rows: Sequence[RosterLine]
    title: str = "党员花名册"
    scope: str = ""  # e.g. one branch's name; empty = the whole school
    full_ids: bool = False
    include_left: bool = False
    printed_on: dt.date = field(default_factory=dt.date.today)
