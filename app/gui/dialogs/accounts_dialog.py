"""账号管理: list accounts, add one, reset a password, stop or restart an account. Administrators only."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME
from app.context import AppContext
from app.domain.enums import Role
from app.gui.operations import run_now
from app.gui.widgets.forms import save_in_form
from app.services import account_cases, accounts, org_cases


class NewAccountDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("新建账号")
        form = QFormLayout(self)
        self.username = QLineEdit(objectName="username")
        self.display_name = QLineEdit(objectName="display_name")
        self.role = QComboBox(objectName="role")
        for role in Role:
            self.role.addItem(role.label, role.value)
        self.branch = QComboBox(objectName="branch")
        for org in org_cases.load_org_tree(ctx).organizations:
            if org.kind.is_branch:
                self.branch.addItem(org.name, org.id)
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.confirm = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.message = QLabel(styleSheet="color: #b00020;", wordWrap=True)
        form.addRow("用户名", self.username)
        form.addRow("姓名", self.display_name)
        form.addRow("角色", self.role)
        form.addRow("所在党支部", self.branch)
        form.addRow(f"密码（至少{accounts.MIN_PASSWORD_LENGTH}位）", self.password)
        form.addRow("再次输入密码", self.confirm)
        form.addRow(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.role.currentIndexChanged.connect(self._role_changed)
        self._role_changed()

    def _role_changed(self) -> None:
        self.branch.setEnabled(self.role.currentData() == Role.BRANCH_SECRETARY.value)

    def save(self) -> None:
        if self.password.text() != self.confirm.text():
            self.message.setText("两次输入的密码不一致")
            return
        role = Role(self.role.currentData())
        if save_in_form(self.message, lambda: account_cases.add_account(
                self.ctx, username=self.username.text(), password=self.password.text(), role=role,
                branch_id=self.branch.currentData() if role == Role.BRANCH_SECRETARY else None,
                display_name=self.display_name.text())):
            self.accept()


class AccountsDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("账号管理")
        self.resize(640, 400)
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(["用户名", "姓名", "角色", "所在党支部", "状态"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.add_button = QPushButton("新建账号…")
        self.reset_button = QPushButton("重设密码…")
        self.toggle_button = QPushButton("停用/启用")
        close = QPushButton("关闭")
        for b in (self.add_button, self.reset_button, self.toggle_button):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        self.add_button.clicked.connect(self.add)
        self.reset_button.clicked.connect(self.reset_password)
        self.toggle_button.clicked.connect(self.toggle)
        close.clicked.connect(self.accept)
        self.refresh()

    def refresh(self) -> None:
        self.rows = account_cases.load_accounts(self.ctx)
        self.table.setRowCount(len(self.rows))
        for i, acc in enumerate(self.rows):
            for j, value in enumerate((acc.username, acc.display_name, acc.role.label, acc.organization_name,
                                       "正常" if acc.active else "已停用")):
                self.table.setItem(i, j, QTableWidgetItem(value))

    def _selected(self) -> accounts.AccountInfo | None:
        row = self.table.currentRow()
        if 0 <= row < len(self.rows):
            return self.rows[row]
        QMessageBox.information(self, APP_NAME, "请先选择一个账号。")
        return None

    def _run(self, change: Callable[[], str]) -> None:
        run_now(self, change, APP_NAME)
        self.refresh()

    def add(self) -> None:
        if NewAccountDialog(self.ctx, self).exec():
            self.refresh()

    def reset_password(self) -> None:
        acc = self._selected()
        if acc is None:
            return
        password, ok = QInputDialog.getText(self, "重设密码", f"为“{acc.username}”设置新密码：",
                                            QLineEdit.EchoMode.Password)
        if ok:
            self._run(lambda: account_cases.reset_password(self.ctx, acc.username, password))

    def toggle(self) -> None:
        acc = self._selected()
        if acc is not None:
            self._run(lambda: account_cases.set_account_active(self.ctx, acc.username, not acc.active))
