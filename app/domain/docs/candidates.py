"""The 入党申请人、入党积极分子、发展对象名册's plain data: built by app.services.candidates, rendered by
app.printing.candidates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class CandidateLine:
    name: str
    gender: str
    birth_date: dt.date | None
    id_number: str
    education: str
    category: str  # 入党申请人 / 入党积极分子 / 发展对象
    applied_on: dt.date | None
    activist_on: dt.date | None
    candidate_on: dt.date | None
    branch_name: str
    job: str


@dataclass
class CandidatesDoc:
    school_name: str
    rows: Sequence[CandidateLine]  # in print order (stage, then branch, then name)
    scope: str = ""
    full_ids: bool = False
    printed_on: dt.date = field(default_factory=dt.date.today)
