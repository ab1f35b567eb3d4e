"""Save-to-temp-then-rename, the one way every file the app writes gets its final name.

The content is written to a temporary file beside the target (same folder, so the rename is atomic),
flushed to disk with fsync, and only then renamed over the target; the folder is fsynced after the rename
(POSIX). A failure or a kill at any point leaves the old file (or none) under the final name, never half
of a new one, and the temporary file is removed on failure.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Callable
from pathlib import Path

PART_SUFFIX = ".part"


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # pragma: no cover - directories cannot be opened for fsync on Windows
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def temp_beside(path: Path) -> Path:
    """A fresh temporary name in the target's folder (unique, so two writers never share one)."""
    return path.with_name(f"{path.name}.{uuid.uuid4().hex[:8]}{PART_SUFFIX}")


def write_atomically(path: Path | str, write: Callable[[Path], object]) -> Path:
    """Call `write(temporary path)`, fsync what it wrote, rename it to `path`; returns `path`.

    Exceptions from `write` or the file system propagate (callers word them for the user) after the
    temporary file is removed; `path` itself is then unchanged.
    """
    path = Path(path)
    tmp = temp_beside(path)
    try:
        write(tmp)
        fsync_file(tmp)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent if str(path.parent) else Path("."))
    return path


def write_text_atomically(path: Path | str, text: str) -> Path:
    return write_atomically(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
