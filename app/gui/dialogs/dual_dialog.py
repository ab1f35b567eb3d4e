"""双培养台账: the year's entries in a table, each added or edited in a small form."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.dates import fmt
from app.domain.development_rules import DualDirection
from app.domain.enums import BackboneLevel
from app.gui import print_preview
from app.gui.operations import Operation, run_now
from app.gui.widgets.date_edit import OptionalDateEdit
from app.gui.widgets.forms import button_box, can_write, enum_combo, error_label, set_combo_data
from app.services import development, dual_cultivation
from app.services.dual_cultivation import DualInput, DualRow
from app.store.uow import Ledger

COLUMNS = ["方向", "姓名", "所在党支部", "阶段", "骨干级别", "开始培养", "培养责任人", "培养进展", "完成时间"]


class DualEntryDialog(QDialog):
    def __init__(self, ledger: Ledger, parent: QWidget | None = None, *, entry: DualRow | None = None,
                 today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.entry = entry
        self.today = today or dt.date.today()
        self.setWindowTitle("修改双培养记录" if entry else "登记双培养")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.direction = enum_combo(DualDirection, parent=self)
        self.person = QComboBox(self)
        self.person.addItem("（不在名册中，填写姓名）", "")
        for c in run_now(self, lambda: development.member_choices(ledger)) or []:
            self.person.addItem(c.label, c.id)
        self.name = QLineEdit(self)
        self.level = enum_combo(BackboneLevel, parent=self)
        self.level_on = OptionalDateEdit(self)
        self.started_on = OptionalDateEdit(self, optional=False)
        self.started_on.set_value(self.today)
        self.responsible = QLineEdit(self)
        self.progress = QPlainTextEdit(self)
        self.progress.setFixedHeight(70)
        self.completed_on = OptionalDateEdit(self)
        form.addRow("培养方向", self.direction)
        form.addRow("名册中的人员", self.person)
        form.addRow("姓名", self.name)
        form.addRow("骨干级别", self.level)
        form.addRow("级别认定时间", self.level_on)
        form.addRow("开始培养", self.started_on)
        form.addRow("培养责任人", self.responsible)
        form.addRow("培养进展", self.progress)
        form.addRow("完成时间", self.completed_on)
        layout.addLayout(form)
        self.errors = error_label(self)
        layout.addWidget(self.errors)
        layout.addWidget(button_box(self, "保存"))
        self.person.currentIndexChanged.connect(self._person_changed)
        if entry is not None:
            set_combo_data(self.direction, entry.direction.value)
            set_combo_data(self.person, entry.member_id or "")
            self.name.setText(entry.person_name)
            set_combo_data(self.level, entry.level.value)
            self.level_on.set_value(entry.level_on)
            self.started_on.set_value(entry.started_on)
            self.responsible.setText(entry.responsible)
            self.progress.setPlainText(entry.progress)
            self.completed_on.set_value(entry.completed_on)

    def _person_changed(self) -> None:
        if self.person.currentData():
            self.name.setText(self.person.currentText().split("（")[0])

    def value(self) -> DualInput:
        return DualInput(
            person_name=self.name.text(), direction=DualDirection(self.direction.currentData()),
            started_on=self.started_on.value() or self.today, member_id=self.person.currentData() or None,
            level=BackboneLevel(self.level.currentData() or "none"), level_on=self.level_on.value(),
            responsible=self.responsible.text(), progress=self.progress.toPlainText(),
            completed_on=self.completed_on.value())

    def accept(self) -> None:
        inp = self.value()
        entry = self.entry
        def save() -> str:
            if entry is None:
                return dual_cultivation.add_entry(self.ledger, inp, today=self.today)
            dual_cultivation.update_entry(self.ledger, entry.id, inp, today=self.today)
            return entry.id

        if run_now(self, save) is not None:
            super().accept()


class DualDialog(QDialog):
    """The ledger for a year: 培养成党员 first, then 培养成骨干; add, edit, delete, print."""

    def __init__(self, ctx, parent: QWidget | None = None, *, year: int | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("双培养台账")
        self.resize(1180, 560)  # fits 1366×700 with the taskbar
        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        head.addWidget(QLabel("年度"))
        self.year = QSpinBox(self)
        self.year.setRange(2000, 2100)
        self.year.setValue(year or dt.date.today().year)
        head.addWidget(self.year)
        self.summary = QLabel()
        self.summary.setObjectName("muted")
        head.addWidget(self.summary)
        head.addStretch(1)
        self.add_button = QPushButton("登记…")
        self.add_button.setObjectName("primary")
        self.edit_button = QPushButton("修改…")
        self.delete_button = QPushButton("删除")
        self.print_button = QPushButton("打印双培养台账…")
        for b in (self.add_button, self.edit_button, self.delete_button, self.print_button):
            head.addWidget(b)
        layout.addLayout(head)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(7, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit)
        self.delete_button.clicked.connect(self.delete)
        self.print_button.clicked.connect(self.print_ledger)
        self.table.doubleClicked.connect(lambda _i: self.edit())
        self.year.valueChanged.connect(lambda _v: self.refresh())
        writable = can_write(ctx)
        for b in (self.add_button, self.edit_button, self.delete_button):
            b.setEnabled(writable)
        self.rows: list[DualRow] = []
        self.refresh()

    def refresh(self) -> None:
        year = self.year.value()
        self.rows = run_now(self, lambda: dual_cultivation.list_entries(self.ctx, year=year)) or []
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            values = [row.direction.label, row.person_name, row.branch_name, row.category or "群众",
                      row.level.label if row.level != BackboneLevel.NONE else "", fmt(row.started_on),
                      row.responsible, row.progress, fmt(row.completed_on) or "培养中"]
            for c, text in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(text))
        to_member = sum(r.direction == DualDirection.TO_MEMBER for r in self.rows)
        self.summary.setText(f"培养成党员 {to_member} 人，培养成骨干 {len(self.rows) - to_member} 人")

    def selected(self) -> DualRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows else None

    def add(self) -> None:
        if DualEntryDialog(self.ctx, self).exec():
            self.refresh()

    def edit(self) -> None:
        row = self.selected()
        if row is not None and can_write(self.ctx) and DualEntryDialog(self.ctx, self, entry=row).exec():
            self.refresh()

    def delete(self) -> None:
        row = self.selected()
        if row is None or QMessageBox.question(self, "删除双培养记录", f"删除“{row.person_name}”的双培养记录？") \
                != QMessageBox.StandardButton.Yes:
            return

        def work() -> bool:
            dual_cultivation.delete_entry(self.ctx, row.id)
            return True

        if run_now(self, work):
            self.refresh()

    def print_ledger(self) -> None:
        from app.documents.development_print import print_dual

        year = self.year.value()
        target = print_preview.pdf_path(f"双培养台账_{year}.pdf")
        Operation(self, lambda _p: print_dual(self.ctx, year, target), title="打印双培养台账") \
            .success(lambda p: print_preview.show_pdf(self, p, title="双培养台账")).run()
