"""Table model for the import preview: one line per spreadsheet row, its errors in a red column."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.domain import idcard
from app.services.roster_import import ImportRow

ERROR_BACKGROUND = QColor("#fde2e2")
ERROR_TEXT = QColor("#b00020")
WARNING_BACKGROUND = QColor("#fff4d6")
OK_TEXT = QColor("#2e7d32")

_Index = QModelIndex | QPersistentModelIndex


class ImportPreviewModel(QAbstractTableModel):
    """Columns: 行号, 检查结果, then the file's own columns in the file's order (ID numbers masked)."""

    FIXED = ("行号", "检查结果")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[ImportRow] = []
        self._fields: list[str] = []
        self._headings: list[str] = []
        self._name_sheets = False

    def set_rows(self, rows: Sequence[ImportRow], columns: dict[str, str], *, name_sheets: bool = False) -> None:
        """`columns`: field → heading as written in the file; `name_sheets` when the file has several roster
        sheets: the 行号 column then says which (入党申请人等 第5行)."""
        self.beginResetModel()
        self._name_sheets = name_sheets
        self._rows = list(rows)
        self._fields = list(columns)
        self._headings = [columns[f] for f in self._fields]
        self.endResetModel()

    def row_at(self, row: int) -> ImportRow:
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.FIXED) + len(self._fields)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return None
        if section < len(self.FIXED):
            return self.FIXED[section]
        return self._headings[section - len(self.FIXED)]

    def _text(self, item: ImportRow, column: int) -> str:
        if column == 0:
            return f"{item.sheet_name} 第{item.row_number}行" if self._name_sheets else f"第{item.row_number}行"
        if column == 1:
            if item.errors:
                return "；".join(item.errors)
            if item.warnings:
                return "提示：" + "；".join(item.warnings)
            return "正确"
        name = self._fields[column - len(self.FIXED)]
        value = item.cells.get(name, "")
        if name == "id_number" and len(value) == 18:
            return idcard.mask(value)  # PIPL: masked on screen by default
        if name == "phone" and value:
            return idcard.mask_phone(value)
        return value

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        item = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(item, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return item.where
        if role == Qt.ItemDataRole.ToolTipRole and column == 1:
            return "\n".join(item.errors + item.warnings) or None
        if role == Qt.ItemDataRole.BackgroundRole:
            if item.errors and column <= 1:
                return QBrush(ERROR_BACKGROUND)
            if not item.errors and item.warnings and column == 1:
                return QBrush(WARNING_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole and column == 1:
            return QBrush(ERROR_TEXT if item.errors else OK_TEXT if not item.warnings else QColor("#8a6d00"))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 0:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None
