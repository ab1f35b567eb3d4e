"""The roster table: fetched page by page from the service (canFetchMore/fetchMore), so 3,000+ rows stay instant."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.domain import idcard
from app.domain.dates import fmt
from app.domain.enums import BackboneLevel, MemberCategory, MemberStatus
from app.gui import style
from app.services.member_status import status_text
from app.services.members import MemberQuery, MemberRow

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # the invalid index: Qt's default parent, immutable
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
# A view asks for about ten roles per cell each time it paints; these are the ones this model answers.
_ROLES = {ROW_ROLE, Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole}
PageLoader = Callable[[MemberQuery], list[MemberRow]]

COLUMNS: list[tuple[str, Callable[[MemberRow, bool], str]]] = [
    ("姓名", lambda r, _s: r.name),
    ("性别", lambda r, _s: r.gender.label if r.gender else ""),
    ("出生日期", lambda r, _s: fmt(r.birth_date)),
    ("身份证号", lambda r, show: r.id_number if show else idcard.mask(r.id_number)),
    ("人员类别", lambda r, _s: r.category.label),
    ("所在支部", lambda r, _s: r.branch_name),
    ("党小组", lambda r, _s: r.group_name),
    ("入党日期", lambda r, _s: fmt(r.joined_on)),
    ("转正日期", lambda r, _s: fmt(r.full_on)),
    ("手机", lambda r, show: r.phone if show else idcard.mask_phone(r.phone)),
    ("岗位", lambda r, _s: r.job),
    ("任教学科", lambda r, _s: r.subject),
    ("骨干级别", lambda r, _s: "" if r.backbone_level == BackboneLevel.NONE else r.backbone_level.label),
    ("状态", lambda r, _s: row_status(r, dt.date.today())),
]
NAME, ID_NUMBER, CATEGORY, PHONE, STATUS = 0, 3, 4, 9, 13


def row_status(r: MemberRow, today: dt.date) -> str:
    """在册, 留党察看（至2026-05-01）, 转出（县第二中学党支部）… (app.services.member_status.status_text)."""
    return status_text(r.status, r.status_note, r.party_probation_from, r.party_probation_until, today=today)

_CATEGORY_COLOURS = {MemberCategory.PROBATIONARY: style.GOLD, MemberCategory.CANDIDATE: style.INFO,
                     MemberCategory.ACTIVIST: style.INFO, MemberCategory.APPLICANT: style.MUTED}


class MemberTableModel(QAbstractTableModel):
    """Rows arrive `page_size` at a time as the view scrolls; `set_query` starts over."""

    def __init__(self, loader: PageLoader, parent=None, *, page_size: int = 200) -> None:
        super().__init__(parent)
        self._loader = loader
        self._page_size = page_size
        self._query = MemberQuery()
        self._rows: list[MemberRow] = []
        self._exhausted = True
        self._fetching = False
        self._show_sensitive = False
        self.today = dt.date.today()  # the day the 状态 column speaks of (留党察看 runs for a period)

    # -- query -----------------------------------------------------------------------------------
    @property
    def query(self) -> MemberQuery:
        return self._query

    def set_query(self, query: MemberQuery) -> None:
        self.beginResetModel()
        self._query = replace(query, offset=0, limit=None)
        self._rows = []
        self._exhausted = False
        self.endResetModel()

    def reload(self) -> None:
        """After a change: fetch again, keeping as many rows loaded as before."""
        keep = max(len(self._rows), self._page_size)
        self.beginResetModel()
        self._rows = self._loader(replace(self._query, offset=0, limit=keep))
        self._exhausted = len(self._rows) < keep
        self.endResetModel()

    def set_show_sensitive(self, show: bool) -> None:
        self._show_sensitive = show
        if self._rows:
            for col in (ID_NUMBER, PHONE):
                self.dataChanged.emit(self.index(0, col), self.index(len(self._rows) - 1, col))

    @property
    def show_sensitive(self) -> bool:
        return self._show_sensitive

    # -- lazy fetching ---------------------------------------------------------------------------
    def canFetchMore(self, parent: Index = _ROOT) -> bool:
        return not parent.isValid() and not self._exhausted and not self._fetching

    def fetchMore(self, parent: Index = _ROOT) -> None:
        # Views (and the model tester) may ask again from inside rowsInserted: one fetch at a time.
        if not self.canFetchMore(parent):
            return
        self._fetching = True
        try:
            page = self._loader(replace(self._query, offset=len(self._rows), limit=self._page_size))
            if len(page) < self._page_size:
                self._exhausted = True
            if page:
                start = len(self._rows)
                self.beginInsertRows(QModelIndex(), start, start + len(page) - 1)
                self._rows.extend(page)
                self.endInsertRows()
        finally:
            self._fetching = False

    # -- table -----------------------------------------------------------------------------------
    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section][0]
        return section + 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if role not in _ROLES or not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == STATUS:
                return row_status(row, self.today)
            return COLUMNS[col][1](row, self._show_sensitive)
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.status != MemberStatus.ACTIVE:
                return QBrush(QColor(style.MUTED))
            if col == STATUS and row.party_probation_from is not None and row_status(row, self.today) != "在册":
                return QBrush(QColor(style.WARNING))  # 留党察看: on the roster, without a vote
            if col == CATEGORY and row.category in _CATEGORY_COLOURS:
                return QBrush(QColor(_CATEGORY_COLOURS[row.category]))
        if role == Qt.ItemDataRole.ToolTipRole and col in (ID_NUMBER, PHONE) and not self._show_sensitive:
            return "已脱敏显示；管理员可点击「显示完整号码」查看（将记入审计日志）"
        return None

    def row_at(self, row: int) -> MemberRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def find_row(self, member_id: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == member_id), -1)
