"""Open a store: a SQLite file (the default) or any SQLAlchemy URL, with safe SQLite settings."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from app.errors import StoreDamaged, StoreError

SQLITE_HEADER = b"SQLite format 3\x00"


class NotALedger(StoreError):
    """A SQLite file of another program (or a half-made store holding rows): never migrated or changed.

    Not a StoreDamaged: nothing may offer to replace another program's file with a backup.
    """


# What `ledger_state` finds at a path (README.md, 数据安全, "another program's SQLite file").
ABSENT = "absent"      # no file: a new store may be created (atomically, app.store.create)
BLANK = "blank"        # a SQLite file with no tables at all
HALF_MADE = "half_made"  # some of the ledger's tables, no schema version, no rows: a killed creation
LEDGER = "ledger"      # has a schema version row


@dataclass
class Store:
    """An open store: its engine, a session factory and, for SQLite, the file path."""

    engine: Engine
    session_factory: sessionmaker[Session]
    url: str
    path: Path | None
    checked_on: dt.date | None = None  # the day the file last passed quick_check (SQLite only)

    @property
    def is_sqlite(self) -> bool:
        return self.path is not None

    def dispose(self) -> None:
        self.engine.dispose()


def display_target(url: str) -> str:
    """A URL as it may be shown or logged: the password hidden."""
    if "://" not in url:
        return url
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # not a URL we can parse: show nothing of it that could be secret
        return url.split("@", 1)[-1]


def resolve_target(value: str | os.PathLike[str] | None) -> str:
    """`--db` / DANGJIAN_DB value → a SQLAlchemy URL; a value with `://` is taken as a URL already."""
    if value is None:
        value = os.environ.get("DANGJIAN_DB") or ""
    value = str(value)
    if "://" in value:
        return value
    if not value:
        from app.paths import default_store_path

        value = str(default_store_path())
    return "sqlite:///" + str(Path(value).expanduser().resolve())


def sqlite_path(target: str | os.PathLike[str] | None) -> Path | None:
    """The file behind `target` when it names a SQLite store; None for a server URL."""
    parsed = make_url(resolve_target(target))
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def is_network_path(path: Path) -> bool:
    """WAL needs shared memory, which network shares (\\\\server\\share, mapped drives) do not give."""
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return True
    if sys.platform == "win32":  # pragma: no cover - Windows only
        import ctypes

        drive = os.path.splitdrive(str(path.resolve()))[0] + "\\"
        return ctypes.windll.kernel32.GetDriveTypeW(drive) == 4  # DRIVE_REMOTE
    return False


def check_sqlite_file(path: Path) -> None:
    """Refuse, without touching it, a file that is not a SQLite store (empty, wrong type, damaged).

    Only before this process connects to `path`: closing any descriptor of a file drops every POSIX
    lock the process holds on it, including SQLite's (the classic way to corrupt a WAL store).
    """
    if not path.exists():
        return
    if path.is_dir():
        raise StoreError(f"“{path}”是文件夹，不是台账数据文件。")
    size = path.stat().st_size
    if size == 0:
        raise StoreDamaged(
            f"数据文件“{path}”是空文件（0字节）。这可能是文件损坏或路径错误，程序没有改动它。"
            "请从备份恢复，或检查路径。"
        )
    with path.open("rb") as fh:
        header = fh.read(16)
    if header != SQLITE_HEADER:
        raise StoreDamaged(f"“{path}”不是台账数据文件（文件类型不对或已损坏），程序没有改动它。")


def _ledger_tables() -> set[str]:
    from app.store.models import Base

    return set(Base.metadata.tables) | {"alembic_version"}


def ledger_state(path: Path) -> str:
    """Classify the file at `path` without writing to it (read-only connection, after check_sqlite_file).

    Raises NotALedger for a file with tables that are not the ledger's, or with the ledger's tables and
    rows but no schema version: neither is ever migrated, written or switched to WAL.
    """
    if not path.exists():
        return ABSENT
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite!_%' ESCAPE '!'")}
            version = (con.execute("SELECT version_num FROM alembic_version").fetchone()
                       if "alembic_version" in tables else None)
            if version is not None:
                return LEDGER
            if not tables:
                return BLANK
            own = _ledger_tables()
            foreign = sorted(t for t in tables if t not in own and not t.startswith("_alembic_tmp_"))
            if foreign:
                raise NotALedger(
                    f"“{path}”不是党建台账的数据文件（其中有其他程序的表，如 {foreign[0]}），程序没有改动它。"
                    "请检查 --db 指定的路径。")
            rows = sum(con.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables)
        finally:
            con.close()
    except (sqlite3.DatabaseError, UnicodeDecodeError):
        return LEDGER  # unreadable: quick_check reports the damage in plain words
    if rows:
        raise NotALedger(
            f"“{path}”像是未建完的台账数据文件（没有数据结构版本，但已有 {rows} 行数据），程序没有改动它。"
            "请从备份恢复，或联系维护人员。")
    return HALF_MADE


def quick_check(path: Path) -> list[str]:
    """PRAGMA quick_check on a read-only connection; returns the problems (empty when healthy)."""
    from app.store import health

    return health.problems(path, quick=True)


def _check_file(path: Path) -> dt.date | None:
    """Refuse a damaged file before anything connects to it. `quick_check` is skipped only for a file
    exactly as a clean close left it, checked within the last days (app.store.clean_close)."""
    from app.store import clean_close

    check_sqlite_file(path)
    if not path.exists():
        return dt.date.today()  # created now, by SQLite
    if ledger_state(path) == HALF_MADE:
        raise StoreError(f"“{path}”是未建完的台账数据文件（创建时被中断，其中没有数据），请重新打开以重建它。")
    if (checked := clean_close.last_check_if_untouched(path)) is not None:
        return checked
    if problems := quick_check(path):
        raise StoreDamaged(
            f"数据文件“{path}”已损坏（完整性检查未通过），程序没有改动它。请从备份恢复。",
            details=[f"技术信息：{problem}" for problem in problems[:3]],
        )
    return dt.date.today()


def _sqlite_pragmas(journal_mode: str, read_only: bool):
    def on_connect(dbapi_con, _record) -> None:
        cur = dbapi_con.cursor()
        cur.execute("PRAGMA busy_timeout = 5000")
        cur.execute("PRAGMA foreign_keys = ON")
        if not read_only:
            cur.execute(f"PRAGMA journal_mode = {journal_mode}")
        # FULL keeps the last commits through a power cut; a ledger can afford it.
        cur.execute("PRAGMA synchronous = FULL")
        cur.close()

    return on_connect


def open_store(target: str | os.PathLike[str] | None = None, *, read_only: bool = False,
               check: bool = True) -> Store:
    """Open (and for SQLite, create if absent) the store named by `target` without migrating it."""
    url = resolve_target(target)
    parsed = make_url(url)
    path: Path | None = None
    checked_on: dt.date | None = None
    if parsed.get_backend_name() == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            raise StoreError("不支持内存数据库，请指定数据文件路径。")
        path = Path(parsed.database)
        if read_only and not path.exists():  # reading never creates a store
            raise StoreError(f"数据文件不存在：{path}")
        if check:
            checked_on = _check_file(path)
        if not read_only:
            path.parent.mkdir(parents=True, exist_ok=True)
        journal = "DELETE" if is_network_path(path) else "WAL"
        connect_args: dict = {"timeout": 5}
        if read_only:
            url = f"sqlite:///file:{path}?mode=ro&uri=true"
        # hide_parameters: a failed statement's values (ID numbers, names, phones) never reach the log.
        engine = create_engine(url, connect_args=connect_args, hide_parameters=True)
        event.listen(engine, "connect", _sqlite_pragmas(journal, read_only))
    else:
        engine = create_engine(url, pool_pre_ping=True, hide_parameters=True)
        if read_only:

            @event.listens_for(engine, "begin")
            def _read_only(conn) -> None:  # pragma: no cover - server only
                conn.exec_driver_sql("SET TRANSACTION READ ONLY")

    factory = sessionmaker(engine, expire_on_commit=False)
    return Store(engine=engine, session_factory=factory, url=url, path=path, checked_on=checked_on)


def table_counts(store: Store) -> dict[str, int]:
    from app.store.models import Base

    counts = {}
    with store.engine.connect() as con:
        for name in Base.metadata.tables:
            counts[name] = con.execute(text(f'SELECT COUNT(*) FROM "{name}"')).scalar_one()
    return counts
