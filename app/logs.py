"""Rotating log file in the data directory; bugs land here with their stack.

On a full disk (or a USB stick that is gone) the log itself cannot be written: the handler then keeps
quiet instead of printing logging's own traceback, remembers the failure, and `unexpected_error_text`
tells the user plainly that the disk is full instead of naming an empty log file (README.md, 数据安全).
"""

from __future__ import annotations

import errno
import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

_done = False
_FULL = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}
_FULL_WORDS = ("database or disk is full", "file too large", "no space left")


class _QuietHandler(RotatingFileHandler):
    """A log line that cannot be written is remembered, never turned into a traceback on stderr."""

    failure: BaseException | None = None

    def handleError(self, record: logging.LogRecord) -> None:
        import sys

        _QuietHandler.failure = sys.exc_info()[1]


def log_file() -> Path:
    from app import paths

    return paths.logs_dir() / "dangjian.log"


def setup_logging() -> None:
    global _done
    if _done:
        return
    try:
        handler: logging.Handler = _QuietHandler(log_file(), maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    except OSError as exc:  # the data folder cannot even hold an empty log
        _QuietHandler.failure = exc
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("dangjian")
    root.setLevel(logging.INFO)
    root.addHandler(handler)
    _done = True


def is_disk_full(exc: BaseException | None) -> bool:
    """A full disk (or a file size limit) anywhere in the exception's chain."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, OSError) and exc.errno in _FULL:
            return True
        if any(word in str(exc).lower() for word in _FULL_WORDS):
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


def unexpected_error_text(exc: BaseException) -> str:
    """After `log.exception(...)`: what to tell the user about an error that is not a KnownError."""
    if is_disk_full(exc) or is_disk_full(_QuietHandler.failure):
        return ("磁盘空间已满（或文件超过了允许的大小），操作没有完成，之前保存的数据不受影响。"
                f"请清理磁盘空间后重试（数据目录：{log_file().parent.parent}）。")
    if _QuietHandler.failure is not None:
        return f"程序遇到意外错误，操作没有完成。错误信息也无法写入日志（{_QuietHandler.failure}）。"
    return f"程序遇到意外错误，操作没有完成。详细信息已记录在 {log_file()}"
