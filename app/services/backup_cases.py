"""Use cases of 备份: a verified copy now (the data folder) or to a folder the user picked (e.g. a USB stick).

Each copy goes through app.services.backup (verified, atomic). Progress counts pages copied; the GUI's
reporter raising Cancelled stops the copy, and no file carries a finished backup's name.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from app import paths
from app.errors import StoreError
from app.services import backup
from app.services.progress import Progress, no_progress
from app.services.store_ledger import StoreLedger

PAGES_PER_STEP = 1024  # 4 MB of a 4 KB-page store between progress reports (and chances to cancel)


def _store_file(ledger: StoreLedger) -> Path:
    store = ledger.store
    if not store.is_sqlite or store.path is None:
        raise StoreError("服务器数据库请用数据库自身的备份工具（如 pg_dump）。")
    return store.path


def _pages(progress: Progress, text: str) -> Callable[[int, int], None]:  # pages left of the total
    return lambda remaining, total: progress(max(0, total - remaining), total, text)


def back_up_now(ledger: StoreLedger, *, progress: Progress = no_progress) -> Path:
    """A verified manual backup in the data folder's backups (kept by the rotation)."""
    source = _store_file(ledger)
    progress(0, 0, "正在备份…")
    return backup.backup_file(source, paths.backups_dir(), backup.MANUAL,
                              progress=_pages(progress, "正在备份…"), pages_per_step=PAGES_PER_STEP)


def back_up_to_folder(ledger: StoreLedger, folder: Path, *, progress: Progress = no_progress) -> Path:
    """「备份到U盘」 (GUI) and `backup -o DIR` (CLI): a verified copy in `folder`. The copy holds every ID
    number in full, so only an administrator may take it, it is recorded in the audit log, and a session
    that cannot write that row (read-only) is refused (backup.backup_to_folder)."""
    source = _store_file(ledger)
    progress(0, 0, "正在备份…")
    return backup.backup_to_folder(ledger, source, Path(folder), progress=_pages(progress, "正在备份到所选位置…"),
                                   pages_per_step=PAGES_PER_STEP)
