"""Issue 15 item 18: the same login lockout in a read-only window, and the write lock taken after login."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget

from app.context import login_uow, open_context
from app.gui import startup
from app.gui.login_dialog import LoginDialog
from app.services import accounts
from tests import forked

ROOT = Path(__file__).resolve().parents[2]
HELPER = ROOT / "tests" / "safety" / "fault_helper.py"
TRY_LOCK = ("import sys; from app.store import lock\n"
            "try:\n    lock.acquire(sys.argv[1])\nexcept Exception:\n    sys.exit(4)\n")


def _with_admin(path: Path) -> None:
    ctx = open_context(path)
    with ctx.uow() as uow:
        accounts.set_initial_admin(uow, "secret1")
        uow.commit()
    ctx.close()


def _another_window_can_lock(path: Path) -> bool:
    run = forked.run([sys.executable, "-c", TRY_LOCK, str(path)], cwd=ROOT, capture_output=True, timeout=60)
    return run.returncode == 0


def _failed_logins(path: Path) -> int:
    ctx = open_context(path, read_only=True)
    try:
        with ctx.store.engine.connect() as con:
            return con.exec_driver_sql("select count(*) from audit_log where action='login_failed'").scalar_one()
    finally:
        ctx.close()


def test_a_read_only_window_has_the_same_lockout(store_path: Path, qtbot) -> None:
    _with_admin(store_path)
    holder = forked.Popen([sys.executable, str(HELPER), "hold", str(store_path)], stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        ro = open_context(store_path, read_only=True)
        try:
            dialog = LoginDialog(ro)
            qtbot.addWidget(dialog)
            waits = []
            for _ in range(5):
                dialog.username.setText("admin")
                dialog.password.setText("guess-wrong")
                dialog._wait = 0
                dialog.login_button.setEnabled(True)
                dialog.try_login()
                waits.append(dialog._wait)
            assert waits[-1] > 0 and not dialog.login_button.isEnabled()  # a growing delay, as anywhere
            with login_uow(ro) as uow, pytest.raises(accounts.LoginRefused, match="秒后再试"):
                accounts.login(uow, "admin", "secret1")  # even the right password waits it out
        finally:
            ro.close()
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    assert _failed_logins(store_path) == 3  # each checked guess is audited (the others waited)


def test_the_write_lock_is_taken_after_login(store_path: Path, qtbot, answer_modal,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    _with_admin(store_path)
    free_at_prompt: list[bool] = []

    def at_the_prompt(dialog: QWidget) -> None:
        free_at_prompt.append(_another_window_can_lock(store_path))
        dialog.username.setText("admin")
        dialog.password.setText("secret1")
        dialog.try_login()

    monkeypatch.setattr(startup, "_daily_backup", lambda ctx, smoke: None)
    answer_modal(at_the_prompt)
    ctx = startup.open_for_gui(str(store_path))
    try:
        assert not isinstance(ctx, int) and ctx.actor.username == "admin" and not ctx.read_only
        assert free_at_prompt == [True]  # the window waiting at the login held nothing
        assert not _another_window_can_lock(store_path)  # logged in: this window is the writer
    finally:
        ctx.close()
