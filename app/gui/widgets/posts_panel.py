"""班子配备: current posts per organization (or every term), appoint and end posts, print the 台账."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.domain.enums import Role
from app.gui.dialogs.post_dialog import EndPostDialog, PostDialog
from app.gui.models.post_table import PostTableModel
from app.gui.operations import Operation
from app.gui.widgets import roster_actions
from app.services import post_cases
from app.services.posts import PostRow

RESIZE_SAMPLE_ROWS = 100


class PostsPanel(QFrame):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("panel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 8)
        head = QHBoxLayout()
        title = QLabel("班子配备")
        title.setObjectName("sectionTitle")
        head.addWidget(title)
        note = QLabel("书记、副书记、支委及党小组组长；标明专职/兼职和双向进入、交叉任职")
        note.setObjectName("muted")
        head.addWidget(note)
        head.addStretch(1)
        layout.addLayout(head)
        actions = QHBoxLayout()
        self.add_button = QPushButton("新增任职")
        self.add_button.setObjectName("primary")
        self.end_button = QPushButton("结束任职")
        self.print_button = QPushButton("打印班子配备台账…")
        self.history = QCheckBox("显示历届（含已结束任职）")
        actions.addWidget(self.add_button)
        actions.addWidget(self.end_button)
        actions.addSpacing(16)
        actions.addWidget(self.print_button)
        actions.addStretch(1)
        actions.addWidget(self.history)
        layout.addLayout(actions)
        self.model = PostTableModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setResizeContentsPrecision(RESIZE_SAMPLE_ROWS)  # a county has 600 posts: widths from a sample
        header.setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self.footer = QLabel()
        self.footer.setObjectName("muted")
        layout.addWidget(self.footer)
        self.add_button.clicked.connect(self.add_post)
        self.end_button.clicked.connect(self.end_post)
        self.print_button.clicked.connect(self.print_posts)
        self.history.toggled.connect(lambda _c: self.refresh())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.organization_id: str | None = None
        self.refresh()

    def refresh(self) -> None:
        """Reload now if on screen; otherwise on first showing (组织设置 opens on its roster page, and a
        county's 600 posts need not be read and measured before anyone looks at them)."""
        self._stale = True
        self._update_buttons()
        if self.isVisible():
            self.load()

    def showEvent(self, event: QShowEvent) -> None:
        if getattr(self, "_stale", True):
            self.load()
        super().showEvent(event)

    def load(self) -> None:
        self._stale = False
        rows = post_cases.load_current_posts(self.ctx, with_history=self.history.isChecked())
        self.model.set_rows(rows)
        self._span_organizations(rows)
        cross = sum(1 for r in rows if r.cross_appointment and r.term_end is None)
        self.footer.setText(f"共 {len(rows)} 条任职记录；双向进入、交叉任职 {cross} 人")
        self._update_buttons()

    def _span_organizations(self, rows: list[PostRow]) -> None:
        """One cell per organization, as on the paper 台账."""
        self.table.clearSpans()
        start = 0
        for i in range(1, len(rows) + 1):
            if i == len(rows) or rows[i].organization_id != rows[start].organization_id:
                if i - start > 1:
                    self.table.setSpan(start, 0, i - start, 1)
                start = i

    def selected(self) -> PostRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        row = self.selected()
        admin = self.ctx.actor.role == Role.ADMIN and not self.ctx.read_only  # posts: admin only
        self.add_button.setEnabled(admin)
        self.end_button.setEnabled(admin and row is not None and row.term_end is None)

    def add_post(self) -> None:
        if PostDialog(self.ctx, self, organization_id=self.organization_id).exec():
            self.refresh()

    def end_post(self) -> None:
        row = self.selected()
        if row is not None and row.term_end is None and EndPostDialog(self.ctx, row, self).exec():
            self.refresh()

    def print_posts(self) -> Operation[Path]:
        """班子配备台账 rendered on a worker thread, then shown (docs/architecture.md: print actions)."""
        from app.documents import print_cases  # ReportLab loads on the first print, not at start-up

        return roster_actions.print_and_show(
            self, "打印班子配备台账", f"班子配备台账_{dt.date.today():%Y%m%d}.pdf",
            lambda output, progress: print_cases.print_posts(self.ctx, output, progress=progress))
