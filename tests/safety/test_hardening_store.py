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
from tests import forked

HELPER = Path(__file__).with_name("fault_helper.py")
ROOT = Path(__file__).resolve().parents[2]
posix_only = pytest.mark.skipif(os.name != "posix", reason="SIGKILL, hardlinks and symlinks as on POSIX")


def _cli(*args: str, env: dict[str, str] | None = None, stdin: str = "") -> subprocess.CompletedProcess:
    full = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return forked.run([sys.executable, "-m", "app", *args], capture_output=True, text=True, input=stdin,
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


def _run_here(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str,
              stdin: str = "") -> tuple[int, str, str]:
    """A command run in this process, as `dangjian` runs it (app.cli.main): exit code, stdout, stderr."""
    import io

    from tests.cli_run import exit_code

    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    capsys.readouterr()
    code = exit_code(*args)
    out = capsys.readouterr()
    return code, out.out, out.err


def _cli_here(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str,
              stdin: str = "") -> tuple[int, str]:
    """A command run in this process: exit code and what it printed."""
    code, out, err = _run_here(capsys, monkeypatch, *args, stdin=stdin)
    return code, out + err


def test_a_foreign_sqlite_file_is_refused_by_every_command_byte_for_byte(tmp_path: Path, demo_ctx, capsys,
                                                                          monkeypatch) -> None:
    """In this process (the same main() as the program; test_a_foreign_file_is_refused_by_the_program runs
    one command as its own process)."""
    from tests.roster_files import person, roster

    backup = demo_ctx.store.path
    demo_ctx.close()
    firefox = _foreign(tmp_path / "places.sqlite")
    sha = _sha(firefox)
    sheet = roster(tmp_path / "in.xlsx", [person(1)])
    for command in FOREIGN_COMMANDS:
        args = [a.format(tmp=tmp_path, roster=sheet, backup=backup) for a in command]
        code, said = _cli_here(capsys, monkeypatch, "--db", str(firefox), *args, stdin="secret1\n")
        assert code == 4, (command, code, said)
        assert "不是党建台账的数据文件" in said and "Traceback" not in said, command
        assert _sha(firefox) == sha, f"{command} changed the file"
        assert not Path(str(firefox) + "-wal").exists(), f"{command} switched it to WAL"
    con = sqlite3.connect(firefox)
    assert con.execute("pragma journal_mode").fetchone()[0] == "delete"
    con.close()


def test_a_foreign_file_is_refused_by_the_program(tmp_path: Path) -> None:
    firefox = _foreign(tmp_path / "places.sqlite")
    sha = _sha(firefox)
    run = _cli("--db", str(firefox), "print", "roster", "-o", str(tmp_path / "r.pdf"))
    assert run.returncode == 4 and "不是党建台账的数据文件" in run.stderr + run.stdout, run.stderr
    assert _sha(firefox) == sha and not Path(str(firefox) + "-wal").exists()


# --- 2. killed while a new store is created --------------------------------------------------------

@pytest.mark.creates_store
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
    open_context(path).close()  # the next start (any command that may create a store) builds it whole
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
    open_context(path).close()  # what `demo` on that path does first (the demo's rows: test_store)
    found = check_store(path)
    assert found.ok and "member" in found.counts and found.counts["member"] == 0
    assert not (data_dir / "backups").exists() or not list((data_dir / "backups").glob("*迁移前*"))


def test_a_half_made_store_holding_rows_is_refused_untouched(tmp_path: Path, capsys, monkeypatch) -> None:
    path = tmp_path / "half.sqlite"
    _half_made(path, with_row=True)
    sha = _sha(path)
    code, _out, err = _run_here(capsys, monkeypatch, "--db", str(path), "demo", "--year", "2025")
    assert code == 4 and "未建完" in err, err
    assert _sha(path) == sha


# --- 3. the store through a hardlink or a symlink --------------------------------------------------

@posix_only
@pytest.mark.parametrize("link", ["hardlink", "hardlink_elsewhere", "symlink"])
def test_the_single_writer_lock_follows_the_file_not_the_name(demo_ctx, tmp_path: Path, link: str, capsys,
                                                              monkeypatch) -> None:
    """Another process holds the store by its own name; this one writes through the other name."""
    store = demo_ctx.store.path
    demo_ctx.close()
    other = tmp_path / ("elsewhere" if link == "hardlink_elsewhere" else ".")
    other.mkdir(exist_ok=True)
    alias = other / "b.sqlite"
    if link == "symlink":
        alias.symlink_to(store)
    else:
        os.link(store, alias)
    holder = forked.Popen([sys.executable, str(HELPER), "hold", str(store)], stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    try:
        assert holder.stdout.readline().strip() == "ready", holder.stderr.read()
        code, _out, err = _run_here(capsys, monkeypatch, "--db", str(alias), "account", "add", "x1", "--role",
                                    "viewer", stdin="secret1\n")
        assert code == 4, err
        assert "数据文件正被另一个党建台账窗口使用" in err
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    assert check_store(store).ok
    con = sqlite3.connect(store)
    assert con.execute("select count(*) from user_account where username='x1'").fetchone()[0] == 0
    con.close()


# --- 8. reading commands on a missing store --------------------------------------------------------

@pytest.mark.parametrize("command", [("audit",), ("account", "list")])
def test_reading_a_missing_store_says_so(tmp_path: Path, command: tuple[str, ...], capsys, monkeypatch) -> None:
    path = tmp_path / "nowhere.sqlite"
    code, _out, err = _run_here(capsys, monkeypatch, "--db", str(path), *command)
    assert code == 2, err  # bad input: the path names no store (issue 17), nothing created
    assert "不存在" in err and "Traceback" not in err
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


# --- 4. structurally broken backups are refused, the live store untouched ---------------------------

def _live_and_backup(ctx, data_dir: Path) -> tuple[Path, Path]:
    from app.domain.enums import OrgKind
    from app.services import organizations
    from app.services.backup import backup_file

    live = ctx.store.path
    saved = backup_file(live, data_dir)
    with ctx.uow() as uow:  # what happens after the backup: a change and its audit row
        organizations.create_organization(uow, name="备份之后的党支部", kind=OrgKind.BRANCH)
        uow.audit("update", "school", "", "备份之后写的审计记录")
        uow.commit()
    ctx.close()
    return live, saved


def _break(kind: str, path: Path) -> None:
    con = sqlite3.connect(path)
    if kind == "dropped_table":
        con.execute("drop table meeting_plan")
    elif kind == "broken_foreign_key":
        con.execute("update member set branch_id = 'no-such-org' where rowid = (select min(rowid) from member)")
    elif kind == "dropped_column":
        con.execute("alter table member drop column phone")
    elif kind == "newer_schema":
        con.execute("update alembic_version set version_num = '9999_future'")
    con.commit()
    con.close()


@pytest.mark.parametrize("kind", ["dropped_table", "broken_foreign_key", "dropped_column", "newer_schema"])
def test_a_structurally_broken_backup_is_refused_and_the_store_untouched(demo_ctx, data_dir: Path,
                                                                          kind: str, capsys, monkeypatch) -> None:
    live, saved = _live_and_backup(demo_ctx, data_dir)
    _break(kind, saved)
    sha = _sha(live)
    code, out, err = _run_here(capsys, monkeypatch, "--db", str(live), "restore", str(saved))
    assert code == 2, out + err
    assert "不能用于恢复" in err or "更新版本" in err, err
    assert _sha(live) == sha
    assert list(live.parent.glob(".*.restore-*")) == []


def test_an_old_backup_is_upgraded_and_checked_through_the_apps_own_path(ctx, data_dir: Path) -> None:
    import shutil

    from app.services.backup import restore_backup

    old = data_dir / "store_手动_20250101-120000.sqlite"
    shutil.copyfile(ROOT / "tests" / "fixtures" / "store_rev0001.sqlite", old)
    con = sqlite3.connect(old)
    con.execute("drop table meeting_plan")  # passes integrity_check; only opening it the app's way tells
    con.commit()
    con.close()
    from app.services.backup import BackupFileError

    with pytest.raises(BackupFileError, match="不能用于恢复"):
        restore_backup(ctx.store, old, ctx.actor)


# --- 5. a restore and its audit row together; the audit trail survives a restore ---------------------

def _restore_outcome(live: Path) -> tuple[bool, int, bool]:
    con = sqlite3.connect(live)
    try:
        restored = con.execute("select count(*) from organization where name='备份之后的党支部'").fetchone()[0] == 0
        rows = con.execute("select count(*) from audit_log where action='restore'").fetchone()[0]
        kept = con.execute("select count(*) from audit_log where summary='备份之后写的审计记录'").fetchone()[0] == 1
    finally:
        con.close()
    return restored, rows, kept


@posix_only
@pytest.mark.parametrize("point", ["restore.staged", "restore.replaced", None])
def test_restore_and_its_audit_row_are_one_step_and_the_audit_trail_survives(demo_ctx, data_dir: Path,
                                                                           point: str | None, capsys,
                                                                           monkeypatch) -> None:
    """Killed (a process of its own) where the restore reports it, or not killed (in this process)."""
    live, saved = _live_and_backup(demo_ctx, data_dir)
    if point:
        run = _cli("--db", str(live), "restore", str(saved), env={"DANGJIAN_KILL_AT": point,
                                                                 "DANGJIAN_CHECKPOINTS": "1"})
        assert run.returncode == -9, run.stderr
        assert run.stderr.rstrip().endswith(f"checkpoint {point}"), run.stderr[-300:]
    else:
        code, _out, err = _run_here(capsys, monkeypatch, "--db", str(live), "restore", str(saved))
        assert code == 0, err
    assert check_store(live).ok
    restored, restore_rows, kept = _restore_outcome(live)
    assert (restored, restore_rows) in ((False, 0), (True, 1)), "a restore without its audit row, or the reverse"
    assert restored == (point != "restore.staged")
    assert kept, "the audit trail written after the backup was lost"
    code, _out, err = _run_here(capsys, monkeypatch, "--db", str(live), "audit")  # whatever happened, every
    assert code == 0, err  # command opens the store


# --- 6. a full disk: said plainly, no logging traceback, no empty log named -------------------------

FULL_DISK = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
from app.cli import main
raise SystemExit(main(sys.argv[2:]))
"""


def _full_disk_run(limit: int, *args: str) -> subprocess.CompletedProcess:
    return forked.run([sys.executable, "-c", FULL_DISK, str(limit), *args], capture_output=True, text=True,
                      input="secret1\n", encoding="utf-8", cwd=ROOT,
                      env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)


def _fill_log(data_dir: Path, limit: int) -> None:
    """The data folder's disk is full: the log already reaches the file size limit."""
    logs = data_dir / "logs"
    logs.mkdir(exist_ok=True)
    (logs / "dangjian.log").write_bytes(("旧的日志\n" * limit).encode("utf-8")[:limit])


@posix_only
def test_an_unexpected_error_on_a_full_disk_is_said_plainly(school_ctx, data_dir: Path) -> None:
    store = school_ctx.store.path
    school_ctx.close()
    con = sqlite3.connect(store)  # a bug, for real: the database refuses the insert in a way no one expects
    con.execute("create trigger boom before insert on user_account begin select raise(abort, 'forced'); end")
    con.commit()
    con.close()
    limit = store.stat().st_size + 256 * 1024
    _fill_log(data_dir, limit)
    run = _full_disk_run(limit, "--db", str(store), "account", "add", "x1", "--role", "viewer")
    assert run.returncode == 1
    assert "磁盘空间已满" in run.stderr, run.stderr
    assert "Traceback" not in run.stderr and "Logging error" not in run.stderr, run.stderr
    assert "详细信息已记录在" not in run.stderr  # the full log is not offered as if it held the details
    assert check_store(store).ok


@posix_only
def test_a_full_disk_while_writing_a_file_is_said_plainly(school_ctx, tmp_path: Path, data_dir: Path) -> None:
    store = school_ctx.store.path
    school_ctx.close()
    limit = 96 * 1024
    _fill_log(data_dir, limit)
    run = _full_disk_run(limit, "--db", str(store), "print", "roster", "-o", str(tmp_path / "roster.pdf"))
    assert run.returncode != 0 and "磁盘空间已满" in run.stderr, run.stderr
    assert "Traceback" not in run.stderr
