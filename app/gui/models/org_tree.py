"""The organization tree: name, kind, people, next 换届 date (expired terms in red, near ones in amber)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from app.domain.dates import fmt
from app.domain.enums import OrgKind
from app.domain.member_counts import PeopleCount
from app.gui import style
from app.services.organizations import OrgInfo

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # the invalid index: Qt's default parent, immutable
ORG_ROLE = Qt.ItemDataRole.UserRole + 1
_ROLES = {ORG_ROLE, Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole,
          Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ToolTipRole}
COLUMNS = ["党组织", "类型", "党员", "下次换届"]  # 党员: 正式+预备 在册, as 首页 counts them (people_counts)


@dataclass(eq=False)
class _Node:
    org: OrgInfo | None
    parent: _Node | None = None
    children: list[_Node] = field(default_factory=list)
    count: PeopleCount = field(default_factory=PeopleCount)

    @property
    def people(self) -> int:
        """党员 (正式, 预备): the number in the 党员 column."""
        return self.count.party

    def row(self) -> int:
        return self.parent.children.index(self) if self.parent else 0


class OrgTreeModel(QAbstractItemModel):
    """Built from `list_organizations` (tree order). Counts roll up from branches to 党总支/党委."""

    def __init__(self, parent=None, *, due_days: int = 90) -> None:
        super().__init__(parent)
        self._root = _Node(None)
        self._due_days = due_days
        self.compact = False  # a narrow tree: 下次换届 is the date alone, its colour (and tooltip) says 已到期
        self.today = dt.date.today()
        self._states: dict[tuple[str, dt.date], str] = {}  # data() asks many roles per cell: compute once

    def set_organizations(self, orgs: list[OrgInfo]) -> None:
        self.beginResetModel()
        self._states.clear()
        self._root = _Node(None)
        nodes: dict[str, _Node] = {}
        for org in orgs:
            parent = nodes.get(org.parent_id or "", self._root)
            node = _Node(org, parent, count=org.people)
            parent.children.append(node)
            nodes[org.id] = node
        for node in self._root.children:
            self._roll_up(node)
        self.endResetModel()

    def _roll_up(self, node: _Node) -> PeopleCount:
        """People of a branch are its own; of a 党总支/党委 the sum over branches below it."""
        below = sum((self._roll_up(child) for child in node.children), PeopleCount())
        assert node.org is not None
        if node.org.kind.is_branch or node.org.kind == OrgKind.PARTY_GROUP:
            return node.count
        node.count = node.count + below
        return node.count

    # -- structure -------------------------------------------------------------------------------
    def _node(self, index: Index) -> _Node:
        return index.internalPointer() if index.isValid() else self._root  # type: ignore[return-value]

    def index(self, row: int, column: int, parent: Index = _ROOT) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        return self.createIndex(row, column, self._node(parent).children[row])

    def parent(self, index: Index = _ROOT) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        node: _Node = index.internalPointer()  # type: ignore[assignment]
        up = node.parent
        if up is None or up is self._root:
            return QModelIndex()
        return self.createIndex(up.row(), 0, up)

    def rowCount(self, parent: Index = _ROOT) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._node(parent).children)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return len(COLUMNS)

    def set_compact(self, compact: bool) -> None:
        if compact != self.compact:
            self.compact = compact
            rows = self.rowCount()
            if rows:  # the top level's 下次换届 cells (the panel repaints the whole tree)
                self.dataChanged.emit(self.index(0, 3), self.index(rows - 1, 3))

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    # -- content ---------------------------------------------------------------------------------
    def term_state(self, org: OrgInfo) -> str:
        """"expired", "due" (within the warning window) or "" for a term with time left or none."""
        key = (org.id, self.today)
        if (state := self._states.get(key)) is None:
            state = self._states[key] = self._term_state(org)
        return state

    def _term_state(self, org: OrgInfo) -> str:
        due = org.next_election_due
        if due is None or org.kind == OrgKind.PARTY_GROUP:
            return ""
        if due <= self.today:
            return "expired"
        return "due" if (due - self.today).days <= self._due_days else ""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if role not in _ROLES or not index.isValid():  # views ask for many roles per cell; most are unused
            return None
        node: _Node = index.internalPointer()  # type: ignore[assignment]
        org = node.org
        assert org is not None
        col = index.column()
        if role == ORG_ROLE:
            return org
        state = self.term_state(org)
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return org.name
            if col == 1:
                return org.kind.label
            if col == 2:
                return node.people
            if col == 3:
                if org.kind == OrgKind.PARTY_GROUP:
                    return ""
                due = org.next_election_due
                if due is None:
                    return "未设任期"
                return fmt(due) + (" 已到期" if state == "expired" and not self.compact else "")
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == 3 and state == "expired":
                return QBrush(QColor(style.DANGER))
            if col == 3 and state == "due":
                return QBrush(QColor(style.WARNING))
            if col in (1, 3) or org.kind == OrgKind.PARTY_GROUP:
                return QBrush(QColor(style.MUTED))
        if role == Qt.ItemDataRole.FontRole and col == 0 and org.kind != OrgKind.PARTY_GROUP:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [f"{org.kind.label}：{org.name}", f"在册：{node.count.describe()}"]
            if org.established_on:
                lines.append(f"成立日期：{fmt(org.established_on)}")
            if org.term_start:
                lines.append(f"本届任期：{fmt(org.term_start)} 起，{org.term_years} 年")
                lines.append(f"下次换届：{fmt(org.next_election_due)}")
            if state == "expired":
                lines.append("任期已届满，应及时换届")
            return "\n".join(lines)
        return None

    def org_at(self, index: Index) -> OrgInfo | None:
        return self._node(index).org if index.isValid() else None

    def find(self, org_id: str) -> QModelIndex:
        def walk(node: _Node) -> _Node | None:
            for child in node.children:
                if child.org and child.org.id == org_id:
                    return child
                if hit := walk(child):
                    return hit
            return None

        hit = walk(self._root)
        return self.createIndex(hit.row(), 0, hit) if hit else QModelIndex()
