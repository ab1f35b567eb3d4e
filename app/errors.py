"""Two kinds of error: a KnownError is an expected problem with a plain Chinese message; anything else is a bug."""

from __future__ import annotations


class KnownError(Exception):
    """An expected problem the user can act on (bad input, locked store, full disk).

    The message is shown as it is, in Chinese; `exit_code` is what the CLI returns.
    """

    exit_code = 2

    def __init__(self, message: str, *, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []

    def __str__(self) -> str:
        if not self.details:
            return self.message
        return self.message + "\n" + "\n".join(self.details)


class ValidationError(KnownError):
    """User input that breaks a rule; nothing was written."""


class NotFoundError(KnownError):
    """A record the user named does not exist."""


class PermissionDenied(KnownError):
    """The logged-in account's role does not allow this action."""

    exit_code = 3


class StoreError(KnownError):
    """The store cannot be opened or written safely (damaged, locked, newer version, full disk)."""

    exit_code = 4


class StoreLocked(StoreError):
    """Another process (a second window, a CLI command) holds the store's write lock."""


class StoreDamaged(StoreError):
    """The file is not a healthy store (empty, wrong type, failed integrity check); it was not touched."""


def os_error_text(exc: OSError) -> str:
    """An operating-system failure in plain words; a full disk (or file size limit) said as such."""
    import errno

    if exc.errno in (errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return "磁盘空间已满（或文件超过了允许的大小），请清理磁盘空间或换一个位置后重试"
    return str(exc.strerror or exc)
