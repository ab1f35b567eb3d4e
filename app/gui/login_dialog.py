"""Login before the main window, and the first-run offer to set the administrator's password."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME
from app.context import AppContext
from app.errors import KnownError
from app.gui.widgets.forms import save_in_form
from app.services import account_cases, accounts
from app.store.uow import Actor


class LoginDialog(QDialog):
    """Asks for name and password; after failures the 登录 button waits out the required delay."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.actor: Actor | None = None
        self.setWindowTitle(f"{APP_NAME} - 登录")
        self.setMinimumWidth(360)
        layout = QVBoxLayout(self)
        heading = QLabel("请登录")
        heading.setStyleSheet("font-size: 16px; font-weight: bold;")
        layout.addWidget(heading)
        if ctx.read_only:
            layout.addWidget(QLabel("数据文件正被另一个窗口使用，本窗口为只读。"))
        form = QFormLayout()
        self.username = QLineEdit(objectName="username")
        self.password = QLineEdit(objectName="password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow("用户名", self.username)
        form.addRow("密码", self.password)
        layout.addLayout(form)
        self.message = QLabel()
        self.message.setStyleSheet("color: #b00020;")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.login_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.login_button.setText("登录")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("退出")
        self.buttons.accepted.connect(self.try_login)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._wait = 0
        self._timer = QTimer(self, interval=1000)
        self._timer.timeout.connect(self._tick)
        self.username.setFocus(Qt.FocusReason.OtherFocusReason)

    def try_login(self) -> None:
        try:
            self.actor = account_cases.log_in(self.ctx, self.username.text(), self.password.text())
        except accounts.LoginRefused as exc:
            self.password.clear()
            self.message.setText(exc.message)
            self._start_wait(exc.wait_seconds)
            return
        except KnownError as exc:
            self.message.setText(exc.message)
            return
        self.accept()

    def _start_wait(self, seconds: int) -> None:
        self._wait = seconds
        if seconds > 0:
            self.login_button.setEnabled(False)
            self.login_button.setText(f"请等待 {seconds} 秒")
            self._timer.start()

    def _tick(self) -> None:
        self._wait -= 1
        if self._wait <= 0:
            self._timer.stop()
            self.login_button.setEnabled(True)
            self.login_button.setText("登录")
        else:
            self.login_button.setText(f"请等待 {self._wait} 秒")


class SetAdminPasswordDialog(QDialog):
    """First run: set the administrator's password now, or postpone (首页 keeps reminding)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(f"{APP_NAME} - 设置管理员密码")
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        intro = QLabel("台账含有党员身份证号等个人信息。建议现在设置管理员密码：设置后，"
                       "每次打开程序都需要登录，并可为支部书记和查看人员另建账号。")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.username = QLineEdit("admin", objectName="username")
        self.password = QLineEdit(objectName="password")
        self.confirm = QLineEdit(objectName="confirm")
        for field in (self.password, self.confirm):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow("管理员用户名", self.username)
        form.addRow(f"密码（至少{accounts.MIN_PASSWORD_LENGTH}位）", self.password)
        form.addRow("再次输入密码", self.confirm)
        layout.addLayout(form)
        self.message = QLabel()
        self.message.setStyleSheet("color: #b00020;")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("设置密码")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("以后再说")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def save(self) -> None:
        if self.password.text() != self.confirm.text():
            self.message.setText("两次输入的密码不一致")
            return
        info = save_in_form(self.message, lambda: account_cases.set_first_admin_password(
            self.ctx, self.password.text(), self.username.text()))
        if info is None:
            return
        self.ctx.actor = Actor(info.username, info.role, None, account_id=info.id)
        self.accept()
