"""Create and upgrade the schema with Alembic only, after copying the store, without losing a row.

Alembic itself (about 60 ms of imports) loads only when an upgrade is due: at an ordinary start the stored
revision (one SELECT) is compared with the head read from the revision files' own `revision =` and
`down_revision =` lines (a test checks it agrees with Alembic's).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import sys
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text

from app import paths
from app.errors import StoreError
from app.store import checkpoints
from app.store.engine import ABSENT, BLANK, HALF_MADE, Store, check_sqlite_file, ledger_state

if TYPE_CHECKING:
    from alembic.config import Config

_REVISION_LINE = re.compile(r"^(revision|down_revision)\s*(?::[^=]*)?=\s*(.+?)\s*$", re.MULTILINE)


def alembic_config(url: str | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(paths.migrations_dir()))
    if url:
        # configparser reads % as interpolation: a server URL with a percent-encoded password (p%40ss) or
        # options (?options=-csearch_path%3Dx) would stop every migration with a ValueError
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head() or ""


@cache
def head_revision_fast() -> str:
    """The head revision without importing Alembic: the one revision no other file names as its parent.
    "" when the files cannot be read plainly (then callers ask Alembic)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    try:
        files = sorted(paths.migrations_dir().joinpath("versions").glob("*.py"))
        for file in files:
            found = {m[1]: m[2] for m in _REVISION_LINE.finditer(file.read_text(encoding="utf-8"))}
            if "revision" not in found:
                return ""
            revisions.add(found["revision"].strip("'\""))
            down = found.get("down_revision", "None")
            if down != "None":
                if not re.fullmatch(r"['\"][\w-]+['\"]", down):
                    return ""  # a merge point (tuple) or something unusual: let Alembic decide
                parents.add(down.strip("'\""))
    except OSError:
        return ""
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else ""


def stored_revision(store: Store) -> str | None:
    """The store's `alembic_version` row with one SELECT; None for a store without one."""
    with store.engine.connect() as con:
        if not inspect(con).has_table("alembic_version"):
            return None
        return con.execute(text("SELECT version_num FROM alembic_version")).scalar()


def current_revision(store: Store) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with store.engine.connect() as con:
        return MigrationContext.configure(con).get_current_revision()


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

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
    if revision == "head" and (fast := head_revision_fast()) and stored_revision(store) == fast:
        return False  # the usual start: up to date, and Alembic never imported
    from alembic import command

    if store.is_sqlite and store.path is not None and store.path.exists():
        ledger_state(store.path)  # another program's file is refused before Alembic touches it
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


def _creating_name(path: Path) -> str:
    return f".{path.name}.creating-"


def _remove_with_sides(path: Path) -> None:
    for name in (path.name, path.name + "-wal", path.name + "-shm", path.name + "-journal"):
        with contextlib.suppress(OSError):
            path.with_name(name).unlink(missing_ok=True)


def ensure_created(path: Path) -> bool:
    """Before a writing session opens `path`: create the store if there is none, atomically.

    The schema is built under a temporary name beside `path` and renamed into place only when complete,
    so a kill leaves either no store or a whole one (README.md, 数据安全). A SQLite file with no tables,
    or a half-made store from an older version (the ledger's tables, no schema version, no rows) is
    rebuilt the same way; another program's file raises NotALedger untouched. The caller holds the
    store's write lock. Returns True when a store was built.
    """
    from sqlalchemy import event

    from app.files import fsync_dir, fsync_file
    from app.store.engine import open_store

    if path.exists() and (path.is_dir() or path.stat().st_size == 0):
        check_sqlite_file(path)  # refuses by stat alone: no descriptor of a store this process may hold
    if ledger_state(path) not in (ABSENT, BLANK, HALF_MADE):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in path.parent.glob(_creating_name(path) + "*"):  # left by a killed creation
        if not stale.name.endswith(("-wal", "-shm", "-journal")):
            _remove_with_sides(stale)
    building = path.with_name(f"{_creating_name(path)}{os.getpid()}")
    store = open_store(building, check=False)

    def created_table(_con, _cursor, statement: str, *_rest: object) -> None:
        if statement.lstrip()[:12].upper() == "CREATE TABLE":
            checkpoints.reach("store.created_table")

    event.listen(store.engine, "after_cursor_execute", created_table)
    try:
        upgrade(store)
        with store.engine.connect() as con:
            con.exec_driver_sql("PRAGMA journal_mode = DELETE")  # fold the WAL in: one complete file
    except BaseException:
        store.dispose()
        _remove_with_sides(building)
        raise
    store.dispose()
    fsync_file(building)
    checkpoints.reach("store.built")
    for side in ("-wal", "-shm", "-journal"):  # a half-made file's side files must not meet the new one
        with contextlib.suppress(OSError):
            path.with_name(path.name + side).unlink(missing_ok=True)
    os.replace(building, path)
    fsync_dir(path.parent)
    return True


def main(argv: list[str] | None = None) -> int:  # pragma: no cover - developer tool
    """`python -m app.store.migrate revision "message"`: autogenerate a new revision."""
    import tempfile

    from alembic import command

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
