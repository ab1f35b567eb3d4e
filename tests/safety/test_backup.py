"""Backups: verified copies, rotation, daily backup, preview, restore, damaged-store replacement."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from app import paths
from app.cli import main
from app.errors import StoreError
from app.services import backup
from app.services.integrity import check_store
from app.store.models import Setting
from app.store.snapshot import integrity_problems


def _members(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute("select count(*) from member").fetchone()[0]
    finally:
        con.close()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_backup_is_verified_and_named(demo_ctx, tmp_path: Path) -> None:
    out = tmp_path / "usb"
    out.mkdir()
    path = backup.backup_to_folder(demo_ctx, demo_ctx.store.path, out)
    assert path.parent == out and path.name.startswith("store_手动_")
    assert integrity_problems(path) == []
    assert _members(path) == 45
    assert not list(out.glob("*.partial"))
    preview = backup.preview_backup(path)
    assert preview.school_name == "青山镇中心学校" and preview.counts["member"] == 45
    assert "学校：青山镇中心学校" in preview.describe()


def test_backup_to_missing_folder_says_so(demo_ctx, tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="文件夹不存在"):
        backup.backup_to_folder(demo_ctx, demo_ctx.store.path, tmp_path / "gone")


def test_folder_vanishing_mid_backup_leaves_no_finished_file(demo_ctx, tmp_path: Path) -> None:
    """The USB stick is pulled while pages are being copied (a real folder really removed)."""
    out = tmp_path / "usb"
    out.mkdir()
    removed = []

    def pull(remaining: int, total: int) -> None:
        if not removed:
            shutil.rmtree(out)
            removed.append(True)

    with pytest.raises(StoreError) as info:
        backup.backup_file(demo_ctx.store.path, out, progress=pull, pages_per_step=1)
    assert "U盘" in str(info.value) or "文件夹" in str(info.value)
    assert removed and not out.exists()
    assert check_store(demo_ctx.store.path).ok


def test_daily_backup_once_a_day(demo_ctx) -> None:
    first = backup.daily_backup_if_due(demo_ctx.store)
    assert first is not None and "_每日_" in first.name
    assert backup.daily_backup_if_due(demo_ctx.store) is None
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    assert backup.daily_backup_if_due(demo_ctx.store, today=tomorrow) is not None


def _fake(folder: Path, stem: str, reason: str, when: dt.datetime, template: Path) -> Path:
    """A backup of `template`'s content under the name a backup taken at `when` gets: a hard link where the
    file system allows one (hundreds of them: no 2 MB copy each), else a copy."""
    path = folder / f"{stem}_{reason}_{when:%Y%m%d-%H%M%S}.sqlite"
    try:
        os.link(template, path)
    except OSError:
        shutil.copyfile(template, path)
    return path


def test_rotation_keeps_14_days_and_12_months(demo_ctx) -> None:
    folder = paths.backups_dir()
    template = backup.safety_backup(demo_ctx.store, "模板")
    start = dt.datetime(2024, 1, 1, 8, 0)
    for i in range(500):  # two backups a day for 250 days
        _fake(folder, "store", backup.DAILY, start + dt.timedelta(hours=12 * i), template)
    for i in range(25):
        _fake(folder, "store", backup.BEFORE_IMPORT, start + dt.timedelta(days=i), template)
    other = _fake(folder, "other", backup.DAILY, start, template)
    backup.rotate(demo_ctx.store.path)
    left = backup.list_backups(demo_ctx.store.path)
    daily = [b for b in left if b.reason == backup.DAILY]
    days = {b.taken_at.date() for b in daily}
    months = {(b.taken_at.year, b.taken_at.month) for b in daily}
    newest = max(days)
    assert {newest - dt.timedelta(days=i) for i in range(14)} <= days
    assert len(months) == 9 and len(daily) <= 14 + 9  # 250 days span 9 months
    assert len([b for b in left if b.reason == backup.BEFORE_IMPORT]) == backup.KEEP_SAFETY
    assert other.exists()  # another store's backups are not touched


def test_rotation_reads_the_setting_table(demo_ctx) -> None:
    with demo_ctx.uow() as uow:
        uow.session.add(Setting(key=backup.SETTING_KEEP_SAFETY, value=json.dumps(2)))
        uow.commit()
    for _ in range(4):
        backup.safety_backup(demo_ctx.store, backup.BEFORE_IMPORT)
    assert len(backup.list_backups(demo_ctx.store.path)) == 2


def test_preview_refuses_what_is_not_a_backup(tmp_path: Path, demo_ctx) -> None:
    bad = tmp_path / "x.sqlite"
    bad.write_bytes(b"PK\x03\x04" + b"\0" * 5000)
    with pytest.raises(StoreError, match="不是可用的备份"):
        backup.preview_backup(bad)
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("create table t(x)").connection.commit()
    with pytest.raises(StoreError, match="不是党建台账"):
        backup.preview_backup(other)
    newer = backup.safety_backup(demo_ctx.store, "测试")
    con = sqlite3.connect(newer)
    con.execute("update alembic_version set version_num='9999'")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="更新版本"):
        backup.preview_backup(newer)


def test_restore_replaces_after_a_safety_backup(demo_ctx) -> None:
    saved = backup.safety_backup(demo_ctx.store, "测试")
    with demo_ctx.store.engine.begin() as con:
        con.exec_driver_sql("DELETE FROM post")
        con.exec_driver_sql("UPDATE member SET name = '改过' ")
    result = backup.restore_backup(demo_ctx.store, saved, demo_ctx.actor)
    assert result.before["post"] == 0 and result.after.counts["post"] == 19
    assert result.safety_backup is not None and "_恢复前_" in result.safety_backup.name
    con = sqlite3.connect(result.safety_backup)
    assert con.execute("select count(*) from post").fetchone()[0] == 0
    con.close()
    with demo_ctx.uow() as uow:  # the same context keeps working after the restore
        from app.services import members

        names = {r.name for r in members.search_members(uow)}
        assert "改过" not in names and len(names) == 45
    assert check_store(demo_ctx.store.path).ok
    assert "恢复前的数据已另存为" in result.describe()


def test_replace_damaged_keeps_the_damaged_file(demo_ctx, tmp_path: Path) -> None:
    saved = backup.safety_backup(demo_ctx.store, "测试")
    live = demo_ctx.store.path
    demo_ctx.close()
    data = live.read_bytes()
    live.write_bytes(data[: len(data) // 2])
    damaged_sha = _sha(live)
    assert not check_store(live).ok
    assert backup.newest_good_backup(live).path == saved
    done = backup.replace_damaged(live, saved)
    assert _sha(done.damaged_copy) == damaged_sha
    assert check_store(live).ok and _members(live) == 45


def test_cli_backup_and_restore(demo_ctx, tmp_path: Path, capsys) -> None:
    db = str(demo_ctx.store.path)
    demo_ctx.close()
    out = tmp_path / "usb"
    out.mkdir()
    assert main(["--db", db, "backup", "-o", str(out)]) == 0
    made = next(out.glob("*.sqlite"))
    assert "备份完成" in capsys.readouterr().out
    assert main(["--db", db, "restore", str(made)]) == 0
    text = capsys.readouterr().out
    assert "已用备份恢复数据文件" in text and "恢复前的数据已另存为" in text
    assert main(["--db", db, "restore", str(tmp_path / "none.sqlite")]) == 2  # the user named a wrong file
    assert "不存在" in capsys.readouterr().err


def test_migration_backup_uses_the_verified_copy(demo_ctx) -> None:
    from app.store import migrate

    path = migrate.copy_before_migration(demo_ctx.store, "0000")
    assert path is not None and "_迁移前-0000_" in path.name and integrity_problems(path) == []


def test_lock_in_an_unwritable_folder_is_a_plain_message(tmp_path: Path) -> None:
    import os

    from app.store import lock

    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):  # root ignores permissions
            pytest.skip("running as root")
        with pytest.raises(StoreError, match="无法在数据文件所在的文件夹写入"):
            lock.acquire(folder / "x.sqlite")
    finally:
        folder.chmod(0o700)


def test_restore_of_a_file_that_is_not_a_backup_is_bad_input(tmp_path, capsys, demo_templates) -> None:
    from app.cli import main

    store = tmp_path / "s.sqlite"
    shutil.copyfile(demo_templates(False), store)  # a school's store
    bogus = tmp_path / "roster.xlsx"
    bogus.write_bytes(b"PK\x03\x04 not a store")
    capsys.readouterr()
    assert main(["--db", str(store), "restore", str(bogus)]) == 2
    err = capsys.readouterr().err
    assert "不是" in err and "Traceback" not in err


def _backup_audits(store: Path) -> list[tuple[str, str]]:
    con = sqlite3.connect(store)
    try:
        return con.execute("select action, summary from audit_log where action = 'backup'").fetchall()
    finally:
        con.close()


def test_usb_backup_is_for_administrators_and_audited_even_from_a_read_only_window(demo_ctx, tmp_path) -> None:
    """backup_to_folder: a viewer is refused with nothing written; an administrator's copy is recorded in
    the audit log, also when the window opened the store read-only (its own short writable connection)."""
    from app.context import open_context
    from app.domain.enums import Role
    from app.errors import PermissionDenied
    from app.store.uow import Actor

    out = tmp_path / "usb"
    out.mkdir()
    store = demo_ctx.store.path
    demo_ctx.close()
    viewer = open_context(store, actor=Actor(username="查看员", role=Role.VIEWER))
    try:
        with pytest.raises(PermissionDenied, match="备份到U盘"):
            backup.backup_to_folder(viewer, store, out)
    finally:
        viewer.close()
    assert list(out.iterdir()) == [] and _backup_audits(store) == []
    reader = open_context(store, read_only=True)
    try:
        path = backup.backup_to_folder(reader, store, out)
    finally:
        reader.close()
    [(_action, summary)] = _backup_audits(store)
    assert path.is_file() and summary == f"备份到U盘：{path}"


def test_a_usb_backup_that_cannot_be_recorded_is_refused_and_removed(demo_ctx, tmp_path) -> None:
    from types import SimpleNamespace

    out = tmp_path / "usb"
    out.mkdir()
    no_record = SimpleNamespace(actor=demo_ctx.actor, read_only=True)  # a read-only session without recording_uow
    with pytest.raises(StoreError, match="只读方式打开时不能备份到U盘"):
        backup.backup_to_folder(no_record, demo_ctx.store.path, out)

    def failing_uow():
        raise StoreError("磁盘已满")

    broken = SimpleNamespace(actor=demo_ctx.actor, read_only=False, uow=failing_uow)
    with pytest.raises(StoreError, match="磁盘已满"):
        backup.backup_to_folder(broken, demo_ctx.store.path, out)
    assert list(out.glob("*.sqlite")) == []  # the copy whose audit row failed is gone


def test_what_a_backup_and_a_restore_say_word_for_word(tmp_path) -> None:
    """The texts a secretary reads before and after a restore (BackupPreview / RestoreResult.describe)."""
    from app.domain.member_counts import PeopleCount

    people = PeopleCount(full=35, probationary=4, applicant=6)
    preview = backup.BackupPreview(Path("/u/b.sqlite"), dt.datetime(2025, 6, 1, 8, 5), "青山镇中心学校", "0006",
                                   {"member": 45, "meeting": 3, "x_table": 1}, dt.datetime(2025, 5, 31, 17, 0),
                                   people)
    assert preview.describe() == (
        "文件：/u/b.sqlite\n备份时间：2025-06-01 08:05\n学校：青山镇中心学校\n最后修改：2025-05-31 17:00\n"
        f"全校在册：{people.describe()}\n内容：人员（含入党申请人等及离册） 45，会议记录 3，x_table 1")
    bare = backup.BackupPreview(Path("/u/c.sqlite"), dt.datetime(2025, 6, 1), "", "0006", {"member": 0})
    assert bare.describe() == ("文件：/u/c.sqlite\n备份时间：2025-06-01 00:00\n学校：（未设置）\n"
                               "内容：人员（含入党申请人等及离册） 0")
    done = backup.RestoreResult(Path("/d/store.sqlite"), Path("/u/b.sqlite"), Path("/d/backups/x.sqlite"),
                                {"member": 50, "y": 2}, preview)
    assert done.describe() == (
        "已用备份恢复数据文件：/d/store.sqlite\n恢复自：/u/b.sqlite\n"
        "恢复前的数据：人员（含入党申请人等及离册） 50，y 2\n"
        "恢复前的数据已另存为：/d/backups/x.sqlite\n恢复后的数据：学校 青山镇中心学校，"
        f"全校在册：{people.describe()}，人员（含入党申请人等及离册） 45，会议记录 3，x_table 1")
    plain = backup.RestoreResult(Path("/d/s.sqlite"), Path("/u/c.sqlite"), None, {}, bare)
    assert plain.describe().endswith("恢复前的数据已另存为：（无）\n"
                                     "恢复后的数据：学校 （未设置），人员（含入党申请人等及离册） 0")


def test_a_damaged_store_is_kept_byte_for_byte_with_its_side_files_then_replaced(demo_ctx, tmp_path) -> None:
    """replace_damaged: the damaged file and its -wal/-shm/-journal are copied aside first (evidence, and a
    last chance for a specialist), then removed, so the restored store opens with no stale WAL beside it."""
    saved = backup.safety_backup(demo_ctx.store, backup.DAILY)
    live = demo_ctx.store.path
    demo_ctx.close()
    live.write_bytes(b"\\0damaged" * 512)
    sides = {extra: f"side{extra}".encode() * 100 for extra in ("-wal", "-shm", "-journal")}
    for extra, content in sides.items():
        live.with_name(live.name + extra).write_bytes(content)
    done = backup.replace_damaged(live, saved)
    assert done.replaced == live and done.source == saved
    assert done.damaged_copy.read_bytes() == b"\\0damaged" * 512 and done.damaged_copy.parent == paths.backups_dir()
    for extra, content in sides.items():
        assert done.damaged_copy.with_name(done.damaged_copy.name + extra).read_bytes() == content, extra
        assert not live.with_name(live.name + extra).exists(), f"a stale {extra} left beside the restored store"
    assert check_store(live).ok and _members(live) == 45


def test_a_backup_name_gives_its_store_reason_and_moment_and_a_wrong_one_none(tmp_path) -> None:
    """The data folder's backups are found by name (list_backups, 首页's 上次备份); a name with an impossible
    moment or another program's file is no backup."""
    assert backup.parse_name(tmp_path / "demo_daily_20261201-193507.sqlite") == (
        "demo", "daily", dt.datetime(2026, 12, 1, 19, 35, 7))
    assert backup.parse_name(tmp_path / "学校_台账_manual_20250229-080000-2.sqlite") is None  # no 29 Feb 2025
    assert backup.parse_name(tmp_path / "学校_台账_manual_20240229-080000-2.sqlite") == (
        "学校_台账", "manual", dt.datetime(2024, 2, 29, 8, 0))
    for wrong in ("demo_daily_20261301-000000.sqlite", "demo_daily_20261201-246000.sqlite",
                  "demo_daily_2026121-193507.sqlite", "notes.sqlite"):
        assert backup.parse_name(tmp_path / wrong) is None, wrong
    stamp = dt.datetime.now().strftime(backup.STAMP)
    assert backup.parse_name(tmp_path / f"x_safety_{stamp}.sqlite")[2] == dt.datetime.strptime(stamp, backup.STAMP)
