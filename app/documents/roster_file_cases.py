"""Use cases of roster files: preview and import a spreadsheet (verified safety backup first), export the
roster, save the blank template. The GUI and the CLI call these same functions (docs/architecture.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.documents import roster_files
from app.domain.docs.roster_export import RosterCounts
from app.services import backup, roster_import
from app.services.members import MemberQuery
from app.services.permissions import require_admin
from app.services.progress import Progress, no_progress
from app.services.roster_import import ImportReport, ImportResult
from app.services.store_ledger import StoreLedger
from app.store import checkpoints
from app.store.uow import Ledger


@dataclass(frozen=True)
class RosterImported:
    result: ImportResult
    safety_backup: Path | None  # the verified copy taken just before writing; None for a server store


@dataclass(frozen=True)
class RosterExported:
    path: Path
    counts: RosterCounts  # each sheet's people: 党员花名册, 入党申请人等

    @property
    def count(self) -> int:
        return self.counts.total

    def describe(self) -> str:
        """党员 39 人，入党申请人等 6 人."""
        return self.counts.describe()


def _rows_read(progress: Progress, text: str) -> Callable[[int], None]:  # the reader counts rows read
    return lambda rows: progress(rows, 0, f"{text}（已读到第 {rows} 行）")


def preview_roster_file(ledger: Ledger, path: Path, *, today: dt.date | None = None,
                        progress: Progress = no_progress) -> ImportReport:
    """Read and check every row against the store; writes nothing."""
    with ledger.uow() as uow:
        return roster_files.preview_import(uow, path, today=today,
                                            progress=_rows_read(progress, "正在读取并检查文件…"))


def import_roster_file(ledger: StoreLedger, path: Path, *, skip_invalid: bool = False,
                       today: dt.date | None = None, progress: Progress = no_progress) -> RosterImported:
    """Import a roster with its verified safety backup first, all rows in one transaction.

    Admin only. The file is read and checked first (an invalid file writes nothing and takes no backup);
    then the store is copied and verified (a failed backup stops the import); then every row is written
    and committed once. `progress` raising Cancelled at any point leaves the store as it was.
    """
    require_admin(ledger.actor, "导入花名册")
    with ledger.uow() as uow:
        report = roster_files.preview_import(uow, path, today=today,
                                              progress=_rows_read(progress, "正在读取并检查文件…"))
        roster_import.refuse_invalid(report, skip_invalid=skip_invalid)
        progress(0, 0, "正在备份当前数据…")
        safety = backup.safety_backup(ledger.store, backup.BEFORE_IMPORT)
        result = roster_import.apply_import(uow, report, skip_invalid=skip_invalid, progress=progress)
        checkpoints.reach("import.written")
        uow.commit()
    checkpoints.reach("import.committed")
    return RosterImported(result, safety)


def export_roster_file(ledger: Ledger, path: Path, query: MemberQuery | None = None) -> RosterExported:
    """The roster with FULL ID numbers to .xlsx (admin only); the export is recorded in the audit log."""
    with ledger.uow() as uow:
        written, counts = roster_files.export_roster(uow, path, query)
        uow.commit()
    return RosterExported(written, counts)


def save_import_template(ledger: Ledger, path: Path) -> Path:
    """The blank import template, headed with the school's name; writes nothing to the store."""
    with ledger.uow() as uow:
        return roster_files.export_template(uow, path)
