"""Qt models for 三会一课: the meeting list (lazy, SQL-filtered pages) and the attendance table."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QWidget

from app.domain.enums import AbsenceReason, AttendanceStatus, MemberCategory
from app.services import meeting_ops
from app.services.meeting_list import MeetingQuery, MeetingRow
from app.services.meeting_types import AttendanceEntry
from app.store.uow import Ledger

Index = QModelIndex | QPersistentModelIndex
PAGE = 200
ROOT = QModelIndex()  # the invisible root, shared default for parent arguments


_LIST_ROLES = {Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.TextAlignmentRole,
               Qt.ItemDataRole.UserRole}


class MeetingListModel(QAbstractTableModel):
    """Rows come a page at a time from SQL (canFetchMore/fetchMore); filtering is a new query."""

    HEADERS = ["日期", "类型", "党组织", "会议名称", "主持人", "应到", "实到"]

    def __init__(self, ctx: Ledger, parent: Any = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.query = MeetingQuery()
        self.rows: list[MeetingRow] = []
        self.total = 0

    def set_query(self, query: MeetingQuery) -> None:
        self.beginResetModel()
        self.query = replace(query, offset=0, limit=PAGE)
        page = meeting_ops.meeting_page(self.ctx, self.query)
        self.total, self.rows = page.total, page.rows
        self.endResetModel()

    def refresh(self) -> None:
        self.set_query(self.query)

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def canFetchMore(self, parent: Index = ROOT) -> bool:
        return not parent.isValid() and len(self.rows) < self.total

    def fetchMore(self, parent: Index = ROOT) -> None:
        if parent.isValid():
            return
        more = meeting_ops.meeting_page(self.ctx, replace(self.query, offset=len(self.rows), limit=PAGE),
                                        with_total=False).rows
        if not more:
            self.total = len(self.rows)
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
        self.rows.extend(more)
        self.endInsertRows()

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _LIST_ROLES or not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None  # a view asks for about ten roles per cell on each paint; these four are answered
        row = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            values = [f"{row.held_on:%Y-%m-%d}" + (f" {row.start_time}" if row.start_time else ""),
                      row.kind.label, row.organization_name, row.title, row.host,
                      str(row.expected) if row.expected else "", str(row.present) if row.expected else ""]
            return values[col]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row.title}\n{row.place}" if row.place else row.title
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (5, 6):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    def meeting_id(self, row: int) -> str | None:
        return self.rows[row].id if 0 <= row < len(self.rows) else None


AWAY = (AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED)  # not there: a reason is asked for
EXCUSE_REASONS = (AbsenceReason.FRAIL, AbsenceReason.AWAY)  # 不计应到 at a 党员大会, with consent


class AttendanceModel(QAbstractTableModel):
    """One row per expected person: 出席 checkbox, 缺席原因 (combo delegate), 备注."""

    HEADERS = ["姓名", "类别", "出席", "缺席原因", "备注"]
    PRESENT, REASON, NOTE = 2, 3, 4

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.entries: list[AttendanceEntry] = []

    def set_entries(self, entries: list[AttendanceEntry]) -> None:
        self.beginResetModel()
        self.entries = [replace(e) for e in entries]
        self.endResetModel()

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == self.PRESENT:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        if index.column() == self.NOTE:
            return base | Qt.ItemFlag.ItemIsEditable
        if index.column() == self.REASON and self.entries[index.row()].status in AWAY:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        e = self.entries[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.CheckStateRole and col == self.PRESENT:
            return Qt.CheckState.Checked if e.status == AttendanceStatus.PRESENT else Qt.CheckState.Unchecked
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == 0:
                return e.name
            if col == 1:
                if e.status == AttendanceStatus.OBSERVER:
                    return "列席"
                if e.status == AttendanceStatus.EXCUSED:
                    return "不计应到"
                return MemberCategory(e.category).label if e.category else ""
            if col == self.REASON:
                if role == Qt.ItemDataRole.EditRole:
                    return e.reason.value if e.reason else ""
                if e.status in AWAY:
                    return e.reason.label if e.reason else "（请选择）"
                return ""
            if col == self.NOTE:
                return e.note
        if role == Qt.ItemDataRole.ForegroundRole and col == self.REASON and e.status == AttendanceStatus.ABSENT \
                and e.reason is None:
            from PySide6.QtGui import QColor

            return QColor("#b00020")
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        e = self.entries[index.row()]
        col = index.column()
        if col == self.PRESENT and role == Qt.ItemDataRole.CheckStateRole:
            checked = Qt.CheckState(value) == Qt.CheckState.Checked
            e.status = AttendanceStatus.PRESENT if checked else AttendanceStatus.ABSENT
            if checked:
                e.reason = None
            self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), self.NOTE))
            return True
        if col == self.REASON and role == Qt.ItemDataRole.EditRole:
            e.reason = AbsenceReason(value) if value else None
            # 年老体弱/卧床, 外出半年以上: left out of 应到 (a 党员大会, with the upper organization's consent)
            e.status = AttendanceStatus.EXCUSED if e.reason in EXCUSE_REASONS else AttendanceStatus.ABSENT
            self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), self.NOTE))
            return True
        if col == self.NOTE and role == Qt.ItemDataRole.EditRole:
            e.note = str(value)[:200]
            self.dataChanged.emit(index, index)
            return True
        return False

    def counts(self) -> tuple[int, int]:
        expected = [e for e in self.entries if e.status in (AttendanceStatus.PRESENT, AttendanceStatus.ABSENT)]
        return len(expected), sum(1 for e in expected if e.status == AttendanceStatus.PRESENT)


class ReasonDelegate(QStyledItemDelegate):
    """A combo of 病假/事假/公假/无故缺席 for the 缺席原因 column: one click opens its list."""

    LABELS = ["（请选择）", *(label for _v, label in AbsenceReason.choices())]

    @classmethod
    def column_width(cls, view: QWidget) -> int:
        """Wide enough for the editor showing the longest reason: text, padding, border and the arrow's
        22 px (app/gui/style.py), with room to spare."""
        return max(view.fontMetrics().horizontalAdvance(text) for text in cls.LABELS) + 64

    def createEditor(self, parent: QWidget, option: Any, index: Index) -> QWidget:
        combo = QComboBox(parent)
        combo.addItem(self.LABELS[0], "")
        for value, label in AbsenceReason.choices():
            combo.addItem(label, value)
        combo.activated.connect(lambda _i: self.commitData.emit(combo))  # a choice is kept at once
        QTimer.singleShot(0, combo, combo.showPopup)  # the click that opened the editor also opens the list
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        i = editor.findData(index.data(Qt.ItemDataRole.EditRole) or "")
        editor.setCurrentIndex(max(0, i))

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
