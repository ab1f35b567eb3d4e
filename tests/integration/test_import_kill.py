"""An import killed at the points the program reports leaves the store whole: all of the file or none of it.

The CLI import runs in a subprocess with DANGJIAN_KILL_AT (app/store/checkpoints.py), so each kill lands
exactly where it matters: during the safety backup's copy, after the first, a middle and the last batch
of rows has been written (not yet committed). An import that committed in batches leaves rows behind.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app.services.roster_import import INSERT_CHUNK
from tests.roster_files import many_people, roster

ROOT = Path(__file__).resolve().parents[2]
ROWS = 2000  # four batches of INSERT_CHUNK rows
pytestmark = [pytest.mark.slow, pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")]


def _run(command: list[str], env: dict[str, str], **extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, env={**env, **extra}, capture_output=True, text=True,
                          encoding="utf-8", timeout=180)


def _count_and_check(db: Path) -> int:
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return con.execute("SELECT count(*) FROM member").fetchone()[0]
    finally:
        con.close()


def test_kill_during_import_is_all_or_nothing(tmp_path: Path) -> None:
    path = roster(tmp_path / "big.xlsx", many_people(ROWS))
    db = tmp_path / "s.sqlite"
    env = {**os.environ, "DANGJIAN_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": str(ROOT)}
    env.pop("DANGJIAN_KILL_AT", None)
    command = [sys.executable, "-m", "app", "--db", str(db), "import", "members", str(path)]
    # create and migrate the store first, so the kills land in the import itself
    from app.context import open_context

    open_context(db).close()
    batches = -(-ROWS // INSERT_CHUNK)
    for point in ("backup.copying", "import.rows_written", f"import.rows_written#{batches // 2}",
                  f"import.rows_written#{batches}"):
        proc = _run(command, env, DANGJIAN_KILL_AT=point, DANGJIAN_CHECKPOINTS="1")
        assert proc.returncode == -signal.SIGKILL, f"{point}: not killed ({proc.returncode})\n{proc.stderr}"
        assert proc.stderr.rstrip().endswith(f"checkpoint {point.partition('#')[0]}"), proc.stderr[-500:]
        assert _count_and_check(db) == 0, f"killed at {point}: rows of an unfinished import were kept"
    done = _run(command, env, DANGJIAN_CHECKPOINTS="1")
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("checkpoint import.rows_written") == batches
    assert _count_and_check(db) == ROWS
