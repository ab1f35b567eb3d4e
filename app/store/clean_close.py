"""The clean-close record: lets a start-up skip `PRAGMA quick_check` on a file nobody touched since.

`quick_check` reads every page: 0.2 s on a county store in the file cache, several seconds after a reboot,
and it grows with the years of records. It only finds something when the file changed in a way SQLite
did not do itself, so it is needed when (a) the last writing session did not end cleanly, (b) anything
touched the file since (another program, a copy, a restore, a half-written USB stick), or (c) a while has
passed (a disk can rot in place).

When a writing session (it holds the store lock) closes its engine and SQLite has folded the WAL back, it
writes `<store>.clean` beside the store: the file's size, mtime and a hash of its 100-byte header (page
count, change counter, schema cookie), and the date the store was last checked. A start-up trusts the
file without a check only if all of these still match and that check is under CHECK_EVERY_DAYS old; the
writing session deletes the record as soon as it opens, so a crash leaves none behind. Anything else -
no record, a mismatch, a WAL left over, an unreadable record - means a check, exactly as before.
The record is a side file: the store itself is never written by this module.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
from pathlib import Path

from app.files import write_text_atomically

CHECK_EVERY_DAYS = 7
HEADER_BYTES = 100


def record_path(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + ".clean")


def wal_path(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + "-wal")


def fingerprint(store_path: Path) -> dict[str, object]:
    """Size, mtime and header hash. Only before this process connects: closing a descriptor of an open
    SQLite file would drop the process's POSIX locks on it."""
    st = store_path.stat()
    with store_path.open("rb") as fh:
        header = fh.read(HEADER_BYTES)
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "header": hashlib.sha256(header).hexdigest()}


def _wal_pending(store_path: Path) -> bool:
    wal = wal_path(store_path)
    try:
        return wal.stat().st_size > 0
    except FileNotFoundError:
        return False


def last_check_if_untouched(store_path: Path, today: dt.date | None = None) -> dt.date | None:
    """The date of the last check when the file is exactly as a clean close left it and that check is
    recent enough; None means: check now."""
    today = today or dt.date.today()
    try:
        record = json.loads(record_path(store_path).read_text(encoding="utf-8"))
        checked = dt.date.fromisoformat(record["checked"])
        if _wal_pending(store_path) or record.get("fingerprint") != fingerprint(store_path):
            return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    if not 0 <= (today - checked).days < CHECK_EVERY_DAYS:
        return None
    return checked


def forget(store_path: Path) -> None:
    """A writing session has begun: until it closes cleanly, the next start-up checks."""
    with contextlib.suppress(OSError):  # a record that cannot be removed stops matching at the first write
        record_path(store_path).unlink(missing_ok=True)


def _connection_open(store_path: Path) -> bool:
    """SQLite deletes -wal and -shm when the last connection (of any process) to a WAL store closes."""
    return any(store_path.with_name(store_path.name + suffix).exists() for suffix in ("-wal", "-shm", "-journal"))


def mark_clean(store_path: Path, checked: dt.date) -> bool:
    """After the session's last connection closed: remember the file as it is now. Never raises.

    Call only when no connection of this process is open on the store (see fingerprint())."""
    try:
        if not store_path.exists() or _connection_open(store_path):
            return False  # someone still has the store open, or SQLite could not checkpoint
        data = {"fingerprint": fingerprint(store_path), "checked": checked.isoformat()}
        target = record_path(store_path)
        write_text_atomically(target, json.dumps(data))
        return True
    except OSError:
        return False
