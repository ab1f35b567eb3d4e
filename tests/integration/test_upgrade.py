"""Upgrading over release 0.1 keeps every row: a store made by the first released schema (revision 0001)
opens in this version, migrates to head, and holds the same rows (counts and a content hash per table)."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from app.context import open_context
from app.store.engine import open_store
from app.store.migrate import current_revision, head_revision, upgrade

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "store_rev0001.sqlite"


def _tables(con: sqlite3.Connection) -> list[str]:
    return [r[0] for r in con.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
        "AND name != 'alembic_version' ORDER BY name")]


def _columns(con: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in con.execute(f'PRAGMA table_info("{table}")')]


def snapshot(path: Path, columns: dict[str, list[str]] | None = None) -> dict[str, tuple[int, str]]:
    """table → (row count, sha256 of its rows sorted); only the given columns, so added ones don't count."""
    con = sqlite3.connect(path)
    try:
        result = {}
        for table in _tables(con) if columns is None else list(columns):
            cols = _columns(con, table) if columns is None else columns[table]
            quoted = ", ".join(f'"{c}"' for c in cols)
            rows = sorted(repr(r) for r in con.execute(f'SELECT {quoted} FROM "{table}"'))
            result[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
        return result
    finally:
        con.close()


# Columns a migration may recompute from others (search keys, 0003): checked against their source instead.
DERIVED = {("member", "name_pinyin"), ("member", "name_initials")}


def _derived_keys_are_current(path: Path) -> None:
    from app.domain.search_keys import pinyin_keys

    con = sqlite3.connect(path)
    try:
        rows = con.execute("SELECT name, name_pinyin, name_initials FROM member").fetchall()
    finally:
        con.close()
    assert rows and all((full, initials) == pinyin_keys(name) for name, full, initials in rows)


@pytest.fixture
def old_store(tmp_path: Path) -> Path:
    target = tmp_path / "school.sqlite"
    shutil.copyfile(FIXTURE, target)
    return target


def test_fixture_is_the_first_released_schema(old_store: Path) -> None:
    con = sqlite3.connect(old_store)
    try:
        assert con.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
        counts = {t: con.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in _tables(con)}
    finally:
        con.close()
    assert all(n > 0 for n in counts.values()), counts  # every table has rows to lose


def test_released_migration_0001_is_unchanged(tmp_path: Path, old_store: Path) -> None:
    """A released migration is never edited: building revision 0001 today gives the fixture's schema."""
    store = open_store(tmp_path / "fresh.sqlite")
    upgrade(store, "0001")
    store.dispose()

    def schema(path: Path) -> list[tuple[str, str, str]]:
        con = sqlite3.connect(path)
        try:
            return sorted(con.execute("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"))
        finally:
            con.close()

    assert schema(tmp_path / "fresh.sqlite") == schema(old_store)


def test_upgrade_keeps_every_row(old_store: Path, data_dir: Path) -> None:
    con = sqlite3.connect(old_store)
    old_columns = {t: [c for c in _columns(con, t) if (t, c) not in DERIVED] for t in _tables(con)}
    con.close()
    before = snapshot(old_store, old_columns)

    ctx = open_context(old_store)  # what the program does on start: check, back up, migrate
    try:
        assert current_revision(ctx.store) == head_revision()
        from app.services import members

        with ctx.uow() as uow:
            assert members.count_members(uow) == 44  # 45 people, one transferred out
    finally:
        ctx.close()

    after = snapshot(old_store, old_columns)
    assert after == before
    _derived_keys_are_current(old_store)
    con = sqlite3.connect(old_store)
    try:
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        con.close()
    if head_revision() != "0001":  # a migration ran: the verified copy from before it must exist
        backups = list((data_dir / "backups").glob("*_迁移前-0001_*.sqlite"))
        assert backups and snapshot(backups[0], old_columns) == before


def test_upgrade_is_idempotent(old_store: Path) -> None:
    for _ in range(2):
        ctx = open_context(old_store)
        ctx.close()
    store = open_store(old_store)
    try:
        assert upgrade(store) is False
    finally:
        store.dispose()


def test_migration_backup_name_matches_what_the_upgrade_check_looks_for(tmp_path: Path, data_dir: Path) -> None:
    """The check above only runs once a second revision exists; keep its file pattern honest now."""
    from app.context import open_context
    from app.store import migrate

    ctx = open_context(tmp_path / "named.sqlite")
    try:
        migrate.copy_before_migration(ctx.store, "0001")
    finally:
        ctx.close()
    assert list((data_dir / "backups").glob("*_迁移前-0001_*.sqlite"))
