"""One writer per store: OS-level locks held for the whole session.

SQLite only says "database is locked" at the moment of a write; this lock lets a second window (or a CLI
command that writes) say at once that the store is in use. The OS drops the lock when the holder dies,
so a crash never leaves a stale lock behind. Within one process the lock is shared (counted), because
the single-writer promise is between processes.

Two locks: one beside the file (by its resolved path, so a symlink finds it, and other machines on a
shared folder see it), and one keyed on the file's identity - device and inode, the volume serial and
file ID on Windows - in the machine's temporary folder, so a hardlink under another name or folder finds
it too (README.md, 数据安全, "the store through a hardlink or symlink").
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import threading
from pathlib import Path

from filelock import FileLock, Timeout

from app.errors import StoreError, StoreLocked

IN_USE_MESSAGE = "数据文件正被另一个党建台账窗口使用"

_held: dict[Path, tuple[list[FileLock], int]] = {}
_guard = threading.Lock()


def lock_path(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + ".lock")


def identity_lock_path(store_path: Path) -> Path | None:
    """The lock named by the file's identity; None while the file does not exist."""
    try:
        st = os.stat(store_path)
    except OSError:
        return None
    return Path(tempfile.gettempdir()) / "dangjian-locks" / f"{st.st_dev:x}-{st.st_ino:x}.lock"


def _in_use(path: Path) -> StoreLocked:
    return StoreLocked(f"{IN_USE_MESSAGE}（或一个命令正在写入它）：{path}\n"
                       "请先关闭另一个窗口再试，或以只读方式打开。")


def _take(lock_file: Path, store_path: Path) -> FileLock:
    lock = FileLock(lock_file, timeout=0, thread_local=False)
    try:
        lock.acquire()
    except Timeout:
        raise _in_use(store_path) from None
    return lock


def _take_identity(store_path: Path) -> FileLock | None:
    target = identity_lock_path(store_path)
    if target is None:
        return None
    try:
        if not target.parent.is_dir():
            target.parent.mkdir(parents=True, exist_ok=True)
            with contextlib.suppress(OSError):
                os.chmod(target.parent, 0o1777)  # shared by every account of the machine, like /tmp
        return _take(target, store_path)
    except StoreLocked:
        raise
    except OSError:
        return None  # no usable temporary folder: the lock beside the file still holds


class StoreLock:
    """The session's hold on one store's write lock; `release()` is idempotent."""

    def __init__(self, store_path: Path) -> None:
        self.store_path = store_path
        self._released = False

    def release(self) -> None:
        if self._released:
            return
        self._released = True
        with _guard:
            locks, count = _held[self.store_path]
            if count > 1:
                _held[self.store_path] = (locks, count - 1)
                return
            del _held[self.store_path]
            for lock in reversed(locks):
                lock.release(force=True)

    def hold_identity(self) -> None:
        """Also take the identity lock once the file exists (a store this session just created)."""
        with _guard:
            locks = _held[self.store_path][0]
            if len(locks) > 1:
                return
            identity = _take_identity(self.store_path)
            if identity is not None:
                locks.append(identity)

    def sole_holder(self) -> bool:
        """True when no other session of this process holds the same store."""
        with _guard:
            return not self._released and _held.get(self.store_path, ([], 0))[1] == 1

    @property
    def released(self) -> bool:
        return self._released


def acquire(store_path: str | Path) -> StoreLock:
    """Take the write lock at once or raise StoreLocked with a message the user can act on."""
    path = Path(store_path).resolve()
    with _guard:
        if path in _held:
            locks, count = _held[path]
            _held[path] = (locks, count + 1)
            return StoreLock(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            beside = _take(lock_path(path), path)
        except OSError as exc:
            raise StoreError(
                f"无法在数据文件所在的文件夹写入（{path.parent}）：{exc.strerror or exc}。"
                "请检查文件夹权限，或以只读方式打开。"
            ) from None
        try:
            identity = _take_identity(path)
        except StoreLocked:
            beside.release(force=True)
            raise
        _held[path] = ([beside] if identity is None else [beside, identity], 1)
        return StoreLock(path)
