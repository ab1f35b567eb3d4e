"""记录发展步骤: one of the 25 steps for one person, checked against the rules as it is typed.

A step that breaks an interval or the order shows the warnings in red and saves only with a reason;
the dossier prints both.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain import development_rules as rules
from app.domain.development_rules import DecisionBody, ProbationOutcome
from app.gui.operations import run_now
from app.gui.widgets.date_edit import OptionalDateEdit
from app.gui.widgets.forms import button_box, enum_combo, error_label, set_combo_data, show_messages
from app.services import development
from app.services.development import StepInput, StepRow
from app.store.uow import Ledger


def _step_combo(parent: QWidget) -> QComboBox:
    combo = QComboBox(parent)
    for stage, title in rules.STAGES.items():
        for step in rules.STEPS:
            if step.stage == stage:
                combo.addItem(f"第{step.number}步　{step.title}（{title}）", step.number)
    combo.setMaxVisibleItems(25)
    return combo


def _people_combo(choices: list[development.Choice], parent: QWidget) -> QComboBox:
    combo = QComboBox(parent)
    combo.addItem("（未选）", "")
    for c in choices:
        combo.addItem(c.label, c.id)
    combo.setEditable(True)  # type to find a name among many
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    return combo


class StepDialog(QDialog):
    def __init__(self, ledger: Ledger, member_id: str, name: str, parent: QWidget | None = None, *,
                 step: StepRow | None = None, number: int | None = None, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.member_id = member_id
        self.step = step
        self.today = today or dt.date.today()
        self.saved_id: str | None = None
        self.setWindowTitle(f"{'修改' if step else '记录'}发展步骤 — {name}")
        self.setMinimumWidth(620)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.setVerticalSpacing(8)
        self.number = _step_combo(self)
        self.on = OptionalDateEdit(self, optional=False)
        self.on.set_value(self.today)
        self.decided_by = enum_combo(DecisionBody, parent=self)
        self.meeting = QComboBox(self)
        self.meeting.addItem("（不关联会议记录）", "")
        for c in run_now(self, lambda: development.meeting_choices(ledger, member_id)) or []:
            self.meeting.addItem(c.label, c.id)
        full = run_now(self, lambda: development.member_choices(ledger, full_only=True)) or []
        everyone = run_now(self, lambda: development.member_choices(ledger)) or []
        self.introducers = [_people_combo(full, self), _people_combo(full, self)]
        self.contacts = [_people_combo(everyone, self), _people_combo(everyone, self)]
        self.outcome = enum_combo(ProbationOutcome, items=[o for o in ProbationOutcome if o.value], parent=self)
        self.months = QSpinBox(self)
        self.months.setRange(6, 12)
        self.months.setSuffix(" 个月")
        self.note = QPlainTextEdit(self)
        self.note.setPlaceholderText("情况说明，如谈话人、考察结论、政审方式")
        self.note.setFixedHeight(58)
        self.reason = QPlainTextEdit(self)
        self.reason.setPlaceholderText("不符合程序或时间要求时必填：说明原因和依据（如上级党委批复文号）")
        self.reason.setFixedHeight(58)
        form.addRow("步骤", self.number)
        form.addRow("完成日期", self.on)
        form.addRow("决定机关", self.decided_by)
        form.addRow("会议记录", self.meeting)
        self.introducer_row = self._pair(self.introducers)
        self.contact_row = self._pair(self.contacts)
        self.outcome_row = QWidget(self)
        outcome_layout = QHBoxLayout(self.outcome_row)
        outcome_layout.setContentsMargins(0, 0, 0, 0)
        outcome_layout.addWidget(self.outcome, 1)
        outcome_layout.addWidget(QLabel("延长"))
        outcome_layout.addWidget(self.months)
        form.addRow("入党介绍人", self.introducer_row)
        form.addRow("培养联系人", self.contact_row)
        form.addRow("讨论结果", self.outcome_row)
        form.addRow("备注", self.note)
        self.form = form
        layout.addLayout(form)
        self.warnings = error_label(self)
        layout.addWidget(self.warnings)
        self.reason_label = QLabel("原因说明")
        layout.addWidget(self.reason_label)
        layout.addWidget(self.reason)
        self.buttons = button_box(self, "保存")
        layout.addWidget(self.buttons)

        if step is not None:
            self._load(step)
        elif number is not None:
            set_combo_data(self.number, number)
        self.number.currentIndexChanged.connect(self._number_changed)
        for signal in (self.on.dateChanged, self.outcome.currentIndexChanged, self.months.valueChanged,
                       *(c.currentIndexChanged for c in (*self.introducers, *self.contacts))):
            signal.connect(self.check)
        self._number_changed(suggest=step is None)

    def _pair(self, combos: list[QComboBox]) -> QWidget:
        row = QWidget(self)
        pair = QHBoxLayout(row)
        pair.setContentsMargins(0, 0, 0, 0)
        for combo in combos:
            pair.addWidget(combo, 1)
        return row

    def _load(self, step: StepRow) -> None:
        set_combo_data(self.number, step.number)
        self.on.set_value(step.on)
        set_combo_data(self.decided_by, step.decided_by.value)
        set_combo_data(self.meeting, step.meeting_id or "")
        for combo, person in zip(self.introducers, step.introducer_ids, strict=False):
            set_combo_data(combo, person)
        for combo, person in zip(self.contacts, step.contact_ids, strict=False):
            set_combo_data(combo, person)
        if step.outcome != ProbationOutcome.NONE:
            set_combo_data(self.outcome, step.outcome.value)
        if step.extension_months:
            self.months.setValue(step.extension_months)
        self.note.setPlainText(step.note)
        self.reason.setPlainText(step.reason)

    def _number_changed(self, *_args: object, suggest: bool = True) -> None:
        number = int(self.number.currentData())
        if suggest:
            set_combo_data(self.decided_by, rules.step_def(number).decided_by.value)
        for row, visible in ((self.introducer_row, number == 9), (self.contact_row, number == 5),
                             (self.outcome_row, number == 22)):
            self.form.setRowVisible(row, visible)
        self.check()

    def value(self) -> StepInput:
        number = int(self.number.currentData())

        def ids(combos: list[QComboBox]) -> tuple[str, ...]:
            return tuple(str(c.currentData()) for c in combos if c.currentData())

        outcome = ProbationOutcome(self.outcome.currentData() or "") if number == 22 else ProbationOutcome.NONE
        return StepInput(
            member_id=self.member_id, number=number, on=self.on.value() or self.today,
            decided_by=DecisionBody(self.decided_by.currentData() or ""),
            meeting_id=self.meeting.currentData() or None,
            introducer_ids=ids(self.introducers) if number == 9 else (),
            contact_ids=ids(self.contacts) if number == 5 else (),
            outcome=outcome, extension_months=self.months.value() if outcome == ProbationOutcome.EXTENDED else 0,
            note=self.note.toPlainText(), reason=self.reason.toPlainText())

    def check(self, *_args: object) -> None:
        """Show what the rules say now: errors block saving, warnings ask for a reason."""
        step_id = self.step.id if self.step else None
        found = run_now(self, lambda: development.preview_step(self.ledger, self.value(), step_id=step_id,
                                                               today=self.today))
        errors = found.errors if found else []
        warnings = found.warnings if found else []
        self.months.setEnabled(self.outcome.currentData() == ProbationOutcome.EXTENDED.value)
        self.messages = [*errors, *(f"须说明原因：{w}" for w in warnings)]
        show_messages(self.warnings, self.messages)
        self.reason_label.setVisible(bool(warnings))
        self.reason.setVisible(bool(warnings))
        self.needs_reason = bool(warnings)

    def accept(self) -> None:
        inp = self.value()
        if self.needs_reason and not inp.reason.strip():
            show_messages(self.warnings, ["此步骤不符合程序或时间要求，请在“原因说明”中写明原因后再保存。",
                                          *self.messages])
            self.reason.setFocus()
            return
        if self.step is None:
            result = run_now(self, lambda: development.record_step(self.ledger, inp, today=self.today))
        else:
            step_id = self.step.id
            result = run_now(self, lambda: development.update_step(self.ledger, step_id, inp, today=self.today))
        if result is None:
            return
        self.saved_id = result.step_id
        super().accept()
