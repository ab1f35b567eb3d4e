"""年度计划: a branch × month table of what is planned against what was held; double-click a cell to edit."""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import MeetingKind
from app.gui import print_preview, screen_fit
from app.gui.operations import Operation, run_now
from app.services import meeting_ops, meeting_plans
from app.services.meeting_ops import PlanItemInput
from app.store.uow import Ledger

PLANNABLE = [k for k in MeetingKind if k not in (MeetingKind.TALK, MeetingKind.GROUP_MEETING)]


class PlanDialog(QDialog):
    def __init__(self, ctx: Ledger, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.year = year
        self.setWindowTitle(f"{year}年度三会一课计划")
        screen_fit.fit(self, 1250, 680)  # within a 1366×700 screen (issue #17)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("每格列出计划内容，括号内为实际召开次数；双击格子编辑该月计划。"
                                "绿色：计划已落实；黄色：有计划尚未召开。"))
        self.table = QTableWidget(0, 12)
        self.table.setHorizontalHeaderLabels([f"{m}月" for m in range(1, 13)])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.cellDoubleClicked.connect(self.edit_cell)
        layout.addWidget(self.table, 1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        self.print_button = close.addButton("打印年度计划", QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button.clicked.connect(self.print_plan)
        layout.addWidget(close)
        self.refresh()

    def print_plan(self) -> None:
        from app.documents import meeting_printing  # ReportLab and openpyxl load on first print

        year = self.year
        path = print_preview.pdf_path(f"三会一课年度计划_{year}.pdf")
        Operation(self, lambda _p: meeting_printing.print_plan(self.ctx, year, path), title="打印年度计划") \
            .success(lambda pdf: print_preview.show_pdf(self, pdf, title="年度计划")).run()

    def refresh(self) -> None:
        table = meeting_ops.plan_table(self.ctx, self.year)
        self.branches, cells = table.branches, table.cells
        by_cell: dict[tuple[str, int], list[meeting_plans.PlanVsActual]] = {}
        for c in cells:
            by_cell.setdefault((c.organization_id, c.month), []).append(c)
        self.table.setRowCount(len(self.branches))
        self.table.setVerticalHeaderLabels([b.name for b in self.branches])
        for r, branch in enumerate(self.branches):
            for m in range(1, 13):
                items = [c for c in by_cell.get((branch.id, m), []) if c.planned]
                lines = [f"{c.kind.label}：{'、'.join(c.topics) or '（未写主题）'}（{c.held}）" for c in items]
                item = QTableWidgetItem("\n".join(lines))
                item.setToolTip("\n".join(lines) or "本月无计划")
                if items:
                    done = all(c.held >= c.planned for c in items)
                    item.setBackground(QBrush(QColor("#cdeccd" if done else "#fff1c2")))
                self.table.setItem(r, m - 1, item)
        self.table.resizeRowsToContents()

    def edit_cell(self, row: int, col: int) -> None:
        branch = self.branches[row]
        editor = PlanCellDialog(self.ctx, branch.id, branch.name, self.year, col + 1, self)
        if editor.exec():
            self.refresh()


class PlanCellDialog(QDialog):
    """The plan items of one branch and month: kind and topic, added, changed or removed together."""

    def __init__(self, ctx: Ledger, branch_id: str, branch_name: str, year: int, month: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.branch_id, self.year, self.month = ctx, branch_id, year, month
        self.setWindowTitle(f"{branch_name} {year}年{month}月计划")
        self.resize(560, 300)
        self.existing = meeting_ops.month_plan(ctx, branch_id, year, month)
        layout = QVBoxLayout(self)
        self.rows = QTableWidget(0, 2)
        self.rows.setHorizontalHeaderLabels(["类型", "计划内容（主题、党课题目等）"])
        self.rows.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.rows, 1)
        for p in self.existing:
            self.add_row(p.kind, p.topic, p.id)
        buttons = QHBoxLayout()
        add, remove = QPushButton("添加一项"), QPushButton("删除所选")
        add.clicked.connect(lambda: self.add_row(MeetingKind.THEME_DAY, ""))
        remove.clicked.connect(lambda: self.rows.removeRow(self.rows.currentRow()))
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        box.accepted.connect(self.save)
        box.rejected.connect(self.reject)
        buttons.addWidget(box)
        layout.addLayout(buttons)

    def add_row(self, kind: MeetingKind, topic: str, plan_id: str | None = None) -> None:
        r = self.rows.rowCount()
        self.rows.insertRow(r)
        combo = QComboBox()
        for k in PLANNABLE:
            combo.addItem(k.label, k.value)
        combo.setCurrentIndex(max(0, combo.findData(MeetingKind(kind).value)))
        combo.setProperty("plan_id", plan_id)
        self.rows.setCellWidget(r, 0, combo)
        self.rows.setCellWidget(r, 1, QLineEdit(topic))

    def items(self) -> list[tuple[str | None, MeetingKind, str]]:
        out = []
        for r in range(self.rows.rowCount()):
            combo = self.rows.cellWidget(r, 0)
            edit = self.rows.cellWidget(r, 1)
            assert isinstance(combo, QComboBox) and isinstance(edit, QLineEdit)
            out.append((combo.property("plan_id"), MeetingKind(combo.currentData()), edit.text()))
        return out

    def save(self) -> None:
        """The month's items replace what was planned, in one transaction."""
        items = [PlanItemInput(kind, topic, pid) for pid, kind, topic in self.items()]
        if run_now(self, lambda: meeting_ops.save_month_plan(self.ctx, self.branch_id, self.year, self.month, items),
                   title="无法保存") is not None:
            self.accept()
