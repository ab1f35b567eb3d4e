"""An import killed at the points the program reports leaves the store whole: all of the file or none of it.

The CLI import runs in a subprocess with DANGJIAN_KILL_AT (app/store/checkpoints.py), so each kill lands
exactly where it matters: during the safety backup's copy, after the first, a middle and the last batch
of rows has been written, after every row was written (all not yet committed), and right after the commit.
An import that committed in batches leaves rows behind.

The process is `app.cli.main` (what `dangjian` and `python -m app` run) with batches of 100 rows instead
of INSERT_CHUNK's 500, so that four batches take 400 rows: reading and checking the file is most of each
run's time, and one run per kill point is needed.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests import forked
from tests.roster_files import many_people, roster

ROOT = Path(__file__).resolve().parents[2]
CHUNK = 100
ROWS = 4 * CHUNK  # four batches
pytestmark = [pytest.mark.slow, pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")]

# app.cli.main with smaller batches; everything else as the program runs
ENTRY = f"""
import sys
from app.services import roster_import
assert roster_import.INSERT_CHUNK >= {CHUNK}
roster_import.INSERT_CHUNK = {CHUNK}
from app.cli import main
raise SystemExit(main(sys.argv[1:]))
"""


def _run(command: list[str], env: dict[str, str], **extra: str) -> subprocess.CompletedProcess:
    return forked.run(command, cwd=ROOT, env={**env, **extra}, capture_output=True, text=True,
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
    env = {**os.environ, "DANGJIAN_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": str(ROOT),
           "DANGJIAN_CHECKPOINTS": "1"}
    env.pop("DANGJIAN_KILL_AT", None)
    command = [sys.executable, "-c", ENTRY, "--db", str(db), "import", "members", str(path)]
    # create and migrate the store first, so the kills land in the import itself
    from app.context import open_context

    open_context(db).close()
    batches = ROWS // CHUNK
    for point in ("backup.copying", "import.rows_written", f"import.rows_written#{batches // 2}",
                  f"import.rows_written#{batches}", "import.written"):
        proc = _run(command, env, DANGJIAN_KILL_AT=point)
        assert proc.returncode == -signal.SIGKILL, f"{point}: not killed ({proc.returncode})\n{proc.stderr}"
        assert proc.stderr.rstrip().endswith(f"checkpoint {point.partition('#')[0]}"), proc.stderr[-500:]
        assert _count_and_check(db) == 0, f"killed at {point}: rows of an unfinished import were kept"
    done = _run(command, env, DANGJIAN_KILL_AT="import.committed")  # killed right after the commit: all kept
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert done.stderr.rstrip().endswith("checkpoint import.committed"), done.stderr[-500:]
    assert done.stderr.count("checkpoint import.rows_written") == batches
    assert _count_and_check(db) == ROWS


def test_an_import_killed_on_a_new_path_leaves_no_store(tmp_path: Path) -> None:
    """On a path with no store, a kill anywhere before the import is done - while the store is built, or
    with every row written - leaves no file under its name; the next import there clears what the killed
    one left and starts the store whole (app.store.new_store)."""
    from tests.roster_files import person

    path = roster(tmp_path / "r.xlsx", [person(1), person(2)])
    db = tmp_path / "s.sqlite"
    env = {**os.environ, "DANGJIAN_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": str(ROOT),
           "DANGJIAN_CHECKPOINTS": "1"}
    env.pop("DANGJIAN_KILL_AT", None)
    command = [sys.executable, "-m", "app", "--db", str(db), "import", "members", str(path)]
    for point in ("store.built", "import.written", "import.committed"):
        proc = _run(command, env, DANGJIAN_KILL_AT=point)
        assert proc.returncode == -signal.SIGKILL, f"{point}: not killed ({proc.returncode})\n{proc.stderr}"
        assert not [p.name for p in tmp_path.iterdir() if p.name.startswith("s.sqlite")], point
    done = _run(command, env)
    assert done.returncode == 0, done.stderr
    assert _count_and_check(db) == 2
    assert sorted(p.name for p in tmp_path.iterdir() if "s.sqlite" in p.name) == ["s.sqlite", "s.sqlite.clean"]
