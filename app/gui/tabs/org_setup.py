"""组织设置: the organization tree beside the member roster, and 班子配备 (leadership posts)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QSplitter, QTabWidget, QVBoxLayout, QWidget

from app.context import AppContext
from app.gui import style
from app.gui.widgets.development_panel import DevelopmentPanel
from app.gui.widgets.org_panel import OrgPanel
from app.gui.widgets.posts_panel import PostsPanel
from app.gui.widgets.roster_panel import RosterPanel
from app.services import member_cases
from app.services.organizations import OrgInfo


class OrgSetupTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        style.apply()
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)  # fits a 1024-wide window (issue #17)
        self.pages = QTabWidget(self)
        self.pages.setDocumentMode(True)
        layout.addWidget(self.pages)

        roster_page = QSplitter(Qt.Orientation.Horizontal)
        roster_page.setChildrenCollapsible(False)
        roster_page.setHandleWidth(10)
        self.orgs = OrgPanel(ctx, roster_page)
        self.roster = RosterPanel(ctx, roster_page, organizations=lambda: self.orgs.organizations)
        roster_page.setStretchFactor(0, 0)
        roster_page.setStretchFactor(1, 1)
        roster_page.setSizes([430, 850])
        self.pages.addTab(roster_page, "党组织与党员")

        self.posts = PostsPanel(ctx)
        self.pages.addTab(self.posts, "班子配备")
        self.pages.addTab(DevelopmentPanel(ctx), "发展党员")

        self.orgs.org_selected.connect(self._org_selected)
        self.orgs.changed.connect(self._orgs_changed)
        self.roster.changed.connect(self.orgs.refresh)  # member counts in the tree
        self.roster.scope_changed.connect(self._scope_changed)
        QShortcut(QKeySequence(QKeySequence.StandardKey.New), self, activated=self.roster.add_member,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def _org_selected(self, org: OrgInfo | None) -> None:
        self.roster.set_org(org)
        self.posts.organization_id = org.id if org else None

    def _scope_changed(self, org: OrgInfo | None) -> None:
        """The roster's combo and the tree show the same choice."""
        if org is not None:
            self.orgs.select(org.id)
        else:
            self.orgs.view.clearSelection()
            self.orgs.view.setCurrentIndex(QModelIndex())
        self.posts.organization_id = org.id if org else None

    def _orgs_changed(self) -> None:
        self.roster.refresh_scope()
        self.roster.apply_filters()
        self.posts.refresh()

    def show_target(self, target_id: str) -> None:
        """Open what a 首页 alert points at: an organization in the tree, or a member in the roster."""
        self.pages.setCurrentIndex(0)
        if self.orgs.model.find(target_id).isValid():
            self.orgs.select(target_id)
            return
        name = member_cases.member_name(self.ctx, target_id)
        if name is None:
            return
        self.orgs.view.setCurrentIndex(self.orgs.model.index(0, 0))  # the whole school
        self.roster.show_member(target_id, name)

    def refresh(self) -> None:
        self.orgs.refresh()
        self.roster.reload()
        self.posts.refresh()
