"""Issue 15, data loss and integrity: each fault injected for real (files, links, kills, triggers)."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app.context import open_context
from app.services.integrity import check_store

HELPER = Path(__file__).with_name("fault_helper.py")
ROOT = Path(__file__).resolve().parents[2]
posix_only = pytest.mark.skipif(os.name != "posix", reason="SIGKILL, hardlinks and symlinks as on POSIX")


def _cli(*args: str, env: dict[str, str] | None = None, stdin: str = "") -> subprocess.CompletedProcess:
    full = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True, input=stdin,
                          encoding="utf-8", cwd=ROOT, env=full, timeout=120)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _foreign(path: Path) -> Path:
    con = sqlite3.connect(path)
    con.execute("create table moz_places(id integer primary key, url text)")
    con.execute("insert into moz_places(url) values ('https://example.org')")
    con.commit()
    con.close()
    return path


# --- 1. another program's SQLite file ---------------------------------------------------------------

FOREIGN_COMMANDS = [
    ("print", "roster", "-o", "{tmp}/r.pdf"),
    ("export", "members", "-o", "{tmp}/m.xlsx"),
    ("export", "meetings", "--year", "2025", "-o", "{tmp}/l.xlsx"),
    ("import", "members", "{roster}"),
    ("demo",),
    ("check",),
    ("audit",),
    ("account", "list"),
    ("backup", "-o", "{tmp}"),
    ("restore", "{backup}"),
]


def test_a_foreign_sqlite_file_is_refused_by_every_command_byte_for_byte(tmp_path: Path, demo_ctx) -> None:
    from tests.roster_files import person, roster

    backup = demo_ctx.store.path
    demo_ctx.close()
    firefox = _foreign(tmp_path / "places.sqlite")
    sha = _sha(firefox)
    sheet = roster(tmp_path / "in.xlsx", [person(1)])
    for command in FOREIGN_COMMANDS:
        args = [a.format(tmp=tmp_path, roster=sheet, backup=backup) for a in command]
        run = _cli("--db", str(firefox), *args, stdin="secret1\n")
        assert run.returncode == 4, (command, run.returncode, run.stderr)
        assert "不是党建台账的数据文件" in run.stdout + run.stderr and "Traceback" not in run.stderr, command
        assert _sha(firefox) == sha, f"{command} changed the file"
        assert not Path(str(firefox) + "-wal").exists(), f"{command} switched it to WAL"
    con = sqlite3.connect(firefox)
    assert con.execute("pragma journal_mode").fetchone()[0] == "delete"
    con.close()


# --- 2. killed while a new store is created --------------------------------------------------------

@posix_only
@pytest.mark.parametrize("point", ["store.created_table#1", "store.created_table#4", "store.created_table#9",
                                   "store.built"])
def test_killed_while_a_new_store_is_created_leaves_nothing_half_made(tmp_path: Path, data_dir: Path,
                                                                      point: str) -> None:
    path = tmp_path / "new.sqlite"
    killed = _cli("--db", str(path), "demo", "--year", "2025",
                  env={"DANGJIAN_KILL_AT": point, "DANGJIAN_CHECKPOINTS": "1"})
    assert killed.returncode == -9, killed.stderr  # the program reported the point and died there
    assert f"checkpoint {point.split('#')[0]}" in killed.stderr
    assert not path.exists(), "a half-made store carries the store's name"
    again = _cli("--db", str(path), "demo", "--year", "2025")
    assert again.returncode == 0, again.stderr
    assert check_store(path).ok
    assert list(tmp_path.glob(".new.sqlite.creating-*")) == []  # the killed attempt's file is cleared
    assert not list((data_dir / "backups").glob("*迁移前*")) if (data_dir / "backups").exists() else True


def _half_made(path: Path, *, with_row: bool) -> None:
    """What release 1 left after a kill during creation: some tables, an empty alembic_version."""
    model = open_context(path.with_name("model.sqlite"))
    with model.store.engine.connect() as con:
        ddl = [r[0] for r in con.exec_driver_sql(
            "select sql from sqlite_master where type='table' and name in ('alembic_version','school','setting')")]
    model.close()
    con = sqlite3.connect(path)
    for statement in ddl:
        con.execute(statement)
    if with_row:
        con.execute("insert into setting(key, value, updated_at) values ('x', '1', '2025-01-01')")
    con.commit()
    con.close()


def test_a_half_made_store_from_release_1_is_rebuilt(tmp_path: Path, data_dir: Path) -> None:
    path = tmp_path / "half.sqlite"
    _half_made(path, with_row=False)
    run = _cli("--db", str(path), "demo", "--year", "2025")
    assert run.returncode == 0, run.stderr
    assert check_store(path).ok and check_store(path).counts["member"] > 0
    assert not (data_dir / "backups").exists() or not list((data_dir / "backups").glob("*迁移前*"))


def test_a_half_made_store_holding_rows_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "half.sqlite"
    _half_made(path, with_row=True)
    sha = _sha(path)
    run = _cli("--db", str(path), "demo", "--year", "2025")
    assert run.returncode == 4 and "未建完" in run.stderr, run.stderr
    assert _sha(path) == sha


# --- 3. the store through a hardlink or a symlink --------------------------------------------------

@posix_only
@pytest.mark.parametrize("link", ["hardlink", "hardlink_elsewhere", "symlink"])
def test_the_single_writer_lock_follows_the_file_not_the_name(demo_ctx, tmp_path: Path, link: str) -> None:
    store = demo_ctx.store.path
    demo_ctx.close()
    other = tmp_path / ("elsewhere" if link == "hardlink_elsewhere" else ".")
    other.mkdir(exist_ok=True)
    alias = other / "b.sqlite"
    if link == "symlink":
        alias.symlink_to(store)
    else:
        os.link(store, alias)
    holder = subprocess.Popen([sys.executable, str(HELPER), "hold", str(store)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    try:
        assert holder.stdout.readline().strip() == "ready", holder.stderr.read()
        writer = _cli("--db", str(alias), "account", "add", "x1", "--role", "viewer", stdin="secret1\n")
        assert writer.returncode == 4, writer.stderr
        assert "数据文件正被另一个党建台账窗口使用" in writer.stderr
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    assert check_store(store).ok
    con = sqlite3.connect(store)
    assert con.execute("select count(*) from user_account where username='x1'").fetchone()[0] == 0
    con.close()


# --- 8. reading commands on a missing store --------------------------------------------------------

@pytest.mark.parametrize("command", [("audit",), ("account", "list")])
def test_reading_a_missing_store_says_so(tmp_path: Path, command: tuple[str, ...]) -> None:
    path = tmp_path / "nowhere.sqlite"
    run = _cli("--db", str(path), *command)
    assert run.returncode == 4, run.stderr
    assert "不存在" in run.stderr and "Traceback" not in run.stderr
    assert not path.exists()


# --- 20. a database error never puts personal data into the log -----------------------------------

def test_a_forced_database_error_leaves_no_personal_data_in_the_log(school_ctx, tmp_path: Path,
                                                                    data_dir: Path) -> None:
    from tests.roster_files import person, roster

    path = school_ctx.store.path
    school_ctx.close()
    con = sqlite3.connect(path)
    con.execute("create trigger boom before insert on member begin select raise(abort, 'forced by test'); end")
    con.commit()
    con.close()
    who = person(7, 姓名="泄露测试", 手机号码="13912345678")
    sheet = roster(tmp_path / "in.xlsx", [who])
    run = _cli("--db", str(path), "--data-dir", str(data_dir), "import", "members", str(sheet))
    assert run.returncode == 1, run.stderr
    log = (data_dir / "logs" / "dangjian.log").read_text(encoding="utf-8")
    assert "forced by test" in log  # the failure itself is logged, with its statement
    for secret in (str(who["公民身份号码"]), "泄露测试", "13912345678"):
        assert secret not in log and secret not in run.stderr
