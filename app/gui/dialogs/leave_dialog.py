"""转出/离册: the member leaves the active roster by a status change; the record and its history stay."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.context import AppContext
from app.domain.enums import MemberStatus
from app.gui.widgets.date_edit import OptionalDateEdit
from app.gui.widgets.forms import button_box, enum_combo, enum_value, error_label, save_in_form
from app.services import member_cases

LEAVE_KINDS = [MemberStatus.TRANSFERRED_OUT, MemberStatus.SUSPENDED, MemberStatus.REMOVED, MemberStatus.DECEASED]


class LeaveDialog(QDialog):
    def __init__(self, ctx: AppContext, member_id: str, member_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.member_id = member_id
        self.setWindowTitle(f"转出/离册：{member_name}")
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        intro = QLabel(f"为 <b>{member_name}</b> 办理离册。离册后不再列入在册名单，原有记录完整保留，"
                       "可在「状态」筛选中查看。")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.kind = enum_combo(MemberStatus, items=LEAVE_KINDS)
        self.on = OptionalDateEdit(optional=False)
        self.on.setMaximumDate(QDate.currentDate())
        self.note_label = QLabel()
        self.note = QLineEdit()
        form.addRow("离册类型 *", self.kind)
        form.addRow("离册日期 *", self.on)
        form.addRow(self.note_label, self.note)
        layout.addLayout(form)
        self.errors = error_label(self)
        layout.addWidget(self.errors)
        self.buttons = button_box(self, "确认离册")
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout.addWidget(self.buttons)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.note.textChanged.connect(self._update)
        self._kind_changed()

    def status(self) -> MemberStatus:
        return enum_value(self.kind, MemberStatus) or MemberStatus.TRANSFERRED_OUT

    def _kind_changed(self, *_args: object) -> None:
        transfer = self.status() == MemberStatus.TRANSFERRED_OUT
        self.note_label.setText("转往单位 *" if transfer else "说明")
        self.note.setPlaceholderText("如：县第二中学党支部" if transfer else "可填写文件号或简要说明")
        self._update()

    def _update(self, *_args: object) -> None:
        missing = self.status() == MemberStatus.TRANSFERRED_OUT and not self.note.text().strip()
        self.ok_button.setEnabled(not missing)

    def accept(self) -> None:
        if save_in_form(self.errors, lambda: member_cases.record_leaving(
                self.ctx, self.member_id, self.status(), self.on.value(), self.note.text())):
            super().accept()
