"""The backup promises of docs/reliability.md, each pinned by a test that fails when the promise is broken.

A backup is integrity-checked before it gets its finished name; a restore preview refuses a damaged file;
the newest-good-backup search skips damaged backups. Damage is made for real: a page in the middle of the
file overwritten with random bytes (the header stays valid, so only integrity_check can see it).
"""

from __future__ import annotations

import os
import random
import sqlite3
from pathlib import Path

import pytest

from app.errors import StoreError
from app.services import backup
from app.store import snapshot
from app.store.snapshot import integrity_problems

PAGE = 4096


def damage_a_middle_page(path: Path, seed: int = 21) -> None:
    """Overwrite pages in the middle of a SQLite file with random bytes; the header (page 1) is kept."""
    data = bytearray(path.read_bytes())
    pages = len(data) // PAGE
    assert pages >= 8, "too small a file to damage a middle page"
    rng = random.Random(seed)
    middle = pages // 2
    data[middle * PAGE:(middle + 2) * PAGE] = rng.randbytes(2 * PAGE)
    path.write_bytes(bytes(data))
    assert integrity_problems(path), "the damage should be visible to integrity_check"


@pytest.fixture
def live(demo_ctx) -> Path:
    path = demo_ctx.store.path
    demo_ctx.close()
    return path


def test_backup_damaged_between_copy_and_check_is_not_finished(live: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The copy is damaged after it was written (a failing USB stick): integrity_check refuses it."""
    out = tmp_path / "usb"
    out.mkdir()
    real_fsync = snapshot._fsync_file

    def fsync_then_damage(path: Path) -> None:
        real_fsync(path)
        damage_a_middle_page(path)

    monkeypatch.setattr(snapshot, "_fsync_file", fsync_then_damage)
    with pytest.raises(StoreError, match="备份校验未通过"):
        backup.backup_file(live, out)
    assert list(out.iterdir()) == []  # neither a finished name nor a leftover .partial


def test_backup_is_written_under_a_partial_name_until_checked(live: Path, tmp_path: Path) -> None:
    out = tmp_path / "usb"
    out.mkdir()
    seen: list[list[str]] = []
    path = backup.backup_file(live, out, progress=lambda _r, _t: seen.append(sorted(p.name for p in out.iterdir())),
                              pages_per_step=8)
    assert len(seen) > 2
    assert all(names and all(n.endswith((".partial", ".partial-journal")) for n in names) for names in seen), seen
    assert [p.name for p in out.iterdir()] == [path.name]


def test_preview_refuses_a_backup_that_fails_integrity_check(live: Path, tmp_path: Path) -> None:
    saved = backup.backup_file(live, tmp_path)
    damage_a_middle_page(saved)
    before = saved.read_bytes()
    with pytest.raises(backup.BackupFileError, match="完整性检查未通过") as info:
        backup.preview_backup(saved)
    assert info.value.details  # what integrity_check said, for the technical details
    assert saved.read_bytes() == before


def test_restore_refuses_a_damaged_backup_and_keeps_the_store(demo_ctx, tmp_path: Path) -> None:
    saved = backup.backup_file(demo_ctx.store.path, tmp_path)
    damage_a_middle_page(saved)
    with pytest.raises(backup.BackupFileError, match="完整性检查未通过"):
        backup.restore_backup(demo_ctx.store, saved)
    with demo_ctx.store.engine.connect() as con:
        assert con.exec_driver_sql("select count(*) from member").scalar_one() == 45


def test_newest_good_backup_skips_damaged_newer_ones(live: Path) -> None:
    from app import paths

    good = backup.backup_file(live, paths.backups_dir(), "每日")
    newer = []
    for i in range(2):
        path = backup.backup_file(live, paths.backups_dir(), "手动")
        damage_a_middle_page(path, seed=i)
        stamp = good.stat().st_mtime + 10 + i
        renamed = path.with_name(f"{live.stem}_手动_20991231-23595{i}.sqlite")  # newest by name
        path.rename(renamed)
        os.utime(renamed, (stamp, stamp))
        newer.append(renamed)
    assert backup.list_backups(live)[0].path == newer[-1]
    found = backup.newest_good_backup(live)
    assert found is not None and found.path == good


def test_newest_good_backup_is_none_when_every_backup_is_damaged(live: Path) -> None:
    from app import paths

    path = backup.backup_file(live, paths.backups_dir(), "手动")
    damage_a_middle_page(path)
    assert backup.newest_good_backup(live) is None


def test_a_damaged_copy_reads_as_damaged(live: Path, tmp_path: Path) -> None:
    """The damage helper itself: the header stays readable, the content does not."""
    saved = backup.backup_file(live, tmp_path)
    damage_a_middle_page(saved)
    con = sqlite3.connect(saved)
    try:
        assert con.execute("select count(*) from sqlite_master").fetchone()[0] > 0
    finally:
        con.close()


# ---- found by the mutation run (docs/mutation-testing.md): restore's permission and audit row, other stores

def test_restore_is_for_administrators_only(demo_ctx, tmp_path: Path) -> None:
    from app.domain.enums import Role
    from app.errors import PermissionDenied
    from app.store.uow import Actor

    saved = backup.backup_file(demo_ctx.store.path, tmp_path)
    with demo_ctx.store.engine.begin() as con:
        con.exec_driver_sql("DELETE FROM post")
    for role in (Role.VIEWER, Role.BRANCH_SECRETARY):
        with pytest.raises(PermissionDenied, match="从备份恢复"):
            backup.restore_backup(demo_ctx.store, saved, Actor("某人", role))
    with demo_ctx.store.engine.connect() as con:
        assert con.exec_driver_sql("select count(*) from post").scalar_one() == 0  # nothing restored


def test_restore_writes_its_audit_row(demo_ctx, tmp_path: Path) -> None:
    import json

    from app.store.uow import Actor

    saved = backup.backup_file(demo_ctx.store.path, tmp_path)
    result = backup.restore_backup(demo_ctx.store, saved, Actor("校管理员"))
    with demo_ctx.store.engine.connect() as con:
        rows = con.exec_driver_sql("select username, entity, summary, old_values, new_values from audit_log "
                                   "where action = 'restore'").all()
    assert len(rows) == 1
    assert result.replaced == demo_ctx.store.path and result.source == saved.resolve()
    username, entity, summary, old, new = rows[0]
    assert (username, entity) == ("校管理员", "store") and saved.name in summary
    assert json.loads(old)["safety_backup"] == str(result.safety_backup)
    assert json.loads(old)["member"] == 45 and json.loads(new)["source"] == str(saved.resolve())


def test_restore_from_the_live_file_itself_is_refused(demo_ctx) -> None:
    with pytest.raises(StoreError, match="不能用数据文件自身恢复"):
        backup.restore_backup(demo_ctx.store, demo_ctx.store.path)


def test_newest_good_backup_is_one_of_this_store(live: Path) -> None:
    """Another school's store in the same data folder: its newer backups are never offered."""
    import shutil

    from app import paths

    mine = backup.backup_file(live, paths.backups_dir(), "每日")
    other = live.with_name("other.sqlite")
    shutil.copyfile(live, other)
    theirs = backup.backup_file(other, paths.backups_dir(), "手动")
    theirs.rename(theirs.with_name("other_手动_20991231-235959.sqlite"))
    found = backup.newest_good_backup(live)
    assert found is not None and found.path == mine
