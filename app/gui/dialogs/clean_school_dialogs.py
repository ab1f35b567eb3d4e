"""The two record dialogs of the 清廉学校 tab: a 三重一大 decision, a 警示教育 activity.

Both scroll inside, so they fit a 1366×768 laptop; a decision shows its flags as it is filled in.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.clean_school import DecisionCategory, DecisionMethod, WarningForm
from app.domain.clean_school_docs import ActivityRow, DecisionRow
from app.gui import screen_fit
from app.gui.operations import run_now
from app.gui.widgets.date_edit import OptionalDateEdit
from app.gui.widgets.forms import button_box, enum_combo, enum_value, error_label, set_combo_data, show_messages
from app.services import major_decisions, warning_education
from app.store.uow import Ledger


def _text_box(height: int = 56) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setFixedHeight(height)
    box.setTabChangesFocus(True)
    return box


def _scrolling(dialog: QDialog, body: QWidget) -> QVBoxLayout:
    outer = QVBoxLayout(dialog)
    outer.addWidget(screen_fit.scrolled(body))
    return outer


def _votes() -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(-1, 999)
    spin.setSpecialValueText("未表决")
    spin.setValue(-1)
    return spin


class DecisionDialog(QDialog):
    """Record or correct a 三重一大 decision; linking a committee meeting fills its date and attendance."""

    def __init__(self, ledger: Ledger, year: int, row: DecisionRow | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ledger, self.year = ledger, year
        self.decision_id = row.id if row else None
        self.saved: DecisionRow | None = None
        self.setWindowTitle("修改三重一大事项" if row else "登记三重一大事项")
        self.resize(1080, 640)
        self.limit = run_now(self, lambda: major_decisions.threshold(ledger)) or Decimal(5000)
        body = QWidget()
        grid = QGridLayout(body)
        left, right = QFormLayout(), QFormLayout()
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        self.category = enum_combo(DecisionCategory)
        self.topic = QLineEdit()
        self.topic.setMaxLength(200)
        self.basis, self.proposer, self.consultation = _text_box(), QLineEdit(), _text_box()
        self.method = enum_combo(DecisionMethod)
        self.meeting = QComboBox()
        self.meeting.addItem("（不关联会议记录，手动填写日期）", "")
        for choice in run_now(self, lambda: major_decisions.party_meeting_choices(ledger, year)) or []:
            self.meeting.addItem(choice.label, choice.id)
        self.party_on, self.office_on, self.deadline = OptionalDateEdit(), OptionalDateEdit(), OptionalDateEdit()
        self.amount = QLineEdit()
        self.amount.setPlaceholderText("如 38600，无金额可不填")
        self.expected, self.present = QSpinBox(), QSpinBox()
        for spin in (self.expected, self.present):
            spin.setRange(0, 999)
        self.votes_for, self.votes_against, self.votes_abstain = _votes(), _votes(), _votes()
        self.attendees, self.opinions = QLineEdit(), _text_box(72)
        self.opinions.setPlaceholderText("每行一人，如：张三：同意")
        self.decision, self.follow_up = _text_box(72), _text_box()
        self.executor, self.attachments = QLineEdit(), QLineEdit()
        left.addRow("事项类别", self.category)
        left.addRow("议题", self.topic)
        left.addRow("背景与依据", self.basis)
        left.addRow("提议人", self.proposer)
        left.addRow("会前酝酿", self.consultation)
        left.addRow("决策方式", self.method)
        left.addRow("党组织会议", self.meeting)
        left.addRow("党组织会议日期", self.party_on)
        attendance = QHBoxLayout()
        attendance.addWidget(QLabel("应到"))
        attendance.addWidget(self.expected)
        attendance.addWidget(QLabel("实到"))
        attendance.addWidget(self.present)
        left.addRow("出席", attendance)
        left.addRow("校长办公会日期", self.office_on)
        right.addRow("金额（元）", self.amount)
        right.addRow("参会人员", self.attendees)
        right.addRow("个人意见", self.opinions)
        votes = QHBoxLayout()
        for label, spin in (("赞成", self.votes_for), ("反对", self.votes_against), ("弃权", self.votes_abstain)):
            votes.addWidget(QLabel(label))
            votes.addWidget(spin)
        right.addRow("表决", votes)
        right.addRow("决议", self.decision)
        right.addRow("落实责任人", self.executor)
        right.addRow("完成时限", self.deadline)
        right.addRow("跟踪落实", self.follow_up)
        right.addRow("附件", self.attachments)
        self.flags = QLabel()
        self.flags.setObjectName("warningList")
        self.flags.setWordWrap(True)
        self.errors = error_label()
        grid.addWidget(self.flags, 1, 0, 1, 2)
        grid.addWidget(self.errors, 2, 0, 1, 2)
        outer = _scrolling(self, body)
        outer.addWidget(button_box(self, "保存"))
        if row is not None:
            self._fill(row)
        else:
            self.party_on.set_value(min(dt.date.today(), dt.date(year, 12, 31)))
        for signal in (self.category.currentIndexChanged, self.method.currentIndexChanged,
                       self.meeting.currentIndexChanged, self.party_on.valueChanged, self.office_on.valueChanged,
                       self.amount.textChanged, self.expected.valueChanged, self.present.valueChanged):
            signal.connect(self._refresh)
        self._refresh()

    def _fill(self, row: DecisionRow) -> None:
        set_combo_data(self.category, row.category)
        self.topic.setText(row.topic)
        self.basis.setPlainText(row.basis)
        self.proposer.setText(row.proposer)
        self.consultation.setPlainText(row.consultation)
        set_combo_data(self.method, row.method)
        set_combo_data(self.meeting, row.party_meeting_id or "")
        self.party_on.set_value(row.party_meeting_on)
        self.office_on.set_value(row.office_meeting_on)
        self.amount.setText("" if row.amount is None else f"{row.amount}")
        self.expected.setValue(row.expected)
        self.present.setValue(row.present)
        for spin, value in ((self.votes_for, row.votes_for), (self.votes_against, row.votes_against),
                            (self.votes_abstain, row.votes_abstain)):
            spin.setValue(-1 if value is None else value)
        self.attendees.setText(row.attendees)
        self.opinions.setPlainText(row.opinions)
        self.decision.setPlainText(row.decision)
        self.executor.setText(row.executor)
        self.deadline.set_value(row.deadline)
        self.follow_up.setPlainText(row.follow_up)
        self.attachments.setText(row.attachments_note)

    def _amount(self) -> Decimal | None:
        text = self.amount.text().strip().replace(",", "").replace("，", "").removesuffix("元")
        if not text:
            return None
        try:
            return Decimal(text)
        except InvalidOperation:
            raise ValueError("金额应为数字（元），如 38600") from None

    def current_row(self) -> DecisionRow:
        def vote(spin: QSpinBox) -> int | None:
            return None if spin.value() < 0 else spin.value()

        return DecisionRow(
            topic=self.topic.text().strip(), category=enum_value(self.category, DecisionCategory)
            or DecisionCategory.MAJOR_MATTER, method=enum_value(self.method, DecisionMethod) or DecisionMethod.MEETING,
            basis=self.basis.toPlainText(), proposer=self.proposer.text(), consultation=self.consultation.toPlainText(),
            party_meeting_id=self.meeting.currentData() or None, party_meeting_on=self.party_on.value(),
            office_meeting_on=self.office_on.value(), amount=self._amount(), expected=self.expected.value(),
            present=self.present.value(), attendees=self.attendees.text(), opinions=self.opinions.toPlainText(),
            votes_for=vote(self.votes_for), votes_against=vote(self.votes_against),
            votes_abstain=vote(self.votes_abstain), decision=self.decision.toPlainText(),
            executor=self.executor.text(), deadline=self.deadline.value(), follow_up=self.follow_up.toPlainText(),
            attachments_note=self.attachments.text())

    def _refresh(self) -> None:
        linked = bool(self.meeting.currentData())
        for widget in (self.party_on, self.expected, self.present):
            widget.setEnabled(not linked)  # taken from the linked 三会一课 record when saved
        try:
            row = self.current_row()
        except ValueError as exc:
            self.flags.setText(f"⚠ {exc}")
            return
        flags = major_decisions.flags_of(row, self.limit) if not linked else [
            f for f in major_decisions.flags_of(row, self.limit) if "党组织会议应到" not in f]
        self.flags.setText("\n".join(f"⚠ {f}" for f in flags))
        self.flags.setVisible(bool(flags))

    def accept(self) -> None:
        try:
            row = self.current_row()
        except ValueError as exc:
            show_messages(self.errors, [str(exc)])
            return
        saved = run_now(self, lambda: major_decisions.save_decision(self.ledger, row, self.decision_id), "三重一大")
        if saved is not None:
            self.saved = saved
            super().accept()


class ActivityDialog(QDialog):
    """Record or correct a 警示教育 activity and tick who took part (the roster on that day)."""

    def __init__(self, ledger: Ledger, year: int, row: ActivityRow | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ledger = ledger
        self.activity_id = row.id if row else None
        self.setWindowTitle("修改警示教育活动" if row else "登记警示教育活动")
        self.resize(760, 600)
        body = QWidget()
        form = QFormLayout(body)
        self.day = OptionalDateEdit(optional=False)
        self.day.set_value(row.held_on if row else min(dt.date.today(), dt.date(year, 12, 31)))
        self.form = enum_combo(WarningForm)
        self.title, self.place = QLineEdit(), QLineEdit()
        self.title.setMaxLength(200)
        self.content, self.reflections = _text_box(80), _text_box(80)
        self.people = QListWidget()
        self.people.setMinimumHeight(180)
        self.all = QCheckBox("全选")
        self.all.toggled.connect(self._tick_all)
        form.addRow("日期", self.day)
        form.addRow("形式", self.form)
        form.addRow("主题", self.title)
        form.addRow("地点", self.place)
        form.addRow("内容", self.content)
        form.addRow("参加人员", self.all)
        form.addRow("", self.people)
        form.addRow("心得体会", self.reflections)
        self.errors = error_label()
        form.addRow(self.errors)
        outer = _scrolling(self, body)
        outer.addWidget(button_box(self, "保存"))
        ticked = set(row.participant_ids) if row else set()
        if row is not None:
            set_combo_data(self.form, row.form)
            self.title.setText(row.title)
            self.place.setText(row.place)
            self.content.setPlainText(row.content)
            self.reflections.setPlainText(row.reflections)
        self._load_people(ticked)
        self.day.valueChanged.connect(lambda: self._load_people(self.ticked()))

    def _load_people(self, ticked: set[str]) -> None:
        day = self.day.value() or dt.date.today()
        self.people.clear()
        for member_id, name, branch in run_now(self, lambda: warning_education.roster_on(self.ledger, day)) or []:
            item = QListWidgetItem(f"{name}　{branch}")
            item.setData(Qt.ItemDataRole.UserRole, member_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if member_id in ticked else Qt.CheckState.Unchecked)
            self.people.addItem(item)

    def _tick_all(self, on: bool) -> None:
        for i in range(self.people.count()):
            self.people.item(i).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def ticked(self) -> set[str]:
        return {self.people.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.people.count())
                if self.people.item(i).checkState() == Qt.CheckState.Checked}

    def accept(self) -> None:
        day = self.day.value()
        if day is None:
            show_messages(self.errors, ["请填写日期"])
            return
        row = ActivityRow(day, enum_value(self.form, WarningForm) or WarningForm.OTHER, self.title.text().strip(),
                          self.content.toPlainText(), self.place.text().strip(), self.reflections.toPlainText(),
                          sorted(self.ticked()))
        if run_now(self, lambda: warning_education.save_activity(self.ledger, row, self.activity_id), "警示教育"):
            super().accept()

