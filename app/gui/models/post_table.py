"""班子配备: current (or all) leadership posts, in tree order, 书记 first."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from app.domain.dates import fmt
from app.domain.enums import PostKind
from app.gui import style
from app.services.posts import PostRow

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # the invalid index: Qt's default parent, immutable
POST_ROLE = Qt.ItemDataRole.UserRole + 1
_ROLES = {POST_ROLE, Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.FontRole, Qt.ItemDataRole.ForegroundRole}
COLUMNS = ["党组织", "职务", "姓名", "任职起始", "任职结束", "专职/兼职", "双向进入、交叉任职", "备注"]


def _term_end(row: PostRow) -> str:
    return fmt(row.term_end) if row.term_end else "在任"


def _cross(row: PostRow) -> str:
    if not row.cross_appointment:
        return "否"
    return f"是（{row.admin_title}）" if row.admin_title else "是"


class PostTableModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[PostRow] = []
        self._texts: dict[int, list[str]] = {}  # a row's cell texts, made on first display

    def set_rows(self, rows: list[PostRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._texts = {}
        self.endResetModel()

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if role not in _ROLES or not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if (values := self._texts.get(index.row())) is None:
                values = self._texts[index.row()] = [
                    row.organization_name, row.kind.label, row.holder_name, fmt(row.term_start), _term_end(row),
                    "专职" if row.full_time else "兼职", _cross(row), row.note]
            return values[col]
        if role == POST_ROLE:
            return row
        if role == Qt.ItemDataRole.FontRole and col == 1 and row.kind == PostKind.SECRETARY:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.term_end is not None:
                return QBrush(QColor(style.MUTED))
            if col == 6 and row.cross_appointment:
                return QBrush(QColor(style.RED))
        return None

    def row_at(self, row: int) -> PostRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None
