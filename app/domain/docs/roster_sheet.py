"""A roster spreadsheet read into plain rows: read by app.excel.roster_reader, checked by
app.services.roster_import."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from app.domain.member_rules import MemberData


@dataclass
class SheetRow:
    """One data row: its number as Excel shows it, the parsed values, what could not be read."""

    row_number: int
    data: MemberData
    cells: dict[str, str]  # field → the cell as text, for the preview
    errors: list[str] = field(default_factory=list)
    bad_fields: set[str] = field(default_factory=set)
    birth_month: tuple[int, int] | None = None  # 出生年月 given without a day: checked against the ID


@dataclass
class RosterSheet:
    path: Path
    sheet_name: str
    title: str  # first text above the header, e.g. "XX学校党员花名册"
    header_row: int  # 1-based, as Excel shows it
    columns: dict[str, str]  # field → heading as written in the file
    ignored: list[str]
    rows: list[SheetRow]


Progress = Callable[[int], None]
