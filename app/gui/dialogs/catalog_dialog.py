"""积分细则: the year's catalog (items, points, caps, who awards them, on/off) and the grade bands. An evaluated
year's catalog is frozen: saving makes its next version, which the following year starts from."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.points_rules import Bands
from app.gui.operations import run_now
from app.gui.widgets.forms import button_box, can_write
from app.services import points_catalog
from app.services.points_catalog import CatalogInfo, RuleRow
from app.store.uow import Ledger

COLUMNS = ["类别", "积分项目", "分值", "最高分值", "年度上限", "评定单位", "计分方式", "启用"]


def _number(text: str) -> int | None:
    text = text.strip().replace("＋", "+").replace("－", "-")
    return int(text) if text.lstrip("+-").isdigit() else None


class CatalogDialog(QDialog):
    def __init__(self, ledger: Ledger, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.year = year
        self.setWindowTitle(f"{year} 年度积分细则")
        self.resize(1100, 620)
        self.info: CatalogInfo | None = run_now(self, lambda: points_catalog.get_catalog(ledger, year))
        layout = QVBoxLayout(self)
        self.state = QLabel()
        self.state.setWordWrap(True)
        layout.addWidget(self.state)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 80), (2, 60), (3, 76), (4, 76), (5, 110), (6, 170), (7, 50)):
            self.table.setColumnWidth(col, width)
        layout.addWidget(self.table, 1)
        bands = QHBoxLayout()
        self.excellent, self.qualified, self.basic = (QSpinBox(minimum=0, maximum=300) for _ in range(3))
        self.share = QSpinBox(minimum=0, maximum=100, suffix=" %")
        for label, spin in (("优秀 ≥", self.excellent), ("合格 ≥", self.qualified), ("基本合格 ≥", self.basic),
                            ("优秀人数不超过参评人数的", self.share)):
            bands.addWidget(QLabel(label))
            bands.addWidget(spin)
        bands.addStretch(1)
        layout.addLayout(bands)
        self.buttons = button_box(self, "保存细则")
        layout.addWidget(self.buttons)
        self.show_info()
        self.buttons.button(self.buttons.StandardButton.Ok).setEnabled(can_write(ledger) and self.info is not None)

    def show_info(self) -> None:
        info = self.info
        if info is None:
            return
        frozen = f"本年度已评议，细则已锁定：保存将生成第 {info.version + 1} 版，供下一年度使用。"
        self.state.setText(f"第 {info.version} 版。" + (frozen if info.frozen else
                           "自动计分项目（会议出勤、讲党课、承诺践诺、基础分）按记录自动计入，只能修改分值和上限。"))
        self.table.setRowCount(0)
        for row in info.rules:
            i = self.table.rowCount()
            self.table.insertRow(i)
            s = row.spec
            cells = [s.category.label, s.item, str(s.points), "" if s.points_max is None else str(s.points_max),
                     "" if s.cap is None else str(s.cap), s.awarded_by, s.trigger.label]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col in (0, 6):
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(i, col, item)
            check = QTableWidgetItem()
            check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            check.setCheckState(Qt.CheckState.Checked if row.active else Qt.CheckState.Unchecked)
            self.table.setItem(i, 7, check)
        b = info.bands
        self.excellent.setValue(b.excellent_min)
        self.qualified.setValue(b.qualified_min)
        self.basic.setValue(b.basic_min)
        self.share.setValue(round(100 * b.excellent_share_num / b.excellent_share_den))

    def edited(self) -> tuple[list[RuleRow], Bands]:
        assert self.info is not None
        rows = []
        for i, row in enumerate(self.info.rules):
            def cell(col: int, i: int = i) -> str:
                item = self.table.item(i, col)
                return item.text() if item else ""

            points = _number(cell(2))
            spec = replace(row.spec, item=cell(1).strip(), points=row.spec.points if points is None else points,
                           points_max=_number(cell(3)), cap=_number(cell(4)), awarded_by=cell(5).strip())
            rows.append(RuleRow(row.id, spec, self.table.item(i, 7).checkState() == Qt.CheckState.Checked))
        b = self.info.bands
        num, den = b.excellent_share_num, b.excellent_share_den
        if self.share.value() != round(100 * num / den):  # untouched, 1/3 stays 1/3 (not 33/100)
            num, den = self.share.value(), 100
        return rows, Bands(self.excellent.value(), self.qualified.value(), self.basic.value(), num, den)

    def accept(self) -> None:
        if self.info is None:
            return
        rules, bands = self.edited()
        saved = run_now(self, lambda: points_catalog.save_catalog(self.ledger, self.year, rules, bands),
                        title="无法保存积分细则")
        if saved is not None:
            super().accept()
