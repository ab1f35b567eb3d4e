"""Store opening, migration from empty, and refusal of files that are not a store."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from app.context import open_context
from app.errors import StoreError
from app.services import members
from app.store import migrate
from app.store.engine import open_store
from app.store.models import School


@pytest.mark.creates_store
def test_migration_from_empty_creates_every_table(store_path: Path) -> None:
    ctx = open_context(store_path)
    ctx.close()
    con = sqlite3.connect(store_path)
    tables = {r[0] for r in con.execute("select name from sqlite_master where type='table'")}
    assert {"member", "organization", "meeting", "attendance", "audit_log", "alembic_version"} <= tables
    assert con.execute("select version_num from alembic_version").fetchone()[0] == migrate.head_revision()
    assert con.execute("pragma journal_mode").fetchone()[0] == "wal"


def test_zero_length_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite"
    path.write_bytes(b"")
    with pytest.raises(StoreError, match="空文件"):
        open_store(path)
    assert path.stat().st_size == 0


def test_non_database_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.sqlite"
    path.write_bytes(b"PK\x03\x04 not a database at all" * 10)
    with pytest.raises(StoreError, match="不是台账数据文件"):
        open_store(path)


def test_newer_store_is_refused(store_path: Path) -> None:
    open_context(store_path).close()
    con = sqlite3.connect(store_path)
    con.execute("update alembic_version set version_num='9999_future'")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="更新版本"):
        open_context(store_path)


def test_demo_cli_fills_an_empty_store_and_refuses_a_full_one(store_path: Path, capsys) -> None:
    """`demo` may start a new store (the path names none yet: demo of the current year), and refuses a full one."""
    from app.cli import main

    assert not store_path.exists()
    assert main(["--db", str(store_path), "demo"]) == 0, capsys.readouterr().err
    assert store_path.exists() and "示范学校" in capsys.readouterr().out
    ctx = open_context(store_path)
    try:
        with ctx.uow() as uow:  # committed by app.services.demo_cases.make_demo_school, whole
            assert uow.session.scalar(select(School.name)) == "青山镇中心学校"
            assert members.count_members(uow) == 45
    finally:
        ctx.close()
    assert main(["--db", str(store_path), "demo", "--year", "2025"]) == 2
    assert "已有数据" in capsys.readouterr().err


def test_the_migrations_build_exactly_the_models_schema(ctx) -> None:
    """Alembic's autogenerate comparison of a store built by the migrations with the models finds nothing:
    an index or column added to app/store/models.py without its migration (or the other way) fails here."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from app.store.models import Base

    with ctx.store.engine.connect() as con:
        assert compare_metadata(MigrationContext.configure(con), Base.metadata) == []
