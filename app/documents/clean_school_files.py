"""清廉学校 as files: the list posters, the flow charts, the 三重一大 register, the 警示教育 log, and the
workbook out and back in. Each a service's plain data through its adapter; the GUI and the CLI call these."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.domain.clean_school import ListKind
from app.excel.integrity_workbook import lists_by_kind, read_lists, write_workbook
from app.printing.base import LANDSCAPE, POSTER
from app.printing.clean_school import render_activities, render_decisions, render_flowcharts, render_poster
from app.services import clean_lists, major_decisions, warning_education
from app.services.clean_lists import ListVersion
from app.store.uow import Ledger


def print_poster(ledger: Ledger, kind: ListKind, year: int, path: Path, *, version_id: str | None = None,
                 a4: bool = False) -> Path:
    """A list as a wall poster: A3 portrait, or A4 landscape."""
    doc = clean_lists.load_list(ledger, kind, year, version_id=version_id)
    return render_poster(doc, path, pagesize=LANDSCAPE if a4 else POSTER)


def print_flowcharts(ledger: Ledger, year: int, path: Path, *, version_id: str | None = None) -> Path:
    return render_flowcharts(clean_lists.load_list(ledger, ListKind.POWER, year, version_id=version_id), path)


def print_decisions(ledger: Ledger, year: int, path: Path) -> Path:
    return render_decisions(major_decisions.decision_register(ledger, year), path)


def print_activities(ledger: Ledger, year: int, path: Path) -> Path:
    return render_activities(warning_education.activity_log(ledger, year), path)


@dataclass(frozen=True)
class ExportedWorkbook:
    path: Path
    summary: str  # what was written, in the words the GUI and the CLI both show


def export_workbook(ledger: Ledger, year: int, path: Path) -> ExportedWorkbook:
    book = clean_lists.workbook_data(ledger, year)
    written = write_workbook(book, path)
    return ExportedWorkbook(written, f"{book.year} 年度清廉学校台账：权力事项 {len(book.powers)} 项，"
                                     f"负面清单 {len(book.negatives)} 项，风险点 {len(book.risks)} 项，"
                                     f"三重一大 {len(book.decisions)} 项，警示教育 {len(book.activities)} 次")


def import_lists(ledger: Ledger, year: int, path: Path) -> list[ListVersion]:
    """The lists of an edited workbook as new versions; any bad row (named by sheet and row) writes nothing."""
    lists = read_lists(path)
    return clean_lists.publish_imported(ledger, year, lists_by_kind(lists), problems=lists.errors)
