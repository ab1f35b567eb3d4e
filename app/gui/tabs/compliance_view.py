"""The compliance grid (branch × month, green/amber/red with tooltips) and the due-soon list, as one widget.

Used by the 三会一课 tab and 首页: `view.count(ctx, year, shown)` counts the year on a worker and shows it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain import compliance_rules as cr
from app.gui.operations import Operation
from app.services import meeting_ops
from app.store.uow import Ledger

CELL_COLOURS = {cr.Status.GREEN: "#cdeccd", cr.Status.AMBER: "#ffd27a", cr.Status.RED: "#f08c8c",
                cr.Status.NONE: "#ffffff"}
MARKS = cr.STATUS_MARKS


class ComplianceView(QWidget):
    branch_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, titled: bool = True) -> None:
        """titled: the legend names the year shown and says 正在统计… while another is counted (三会一课);
        首页 names the year in its panel's head and keeps the legend to the marks (titled=False)."""
        super().__init__(parent)
        self.titled = titled
        self.data: cr.ComplianceGrid | None = None
        self._generation = 0  # of the latest count asked for (count)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.grid = QTableWidget(0, 14)
        self.grid.setHorizontalHeaderLabels([f"{m}月" for m in range(1, 13)] + ["出勤率", "完成/到期"])
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.grid.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for column in (12, 13):  # 出勤率, 完成/到期: never cut short
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setMinimumSectionSize(42)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.cellClicked.connect(self._clicked)
        grid_box = QVBoxLayout()
        self.legend = QLabel(self._legend())
        grid_box.addWidget(self.legend)
        grid_box.addWidget(self.grid, 1)
        layout.addLayout(grid_box, 3)
        due_box = QVBoxLayout()
        due_box.addWidget(QLabel("即将到期 / 未完成"))
        self.due = QListWidget()
        self.due.setWordWrap(True)
        due_box.addWidget(self.due, 1)
        layout.addLayout(due_box, 1)

    def _legend(self, year: int | None = None) -> str:
        marks = f"{cr.status_legend()}；数字为当月会议次数"
        return f"{f'{year}年' if year else ''}三会一课落实情况（{marks}）" if self.titled else marks

    def show_counting(self, year: int) -> None:
        """While another year is counted: say so, and grey out the grid still showing the previous one."""
        if self.titled:
            self.legend.setText(f"正在统计{year}年三会一课落实情况…")
        self.grid.setEnabled(False)
        self.due.setEnabled(False)

    def count(self, ctx: Ledger, year: int, shown: Callable[[cr.ComplianceGrid], None],
              **options: Any) -> None:
        """Count the year's grid on a worker (a whole year of meetings: 0.2-0.5 s on a county store,
        docs/benchmark.md), then show it and call `shown(grid)`; a count overtaken by a later one, or
        finishing after this view was deleted, is dropped. `options` go to the Operation."""
        self._generation = generation = self._generation + 1

        def show(grid: cr.ComplianceGrid) -> None:
            if shiboken6.isValid(self) and generation == self._generation:  # not closed, not overtaken
                self.show_grid(grid)
                shown(grid)

        # parent None: the view may be gone (F5 rebuilt its tab, the window closed) before the count is done
        Operation(None, lambda _p: meeting_ops.compliance_grid(ctx, year), title="三会一课落实情况",
                  **options).success(show).run()

    def show_grid(self, grid: cr.ComplianceGrid) -> None:
        self.data = grid
        self.legend.setText(self._legend(grid.year))
        self.grid.setEnabled(True)
        self.due.setEnabled(True)
        self.grid.setRowCount(len(grid.rows))
        self.grid.setVerticalHeaderLabels([r.name for r in grid.rows])
        for r, row in enumerate(grid.rows):
            for c, cell in enumerate(row.cells):
                item = QTableWidgetItem(MARKS[cell.status] + (f" {cell.held_total}" if cell.held_total else ""))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                item.setBackground(QBrush(QColor(CELL_COLOURS[cell.status])))
                tip = [f"{row.name} {grid.year}年{cell.month}月：召开会议 {cell.held_total} 次"]
                tip += list(cell.lines) or ["本月无到期要求"]
                item.setToolTip("\n".join(tip))
                item.setData(Qt.ItemDataRole.UserRole, cell.status.value)
                self.grid.setItem(r, c, item)
            rate = f"{row.attendance_rate:.0%}" if row.attendance_rate is not None else "—"
            for c, text in ((12, rate), (13, f"{row.met}/{row.due}")):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.grid.setItem(r, c, item)
        self.grid.resizeRowsToContents()
        self.due.clear()
        for req in grid.missed:
            self.due.addItem(f"【未完成】{req.text}")
        for req in grid.due_soon:
            self.due.addItem(f"【即将到期】{req.text}，{req.window.end:%m-%d} 前")
        for text in grid.quorum_issues:
            self.due.addItem(f"【不足法定人数】{text}")
        if not grid.missed and not grid.due_soon and not grid.quorum_issues:
            self.due.addItem("没有未完成或即将到期的要求。")

    def _clicked(self, row: int, _col: int) -> None:
        if self.data and 0 <= row < len(self.data.rows):
            self.branch_clicked.emit(self.data.rows[row].branch_id)
