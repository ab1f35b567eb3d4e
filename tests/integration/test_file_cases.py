"""Use cases that move whole files: roster import (safety backup first, one transaction, progress and
cancel), roster export, backups, restore, damaged-store replacement, printing the roster and posts."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app import paths
from app.documents import print_cases, roster_file_cases
from app.errors import PermissionDenied, StoreLocked, ValidationError
from app.services import backup, backup_cases, restore_cases
from app.services.members import MemberQuery
from app.services.progress import Cancelled
from app.store import lock
from app.store.snapshot import integrity_problems
from tests import forked
from tests.integration.case_helpers import VIEWER, acting_as, fingerprint
from tests.pdf_text import pdf_text
from tests.roster_files import many_people, person, roster

HOLD_LOCK = "import sys, time; from filelock import FileLock; l = FileLock(sys.argv[1]); l.acquire(); " \
            "print('held', flush=True); time.sleep(60)"


def _backups() -> list[Path]:
    return sorted(paths.backups_dir().glob("*.sqlite"))


class Recorder:
    """A progress reporter that remembers what it was told, and cancels when `stop_when(text)` is true."""

    def __init__(self, stop_when=lambda text: False) -> None:
        self.calls: list[tuple[int, int, str]] = []
        self.stop_when = stop_when

    def __call__(self, done: int, total: int = 0, text: str = "") -> None:
        self.calls.append((done, total, text))
        if self.stop_when(text):
            raise Cancelled()


# --- roster import -----------------------------------------------------------------------------------------
def test_import_takes_a_verified_backup_first_then_writes_once(school_ctx, tmp_path: Path) -> None:
    before = fingerprint(school_ctx)
    file = roster(tmp_path / "r.xlsx", many_people(1200))
    progress = Recorder()
    done = roster_file_cases.import_roster_file(school_ctx, file, progress=progress)
    assert done.result.imported == 1200
    assert done.safety_backup is not None and "_导入前_" in done.safety_backup.name
    assert integrity_problems(done.safety_backup) == []
    con = sqlite3.connect(done.safety_backup)
    assert con.execute("select count(*) from member").fetchone()[0] == before["member"]  # taken BEFORE writing
    con.close()
    assert fingerprint(school_ctx)["member"] == before["member"] + 1200
    texts = [t for _d, _t, t in progress.calls]
    assert any("已读到第" in t for t in texts) and "正在备份当前数据…" in texts
    assert [d for d, total, t in progress.calls if t.startswith("正在写入")] == [0, 500, 1000]


def test_an_invalid_file_writes_nothing_and_takes_no_backup(school_ctx, tmp_path: Path) -> None:
    before = fingerprint(school_ctx)
    file = roster(tmp_path / "bad.xlsx", [person(1), person(2, 公民身份号码="123")])
    with pytest.raises(ValidationError, match="有1行错误"):
        roster_file_cases.import_roster_file(school_ctx, file)
    assert fingerprint(school_ctx) == before and _backups() == []
    done = roster_file_cases.import_roster_file(school_ctx, file, skip_invalid=True)
    assert done.result.imported == 1 and len(done.result.skipped) == 1


def test_cancelling_while_rows_are_written_rolls_every_row_back(school_ctx, tmp_path: Path) -> None:
    """取消 after 500 of 1,200 rows were inserted: the unit of work rolls them all back."""
    before = fingerprint(school_ctx)
    file = roster(tmp_path / "r.xlsx", many_people(1200))
    progress = Recorder(stop_when=lambda text: text == "正在写入第 501 行…")
    with pytest.raises(Cancelled):
        roster_file_cases.import_roster_file(school_ctx, file, progress=progress)
    assert fingerprint(school_ctx) == before
    assert len(_backups()) == 1  # the safety backup was taken and stays


def test_cancelling_while_reading_writes_nothing(school_ctx, tmp_path: Path) -> None:
    before = fingerprint(school_ctx)
    file = roster(tmp_path / "r.xlsx", many_people(1200))
    with pytest.raises(Cancelled):
        roster_file_cases.import_roster_file(school_ctx, file, progress=Recorder(lambda t: "已读到第" in t))
    assert fingerprint(school_ctx) == before and _backups() == []


def test_only_an_admin_imports_and_is_refused_before_any_backup(school_ctx, tmp_path: Path) -> None:
    before = fingerprint(school_ctx)
    with pytest.raises(PermissionDenied):
        roster_file_cases.import_roster_file(acting_as(school_ctx, VIEWER), roster(tmp_path / "r.xlsx", [person(1)]))
    assert fingerprint(school_ctx) == before and _backups() == []


def test_preview_writes_nothing(school_ctx, tmp_path: Path) -> None:
    before = fingerprint(school_ctx)
    report = roster_file_cases.preview_roster_file(school_ctx, roster(tmp_path / "r.xlsx", [person(1)]))
    assert len(report.valid_rows) == 1 and fingerprint(school_ctx) == before


# --- roster export -----------------------------------------------------------------------------------------
def test_export_is_admin_only_and_audited(school_ctx, tmp_path: Path) -> None:
    out = tmp_path / "花名册.xlsx"
    before = fingerprint(school_ctx)
    with pytest.raises(PermissionDenied):
        roster_file_cases.export_roster_file(acting_as(school_ctx, VIEWER), out)
    assert not out.exists() and fingerprint(school_ctx) == before
    done = roster_file_cases.export_roster_file(school_ctx, out, MemberQuery())
    assert done.path == out and done.count == 45
    assert fingerprint(school_ctx)["audit_log"] == before["audit_log"] + 1
    template = roster_file_cases.save_import_template(acting_as(school_ctx, VIEWER), tmp_path / "模板.xlsx")
    assert template.exists() and fingerprint(school_ctx)["audit_log"] == before["audit_log"] + 1


# --- backups -----------------------------------------------------------------------------------------------
def test_backup_now_and_to_a_folder(school_ctx, tmp_path: Path) -> None:
    progress = Recorder()
    now = backup_cases.back_up_now(school_ctx, progress=progress)
    assert now in _backups() and integrity_problems(now) == []
    assert progress.calls[-1][0] == progress.calls[-1][1] > 0  # every page copied was reported
    usb = tmp_path / "usb"
    usb.mkdir()
    before = fingerprint(school_ctx)
    copy = backup_cases.back_up_to_folder(school_ctx, usb)
    assert copy.parent == usb and integrity_problems(copy) == []
    assert fingerprint(school_ctx)["audit_log"] == before["audit_log"] + 1


def test_a_viewer_cannot_carry_the_data_away(school_ctx, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    before = fingerprint(school_ctx)
    with pytest.raises(PermissionDenied):
        backup_cases.back_up_to_folder(acting_as(school_ctx, VIEWER), usb)
    assert list(usb.iterdir()) == [] and fingerprint(school_ctx) == before


def test_cancelling_a_backup_leaves_no_finished_file(school_ctx, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    progress = Recorder(stop_when=lambda text: text == "正在备份到所选位置…")
    with pytest.raises(Cancelled):
        backup_cases.back_up_to_folder(school_ctx, usb, progress=progress)
    assert list(usb.iterdir()) == []


# --- restore -----------------------------------------------------------------------------------------------
def test_restore_from_backup_is_admin_only_then_replaces_and_audits(school_ctx) -> None:
    saved = backup.safety_backup(school_ctx.store, "测试")
    assert saved is not None
    with school_ctx.store.engine.begin() as con:
        con.exec_driver_sql("DELETE FROM post")
    with pytest.raises(PermissionDenied):
        restore_cases.restore_from_backup(acting_as(school_ctx, VIEWER), saved)
    assert fingerprint(school_ctx)["post"] == 0
    assert restore_cases.look_into_backup(saved).counts["post"] == 19
    result = restore_cases.restore_from_backup(school_ctx, saved)
    assert result.after.counts["post"] == 19 and fingerprint(school_ctx)["post"] == 19


def test_replace_damaged_store_takes_and_releases_the_lock(school_ctx) -> None:
    saved = backup.safety_backup(school_ctx.store, "测试")
    assert saved is not None
    live = school_ctx.store.path
    school_ctx.close()
    data = live.read_bytes()
    live.write_bytes(data[: len(data) // 2])
    damaged = live.read_bytes()
    holder = forked.Popen([sys.executable, "-c", HOLD_LOCK, str(lock.lock_path(live.resolve()))],
                          stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(StoreLocked):  # another window holds it: nothing is replaced
            restore_cases.replace_damaged_store(live, saved)
        assert live.read_bytes() == damaged
    finally:
        holder.kill()
        holder.wait()
    done = restore_cases.replace_damaged_store(live, saved)
    assert done.damaged_copy.read_bytes() == damaged and integrity_problems(live) == []
    assert live.resolve() not in lock._held  # released again afterwards


# --- printing ----------------------------------------------------------------------------------------------
def test_print_roster_and_posts(school_ctx, tmp_path: Path) -> None:
    roster_pdf = print_cases.print_roster(school_ctx, tmp_path / "roster.pdf", branch_name="退休教师党支部")
    assert "退休教师党支部" in pdf_text(roster_pdf) and "第一党支部" not in pdf_text(roster_pdf)
    posts_pdf = print_cases.print_posts(school_ctx, tmp_path / "posts.pdf")
    assert "班子配备台账" in pdf_text(posts_pdf)
    before = fingerprint(school_ctx)
    with pytest.raises(PermissionDenied):
        print_cases.print_roster(acting_as(school_ctx, VIEWER), tmp_path / "full.pdf", full_ids=True)
    assert not (tmp_path / "full.pdf").exists() and fingerprint(school_ctx) == before


def test_cli_backup_of_a_missing_store_says_so_and_creates_nothing(tmp_path: Path, capsys) -> None:
    from app.cli import main

    missing = tmp_path / "没有.sqlite"
    assert main(["--db", str(missing), "backup"]) == 2  # bad input: the path names no store (issue 17)
    assert "数据文件不存在" in capsys.readouterr().err
    assert list(tmp_path.glob("没有*")) == [] and _backups() == []


def test_a_big_backup_reports_progress_step_by_step_and_cancels_between_steps(school_ctx, tmp_path: Path,
                                                                               monkeypatch) -> None:
    monkeypatch.setattr(backup_cases, "PAGES_PER_STEP", 4)  # the demo store is small: 4 pages a step
    progress = Recorder()
    backup_cases.back_up_now(school_ctx, progress=progress)
    steps = [done for done, total, _t in progress.calls if total]
    assert len(steps) > 3 and steps == sorted(steps) and steps[-1] == progress.calls[-1][1]
    usb = tmp_path / "usb"
    usb.mkdir()
    stop = Recorder(stop_when=lambda text: len(stop.calls) == 3)
    with pytest.raises(Cancelled):
        backup_cases.back_up_to_folder(school_ctx, usb, progress=stop)
    assert list(usb.iterdir()) == []
