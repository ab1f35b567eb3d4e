"""Migration 0004: a first-release store's five dates per person become steps of the timeline, none lost."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from app.context import open_context

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "store_rev0001.sqlite"
COLUMNS = {"applied_on": 1, "activist_on": 4, "candidate_on": 8, "joined_on": 15, "full_on": 22}


def test_five_dates_become_steps(tmp_path: Path) -> None:
    target = tmp_path / "school.sqlite"
    shutil.copyfile(FIXTURE, target)
    con = sqlite3.connect(target)
    expected = set()
    for column, number in COLUMNS.items():
        for member_id, day in con.execute(f"SELECT id, {column} FROM member WHERE {column} IS NOT NULL"):
            expected.add((member_id, number, day))
    kept = [r[1] for r in con.execute('PRAGMA table_info("member")')
            if r[1] not in ("name_pinyin", "name_initials")]  # search keys are recomputed (0003)
    listed = ", ".join(f'"{c}"' for c in kept)
    members_before = con.execute(f"SELECT {listed} FROM member ORDER BY id").fetchall()
    con.close()
    assert len(expected) > 150  # the fixture has people at every stage

    ctx = open_context(target)
    ctx.close()

    con = sqlite3.connect(target)
    try:
        steps = set(con.execute("SELECT member_id, step_no, done_on FROM development_step"))
        outcomes = dict(con.execute("SELECT step_no, outcome FROM development_step WHERE step_no IN (1, 22)"))
        notes = {n for (n,) in con.execute("SELECT DISTINCT note FROM development_step")}
        assert con.execute(f"SELECT {listed} FROM member ORDER BY id").fetchall() == members_before
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        con.close()
    assert steps == expected
    assert outcomes == {1: "", 22: "full"}
    assert "由第一版“转正日期”转入" in notes
