"""「数据」menu: 备份到U盘…, 从备份恢复…, 审计日志…, 账号管理…. Dialog hooks are attributes for tests."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox

from app import APP_NAME, paths
from app.context import AppContext
from app.domain.enums import Role
from app.gui.operations import Operation, run_now
from app.services import backup, backup_cases, restore_cases


class DataActions(QObject):
    def __init__(self, window: QMainWindow, ctx: AppContext) -> None:
        super().__init__(window)
        self.window = window
        self.ctx = ctx
        self.choose_folder = lambda: QFileDialog.getExistingDirectory(window, "选择备份位置（如U盘）")
        self.choose_file = lambda: QFileDialog.getOpenFileName(
            window, "选择备份文件", str(paths.backups_dir()), "党建台账备份 (*.sqlite);;所有文件 (*)")[0]
        self.confirm = lambda text: QMessageBox.question(
            window, APP_NAME, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No) == QMessageBox.StandardButton.Yes
        self.notify = lambda text, warn=False: (QMessageBox.warning if warn else QMessageBox.information)(
            window, APP_NAME, text)
        menu = window.menuBar().addMenu("数据(&D)")
        self.backup_action = self._add(menu, "备份到U盘…", self.backup_to_usb)
        self.restore_action = self._add(menu, "从备份恢复…", self.restore)
        menu.addSeparator()
        self.audit_action = self._add(menu, "审计日志…", self.show_audit)
        self.accounts_action = self._add(menu, "账号管理…", self.show_accounts)
        self.restore_action.setEnabled(not ctx.read_only)
        self.backup_action.setEnabled(ctx.actor.role == Role.ADMIN and not ctx.read_only)  # audited, admin only
        if not ctx.store.is_sqlite:
            self.backup_action.setEnabled(False)
            self.restore_action.setEnabled(False)
        self.menu = menu

    def _add(self, menu, text: str, slot) -> QAction:
        action = QAction(text, self.window)
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    def backup_to_usb(self) -> Operation[Path] | None:
        """A verified copy in a folder the user picks, copied on a worker thread with progress and 取消."""
        folder = self.choose_folder()
        if not folder:
            return None
        return Operation(self.window, lambda progress: backup_cases.back_up_to_folder(
            self.ctx, Path(folder), progress=progress), title="备份到U盘", label="正在备份…",
            cancellable=True).success(self._backed_up).run()

    def _backed_up(self, path: Path) -> None:
        self.notify(f"备份完成，已校验无误：\n{path}\n\n现在可以安全移除U盘。")

    def restore(self) -> Operation[backup.RestoreResult] | None:
        name = self.choose_file()
        if not name:
            return None
        preview = run_now(self.window, lambda: restore_cases.look_into_backup(Path(name)), "从备份恢复")
        if preview is None or not self.confirm(f"用这个备份替换当前数据吗？\n\n{preview.describe()}\n\n"
                                               "替换前，当前数据会自动另存一份备份。"):
            return None
        return Operation(self.window, lambda progress: restore_cases.restore_from_backup(
            self.ctx, preview.path, progress=progress), title="从备份恢复", label="正在恢复…").success(
            self._restored).run()

    def _restored(self, result: backup.RestoreResult) -> None:
        reset = getattr(self.window, "reset_tabs", None)
        if reset is not None:
            reset()
        self.notify(f"已恢复。\n恢复前的数据已另存为：{result.safety_backup}")

    def show_audit(self) -> None:
        from app.gui.dialogs.audit_dialog import AuditDialog

        dialog = run_now(self.window, lambda: AuditDialog(self.ctx, self.window), "审计日志")
        if dialog is not None:
            dialog.exec()

    def show_accounts(self) -> None:
        from app.gui.dialogs.accounts_dialog import AccountsDialog

        dialog = run_now(self.window, lambda: AccountsDialog(self.ctx, self.window), "账号管理")
        if dialog is not None:
            dialog.exec()


def install_data_menu(window: QMainWindow, ctx: AppContext) -> DataActions:
    return DataActions(window, ctx)
