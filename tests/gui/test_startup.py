"""GUI start-up: damaged store, store in use, login (dialog and smoke test), first admin password."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.domain.enums import Role
from app.errors import PermissionDenied, StoreDamaged, StoreLocked
from app.gui import startup
from app.gui.login_dialog import LoginDialog, SetAdminPasswordDialog
from app.services import accounts, backup, organizations
from tests import forked

ROOT = Path(__file__).resolve().parents[2]
HELPER = ROOT / "tests" / "safety" / "fault_helper.py"
PASSWORD = "good-password"


@pytest.fixture(autouse=True)
def fast_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(accounts, "SCRYPT_N", 2**10)
    offered: list[object] = []
    monkeypatch.setattr(startup, "offer_admin_password", offered.append)  # no modal dialog in tests


def _smoke(db: Path, **env: str) -> subprocess.CompletedProcess:
    full = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **env}
    return forked.run([sys.executable, "-m", "app", "--db", str(db), "gui", "--smoke-test"], cwd=ROOT,
                      env=full, capture_output=True, text=True, encoding="utf-8", timeout=120)


def test_smoke_test_on_a_damaged_store_exits_non_zero_untouched(demo_ctx) -> None:
    path = demo_ctx.store.path
    demo_ctx.close()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    run = _smoke(path)
    assert run.returncode == 4 and "损坏" in run.stderr and "Traceback" not in run.stderr
    assert hashlib.sha256(path.read_bytes()).hexdigest() == sha


def test_smoke_test_needs_the_right_login_once_accounts_exist(demo_ctx) -> None:
    with demo_ctx.uow() as uow:
        accounts.set_initial_admin(uow, PASSWORD)
        uow.commit()
    path = demo_ctx.store.path
    demo_ctx.close()
    assert not backup.list_backups(path)
    assert _smoke(path).returncode == PermissionDenied.exit_code
    wrong = _smoke(path, DANGJIAN_USER="admin", DANGJIAN_PASSWORD="nope-nope")
    assert wrong.returncode == PermissionDenied.exit_code and "不正确" in wrong.stderr
    assert _smoke(path, DANGJIAN_USER="admin", DANGJIAN_PASSWORD=PASSWORD).returncode == 0
    assert [b.reason for b in backup.list_backups(path)] == [backup.DAILY]  # once, on the first start of the day


def test_damaged_store_restored_with_the_users_say(demo_ctx, monkeypatch, qapp) -> None:
    saved = backup.safety_backup(demo_ctx.store, backup.DAILY)
    path = demo_ctx.store.path
    demo_ctx.close()
    path.write_bytes(b"\0" * 4096)
    told: list[str] = []
    monkeypatch.setattr(startup, "tell", lambda text, parent=None: told.append(text))
    monkeypatch.setattr(startup, "ask_restore", lambda exc, newest, parent=None: False)
    assert startup.open_for_gui(str(path)) == 4
    assert path.read_bytes() == b"\0" * 4096  # no say, no change
    seen = []
    monkeypatch.setattr(startup, "ask_restore", lambda exc, newest, parent=None: seen.append(newest) or True)
    ctx = startup.open_for_gui(str(path))
    try:
        assert seen[0].path == saved and "损坏的文件已另存为" in told[0]
        with ctx.uow() as uow:
            assert organizations.get_school(uow).name == "青山镇中心学校"
    finally:
        ctx.close()
    kept = next(Path(backup.paths.backups_dir()).glob("*.damaged"))
    assert kept.read_bytes() == b"\0" * 4096
    with pytest.raises(StoreDamaged):
        path.write_bytes(b"")
        startup.open_for_gui(str(path), smoke_test=True)


def test_store_in_use_opens_read_only_and_refuses_writes(demo_ctx, monkeypatch, qapp) -> None:
    path = demo_ctx.store.path
    demo_ctx.close()
    holder = forked.Popen([sys.executable, str(HELPER), "hold", str(path)], stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreLocked):
            startup.open_for_gui(str(path), smoke_test=True)
        monkeypatch.setattr(startup, "ask_read_only", lambda exc, parent=None: False)
        assert startup.open_for_gui(str(path)) == 0
        monkeypatch.setattr(startup, "ask_read_only", lambda exc, parent=None: True)
        ctx = startup.open_for_gui(str(path))
        try:
            assert ctx.read_only and ctx.actor.role == Role.VIEWER
            with ctx.uow() as uow, pytest.raises(PermissionDenied):
                organizations.update_organization(uow, organizations.branches(uow)[0].id, name="改名")
        finally:
            ctx.close()
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)


def test_login_dialog_refuses_then_waits_then_accepts(ctx, qtbot) -> None:
    with ctx.uow() as uow:
        accounts.set_initial_admin(uow, PASSWORD)
        uow.commit()
    dialog = LoginDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.username.setText("admin")
    for _ in range(3):
        dialog.password.setText("wrong-one")
        dialog.try_login()
    assert "秒后再试" in dialog.message.text() and not dialog.login_button.isEnabled()
    assert dialog.password.text() == "" and dialog.actor is None
    dialog._wait = 1
    dialog._tick()
    assert dialog.login_button.isEnabled()
    with ctx.uow() as uow:  # the wait has not really passed: the service still refuses
        acc = uow.session.scalars(accounts.select(accounts.UserAccount)).one()
        acc.last_failed_at = acc.last_failed_at.replace(year=2000)
        uow.commit()
    dialog.password.setText(PASSWORD)
    dialog.try_login()
    assert dialog.result() == LoginDialog.DialogCode.Accepted and dialog.actor.username == "admin"


def test_first_admin_password_dialog(ctx, qtbot) -> None:
    dialog = SetAdminPasswordDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.password.setText(PASSWORD)
    dialog.confirm.setText("different")
    dialog.save()
    assert "不一致" in dialog.message.text()
    dialog.confirm.setText(PASSWORD)
    dialog.save()
    assert dialog.result() == SetAdminPasswordDialog.DialogCode.Accepted
    with ctx.uow() as uow:
        assert not accounts.needs_admin_password(uow)
    assert ctx.actor.username == "admin"


def test_daily_backup_runs_off_the_gui_thread_and_a_failure_only_warns(demo_ctx, monkeypatch, qapp) -> None:
    import threading

    from app.errors import StoreError

    path = demo_ctx.store.path
    demo_ctx.close()
    threads: list[threading.Thread] = []

    def full_disk(_store, today=None):
        threads.append(threading.current_thread())
        raise StoreError("目标磁盘空间不足")

    reported: list[str] = []
    monkeypatch.setattr(backup, "daily_backup_if_due", full_disk)
    monkeypatch.setattr(startup, "report_error", lambda exc, parent=None, title="": reported.append(str(exc)))
    ctx = startup.open_for_gui(str(path))
    try:
        assert not isinstance(ctx, int) and threads and threads[0] is not threading.main_thread()
        assert "今天的自动备份没有完成" in reported[0] and "磁盘空间不足" in reported[0]
    finally:
        if not isinstance(ctx, int):
            ctx.close()


def test_a_failed_replacement_of_a_damaged_store_says_so_and_exits(demo_ctx, monkeypatch, qapp) -> None:
    from app.errors import StoreError

    backup.safety_backup(demo_ctx.store, backup.DAILY)
    path = demo_ctx.store.path
    demo_ctx.close()
    path.write_bytes(b"\0" * 4096)

    def pulled(_store_path, _source):
        raise StoreError("备份文件所在的U盘已被移除")

    reported: list[str] = []
    monkeypatch.setattr(startup, "ask_restore", lambda exc, newest, parent=None: True)
    monkeypatch.setattr(backup, "replace_damaged", pulled)
    monkeypatch.setattr(startup, "report_error", lambda exc, parent=None, title="": reported.append(str(exc)))
    assert startup.open_for_gui(str(path)) == StoreError.exit_code
    assert "U盘已被移除" in reported[0] and path.read_bytes() == b"\0" * 4096
