"""Audit rows for a table view, fetched a page at a time as the user scrolls."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from app.context import AppContext
from app.services import audit_cases
from app.services.audit import AuditQuery, AuditRow

COLUMNS = ["时间", "账号", "操作", "对象", "摘要"]
PAGE = 200
_Index = QModelIndex | QPersistentModelIndex


class AuditTableModel(QAbstractTableModel):
    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.query = AuditQuery(limit=PAGE)
        self.rows: list[AuditRow] = []
        self.total = 0

    def set_query(self, query: AuditQuery) -> None:
        self.beginResetModel()
        self.query = replace(query, offset=0, limit=PAGE)
        self.total, self.rows = audit_cases.load_audit_page(self.ctx, self.query)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: _Index) -> bool:
        return not parent.isValid() and len(self.rows) < self.total

    def fetchMore(self, parent: _Index) -> None:
        if parent.isValid():
            return
        more = audit_cases.load_audit_rows(self.ctx, replace(self.query, offset=len(self.rows)))
        if not more:
            self.total = len(self.rows)
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
        self.rows.extend(more)
        self.endInsertRows()

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return [row.at.strftime("%Y-%m-%d %H:%M:%S"), row.username, row.action_label, row.entity_label,
                    row.summary][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 4:
            return row.summary
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def row_at(self, row: int) -> AuditRow | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None
