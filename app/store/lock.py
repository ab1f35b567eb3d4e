"""One writer per store: an OS-level lock beside the file, held for the whole session.

SQLite only says "database is locked" at the moment of a write; this lock lets a second window (or a CLI
command that writes) say at once that the store is in use. The OS drops the lock when the holder dies,
so a crash never leaves a stale lock behind. Within one process the lock is shared (counted), because
the single-writer promise is between processes.
"""

from __future__ import annotations

import threading
from pathlib import Path

from filelock import FileLock, Timeout

from app.errors import StoreError, StoreLocked

IN_USE_MESSAGE = "数据文件正被另一个党建台账窗口使用"

_held: dict[Path, tuple[FileLock, int]] = {}
_guard = threading.Lock()


def lock_path(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + ".lock")


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
            lock, count = _held[self.store_path]
            if count > 1:
                _held[self.store_path] = (lock, count - 1)
                return
            del _held[self.store_path]
            lock.release(force=True)

    def sole_holder(self) -> bool:
        """True when no other session of this process holds the same store."""
        with _guard:
            return not self._released and _held.get(self.store_path, (None, 0))[1] == 1

    @property
    def released(self) -> bool:
        return self._released


def acquire(store_path: str | Path) -> StoreLock:
    """Take the write lock at once or raise StoreLocked with a message the user can act on."""
    path = Path(store_path).resolve()
    with _guard:
        if path in _held:
            lock, count = _held[path]
            _held[path] = (lock, count + 1)
            return StoreLock(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(lock_path(path), timeout=0, thread_local=False)
        try:
            lock.acquire()
        except Timeout:
            raise StoreLocked(
                f"{IN_USE_MESSAGE}（或一个命令正在写入它）：{path}\n"
                "请先关闭另一个窗口再试，或以只读方式打开。"
            ) from None
        except OSError as exc:
            raise StoreError(
                f"无法在数据文件所在的文件夹写入（{path.parent}）：{exc.strerror or exc}。"
                "请检查文件夹权限，或以只读方式打开。"
            ) from None
        _held[path] = (lock, 1)
        return StoreLock(path)

