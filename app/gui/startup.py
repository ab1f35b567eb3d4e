"""Opening the store for the GUI: in use elsewhere, damaged, daily backup, login or first password.

`open_for_gui` returns the context to run with, or an exit code when the user chose to leave. With
`smoke_test` nothing asks: problems raise (non-zero exit) and the login comes from DANGJIAN_USER and
DANGJIAN_PASSWORD.
"""

from __future__ import annotations

import logging
import os
from typing import TypeVar

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app import APP_NAME
from app.context import AppContext, open_context
from app.domain.enums import Role
from app.errors import KnownError, PermissionDenied, StoreDamaged, StoreError, StoreLocked
from app.gui.operations import Operation, report_error
from app.services import account_cases, backup, restore_cases
from app.store.uow import Actor

log = logging.getLogger("dangjian.gui")
T = TypeVar("T")
EXIT_BY_USER = 0
LOCAL_USER = "本机用户"


def _read_only_actor(actor: Actor | None = None) -> Actor:
    """A read-only window may look, never write: the services refuse a viewer's changes."""
    return Actor(actor.username if actor else "只读窗口", Role.VIEWER, actor.organization_id if actor else None)


def ask_read_only(exc: StoreLocked, parent: QWidget | None = None) -> bool:
    box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME, exc.message, parent=parent)
    box.setInformativeText("只读方式可以查看和打印，但不能修改。")
    read_only = box.addButton("以只读方式打开", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("退出", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is read_only


def ask_restore(exc: StoreDamaged, newest: backup.BackupInfo | None, parent: QWidget | None = None) -> bool:
    """The damage explained; True when the user chose to restore the newest good backup."""
    box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, exc.message, parent=parent)
    if exc.details:
        box.setDetailedText("\n".join(exc.details))  # SQLite's own words, for the maintainer
    restore = None
    if newest is not None:
        box.setInformativeText(
            f"找到最近的完好备份：{newest.taken_at:%Y-%m-%d %H:%M}（{newest.path.name}）。\n"
            "恢复前，损坏的文件会另存一份；备份之后录入的内容需要重新录入。")
        restore = box.addButton(f"恢复 {newest.taken_at:%Y-%m-%d %H:%M} 的备份", QMessageBox.ButtonRole.AcceptRole)
    else:
        box.setInformativeText("没有找到可用的备份。请联系维护人员；损坏的文件没有被改动。")
    box.addButton("退出", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return restore is not None and box.clickedButton() is restore


def tell(text: str, parent: QWidget | None = None) -> None:
    QMessageBox.information(parent, APP_NAME, text)


def offer_restore(db: str | None, exc: StoreDamaged, parent: QWidget | None = None) -> AppContext | int:
    """Explain the damage; with the user's say, keep a copy of the damaged file and restore the newest
    good backup. The damaged file is not touched otherwise."""
    newest = restore_cases.newest_good_backup_of(db)
    if not ask_restore(exc, newest, parent) or newest is None:
        return StoreError.exit_code
    source = newest.path
    op = _run_and_wait(Operation(parent, lambda _progress: restore_cases.replace_damaged_store(db, source),
                                 title=APP_NAME, label="正在从备份恢复…").failure(lambda _exc: None))
    if op.error is not None:
        if not isinstance(op.error, KnownError):
            raise op.error
        report_error(op.error, parent, APP_NAME)
        return StoreError.exit_code
    done = op.result
    assert done is not None
    tell(f"已从备份恢复：{newest.path.name}\n损坏的文件已另存为：{done.damaged_copy}", parent)
    return open_context(db)


def _run_and_wait(op: Operation[T]) -> Operation[T]:
    """Start-up needs the answer before it goes on: run the use case on a worker thread and wait for it
    in a local event loop, so the window keeps painting and the progress window shows."""
    loop = QEventLoop()
    op.finally_(loop.quit)
    op.run()
    loop.exec()  # the operation's callbacks are queued to this thread: they cannot run before exec
    return op


def offer_admin_password(ctx: AppContext) -> None:
    from app.gui.login_dialog import SetAdminPasswordDialog

    SetAdminPasswordDialog(ctx).exec()


def smoke_login(ctx: AppContext) -> Actor:
    user = os.environ.get("DANGJIAN_USER", "")
    password = os.environ.get("DANGJIAN_PASSWORD", "")
    if not user or not password:
        raise PermissionDenied("此数据文件已设置账号：自检需要环境变量 DANGJIAN_USER 和 DANGJIAN_PASSWORD。")
    return account_cases.log_in(ctx, user, password)


def _daily_backup(ctx: AppContext, smoke_test: bool) -> None:
    """The first start of the day takes a verified backup, on a worker thread (the window keeps painting)."""
    op = _run_and_wait(Operation(None, lambda _progress: backup.daily_backup_if_due(ctx.store), title=APP_NAME,
                                 label="正在进行今天的自动备份…").failure(lambda _exc: None))
    if op.error is None:
        return
    if not isinstance(op.error, KnownError):
        raise op.error
    log.warning("daily backup failed: %s", op.error)
    if not smoke_test:
        report_error(StoreError(f"今天的自动备份没有完成：\n{op.error}\n\n数据本身没有受影响。"))


def open_for_gui(db: str | None, smoke_test: bool = False) -> AppContext | int:
    """The context the main window runs with, or the exit code when the user chose to leave."""
    try:
        ctx = open_context(db)
    except StoreLocked as exc:
        if smoke_test or not ask_read_only(exc):
            if smoke_test:
                raise
            return EXIT_BY_USER
        ctx = open_context(db, read_only=True, actor=_read_only_actor())
    except StoreDamaged as exc:
        if smoke_test:
            raise
        result = offer_restore(db, exc)
        if isinstance(result, int):
            return result
        ctx = result
    try:
        if not ctx.read_only:
            _daily_backup(ctx, smoke_test)
        code = _login(ctx, smoke_test)
    except BaseException:
        ctx.close()
        raise
    if code is not None:
        ctx.close()
        return code
    return ctx


def _lock_after_login(ctx: AppContext) -> None:
    """Take the write lock again; if another window took it during the login, continue read-only."""
    refused = ctx.relock()
    if refused is not None:
        tell(refused.message + "\n本窗口将以只读方式打开。")


def _login(ctx: AppContext, smoke_test: bool) -> int | None:
    exist, need_admin = account_cases.accounts_state(ctx)
    if exist:
        if smoke_test:
            actor = smoke_login(ctx)
        else:
            from app.gui.login_dialog import LoginDialog

            # A window waiting at the login prompt does not hold the store: the lock is taken after login.
            held = ctx.lock is not None and not ctx.lock.released
            if held and ctx.lock is not None:
                ctx.lock.release()
            dialog = LoginDialog(ctx)
            if dialog.exec() != LoginDialog.DialogCode.Accepted or dialog.actor is None:
                return EXIT_BY_USER
            actor = dialog.actor
            if held:
                _lock_after_login(ctx)
        ctx.actor = _read_only_actor(actor) if ctx.read_only else actor
    else:
        # No accounts yet: whoever sits at this PC acts as administrator, and the log says so.
        ctx.actor = _read_only_actor() if ctx.read_only else Actor(LOCAL_USER, Role.ADMIN)
        if need_admin and not smoke_test and not ctx.read_only:
            offer_admin_password(ctx)
    from app.gui import drafts

    drafts.set_owner(ctx.actor.username)  # drafts are this account's own
    QApplication.processEvents()
    return None
