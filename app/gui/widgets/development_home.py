"""首页 panel 发展党员: who has something due (overdue first, then the next 60 days) and the year's 双培养."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.domain.dates import fmt
from app.gui import style
from app.gui.operations import run_now
from app.services import development, dual_cultivation

SHOWN = 5  # what fits beside the branches without scrolling
WITHIN_DAYS = 60


class DevelopmentHomePanel(QFrame):
    """Refreshes itself whenever 首页 comes into view; a click opens the person in 组织设置 → 发展党员."""

    person_activated = Signal(str)

    def __init__(self, ctx, parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.today = today
        self.setObjectName("card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(6)
        head = QHBoxLayout()
        title = QLabel("发展党员")
        title.setObjectName("sectionTitle")
        self.note = QLabel()
        self.note.setObjectName("muted")
        head.addWidget(title)
        head.addStretch(1)
        head.addWidget(self.note)
        layout.addLayout(head)
        self.rows = QVBoxLayout()
        self.rows.setSpacing(2)
        layout.addLayout(self.rows)
        self.dual = QLabel()
        self.dual.setObjectName("muted")
        self.dual.setWordWrap(True)
        layout.addWidget(self.dual)
        self.items: list[development.PersonSummary] = []

    def showEvent(self, event: QShowEvent) -> None:
        self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        today = self.today or dt.date.today()
        self.items = run_now(self, lambda: development.due_list(self.ctx, today=today,
                                                                within_days=WITHIN_DAYS)) or []
        counts = run_now(self, lambda: dual_cultivation.counts(self.ctx, today.year))
        while self.rows.count():
            item = self.rows.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for person in self.items[:SHOWN]:
            due = person.due
            if due is None:
                continue
            when = "" if fmt(due.on) in due.text else f"（{fmt(due.on)}）"
            button = QPushButton(f"{person.name}：{due.text}{when}")
            button.setFlat(True)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.setStyleSheet("text-align: left; padding: 2px 0;"
                                 + (f"color: {style.WARNING};" if due.overdue else ""))
            button.setToolTip(f"{person.branch_name} {person.standing.label}：点击查看发展党员全程纪实")
            button.clicked.connect(lambda _c=False, m=person.member_id: self.open_person(m))
            self.rows.addWidget(button)
        if not self.items:
            self.rows.addWidget(QLabel(f"未来 {WITHIN_DAYS} 天内没有到期的发展党员工作"))
        overdue = sum(1 for p in self.items if p.due and p.due.overdue)
        more = len(self.items) - SHOWN
        self.note.setText(f"待办 {len(self.items)} 项" + (f"，逾期 {overdue} 项" if overdue else "")
                          + (f"（另有 {more} 项见组织设置）" if more > 0 else ""))
        if counts is not None:
            self.dual.setText(f"双培养（{counts.year}年）：培养成党员 {counts.to_member} 人（已发展 "
                              f"{counts.became_members} 人），培养成骨干 {counts.to_backbone} 人（已成为骨干 "
                              f"{counts.became_backbone} 人）")

    def open_person(self, member_id: str) -> None:
        """组织设置 → 发展党员, with the person's timeline open."""
        self.person_activated.emit(member_id)
        from app.gui.widgets.development_panel import DevelopmentPanel

        window = self.window()
        find = getattr(window, "tab_widget", None)
        if find is None:
            return
        try:
            tab = find("组织设置")
        except KeyError:
            return
        panel = tab.findChild(DevelopmentPanel)
        if panel is None:
            return
        window.tabs.setCurrentWidget(tab)
        tab.pages.setCurrentWidget(panel)
        panel.show_member(member_id)
