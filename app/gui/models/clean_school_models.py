"""Qt models of the 清廉学校 tab: an editable list version, the 三重一大 register, the 警示教育 log."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.domain.clean_school import ListKind, RiskLevel
from app.domain.clean_school_docs import ActivityRow, DecisionRow, ListRow, NegativeRow, PowerRow, RiskRow
from app.domain.dates import parse_date

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
R = TypeVar("R")
_FLAG_BG = QColor(253, 230, 225)
_LEVEL_BG = {RiskLevel.HIGH: QColor(253, 226, 221), RiskLevel.MEDIUM: QColor(255, 244, 214),
             RiskLevel.LOW: QColor(229, 245, 229)}

# kind → [(header, attribute)]
LIST_COLUMNS: dict[ListKind, list[tuple[str, str]]] = {
    ListKind.POWER: [("权力事项", "name"), ("依据", "basis"), ("责任主体（岗位）", "responsible"),
                     ("运行流程（每行一步，◇开头为判断）", "steps"), ("风险点", "risk_points"),
                     ("风险等级", "risk_level"), ("防控措施", "measures"), ("监督方式", "supervision"),
                     ("责任领导", "leader")],
    ListKind.NEGATIVE: [("类别", "category"), ("负面行为", "conduct"), ("处理方式", "consequence")],
    ListKind.RISK: [("岗位（事项）", "subject"), ("风险点", "risk"), ("风险等级", "level"), ("防控措施", "measures"),
                    ("责任人", "person"), ("复查日期", "review_on")],
}
_BLANK: dict[ListKind, type] = {ListKind.POWER: PowerRow, ListKind.NEGATIVE: NegativeRow, ListKind.RISK: RiskRow}


def blank_row(kind: ListKind) -> ListRow:
    if kind is ListKind.POWER:
        return PowerRow("", steps="")
    if kind is ListKind.NEGATIVE:
        return NegativeRow("")
    return RiskRow("", "")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, RiskLevel):
        return value.label
    if isinstance(value, dt.date):
        return f"{value:%Y-%m-%d}"
    return str(value)


class ListRowsModel(QAbstractTableModel):
    """A list being edited: rows can be typed into, added, removed and moved; `rows()` gives them back."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.kind = ListKind.POWER
        self.editable = False
        self._rows: list[ListRow] = []
        self.dirty = False

    def set_rows(self, kind: ListKind, rows: list[ListRow], *, editable: bool) -> None:
        self.beginResetModel()
        self.kind, self.editable = kind, editable
        self._rows = [dataclasses.replace(r) for r in rows]
        self.dirty = False
        self.endResetModel()

    def rows(self) -> list[ListRow]:
        return [dataclasses.replace(r) for r in self._rows]

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(LIST_COLUMNS[self.kind])

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return LIST_COLUMNS[self.kind][section][0]
        return str(section + 1)

    def _attr(self, index: Index) -> str:
        return LIST_COLUMNS[self.kind][index.column()][1]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        value = getattr(self._rows[index.row()], self._attr(index))
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole):
            return _text(value)
        if role == Qt.ItemDataRole.BackgroundRole and isinstance(value, RiskLevel):
            return QBrush(_LEVEL_BG[value])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsEditable if self.editable and index.isValid() else base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Typed text into a cell; a risk level or date that cannot be read is refused (the cell keeps its value)."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or not self.editable:
            return False
        attr, text = self._attr(index), str(value or "").strip()
        parsed: Any = text
        if attr in ("risk_level", "level"):
            parsed = RiskLevel.parse(text)
            if parsed is None:
                return False
        elif attr == "review_on":
            try:
                parsed = parse_date(text) if text else None
            except ValueError:
                return False
        setattr(self._rows[index.row()], attr, parsed)
        self.dirty = True
        self.dataChanged.emit(index, index)
        return True

    def add_row(self, at: int | None = None) -> int:
        at = len(self._rows) if at is None else max(0, min(at, len(self._rows)))
        self.beginInsertRows(_ROOT, at, at)
        self._rows.insert(at, blank_row(self.kind))
        self.endInsertRows()
        self.dirty = True
        return at

    def remove_row(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            self.beginRemoveRows(_ROOT, row, row)
            del self._rows[row]
            self.endRemoveRows()
            self.dirty = True

    def move_row(self, row: int, by: int) -> int:
        target = row + by
        if not (0 <= row < len(self._rows) and 0 <= target < len(self._rows)):
            return row
        dest = target + 1 if by > 0 else target  # Qt's destination is "before this row"
        self.beginMoveRows(_ROOT, row, row, _ROOT, dest)
        self._rows.insert(target, self._rows.pop(row))
        self.endMoveRows()
        self.dirty = True
        return target


class RecordTableModel(QAbstractTableModel, Generic[R]):
    """A read-only table of records; subclasses name the columns and say what each cell shows."""

    columns: list[str] = []

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[R] = []

    def set_rows(self, rows: list[R]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> R | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section]
        return None

    def values(self, row: R) -> list[str]:
        raise NotImplementedError

    def background(self, row: R, column: int) -> QBrush | None:
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.values(row)[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole:
            return self.background(row, index.column())
        return None


class DecisionTableModel(RecordTableModel[DecisionRow]):
    columns = ["党组织会议", "校长办公会", "类别", "议题", "金额（元）", "决议", "落实责任人", "提示"]

    def values(self, d: DecisionRow) -> list[str]:
        return [_text(d.party_meeting_on) or "无", _text(d.office_meeting_on), d.category.label, d.topic,
                f"{d.amount:,.2f}" if d.amount is not None else "", d.decision, d.executor, "；".join(d.flags) or "—"]

    def background(self, d: DecisionRow, column: int) -> QBrush | None:
        return QBrush(_FLAG_BG) if d.flags and column == len(self.columns) - 1 else None


class ActivityTableModel(RecordTableModel[ActivityRow]):
    columns = ["日期", "形式", "主题", "地点", "参加人数", "心得体会"]

    def values(self, a: ActivityRow) -> list[str]:
        return [_text(a.held_on), a.form.label, a.title, a.place, str(len(a.participant_ids)), a.reflections]
