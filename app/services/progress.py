"""Progress and cancel for long use cases, without Qt: the GUI's operation runner passes a reporter in.

A use case that loops over many rows (an import, printing a year, a backup's copy) calls
`progress(done, total, text)` now and then; the reporter raises `Cancelled` when the user pressed
取消, so the use case leaves through its unit of work, which rolls everything back.
"""

from __future__ import annotations

from typing import Protocol

from app.errors import KnownError


class Cancelled(KnownError):
    """The user cancelled a long operation; its unit of work rolled back, nothing was written."""

    exit_code = 130

    def __init__(self, message: str = "操作已取消，没有写入任何内容。") -> None:
        super().__init__(message)


class Progress(Protocol):
    def __call__(self, done: int, total: int = 0, text: str = "") -> None:
        """Report `done` of `total` steps (0 total: unknown); may raise Cancelled."""


def no_progress(done: int, total: int = 0, text: str = "") -> None:
    """The reporter for callers that show nothing (the CLI, tests)."""
