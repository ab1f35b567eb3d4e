"""A verified copy of a SQLite store: online backup API → `.partial` → fsync → integrity_check → rename.

A half-written copy never carries a finished name: the rename within one folder is atomic and happens
only after the copy has been flushed to disk and checked. Every backup in the app goes through here.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from app import files
from app.errors import StoreDamaged, StoreError
from app.store import health

PARTIAL_SUFFIX = ".partial"

# (remaining pages, total pages) after each step; lets the GUI show progress.
Progress = Callable[[int, int], None]


# The copy is checked between its fsync and its rename, so it cannot use files.write_atomically itself.
_fsync_file = files.fsync_file
_fsync_dir = files.fsync_dir


def integrity_problems(path: Path) -> list[str]:
    """PRAGMA integrity_check on a read-only connection; empty when healthy (app.store.health)."""
    return health.problems(path)


def explain_os_error(exc: BaseException, target: Path) -> str:
    """Plain Chinese for the ways a backup target fails: full disk, vanished folder, no permission."""
    text = str(exc).lower()
    code = getattr(exc, "errno", None)
    if code == errno.ENOENT or not target.parent.is_dir():
        return f"目标文件夹不存在或已被移除（例如U盘被拔出）：{target.parent}"
    if code in (errno.ENOSPC, errno.EFBIG) or "full" in text or "disk i/o" in text or "too large" in text:
        return f"目标磁盘空间不足或无法写入（{target.parent}）。请换一个有足够空间的位置再试。"
    if code in (errno.EACCES, errno.EPERM, errno.EROFS) or "readonly" in text or "read-only" in text:
        return f"没有写入权限（{target.parent}）。请选择其他文件夹。"
    return f"写入失败（{target.parent}）：{exc}"


def verified_copy(source: Path, target: Path, *, progress: Progress | None = None,
                  pages_per_step: int = -1) -> Path:
    """Copy the store at `source` to `target` and return `target`; raise StoreError, leaving no
    file under `target`'s name, if anything fails. `source` may be open in this or another process."""
    if target.exists():
        raise StoreError(f"备份文件已存在：{target}")
    partial = target.with_name(target.name + PARTIAL_SUFFIX)
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(partial)
            try:
                def step(_status: int, remaining: int, total: int) -> None:
                    if progress is not None:
                        progress(remaining, total)

                src.backup(dst, pages=pages_per_step, progress=step)
                # The copy keeps the rollback journal: a single file, safe to carry on a USB stick.
                dst.execute("PRAGMA journal_mode = DELETE")
            finally:
                dst.close()
        finally:
            src.close()
        _fsync_file(partial)
        problems = integrity_problems(partial)
        if problems:
            raise StoreError("备份校验未通过（副本不完整），没有生成备份文件。", details=problems[:5])
        os.replace(partial, target)
        _fsync_dir(target.parent)
    except StoreError:
        _discard(partial)
        raise
    except sqlite3.DatabaseError as exc:
        _discard(partial)
        if "not a database" in str(exc) or "malformed" in str(exc):
            raise StoreDamaged(f"数据文件“{source}”已损坏或不是台账数据文件，无法备份。请从备份恢复。") from None
        raise StoreError("备份失败，没有生成备份文件：" + explain_os_error(exc, target)) from None
    except (sqlite3.Error, OSError) as exc:
        _discard(partial)
        raise StoreError("备份失败，没有生成备份文件：" + explain_os_error(exc, target)) from None
    except BaseException:  # cancelled by the user (progress raised) or interrupted: no half copy left
        _discard(partial)
        raise
    return target


def _discard(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)
    for extra in ("-journal", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            path.with_name(path.name + extra).unlink(missing_ok=True)
