"""Left side of 组织设置: the organization tree with 新建/编辑; choosing a node filters the roster."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelection, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.domain.enums import OrgKind, Role
from app.gui.dialogs.org_dialog import OrgDialog
from app.gui.models.org_tree import OrgTreeModel
from app.gui.operations import run_now
from app.gui.widgets.empty_hint import EmptyHint
from app.services import org_cases
from app.services.organizations import OrgInfo


class OrgPanel(QFrame):
    org_selected = Signal(object)  # OrgInfo or None
    changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.organizations: list[OrgInfo] = []
        self.setObjectName("panel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        head = QHBoxLayout()
        title = QLabel("党组织")
        title.setObjectName("sectionTitle")
        head.addWidget(title)
        head.addStretch(1)
        self.add_button = QPushButton("新建")
        self.add_button.setToolTip("在所选党组织下新建党支部或党小组")
        self.edit_button = QPushButton("编辑")
        self.edit_button.setToolTip("修改名称、成立日期和任期")
        self.school_button = QPushButton("学校名称…")
        self.school_button.setToolTip("修改学校名称（印在每一份表格的标题上）")
        head.addWidget(self.add_button)
        head.addWidget(self.edit_button)
        head.addWidget(self.school_button)
        layout.addLayout(head)
        self._emitted_id: str | None = None
        self.model = OrgTreeModel(self)
        self.view = QTreeView(self)
        self.view.setModel(self.model)
        self.view.setUniformRowHeights(True)
        self.view.setAlternatingRowColors(True)
        self.view.setAllColumnsShowFocus(True)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Widths fitted to the contents once per refresh (see refresh): ResizeToContents would re-measure
        # every cell on each layout pass, some 20,000 data() calls for a county's 60 organizations.
        for col in (1, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
        self.view.setIndentation(14)
        # 1024 wide, the name column shrank to 「青…」 and a 党支部's name to nothing: where the tree is that narrow
        # its 类型 column goes (the name's tooltip and the name itself say it) and the names keep this room
        self.name_min_width = 2 * self.view.indentation() + self.fontMetrics().horizontalAdvance("第一党支部") + 24
        self._kind_width = 0  # the 类型 column fitted to its contents (0 once hidden: kept here)
        self._due_widths = {False: 0, True: 0}  # 下次换届 fitted to its contents, dates with and without 已到期
        self.view.viewport().installEventFilter(self)
        layout.addWidget(self.view, 1)
        self.total = QLabel()  # the whole school, in 首页's and the restore preview's words
        self.total.setWordWrap(True)
        self.total.setToolTip("在册人员；“党员”列为正式党员和预备党员，入党申请人、入党积极分子、发展对象另计")
        layout.addWidget(self.total)
        self.empty_hint = EmptyHint(self.view, lambda: "还没有党组织。\n点击「新建」添加党委、党总支或党支部。")
        self.legend = QLabel("换届日期：<span style='color:#c62828'>红色</span>为任期已届满，"
                             "<span style='color:#b26a00'>橙色</span>为90天内到期")
        self.legend.setObjectName("muted")
        self.legend.setWordWrap(True)
        layout.addWidget(self.legend)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.view.doubleClicked.connect(lambda _i: self.edit_org())
        self.add_button.clicked.connect(self.add_org)
        self.edit_button.clicked.connect(self.edit_org)
        self.school_button.clicked.connect(self.rename_school)
        self.refresh()

    def refresh(self) -> None:
        current = self.current()
        tree = org_cases.load_org_tree(self.ctx)
        self.organizations = tree.organizations  # the roster's scope box shows the same list (org_setup.py)
        self.model.set_organizations(tree.organizations)
        self.total.setText(f"全校在册：{tree.people.describe()}")
        self.view.expandAll()
        self.view.resizeColumnToContents(2)
        self._kind_width = self._content_width(1)
        compact = self.model.compact
        self._due_widths = {}
        for self.model.compact in (False, True):  # measured both ways: a resize may switch between them
            self._due_widths[self.model.compact] = self._content_width(3)
        self.model.compact = compact
        self._fit_columns()
        if current:
            self.select(current.id)
        self._update_buttons()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        return super().eventFilter(watched, event)

    def _content_width(self, col: int) -> int:
        return max(self.view.sizeHintForColumn(col), self.view.header().sectionSizeHint(col))

    def _fit_columns(self) -> None:
        """Where the name column would have less than `name_min_width` (a 1024-wide window), the tree drops
        its 类型 column and shows 下次换届 as the date alone (red still says 已到期, as the legend and the
        tooltip do)."""
        full = self._kind_width + self.view.columnWidth(2) + self._due_widths[False]
        narrow = self.view.viewport().width() - full < self.name_min_width
        if narrow != self.model.compact:
            self.model.set_compact(narrow)
            self.view.viewport().update()
        self.view.setColumnHidden(1, narrow)
        if not narrow:
            self.view.setColumnWidth(1, self._kind_width)
        self.view.setColumnWidth(3, self._due_widths[narrow])

    def current(self) -> OrgInfo | None:
        return self.model.org_at(self.view.currentIndex())

    def select(self, org_id: str) -> None:
        index = self.model.find(org_id)
        if index.isValid():
            self.view.setCurrentIndex(index)

    def _selection_changed(self, _sel: QItemSelection, _old: QItemSelection) -> None:
        self._update_buttons()
        org = self.current()
        # A refresh re-selects the same node: don't make the roster start over (it would lose its selection).
        if (org.id if org else None) != self._emitted_id:
            self._emitted_id = org.id if org else None
            self.org_selected.emit(org)

    def _update_buttons(self) -> None:
        org = self.current()
        admin = self.ctx.actor.role == Role.ADMIN and not self.ctx.read_only  # organizations: admin only
        self.edit_button.setEnabled(admin and org is not None)
        self.add_button.setEnabled(admin and (org is None or org.kind != OrgKind.PARTY_GROUP))
        self.school_button.setEnabled(admin)

    def _ensure_school(self) -> bool:
        """A new store has no school yet: ask for its name once, before the first organization."""
        if org_cases.load_school(self.ctx) is not None:
            return True
        name, ok = QInputDialog.getText(self, "学校名称", "请先填写本校全称（用于花名册和台账的标题）：")
        if not ok or not name.strip():
            return False
        return run_now(self, lambda: org_cases.set_up_school(self.ctx, name), "学校名称") is not None

    def rename_school(self) -> None:
        """Correct the school's name; a new store is asked for it as before."""
        school = org_cases.load_school(self.ctx)
        if school is None:
            if self._ensure_school():
                self.refresh()  # listeners read the tree's list (the roster's scope box)
                self.changed.emit()
            return
        name, ok = QInputDialog.getText(self, "学校名称", "本校全称（用于花名册和台账的标题）：", text=school.name)
        if not ok or name.strip() == school.name:
            return
        if run_now(self, lambda: org_cases.correct_school(self.ctx, name=name), "学校名称") is None:
            return
        self.changed.emit()
        window = self.window()
        if hasattr(window, "update_title"):
            window.update_title()

    def add_org(self) -> None:
        if not self._ensure_school():
            return
        org = self.current()
        dialog = OrgDialog(self.ctx, self, parent_id=org.id if org else None)
        if dialog.exec() and dialog.org_id:
            self.refresh()
            self.select(dialog.org_id)
            self.changed.emit()

    def edit_org(self) -> None:
        org = self.current()
        if org is None or not self.edit_button.isEnabled():
            return
        if OrgDialog(self.ctx, self, org=org).exec():
            self.refresh()
            self.changed.emit()

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.view.hasFocus():
            self.edit_org()
            return
        super().keyPressEvent(event)
