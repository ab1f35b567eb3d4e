"""A large import killed at a random moment leaves the store whole: all of the file or none of it."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.roster_files import many_people, roster

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_kill_during_import_is_all_or_nothing(tmp_path: Path) -> None:
    path = roster(tmp_path / "big.xlsx", many_people(5000))
    db = tmp_path / "s.sqlite"
    env = {**os.environ, "DANGJIAN_DATA_DIR": str(tmp_path / "data")}
    command = [sys.executable, "-m", "app", "--db", str(db), "import", "members", str(path)]
    # create and migrate the store first, so the kills land in the import itself
    subprocess.run([sys.executable, "-m", "app", "--db", str(db), "export", "template", "-o",
                    str(tmp_path / "t.xlsx")], cwd=ROOT, env=env, check=True, capture_output=True, timeout=120)
    rng = random.Random(7)
    for _attempt in range(6):
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.4, 2.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        with sqlite3.connect(db) as con:
            assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            count = con.execute("SELECT count(*) FROM member").fetchone()[0]
        assert count in (0, 5000)
        if count:
            break  # a later import would only report duplicates
