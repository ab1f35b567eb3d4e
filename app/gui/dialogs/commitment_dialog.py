"""年初承诺 editor: each member's commitments (from the role templates or typed), deadlines, and the
year-end 践诺 review, which scores through the catalog's commitment rules."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.points_rules import CommitmentGroup, CommitmentRole, Fulfilment
from app.gui.operations import run_now
from app.gui.widgets.date_edit import RequiredDateEdit, refused_date
from app.gui.widgets.forms import enum_combo, enum_value, set_combo_data
from app.services import commitments
from app.services.commitments import CommitmentRow
from app.services.points import RankRow
from app.store.uow import Ledger

COLUMNS = ["类别", "承诺事项", "完成时限", "践诺情况", "评议说明"]


class CommitmentDialog(QDialog):
    def __init__(self, ledger: Ledger, year: int, people: list[RankRow], member_id: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.year = year
        self.rows: list[CommitmentRow] = []
        self.setWindowTitle(f"年初承诺与践诺评议（{year} 年度）")
        self.resize(1120, 600)
        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        left.addWidget(QLabel("党员"))
        self.people = QListWidget()
        self.people.setMaximumWidth(250)
        for p in sorted(people, key=lambda p: (p.branch_name, p.name)):
            item = QListWidgetItem(f"{p.name}（{p.branch_name}）")
            item.setData(Qt.ItemDataRole.UserRole, p.member_id)
            self.people.addItem(item)
        left.addWidget(self.people, 1)
        fill = QHBoxLayout()
        self.role = enum_combo(CommitmentRole)
        self.fill_button = QPushButton("按模板填写")
        self.fill_button.setToolTip("为本人（尚未填写承诺时）按所选岗位模板生成四类承诺")
        fill.addWidget(self.role)
        fill.addWidget(self.fill_button)
        left.addLayout(fill)
        layout.addLayout(left)

        right = QVBoxLayout()
        self.heading = QLabel()
        self.heading.setObjectName("sectionTitle")
        right.addWidget(self.heading)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 124), (2, 128), (3, 116), (4, 170)):
            self.table.setColumnWidth(col, width)
        right.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.add_button, self.remove_button = QPushButton("添加一条"), QPushButton("删除所选")
        self.save_button = QPushButton("保存承诺")
        self.save_button.setObjectName("primary")
        self.close_button = QPushButton("关闭")
        note = QLabel("践诺情况选定即保存：已践诺、未践诺按积分细则自动计分。")
        note.setObjectName("muted")
        for w in (self.add_button, self.remove_button, note):
            buttons.addWidget(w)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        right.addLayout(buttons)
        layout.addLayout(right, 1)

        self.people.currentRowChanged.connect(lambda _r: self.load())
        self.fill_button.clicked.connect(self.fill)
        self.add_button.clicked.connect(lambda: self._append(CommitmentRow(None, CommitmentGroup.POLITICAL, "",
                                                                           dt.date(year, 12, 31))))
        self.remove_button.clicked.connect(self.remove_selected)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.accept)
        start = next((i for i in range(self.people.count())
                      if self.people.item(i).data(Qt.ItemDataRole.UserRole) == member_id), 0)
        if self.people.count():
            self.people.setCurrentRow(start)

    def member_id(self) -> str | None:
        item = self.people.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def load(self) -> None:
        mid = self.member_id()
        if mid is None:
            return
        self.heading.setText(f"{self.people.currentItem().text()} 的 {self.year} 年度承诺")
        rows = run_now(self, lambda: commitments.list_commitments(self.ledger, mid, self.year)) or []
        self.table.setRowCount(0)
        self.rows = []
        for r in rows:
            self._append(r)

    def _append(self, row: CommitmentRow) -> None:
        i = self.table.rowCount()
        self.table.insertRow(i)
        self.rows.append(row)
        group = enum_combo(CommitmentGroup)
        set_combo_data(group, row.group)
        self.table.setCellWidget(i, 0, group)
        self.table.setItem(i, 1, QTableWidgetItem(row.text))
        deadline = RequiredDateEdit()
        deadline.setDateRange(QDate(self.year, 1, 1), QDate(self.year, 12, 31))
        d = row.deadline or dt.date(self.year, 12, 31)
        deadline.setDate(QDate(d.year, d.month, d.day))
        self.table.setCellWidget(i, 2, deadline)
        fulfilment = enum_combo(Fulfilment)
        set_combo_data(fulfilment, row.fulfilment)
        fulfilment.setEnabled(row.id is not None)
        fulfilment.currentIndexChanged.connect(lambda _i, w=fulfilment: self._reviewed(w))
        self.table.setCellWidget(i, 3, fulfilment)
        self.table.setItem(i, 4, QTableWidgetItem(row.review_note))
        self.table.setRowHeight(i, 30)

    def _row_of(self, widget: QWidget) -> int:
        return next((i for i in range(self.table.rowCount()) if self.table.cellWidget(i, 3) is widget), -1)

    def _reviewed(self, widget: QComboBox) -> None:
        i = self._row_of(widget)
        row = self.rows[i] if i >= 0 else None
        if row is None or row.id is None:
            return
        value = enum_value(widget, Fulfilment) or Fulfilment.PENDING
        note = self.table.item(i, 4).text() if self.table.item(i, 4) else ""
        saved = run_now(self, lambda: commitments.review_commitment(self.ledger, row.id or "", value, note),
                        title="无法保存践诺情况")
        if saved is not None:
            self.rows[i] = saved

    def edited(self) -> list[CommitmentRow]:
        out = []
        for i, row in enumerate(self.rows):
            group = enum_value(self.table.cellWidget(i, 0), CommitmentGroup) or CommitmentGroup.POLITICAL
            text = self.table.item(i, 1).text() if self.table.item(i, 1) else ""
            q = self.table.cellWidget(i, 2).date()
            out.append(CommitmentRow(row.id, group, text, dt.date(q.year(), q.month(), q.day()), row.fulfilment,
                                     row.review_note))
        return out

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        for i in rows:
            self.table.removeRow(i)
            del self.rows[i]

    def save(self) -> bool:
        mid = self.member_id()
        if mid is None:
            return False
        if refused := refused_date(self.table.cellWidget(i, 2) for i in range(self.table.rowCount())):
            QMessageBox.warning(self, "无法保存承诺", f"完成时限：{refused}")
            return False
        items = self.edited()
        saved = run_now(self, lambda: commitments.save_commitments(self.ledger, mid, self.year, items),
                        title="无法保存承诺")
        if saved is None:
            return False
        self.load()
        return True

    def fill(self) -> None:
        mid = self.member_id()
        role = enum_value(self.role, CommitmentRole) or CommitmentRole.TEACHER
        if mid is None:
            return
        done = run_now(self, lambda: commitments.fill_from_template(self.ledger, self.year, [mid], role),
                       title="无法生成承诺")
        if done == 0:
            self.heading.setText(self.heading.text() + "（已有承诺，模板未覆盖）")
        self.load()
