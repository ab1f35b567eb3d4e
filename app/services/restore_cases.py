"""Use cases of 恢复: replace the live store with a backup, or replace a damaged store file.

Both are assembled here once, for the GUI (data menu, start-up) and the CLI (`dangjian restore`).
"""

from __future__ import annotations

import os
from pathlib import Path

from app.errors import StoreError
from app.services import backup
from app.services.backup import BackupInfo, BackupPreview, DamagedRestore, RestoreResult
from app.services.progress import Progress, no_progress
from app.services.store_ledger import StoreLedger
from app.store import lock
from app.store.engine import sqlite_path


def look_into_backup(path: Path) -> BackupPreview:
    """What a backup holds (integrity-checked), shown before anything is replaced."""
    return backup.preview_backup(Path(path))


def restore_from_backup(ledger: StoreLedger, source: Path, *, progress: Progress = no_progress) -> RestoreResult:
    """Admin only: a safety backup of the live store, then its content replaced by `source`, audited.

    The ledger holds the store's write lock (an AppContext opened for writing does).
    """
    progress(0, 0, "正在备份当前数据并恢复…")
    return backup.restore_backup(ledger.store, Path(source), ledger.actor)


def newest_good_backup_of(target: str | os.PathLike[str] | None) -> BackupInfo | None:
    """The newest backup of the store named by --db / the default that passes its checks (None for a
    server store, or when none does)."""
    path = sqlite_path(target)
    return backup.newest_good_backup(path) if path is not None else None


def replace_damaged_store(target: str | os.PathLike[str] | None, source: Path) -> DamagedRestore:
    """A store that cannot be opened: take its write lock, keep a byte copy of the damaged file, put a
    verified copy of `source` in its place, release the lock. Nobody is logged in (the store cannot
    open), so this is the machine administrator's decision: the user said so at start-up or named the
    backup on the command line."""
    store_path = sqlite_path(target)
    if store_path is None:
        raise StoreError("服务器数据库请用数据库自身的工具恢复。")
    held = lock.acquire(store_path)
    try:
        return backup.replace_damaged(store_path, Path(source))
    finally:
        held.release()
