"""A roster spreadsheet read into plain rows: read by app.excel.roster_reader, checked by
app.services.roster_import. A workbook may hold several roster sheets (the export writes the 党员花名册 and
the 入党申请人等 apart, docs/domain.md); every row knows its sheet, so every message can name it."""

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
    sheet_name: str = ""  # the worksheet's tab, as Excel shows it

    @property
    def where(self) -> str:
        """工作表“入党申请人等”第5行 — how a message points at the row."""
        return where(self.sheet_name, self.row_number)


def where(sheet_name: str, row_number: int) -> str:
    return f"工作表“{sheet_name}”第{row_number}行" if sheet_name else f"第{row_number}行"


@dataclass
class RosterSheet:
    path: Path
    sheet_name: str
    title: str  # first text above the header, e.g. "XX学校党员花名册"
    header_row: int  # 1-based, as Excel shows it
    columns: dict[str, str]  # field → heading as written in the file
    ignored: list[str]
    rows: list[SheetRow]


@dataclass
class RosterBook:
    """Every sheet of a workbook that has a roster header, in the workbook's order."""

    path: Path
    sheets: list[RosterSheet]

    @property
    def rows(self) -> list[SheetRow]:
        return [row for sheet in self.sheets for row in sheet.rows]

    @property
    def title(self) -> str:
        """The first roster sheet's title ("XX学校党员花名册"): it names the school."""
        return next((s.title for s in self.sheets if s.title), "")


Progress = Callable[[int], None]
