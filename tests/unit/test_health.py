"""The one SQLite health check (app/store/health.py), used by start-up, backups, restore previews and `check`."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.store import engine, health, snapshot


def _store_with_non_utf8_schema(path: Path) -> Path:
    """An index whose name and root page were overwritten: SQLite's report quotes bytes that are not UTF-8."""
    con = sqlite3.connect(path)
    con.executescript("""
        create table t(a); create index ia on t(a); insert into t values (1), (2), (3);
        create table u(a); create index iu on u(a); insert into u values (7);
    """)
    con.commit()
    root = con.execute("select rootpage from sqlite_master where name = 'iu'").fetchone()[0]
    con.execute("PRAGMA writable_schema = ON")
    con.execute("update sqlite_master set rootpage = ?, name = CAST(X'69FF61' AS TEXT), "
                "sql = replace(sql, 'ia', CAST(X'22FF22' AS TEXT)) where name = 'ia'", (root,))
    con.commit()
    con.close()
    return path


def _healthy(path: Path) -> Path:
    con = sqlite3.connect(path)
    con.execute("create table t(a)")
    con.execute("insert into t values (1)")
    con.commit()
    con.close()
    return path


@pytest.mark.parametrize("check", [
    lambda p: health.problems(p), lambda p: health.problems(p, quick=True),
    engine.quick_check, snapshot.integrity_problems])
def test_every_check_reports_bytes_that_are_not_utf8_instead_of_crashing(tmp_path: Path, check) -> None:
    bad = _store_with_non_utf8_schema(tmp_path / "bad.sqlite")
    found = check(bad)
    assert found and all(isinstance(p, str) for p in found)
    assert check(_healthy(tmp_path / "good.sqlite")) == []


def test_check_store_says_damaged(tmp_path: Path) -> None:
    from app.services.integrity import check_store

    report = check_store(_store_with_non_utf8_schema(tmp_path / "bad.sqlite"))
    assert not report.ok and "已损坏" in report.problems[0]


def test_a_file_that_is_not_sqlite_is_a_problem_not_an_exception(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    assert health.problems(junk)
