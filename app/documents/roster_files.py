"""Roster files, the steps inside one open unit of work: read a spreadsheet and check it against the store
(app.excel.roster_reader, then app.services.roster_import), write the roster or the blank template
(app.services.roster_export, then app.excel.roster_writer). The use cases in roster_file_cases join them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from app.domain.docs.roster_export import RosterCounts
from app.domain.docs.roster_sheet import Progress as RowsRead
from app.excel.roster_reader import read_roster
from app.excel.roster_writer import write_roster, write_template
from app.services import organizations, roster_export
from app.services.members import MemberQuery
from app.services.permissions import require_admin
from app.services.roster_import import ImportReport, ImportResult, apply_import, validate_book
from app.store.uow import UnitOfWork


def preview_import(uow: UnitOfWork, path: Path | str, *, today: dt.date | None = None,
                   progress: RowsRead | None = None) -> ImportReport:
    """Read and validate the whole file against the store; writes nothing."""
    book = read_roster(path, progress=progress)  # every sheet with a roster header
    return validate_book(uow, book, today=today)


def import_roster(uow: UnitOfWork, path: Path | str, *, skip_invalid: bool = False,
                  today: dt.date | None = None, progress: RowsRead | None = None) -> ImportResult:
    """Validate, then write everything in the caller's one transaction (the caller commits).

    Any invalid row without `skip_invalid`: ValidationError listing every error, nothing written.
    """
    require_admin(uow.actor, "导入花名册")
    report = preview_import(uow, path, today=today, progress=progress)
    return apply_import(uow, report, skip_invalid=skip_invalid)


def export_roster(uow: UnitOfWork, path: Path | str,
                  query: MemberQuery | None = None) -> tuple[Path, RosterCounts]:
    """Write the roster: the 党员花名册 sheet and the 入党申请人等 sheet; records the export (full ID
    numbers leave the program) in the audit log with what each sheet holds.

    Full ID and phone numbers leave the program, so only an administrator may do it (PIPL).
    """
    require_admin(uow.actor, "导出含完整身份证号的花名册")
    export = roster_export.roster_for_export(uow, query)
    target = roster_export.xlsx_name(path)
    roster_export.record_export(uow, target, export)  # recorded before the file exists
    return write_roster(target, export), export.counts


def export_template(uow: UnitOfWork, path: Path | str) -> Path:
    school = organizations.get_school(uow)
    return write_template(path, school.name if school else "")
