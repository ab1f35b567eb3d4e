"""Issue 15, backups and personal data: killed backups' leftovers, a viewer's USB backup, the read-only
export, drafts, logins and stale sessions - each injected for real."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.context import open_context
from app.domain.enums import Role
from app.errors import PermissionDenied, StoreError
from app.services import backup
from app.store.uow import Actor
from tests import forked

HELPER = Path(__file__).with_name("fault_helper.py")


def _audit_rows(ctx, action: str) -> list[str]:
    with ctx.store.engine.connect() as con:
        return [r[0] for r in con.exec_driver_sql("select summary from audit_log where action = ?", (action,))]


# --- 12. rotation removes the *.partial files killed backups leave -----------------------------------

def _killed_backup(store: Path, folder: Path) -> Path:
    """A real backup process killed while its copy is being written; returns the .partial it left."""
    before = set(folder.glob("*.partial"))
    proc = forked.Popen([sys.executable, str(HELPER), "backup", str(store), str(folder)],
                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    deadline = time.monotonic() + 30
    while not (set(folder.glob("*.partial")) - before) and time.monotonic() < deadline:
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    left = set(folder.glob("*.partial")) - before
    assert left, "the backup finished before it could be killed"
    return left.pop()


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_rotation_removes_stale_partials_of_killed_backups(demo_ctx, data_dir: Path) -> None:
    store = demo_ctx.store.path
    folder = data_dir / "backups"
    folder.mkdir(exist_ok=True)
    demo_ctx.close()
    from tests.safety import fault_helper

    fault_helper.bulk(str(store), 3000)  # in this process: the set-up, not the fault (the kills below are real)
    old = _killed_backup(store, folder)
    hour_ago = time.time() - 2 * backup.STALE_PARTIAL_SECONDS
    os.utime(old, (hour_ago, hour_ago))
    fresh = _killed_backup(store, folder)  # as if another backup were still running right now
    other = folder / "other_手动_20250101-120000.sqlite.partial"  # another store's: not ours to judge
    other.write_bytes(b"x")
    os.utime(other, (hour_ago, hour_ago))
    ctx = open_context(store)
    try:
        backup.safety_backup(ctx.store, backup.MANUAL)  # every backup ends with rotation
    finally:
        ctx.close()
    assert not old.exists()
    assert fresh.exists() and other.exists()


# --- 14. a backup to a removable folder is an administrator's action, audited ------------------------

def test_a_viewer_cannot_back_up_to_a_usb_folder_and_an_admin_is_audited(demo_ctx, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    store = demo_ctx.store.path
    for role in (Role.VIEWER, Role.BRANCH_SECRETARY):
        demo_ctx.actor = Actor("someone", role)
        with pytest.raises(PermissionDenied):
            backup.backup_to_folder(demo_ctx, store, usb)
        assert list(usb.iterdir()) == []
    demo_ctx.actor = Actor("admin", Role.ADMIN)
    copy = backup.backup_to_folder(demo_ctx, store, usb)
    assert copy.exists()
    rows = _audit_rows(demo_ctx, "backup")
    assert len(rows) == 1 and str(copy) in rows[0]


def test_a_read_only_session_backs_up_only_with_its_audit_row(demo_ctx, tmp_path: Path) -> None:
    """A window that opened read-only (another holds the store) records the row through its own short
    writable connection; a ledger that cannot record it at all is refused, and no copy is left."""
    import dataclasses

    store = demo_ctx.store.path
    demo_ctx.close()
    usb = tmp_path / "usb"
    usb.mkdir()
    ro = open_context(store, read_only=True, actor=Actor("admin", Role.ADMIN))
    try:
        copy = backup.backup_to_folder(ro, store, usb)

        @dataclasses.dataclass
        class NoRecording:  # a read-only ledger without a way to write the audit row
            actor: Actor
            read_only: bool = True

            def uow(self):  # pragma: no cover - never reached: refused before any copy
                raise AssertionError

        with pytest.raises(StoreError, match="只读"):
            backup.backup_to_folder(NoRecording(ro.actor), store, tmp_path / "usb2")
    finally:
        ro.close()
    assert [p.name for p in usb.iterdir()] == [copy.name]
    assert not (tmp_path / "usb2").exists()
    con = sqlite3.connect(store)
    try:
        assert con.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'backup'").fetchone()[0] == 1
    finally:
        con.close()


# --- 17. a read-only export of full ID numbers: the audit row first, or no file ---------------------

def test_a_read_only_export_is_refused_before_the_file_exists(demo_ctx, tmp_path: Path) -> None:
    from app.documents.roster_files import export_roster

    store = demo_ctx.store.path
    demo_ctx.close()
    out = tmp_path / "roster.xlsx"
    ro = open_context(store, read_only=True, actor=Actor("admin", Role.ADMIN))
    try:
        with ro.uow() as uow, pytest.raises(StoreError, match="未生成文件"):
            export_roster(uow, out)
    finally:
        ro.close()
    assert not out.exists() and list(tmp_path.glob("*.xlsx")) == []
    ctx = open_context(store, actor=Actor("admin", Role.ADMIN))
    try:
        with ctx.uow() as uow:
            path, counts = export_roster(uow, out)
            uow.commit()
        assert path.exists() and counts.party > 0
        assert any(path.name in s for s in _audit_rows(ctx, "export"))
    finally:
        ctx.close()


# --- 21. usernames: normalised, case-insensitive, the same time for unknown names -------------------

def _accounts_ctx(ctx):
    from app.services import accounts

    with ctx.uow() as uow:
        accounts.set_initial_admin(uow, "secret1")
        uow.commit()
    return accounts


def test_look_alike_usernames_are_one_account(ctx) -> None:
    from app.errors import ValidationError

    accounts = _accounts_ctx(ctx)
    for twin in ("admin\u200b", "Admin", "ＡＤＭＩＮ", " admin\ufeff"):
        with ctx.uow() as uow, pytest.raises(ValidationError, match="已存在"):
            accounts.create_account(uow, username=twin, password="secret2", role=Role.ADMIN)
    with ctx.uow() as uow:
        assert accounts.login(uow, "ADMIN\u200b", "secret1").username == "admin"
    with ctx.uow() as uow:
        assert [a.username for a in accounts.list_accounts(uow)] == ["admin"]


def test_an_unknown_username_costs_the_same_scrypt_as_a_real_one(ctx, monkeypatch: pytest.MonkeyPatch) -> None:
    import hashlib

    accounts = _accounts_ctx(ctx)
    calls: list[int] = []
    real = hashlib.scrypt

    def counting(*args, **kwargs):
        calls.append(kwargs["n"])
        return real(*args, **kwargs)

    monkeypatch.setattr(accounts.hashlib, "scrypt", counting)
    for name in ("admin", "nobody"):
        with ctx.uow() as uow, pytest.raises(accounts.LoginRefused):
            accounts.login(uow, name, "wrong-password")
    assert calls == [accounts.SCRYPT_N, accounts.SCRYPT_N]  # one hash each, with the same cost


# --- 19. a stale session: every write re-checks the account ------------------------------------------

def test_a_deactivated_or_demoted_account_loses_its_rights_in_an_open_session(school_ctx) -> None:
    from app.domain.enums import OrgKind
    from app.services import organizations

    accounts = _accounts_ctx(school_ctx)
    with school_ctx.uow() as uow:
        accounts.create_account(uow, username="second", password="secret2", role=Role.ADMIN)
        uow.commit()
    with school_ctx.uow() as uow:
        stale = accounts.login(uow, "second", "secret2")
    with school_ctx.uow() as uow:  # the session still works while the account is as it was
        uow.actor = stale
        organizations.create_organization(uow, name="第九党支部", kind=OrgKind.BRANCH)
        uow.commit()
    with school_ctx.uow() as uow:
        uow.actor = accounts.login(uow, "admin", "secret1")
        accounts.set_active(uow, "second", False)
        uow.commit()
    with school_ctx.uow() as uow, pytest.raises(PermissionDenied, match="停用"):
        uow.actor = stale
        organizations.create_organization(uow, name="第十党支部", kind=OrgKind.BRANCH)
        uow.commit()
    with school_ctx.uow() as uow, pytest.raises(PermissionDenied):
        uow.actor = stale
        accounts.set_password(uow, "admin", "hijacked")
        uow.commit()
    with school_ctx.store.engine.begin() as con:  # reactivated but demoted to 查看 behind its back
        con.exec_driver_sql("update user_account set active = 1, role = 'viewer' where username = 'second'")
    with school_ctx.uow() as uow, pytest.raises(PermissionDenied):
        uow.actor = stale
        organizations.create_organization(uow, name="第十党支部", kind=OrgKind.BRANCH)
        uow.commit()
    with school_ctx.uow() as uow:
        assert organizations.find_by_name(uow, "第十党支部") is None
        assert accounts.login(uow, "admin", "secret1").username == "admin"  # the password was not reset
