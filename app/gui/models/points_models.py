"""Table models of the 党员积分 tab: the year's ranking (filtered by branch) and one member's ledger."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.domain.enums import MemberCategory
from app.gui import style
from app.services.points import DetailRow, RankRow
from app.services.points_review import ReviewRow

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
_CENTER = int(Qt.AlignmentFlag.AlignCenter)


class _Table(QAbstractTableModel):
    COLUMNS: list[str] = []
    CENTERED: set[int] = set()

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._shown())

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.COLUMNS[section]
        return None

    def _shown(self) -> list:
        raise NotImplementedError

    def row_at(self, row: int):
        rows = self._shown()
        return rows[row] if 0 <= row < len(rows) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or (row := self.row_at(index.row())) is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, index.column())
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.CENTERED:
            return _CENTER
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.colour(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tip(row, index.column())
        return None

    def text(self, row, col: int) -> str:
        raise NotImplementedError

    def colour(self, row, col: int) -> QBrush | None:
        return None

    def tip(self, row, col: int) -> str | None:
        return None


class RankingModel(_Table):
    """All scored members of the year; `set_branch` shows one branch (its ranks stay the school's)."""

    COLUMNS = ["排名", "姓名", "所在党支部", "人员类别", "总分", "支部排名", "备注"]
    CENTERED = {0, 3, 4, 5}

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._all: list[RankRow] = []
        self._rows: list[RankRow] = []
        self._branch: str | None = None

    def _shown(self) -> list[RankRow]:
        return self._rows

    def set_rows(self, rows: list[RankRow]) -> None:
        self.beginResetModel()
        self._all = list(rows)
        self._rows = [r for r in self._all if self._branch is None or r.branch_id == self._branch]
        self.endResetModel()

    def set_branch(self, branch_id: str | None) -> None:
        self._branch = branch_id
        self.set_rows(self._all)

    def text(self, row: RankRow, col: int) -> str:
        note = "一票否决" if row.vetoed else ("不评定等次" if not row.graded else "")  # the reason in the tip
        return [str(row.rank_school), row.name, row.branch_name, row.category.label, str(row.total),
                str(row.rank_branch), note][col]

    def tip(self, row: RankRow, col: int) -> str | None:
        return (row.note or None) if col in (3, 6) else None

    def colour(self, row: RankRow, col: int) -> QBrush | None:
        if row.vetoed and col in (4, 6):
            return QBrush(QColor(style.DANGER))
        if row.category != MemberCategory.FULL and col == 3:  # scored, not graded
            return QBrush(QColor(style.MUTED))
        return None

    def row_of(self, member_id: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.member_id == member_id), -1)


class LedgerModel(_Table):
    """One member's entries for the year; a 会议记录 row opens its meeting."""

    COLUMNS = ["日期", "类别", "项目", "分值", "来源", "说明", "录入人"]
    CENTERED = {0, 1, 3, 6}

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[DetailRow] = []

    def _shown(self) -> list[DetailRow]:
        return self._rows

    def set_rows(self, rows: list[DetailRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def text(self, row: DetailRow, col: int) -> str:
        detail = row.source_text + ("（已更正）" if row.corrected else "")
        return [f"{row.day:%Y-%m-%d}", row.category.label, row.item, f"{row.points:+d}", row.source_label, detail,
                row.entered_by][col]

    def colour(self, row: DetailRow, col: int) -> QBrush | None:
        if row.corrected or row.source in ("correction", "cap"):
            return QBrush(QColor(style.MUTED))
        if col == 4 and row.source == "meeting":
            return QBrush(QColor(style.RED))
        if col == 3:
            return QBrush(QColor(style.DANGER if row.points < 0 else "#1f6f3f"))
        return None

    def tip(self, row: DetailRow, col: int) -> str | None:
        if row.source == "meeting":
            return "双击打开这次会议的记录"
        if row.source == "manual" and not row.corrected:
            return "录错了？选中后点「更正所选…」，会留下一条冲销记录"
        return None


class ReviewModel(_Table):
    """The 年底评议 screen: totals, suggestions, the 民主测评 counts and the branch's decision."""

    COLUMNS = ["排名", "姓名", "所在党支部", "总分", "建议等次", "优秀票", "合格票", "基本合格票", "不合格票",
               "评定等次", "评定理由"]
    CENTERED = {0, 3, 4, 5, 6, 7, 8, 9}

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[ReviewRow] = []

    def _shown(self) -> list[ReviewRow]:
        return self.rows

    def set_rows(self, rows: list[ReviewRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def text(self, r: ReviewRow, col: int) -> str:
        suggested = (r.suggested.label if r.suggested else "不定等次") + ("（否决）" if r.vetoed else "")
        return [str(r.rank_school), r.name, r.branch_name, str(r.total), suggested, *map(str, r.votes),
                r.final.label if r.final else "—", r.reason][col]

    def colour(self, r: ReviewRow, col: int) -> QBrush | None:
        return QBrush(QColor(style.RED)) if col == 9 and r.decided else None
