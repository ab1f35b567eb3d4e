"""三会一课要求: which rule binds which organization and why, and a form to set one (per organization,
from a start date). Admin only for changes; anyone may look."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import MeetingKind, Period
from app.gui.operations import run_now
from app.gui.widgets.date_edit import RequiredDateEdit, refused_date
from app.services import compliance
from app.store.uow import Ledger

KINDS = [k for k in MeetingKind if k != MeetingKind.TALK]


class RulesDialog(QDialog):
    def __init__(self, ledger: Ledger, day: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.setWindowTitle("三会一课要求")
        self.resize(900, 620)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("查看日期"))
        self.on = RequiredDateEdit(day)
        self.on.dateChanged.connect(self.refresh)
        top.addWidget(self.on)
        top.addWidget(QLabel("各党组织在这一天适用的要求及原因（党组织自己的规定优先于全校规定）"))
        top.addStretch(1)
        layout.addLayout(top)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["党组织", "会议类型", "是否要求", "适用的规定与原因"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        for col in (0, 1, 2):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._pick)
        layout.addWidget(self.table, 1)

        box = QGroupBox("设置要求")
        form = QHBoxLayout(box)
        self.org = QComboBox()
        self.kind = QComboBox()
        for k in KINDS:
            self.kind.addItem(k.label, k.value)
        self.period = QComboBox()
        for p in Period:
            self.period.addItem(p.label, p.value)
        self.count = QSpinBox(minimum=0, maximum=31, value=1)
        self.count.setSuffix(" 次")
        self.active = QCheckBox("要求召开")
        self.active.setChecked(True)
        self.valid_from = RequiredDateEdit(day.replace(day=1))
        self.save_button = QPushButton("保存")
        self.save_button.clicked.connect(self.save)
        for label, widget in (("党组织", self.org), ("类型", self.kind), ("频次", self.period), ("", self.count),
                              ("", self.active), ("起始日期", self.valid_from)):
            if label:
                form.addWidget(QLabel(label))
            form.addWidget(widget)
        form.addWidget(self.save_button)
        layout.addWidget(box)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout.addLayout(bottom)
        self.lines: list[compliance.RuleLine] = []
        self.refresh()

    def refresh(self, *_args: object) -> None:
        found = run_now(self, lambda: compliance.rule_overview(self.ledger, self.on.day()), "三会一课要求")
        if found is None:
            return
        self.lines, orgs = found
        keep = self.org.currentData()
        self.org.clear()
        for choice in orgs:
            self.org.addItem(choice.name, choice.org_id)
        self.org.setCurrentIndex(max(0, self.org.findData(keep)))
        self.table.setRowCount(len(self.lines))
        for r, line in enumerate(self.lines):
            for c, text in enumerate((line.org_name, line.kind.label, "要求" if line.required else "不要求",
                                      line.why)):
                self.table.setItem(r, c, QTableWidgetItem(text))

    def _pick(self) -> None:
        rows = {i.row() for i in self.table.selectedItems()}
        if len(rows) != 1:
            return
        line = self.lines[rows.pop()]
        self.org.setCurrentIndex(max(0, self.org.findData(line.org_id)))
        self.kind.setCurrentIndex(max(0, self.kind.findData(line.kind.value)))

    def save(self) -> bool:
        if refused := refused_date([self.valid_from]):
            self.status.setText(f"未保存：起始日期{refused}")
            return False
        kind = MeetingKind(self.kind.currentData())
        org_id = self.org.currentData()
        done = run_now(self, lambda: compliance.change_rule(
            self.ledger, kind, organization_id=org_id, period=Period(self.period.currentData()),
            required_count=self.count.value(), active=self.active.isChecked(),
            valid_from=self.valid_from.day()) or True, "无法保存要求")
        if done:
            since = self.valid_from.day()
            self.status.setText(f"已保存：{self.org.currentText()} {kind.label}，自 {since:%Y-%m-%d} 起。")
            self.refresh()
        return bool(done)
