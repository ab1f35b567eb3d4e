"""首页 panel 发展党员: who has something due (overdue first, then the next 60 days) and the year's 双培养."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent, QShowEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from app.domain.dates import fmt
from app.gui.after_paint import after_paint
from app.gui.operations import Operation
from app.services import development, dual_cultivation

SHOWN = 8  # the rest: 组织设置 → 发展党员
WITHIN_DAYS = 60


class _Row(QLabel):
    """One due item: wraps in a narrow column, opens the person on a click."""

    activated = Signal(str)

    def __init__(self, text: str, member_id: str, *, overdue: bool) -> None:
        super().__init__(text)
        self.member_id = member_id
        self.setWordWrap(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setObjectName("dueItem")  # styled by style.py, in the warning colour when overdue
        self.setProperty("overdue", overdue)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.activated.emit(self.member_id)
        super().mouseReleaseEvent(event)


class DevelopmentHomePanel(QFrame):
    """Refreshes itself whenever 首页 comes into view; a click opens the person in 组织设置 → 发展党员."""

    person_activated = Signal(str)

    def __init__(self, ctx, parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.today = today
        self.setObjectName("card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.setSpacing(4)
        head = QHBoxLayout()
        title = QLabel("发展党员")
        title.setObjectName("sectionTitle")
        self.note = QLabel("正在读取…")
        self.note.setObjectName("muted")
        head.addWidget(title)
        head.addStretch(1)
        head.addWidget(self.note)
        layout.addLayout(head)
        # The list scrolls inside a small minimum height: 首页 must still fit a 1366×700 screen.
        holder = QWidget()
        self.rows = QVBoxLayout(holder)
        self.rows.setSpacing(0)
        self.rows.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(holder)
        scroll.setMinimumHeight(44)
        scroll.setObjectName("plain")  # transparent (style.py)
        layout.addWidget(scroll, 1)
        # Under the list, not in it: the list scrolls and its last line may be cut at the panel's edge.
        self.more = QLabel()
        self.more.setObjectName("muted")
        self.more.setWordWrap(True)
        self.more.hide()
        layout.addWidget(self.more)
        self.dual = QLabel()
        self.dual.setObjectName("muted")
        self.dual.setWordWrap(True)
        layout.addWidget(self.dual)
        self.items: list[development.PersonSummary] = []

    def attach(self, ctx) -> None:
        """The store is open (首页's page was built before it was): read it when shown."""
        self.ctx = ctx
        after_paint(self, self.refresh)  # now if on screen, else once shown

    def showEvent(self, event: QShowEvent) -> None:
        """Read once 首页 has painted: a worker started now would share the interpreter with that paint."""
        after_paint(self, self.refresh)
        super().showEvent(event)

    def refresh(self) -> None:
        """Read on a worker (Operation, quiet): 首页 paints at once, this list fills a moment later."""
        if self.ctx is None:  # 首页's page is built while the store opens
            return
        today = self.today or dt.date.today()
        if not self.items and self.rows.count() == 0:
            self.note.setText("正在读取…")

        def read(_progress: object) -> tuple[list[development.PersonSummary], dual_cultivation.DualCounts]:
            return (development.due_list(self.ctx, today=today, within_days=WITHIN_DAYS),
                    dual_cultivation.counts(self.ctx, today.year))

        Operation(self, read, title="发展党员待办", quiet=True).success(self._show).run()

    def _show(self, found: tuple[list[development.PersonSummary], dual_cultivation.DualCounts]) -> None:
        self.items, counts = found
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
            row = _Row(f"{person.name}：{due.text}{when}", person.member_id, overdue=due.overdue)
            row.setToolTip(f"{person.branch_name} {person.standing.label}：点击查看发展党员全程纪实")
            row.activated.connect(self.open_person)
            self.rows.addWidget(row)
        if not self.items:
            self.rows.addWidget(QLabel(f"未来 {WITHIN_DAYS} 天内没有到期的发展党员工作"))
        self.rows.addStretch(1)
        overdue = sum(1 for p in self.items if p.due and p.due.overdue)
        more = len(self.items) - SHOWN
        self.note.setText(f"待办 {len(self.items)} 项" + (f"，逾期 {overdue} 项" if overdue else ""))
        self.more.setText(f"另有 {more} 项，见「组织设置」→「发展党员」" if more > 0 else "")
        self.more.setVisible(more > 0)
        self.dual.setText(f"双培养（{counts.year}年）\n培养成党员 {counts.to_member} 人，已发展 "
                          f"{counts.became_members} 人\n培养成骨干 {counts.to_backbone} 人，已成骨干 "
                          f"{counts.became_backbone} 人")

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
