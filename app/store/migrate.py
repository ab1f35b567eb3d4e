"""Create and upgrade the schema with Alembic only, after copying the store, without losing a row."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from app import paths
from app.errors import StoreError
from app.store.engine import Store


def alembic_config(url: str | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(paths.migrations_dir()))
    if url:
        cfg.set_main_option("sqlalchemy.url", url)
    return cfg


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head() or ""


def current_revision(store: Store) -> str | None:
    with store.engine.connect() as con:
        return MigrationContext.configure(con).get_current_revision()


def known_revisions() -> set[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def _has_tables(store: Store) -> bool:
    if not store.is_sqlite:
        return True
    with store.engine.connect() as con:
        return bool(con.execute(text("SELECT COUNT(*) FROM sqlite_master WHERE type='table'")).scalar_one())


def copy_before_migration(store: Store, from_revision: str | None) -> Path | None:
    """A verified copy of the SQLite file before its schema changes (online backup API, never a file copy)."""
    if not store.is_sqlite or store.path is None or not store.path.exists() or not _has_tables(store):
        return None
    from app.store.snapshot import verified_copy

    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = paths.backups_dir() / f"{store.path.stem}_迁移前-{from_revision or 'none'}_{stamp}.sqlite"
    try:
        return verified_copy(store.path, target)
    except StoreError as exc:
        raise StoreError("迁移前的备份失败，已停止升级，数据未改动。", details=[str(exc)]) from None


def upgrade(store: Store, revision: str = "head") -> bool:
    """Bring the store to `revision`; returns True when anything ran. Refuses a newer store."""
    current = current_revision(store)
    head = head_revision()
    if current is not None and current not in known_revisions():
        raise StoreError(
            f"此数据文件由更新版本的党建台账创建（数据结构版本 {current}），请升级程序后再打开。"
        )
    if current == head and revision == "head":
        return False
    copy_before_migration(store, current)
    cfg = alembic_config(store.url)
    with store.engine.connect() as con:
        if store.is_sqlite:
            # Batch mode drops and recreates tables; with foreign keys on that DROP would cascade.
            con.exec_driver_sql("PRAGMA foreign_keys = OFF")
        cfg.attributes["connection"] = con
        command.upgrade(cfg, revision)
        con.commit()
        if store.is_sqlite:
            problems = con.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            con.exec_driver_sql("PRAGMA foreign_keys = ON")
            if problems:
                raise StoreError(f"升级后外键检查发现 {len(problems)} 处问题，请联系维护人员。")
    return True


def main(argv: list[str] | None = None) -> int:  # pragma: no cover - developer tool
    """`python -m app.store.migrate revision "message"`: autogenerate a new revision."""
    import tempfile

    from app.store.engine import open_store

    args = argv if argv is not None else sys.argv[1:]
    if len(args) != 2 or args[0] != "revision":
        print('usage: python -m app.store.migrate revision "message"')
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "head.sqlite")
        upgrade(store)
        cfg = alembic_config(store.url)
        command.revision(cfg, message=args[1], autogenerate=True)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
