"""Right side of 组织设置: the member roster with search, filters and the roster actions."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.domain.enums import MemberCategory, MemberStatus, OrgKind, Role
from app.domain.member_counts import developing_text, party_text
from app.domain.text import SEARCH_MAX
from app.gui.dialogs.leave_dialog import LeaveDialog
from app.gui.dialogs.member_dialog import MemberDialog
from app.gui.dialogs.probation_dialog import ProbationDialog
from app.gui.models.member_table import COLUMNS, MemberTableModel
from app.gui.operations import run_now
from app.gui.widgets import roster_actions
from app.gui.widgets.empty_hint import EmptyHint
from app.gui.widgets.forms import can_write, enum_combo, enum_value
from app.services import member_cases, org_cases
from app.services.member_status import PartyProbation
from app.services.members import MemberQuery, MemberRow
from app.services.organizations import OrgInfo

# Sample text per column: widths follow the font, so they stay right at any DPI.
_WIDTH_SAMPLES = ["欧阳建国", "性别", "2000-00-00", "000000000000000000X", "入党积极分子", "第一党支部（小学部）",
                  "第一党小组", "2000-00-00", "2000-00-00", "000*****0000", "教研组长", "道德与法治", "县级骨干教师",
                  "在册"]
SEARCH_DELAY_MS = 200


class RosterPanel(QFrame):
    changed = Signal()  # a member was added, edited or left the roster
    scope_changed = Signal(object)  # OrgInfo or None, chosen in the roster's own combo

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 organizations: Callable[[], list[OrgInfo]] | None = None) -> None:
        """organizations: where the scope box gets the organization list; by default it reads the store.
        组织设置 passes its tree's list, which it has just read: one read of the tree, not two."""
        super().__init__(parent)
        self.ctx = ctx
        self._organizations = organizations or (lambda: org_cases.load_org_tree(ctx).organizations)
        self.org: OrgInfo | None = None
        self._split = (0, 0)  # (党员, 入党申请人等) of the current filter
        self._total = 0
        self.setObjectName("panel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 8)
        layout.setSpacing(8)
        layout.addLayout(self._build_filters())
        layout.addLayout(self._build_actions())
        self.model = MemberTableModel(self._load_page, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        self.table.horizontalHeader().setHighlightSections(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        metrics = self.table.fontMetrics()
        for col, (sample, (heading, _f)) in enumerate(zip(_WIDTH_SAMPLES, COLUMNS, strict=True)):
            self.table.setColumnWidth(col, max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(heading))
                                      + 28)
        layout.addWidget(self.table, 1)
        self.empty_hint = EmptyHint(self.table, self._empty_text)
        self.footer = QLabel()
        self.footer.setObjectName("muted")
        layout.addWidget(self.footer)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.category.currentIndexChanged.connect(self.apply_filters)
        self.scope.currentIndexChanged.connect(self._scope_changed)
        self.status.currentIndexChanged.connect(self.apply_filters)
        # Enter and double-click both "activate" a row (QAbstractItemView), once each.
        self.table.activated.connect(lambda _i: self.edit_member())
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.model.modelReset.connect(self._update_footer)
        self.model.rowsInserted.connect(self._update_footer)
        QShortcut(QKeySequence("Ctrl+F"), self, activated=self.search.setFocus,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.apply_filters()

    # -- layout ----------------------------------------------------------------------------------
    def _build_filters(self) -> QHBoxLayout:
        row = QHBoxLayout()
        title = QLabel("党员花名册")
        title.setObjectName("sectionTitle")
        self.scope = QComboBox()
        self.scope.setToolTip("按党支部或党小组筛选（也可在左侧组织树中选择）")
        self.scope.setMinimumContentsLength(9)
        self._fill_scope()
        self.search = QLineEdit()
        self.search.setPlaceholderText("姓名、拼音或首字母（如 zs）")
        self.search.setClearButtonEnabled(True)
        self.search.setMaxLength(SEARCH_MAX)  # the services refuse longer search text (app.domain.text)
        self.search.setMinimumWidth(180)  # 组织设置 fits a 1024-wide window
        self.category = enum_combo(MemberCategory, empty="全部类别")
        self.status = QComboBox()
        self.status.addItem("在册", MemberStatus.ACTIVE.value)
        for s in MemberStatus:
            if s != MemberStatus.ACTIVE:
                self.status.addItem(f"已{s.label}" if s == MemberStatus.TRANSFERRED_OUT else s.label, s.value)
        self.status.addItem("全部状态", "")
        row.addWidget(title)
        row.addWidget(self.scope)
        row.addStretch(1)
        row.addWidget(self.search)
        row.addWidget(self.category)
        row.addWidget(self.status)
        return row

    def _build_actions(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.add_button = QPushButton("新增党员")
        self.add_button.setObjectName("primary")
        self.add_button.setToolTip("Ctrl+N")
        self.edit_button = QPushButton("编辑")
        self.edit_button.setToolTip("回车或双击一行")
        self.leave_button = QPushButton("转出/离册")
        self.leave_button.setToolTip("转出、停止党籍、出党/除名、去世：离册后记录完整保留")
        # 登记留党察看: in the row's context menu and in the member's record (the button row is full at 1024 wide)
        self.probation_action = QAction("登记留党察看…", self)
        self.probation_action.setToolTip("察看期间在册、无表决权；管理员操作")
        self.probation_action.triggered.connect(lambda _checked=False: self.record_probation())
        self.import_button = QPushButton("导入花名册…")
        self.export_button = QPushButton("导出花名册…")
        self.print_button = QPushButton("打印花名册…")
        self.reveal_button = QPushButton("显示完整号码")
        self.reveal_button.setCheckable(True)
        self.reveal_button.setToolTip("身份证号、手机号默认脱敏显示；查看完整号码将记入审计日志")
        if self.ctx.actor.role != Role.ADMIN:  # (setVisible(True) before parenting would pop up a window)
            self.reveal_button.hide()
            self.export_button.hide()  # the export carries full ID numbers: administrators only
        for widget in (self.add_button, self.edit_button, self.leave_button):
            row.addWidget(widget)
        row.addSpacing(8)
        for widget in (self.import_button, self.export_button, self.print_button):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(self.reveal_button)
        self.add_button.clicked.connect(self.add_member)
        self.edit_button.clicked.connect(self.edit_member)
        self.leave_button.clicked.connect(self.leave_member)
        self.import_button.clicked.connect(lambda: roster_actions.import_roster(self))
        self.export_button.clicked.connect(lambda: roster_actions.export_roster(self))
        self.print_button.clicked.connect(lambda: roster_actions.print_roster(self))
        self.reveal_button.toggled.connect(self._reveal_toggled)
        return row

    # -- data ------------------------------------------------------------------------------------
    def _load_page(self, query: MemberQuery) -> list[MemberRow]:
        return member_cases.find_members(self.ctx, query)

    def current_query(self) -> MemberQuery:
        status = self.status.currentData()
        org = self.org
        scope = org.id if org and (org.kind.is_branch or org.kind == OrgKind.PARTY_GROUP) else None
        return MemberQuery(text=self.search.text(), branch_id=scope,
                           category=enum_value(self.category, MemberCategory),
                           status=MemberStatus(status) if status else None)

    def apply_filters(self) -> None:
        self._search_timer.stop()
        query = self.current_query()
        self._count(query)
        self.model.set_query(query)
        if self.model.canFetchMore():
            self.model.fetchMore()
        self._update_buttons()

    def _fill_scope(self) -> None:
        """全部 and every branch and party group (groups indented under their branch)."""
        orgs = self._organizations()
        self._scopes = {o.id: o for o in orgs}
        current = self.scope.currentData()
        self.scope.blockSignals(True)
        self.scope.clear()
        self.scope.addItem("全部党组织", "")
        for o in orgs:
            if o.kind.is_branch or o.kind == OrgKind.PARTY_GROUP:
                self.scope.addItem(("　　" if o.kind == OrgKind.PARTY_GROUP else "") + o.name, o.id)
        index = self.scope.findData(current or "")
        self.scope.setCurrentIndex(max(index, 0))
        self.scope.blockSignals(False)

    def refresh_scope(self) -> None:
        self._fill_scope()

    def _scope_changed(self, *_args: object) -> None:
        org = self._scopes.get(self.scope.currentData() or "")
        self.set_org(org)
        self.scope_changed.emit(org)

    def set_org(self, org: OrgInfo | None) -> None:
        """Filter by a branch or party group; any other node (党总支, 党委) means the whole school."""
        self.org = org
        scoped = org is not None and (org.kind.is_branch or org.kind == OrgKind.PARTY_GROUP)
        self.scope.blockSignals(True)
        self.scope.setCurrentIndex(max(self.scope.findData(org.id if scoped and org else ""), 0))
        self.scope.blockSignals(False)
        self.apply_filters()

    def _count(self, query: MemberQuery) -> None:
        self._split = member_cases.count_party_and_developing(self.ctx, query)
        self._total = sum(self._split)

    def reload(self) -> None:
        self._count(self.model.query)
        self.model.reload()
        self._update_buttons()

    def _empty_text(self) -> str:
        q = self.model.query
        if q.text or q.category or q.branch_id or q.status != MemberStatus.ACTIVE:
            return "没有符合条件的人员。可以换个关键字，或把筛选条件改为“全部”。"
        return "还没有党员。点击「新增党员」逐个添加，或「导入花名册…」从 Excel 批量导入。"

    def _update_footer(self, *_args: object) -> None:
        shown = self.model.rowCount()
        text = f"共 {self._total} 人"
        party, developing = self._split
        if party and developing:  # the same words as 首页 and the tree (app.domain.member_counts)
            text += f"：{party_text(party)}，{developing_text(developing)}"
        if shown < self._total:
            text += f"（已显示 {shown} 人，向下滚动加载更多）"
        if not self.model.show_sensitive:
            text += "　·　身份证号、手机号已脱敏显示"
        self.footer.setText(text)

    def selected(self) -> MemberRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def select_member(self, member_id: str) -> None:
        row = self.model.find_row(member_id)
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def _update_buttons(self) -> None:
        row = self.selected()
        writable = can_write(self.ctx)
        self.add_button.setEnabled(writable)
        self.import_button.setEnabled(writable)
        self.edit_button.setEnabled(row is not None)  # a viewer still opens the form to read it
        self.leave_button.setEnabled(writable and row is not None and row.status == MemberStatus.ACTIVE)
        # 留党察看 is an administrator's to record (app.services.member_status), for a party member on the roster
        admin = writable and self.ctx.actor.role == Role.ADMIN
        self.probation_action.setEnabled(admin and row is not None and row.status == MemberStatus.ACTIVE
                                         and row.category.is_party_member)

    # -- actions ---------------------------------------------------------------------------------
    def add_member(self) -> None:
        branch, group = "", ""
        if self.org and self.org.kind.is_branch:
            branch = self.org.name
        elif self.org and self.org.kind == OrgKind.PARTY_GROUP:
            group = self.org.name
            branch = next((o.name for o in self._parents() if o.id == self.org.parent_id), "")
        dialog = MemberDialog(self.ctx, self, branch_name=branch, group_name=group)
        if dialog.exec() and dialog.member_id:
            self.reload()
            self.select_member(dialog.member_id)
            self.changed.emit()

    def _parents(self) -> list[OrgInfo]:
        return [o for o in org_cases.load_org_tree(self.ctx).organizations if o.kind.is_branch]

    def edit_member(self) -> None:
        row = self.selected()
        if row is None:
            return
        dialog = MemberDialog(self.ctx, self, member_id=row.id)
        if dialog.exec() or dialog.status_changed:  # 留党察看 is recorded from the record, saved or not
            self.reload()
            self.select_member(row.id)
            self.changed.emit()

    def leave_member(self) -> None:
        row = self.selected()
        if row is None or row.status != MemberStatus.ACTIVE:
            return
        if LeaveDialog(self.ctx, row.id, row.name, self).exec():
            self.reload()
            self.changed.emit()

    def record_probation(self) -> None:
        """登记留党察看… for the selected party member (or 取消登记 of the period on record)."""
        row = self.selected()
        if row is None or not self.probation_action.isEnabled():
            return
        start, until = row.party_probation_from, row.party_probation_until
        current = PartyProbation(start, until) if start is not None else None
        if ProbationDialog(self.ctx, row.id, row.name, current, self).exec():
            self.reload()
            self.select_member(row.id)
            self.changed.emit()

    def _context_menu(self, pos) -> None:
        if self.selected() is None:
            return
        menu = QMenu(self)
        menu.addAction("编辑…", self.edit_member).setEnabled(self.edit_button.isEnabled())
        menu.addAction("转出/离册（含停止党籍）…", self.leave_member).setEnabled(self.leave_button.isEnabled())
        menu.addAction(self.probation_action)
        menu.exec(self.table.viewport().mapToGlobal(pos))

    def show_member(self, member_id: str, name: str) -> None:
        """Bring one person into view (from a 首页 alert): all statuses, found by name, selected."""
        self.category.setCurrentIndex(0)
        self.status.setCurrentIndex(self.status.count() - 1)
        self.search.setText(name)
        self.apply_filters()
        self.select_member(member_id)

    def reveal(self, reason: str) -> bool:
        """Show full numbers after the service has checked the role and written the audit row."""
        if run_now(self, lambda: member_cases.reveal_roster_numbers(self.ctx, reason), "显示完整号码") is None:
            return False
        self.model.set_show_sensitive(True)
        self._update_footer()
        return True

    def _reveal_toggled(self, checked: bool) -> None:
        if not checked:
            self.model.set_show_sensitive(False)
            self._update_footer()
            return
        reason, ok = QInputDialog.getText(self, "显示完整号码", "查看原因（将记入审计日志）：", text="核对党员信息")
        if not (ok and reason.strip() and self.reveal(reason)):
            self.reveal_button.blockSignals(True)
            self.reveal_button.setChecked(False)
            self.reveal_button.blockSignals(False)
