"""The exported roster's plain data: built by app.services.roster_export, written by app.excel.roster_writer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from app.domain import member_counts
from app.domain.member_rules import MemberData


@dataclass(frozen=True)
class RosterCounts:
    """How many people a roster file holds: the 党员花名册 and the 入党申请人等 (exported or imported)."""

    party: int  # 党员花名册: 正式党员 and 预备党员
    developing: int  # 入党申请人、入党积极分子、发展对象

    @property
    def total(self) -> int:
        return self.party + self.developing

    def describe(self) -> str:
        """党员 39 人，入党申请人等 6 人: what the file holds, in the words every count uses."""
        return f"{member_counts.party_text(self.party)}，{member_counts.developing_text(self.developing)}"


@dataclass(frozen=True)
class RosterExport:
    """What the writer needs: the school, the date, and one MemberData per person — the 党员花名册
    (正式党员, 预备党员) and, on a sheet of its own, the 入党申请人、入党积极分子、发展对象 (docs/domain.md)."""

    school_name: str
    exported_on: dt.date
    members: Sequence[MemberData]
    candidates: Sequence[MemberData] = ()

    @property
    def counts(self) -> RosterCounts:
        return RosterCounts(len(self.members), len(self.candidates))
