"""登记留党察看: a member's 留党察看 period (first and last day included), or 取消登记 of a recorded one.

A member under 留党察看 stays on the roster and is expected at meetings but has no vote for the period
(docs/domain.md "Members"). The rules (a party member only, the end not before the start, at most two
years; administrators only) are the use case's, app.services.member_status.record_party_probation; what
it refuses is shown through report_error and nothing is written.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.context import AppContext
from app.domain.dates import add_years, fmt
from app.gui.operations import run_now
from app.gui.widgets.date_edit import OptionalDateEdit
from app.gui.widgets.forms import button_box
from app.services import member_status
from app.services.member_status import PartyProbation

TITLE = "登记留党察看"


class ProbationDialog(QDialog):
    """开始日期 and 截止日期 (one year by default); with a period on record, 取消登记 clears it."""

    def __init__(self, ctx: AppContext, member_id: str, member_name: str, current: PartyProbation | None = None,
                 parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.member_id = member_id
        self.current = current
        self.cleared = False
        self.setWindowTitle(f"{TITLE}：{member_name}")
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        intro = QLabel(f"为 <b>{member_name}</b> 登记留党察看期（含首尾两日，最长两年）。察看期间仍在册、参加组织生活，"
                       "但没有表决权、选举权和被选举权。")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        if current is not None:
            recorded = QLabel(f"已登记：{fmt(current.start)} 至 {fmt(current.until) or '（未填截止日期）'}")
            recorded.setObjectName("muted")
            layout.addWidget(recorded)
        form = QFormLayout()
        start = current.start if current else (today or dt.date.today())
        self.start = OptionalDateEdit(optional=False)
        self.start.set_value(start)
        self.until = OptionalDateEdit(optional=False)
        self.until.set_value(current.until if current and current.until else add_years(start, 1) - dt.timedelta(days=1))
        form.addRow("开始日期 *", self.start)
        form.addRow("截止日期 *", self.until)
        layout.addLayout(form)
        self.buttons = button_box(self, "登记")
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.clear_button: QPushButton | None = None
        if current is not None:
            self.clear_button = self.buttons.addButton("取消登记", QDialogButtonBox.ButtonRole.DestructiveRole)
            self.clear_button.setToolTip("撤销已登记的留党察看（如登记有误）；记入审计日志")
            self.clear_button.clicked.connect(self.clear)
        layout.addWidget(self.buttons)

    def accept(self) -> None:
        start, until = self.start.value(), self.until.value()
        if run_now(self, lambda: member_status.record_party_probation(self.ctx, self.member_id, start, until),
                   TITLE) is not None:
            super().accept()

    def clear(self) -> None:
        if run_now(self, lambda: member_status.record_party_probation(self.ctx, self.member_id, None, None),
                   TITLE) is not None:
            self.cleared = True
            super().accept()
