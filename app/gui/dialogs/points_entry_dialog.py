"""录入积分: one rule, a date, a reason, for one member or many at once (quick entry)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.points_rules import RuleCategory, Trigger
from app.gui.operations import run_now
from app.gui.widgets.date_edit import RequiredDateEdit, refused_date
from app.gui.widgets.forms import button_box
from app.services import points, points_catalog
from app.services.points import RankRow
from app.store.uow import Ledger


class EntryDialog(QDialog):
    def __init__(self, ledger: Ledger, year: int, people: list[RankRow], selected: list[str],
                 parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.year = year
        self.saved = 0
        self.setWindowTitle(f"录入积分（{year} 年度）")
        self.resize(760, 560)
        catalog = run_now(self, lambda: points_catalog.get_catalog(ledger, year))
        self.rules = [r for r in (catalog.rules if catalog else [])
                      if r.active and r.spec.trigger == Trigger.MANUAL]
        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        form = QFormLayout()
        self.rule = QComboBox()
        for r in self.rules:
            cap = f"，全年上限 {r.spec.cap} 分" if r.spec.cap else ""
            self.rule.addItem(f"[{r.spec.category.label}] {r.spec.item}（{r.range_text}{cap}）", r.id)
        self.rule.setMinimumWidth(360)
        self.points = QSpinBox(minimum=-100, maximum=100)
        self.day = RequiredDateEdit()
        self.day.setDateRange(QDate(year, 1, 1), QDate(year, 12, 31))
        day = min(today or dt.date.today(), dt.date(year, 12, 31))
        self.day.setDate(QDate(day.year, day.month, day.day) if day.year == year else QDate(year, 12, 31))
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("事由，如：获县级优秀教师表彰")
        form.addRow("积分项目", self.rule)
        form.addRow("分值", self.points)
        form.addRow("日期", self.day)
        form.addRow("事由", self.reason)
        left.addLayout(form)
        self.hint = QLabel()
        self.hint.setObjectName("muted")
        self.hint.setWordWrap(True)
        left.addWidget(self.hint)
        left.addStretch(1)
        left.addWidget(button_box(self, "录入"))
        layout.addLayout(left, 3)

        right = QVBoxLayout()
        self.count = QLabel()
        right.addWidget(self.count)
        self.people = QListWidget()
        for p in people:
            item = QListWidgetItem(f"{p.name}（{p.branch_name}）")
            item.setData(Qt.ItemDataRole.UserRole, p.member_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if p.member_id in selected else Qt.CheckState.Unchecked)
            self.people.addItem(item)
        right.addWidget(self.people, 1)
        row = QHBoxLayout()
        self.all_button, self.none_button = QPushButton("全选"), QPushButton("全不选")
        row.addWidget(self.all_button)
        row.addWidget(self.none_button)
        right.addLayout(row)
        layout.addLayout(right, 2)
        self.all_button.clicked.connect(lambda: self._check_all(True))
        self.none_button.clicked.connect(lambda: self._check_all(False))
        self.people.itemChanged.connect(self._update_count)
        self.rule.currentIndexChanged.connect(self._rule_changed)
        self._rule_changed()
        self._update_count()

    def _check_all(self, on: bool) -> None:
        for i in range(self.people.count()):
            self.people.item(i).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def checked(self) -> list[str]:
        return [self.people.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.people.count())
                if self.people.item(i).checkState() == Qt.CheckState.Checked]

    def _update_count(self) -> None:
        self.count.setText(f"为以下党员录入（已选 {len(self.checked())} 人）：")

    def _rule_changed(self) -> None:
        rule = next((r for r in self.rules if r.id == self.rule.currentData()), None)
        if rule is None:
            self.points.setEnabled(False)
            return
        spec = rule.spec
        low, high = sorted((spec.points, spec.points_max if spec.points_max is not None else spec.points))
        self.points.setRange(low, high)
        self.points.setValue(spec.points)
        self.points.setEnabled(spec.points_max is not None)
        veto = "一票否决：评议等次将为不合格（只有管理员可登记）。" if spec.category == RuleCategory.VETO else ""
        self.hint.setText(f"评定单位：{spec.awarded_by}。{veto}录错时不删除，在明细中「更正」留下冲销记录。")

    def accept(self) -> None:
        if refused := refused_date([self.day]):
            QMessageBox.warning(self, "无法录入", f"日期：{refused}")
            return
        rule_id = self.rule.currentData()
        rule = next((r for r in self.rules if r.id == rule_id), None)
        value = self.points.value() if rule is not None and rule.spec.points_max is not None else None
        d = self.day.date()
        result = run_now(self, lambda: points.add_entries(
            self.ledger, self.checked(), rule_id, dt.date(d.year(), d.month(), d.day()), self.reason.text(), value),
            title="无法录入")
        if result is not None:
            self.saved = result.count
            super().accept()
