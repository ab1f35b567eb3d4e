"""The exported roster's plain data: built by app.services.roster_export, written by app.excel.roster_writer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from app.domain.member_rules import MemberData


@dataclass(frozen=True)
class RosterExport:
    """What the writer needs: the school, the date, and one MemberData per person."""

    school_name: str
    exported_on: dt.date
    members: Sequence[MemberData]
