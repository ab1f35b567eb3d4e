"""A writing command that may start a new store (`import`) builds it out of sight and puts it in place whole.

`dangjian import members FILE` on a path with no store used to create the store first and then read the
file: a missing or bad file, rows that fail their checks, or a kill left an empty store behind. Here the
store is built, and written, as `<folder>/.<name>.new-<pid>/<name>` (the same file name, so its backups are
named after the store), and only when the command succeeded is it linked to its real name, which never
replaces a file that appeared there meanwhile. A failure, or a kill, leaves no file under the real name;
the private folder of a killed build is removed by the next build beside it (README.md, 数据安全).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from pathlib import Path

from app.errors import StoreError, StoreLocked
from app.files import fsync_dir, fsync_file
from app.store import clean_close
from app.store import lock as store_lock

SIDES = ("-wal", "-shm", "-journal")


def _prefix(path: Path) -> str:
    return f".{path.name}.new-"


def _missing_folders(folder: Path) -> list[Path]:
    """`folder` and its ancestors that do not exist yet, deepest first (removed again after a failure)."""
    missing = []
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    return missing


class NewStorePlace:
    """Where a new store for `path` is built; `publish()` puts it in place, `discard()` removes what is left."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._made = _missing_folders(path.parent)
        path.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale(path)
        self.folder = path.parent / f"{_prefix(path)}{os.getpid()}"
        self.folder.mkdir(exist_ok=True)
        self.building = self.folder / path.name

    def publish(self) -> None:
        """Link the finished store to its real name; StoreError (the store left unpublished) when a file
        appeared there meanwhile. Call after the session closed (its engine disposed, its lock released)."""
        building, path = self.building, self.path
        keep_record = True
        if any(building.with_name(building.name + side).exists() for side in SIDES):
            con = sqlite3.connect(building)  # fold a left-over WAL in: the file alone must be the whole store
            try:
                con.execute("PRAGMA journal_mode = DELETE")
            finally:
                con.close()
            keep_record = False  # the header changed: the clean-close record no longer matches
        fsync_file(building)
        taken = StoreError(f"导入期间，另一个窗口或命令在同一位置新建了数据文件：{path}\n"
                           "本次导入没有保存，原有文件未改动，请确认后重新导入。")
        try:
            os.link(building, path)  # never replaces a file of that name
        except FileExistsError:
            raise taken from None
        except OSError:  # a file system without hard links (FAT32 USB sticks)
            if os.path.lexists(path):
                raise taken from None
            os.rename(building, path)  # Windows' rename never replaces either
        record = clean_close.record_path(building)
        with contextlib.suppress(OSError):
            if keep_record and record.exists():
                os.replace(record, clean_close.record_path(path))
        fsync_dir(path.parent)
        self._made = []  # the folders now hold the store

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        for folder in self._made:  # deepest first; only while empty
            with contextlib.suppress(OSError):
                folder.rmdir()


def _remove_stale(path: Path) -> None:
    """Private folders of builds that were killed: nobody holds their store's lock any more."""
    for stale in path.parent.glob(_prefix(path) + "*"):
        if not stale.is_dir():
            continue
        try:
            held = store_lock.acquire(stale / path.name)
        except (StoreLocked, StoreError):
            continue  # a build running right now
        held.release()
        shutil.rmtree(stale, ignore_errors=True)
