"""The one SQLite health check: `PRAGMA integrity_check` (or the faster `quick_check`) on a read-only connection.

Used by start-up (quick_check), every backup copy and restore preview, and the `check` command. It never
raises for a damaged file: SQLite's report (or its error message) about damaged pages can hold bytes that
are not UTF-8, which Python's sqlite3 would otherwise turn into a UnicodeDecodeError.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


def _lenient_text(raw: bytes) -> str:
    return raw.decode("utf-8", "replace")


def problems(path: Path, *, quick: bool = False) -> list[str]:
    """What the check finds wrong with the SQLite file at `path`; empty when it is healthy."""
    pragma = "quick_check" if quick else "integrity_check"
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            con.text_factory = _lenient_text
            rows = con.execute(f"PRAGMA {pragma}").fetchall()
        finally:
            con.close()
    except sqlite3.Error as exc:
        return [str(exc)]
    except UnicodeDecodeError as exc:  # SQLite quoted bytes of a damaged page (or schema) in its message
        return [f"damaged content (not UTF-8): {exc}"]
    found = [str(row[0]) for row in rows]
    return [] if found == ["ok"] else found
