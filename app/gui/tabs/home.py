"""首页: the school at a glance: counts by stage, what needs doing, and each branch."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.domain.enums import MemberCategory
from app.gui import style
from app.gui.widgets.dashboard_parts import AlertRow, BranchTable, CountCard, MilestoneList
from app.services import dashboard

WEEKDAYS = "一二三四五六日"
CARDS: list[tuple[str, str, MemberCategory | None]] = [
    ("党组织", style.INK, None),
    ("正式党员", style.RED, MemberCategory.FULL),
    ("预备党员", style.GOLD, MemberCategory.PROBATIONARY),
    ("发展对象", style.INFO, MemberCategory.CANDIDATE),
    ("入党积极分子", style.INFO, MemberCategory.ACTIVIST),
    ("入党申请人", style.MUTED, MemberCategory.APPLICANT),
]


def _panel(title: str) -> tuple[QFrame, QVBoxLayout, QLabel]:
    frame = QFrame()
    frame.setObjectName("card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(16, 14, 16, 14)
    layout.setSpacing(10)
    head = QHBoxLayout()
    label = QLabel(title)
    label.setObjectName("sectionTitle")
    note = QLabel()
    note.setObjectName("muted")
    head.addWidget(label)
    head.addStretch(1)
    head.addWidget(note)
    layout.addLayout(head)
    return frame, layout, note


ALERT_PAGE = 12  # about what the panel shows without scrolling


class HomeTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        style.apply()
        self.ctx = ctx
        self.alerts: list[dashboard.Alert] = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 18, 24, 18)
        outer.setSpacing(16)

        head = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(2)
        self.school = QLabel()
        self.school.setObjectName("pageTitle")
        self.subtitle = QLabel()
        self.subtitle.setObjectName("muted")
        titles.addWidget(self.school)
        titles.addWidget(self.subtitle)
        head.addLayout(titles)
        head.addStretch(1)
        self.refresh_button = QPushButton("刷新")
        self.refresh_button.clicked.connect(self.refresh)
        head.addWidget(self.refresh_button)
        outer.addLayout(head)

        cards = QGridLayout()
        cards.setSpacing(12)
        self.cards: dict[str, CountCard] = {}
        for i, (label, accent, _c) in enumerate(CARDS):
            card = CountCard(label, accent)
            self.cards[label] = card
            cards.addWidget(card, 0, i)
        outer.addLayout(cards)

        body = QHBoxLayout()
        body.setSpacing(12)
        alerts_frame, alerts_layout, self.alert_count = _panel("待办提醒")
        self.alert_list = QVBoxLayout()
        self.alert_list.setSpacing(6)
        self.alert_list.setContentsMargins(0, 0, 0, 0)
        holder = QWidget()
        holder.setLayout(self.alert_list)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # details wrap instead
        scroll.setWidget(holder)
        scroll.setStyleSheet("QScrollArea, QScrollArea > QWidget > QWidget { background: transparent; }")
        alerts_layout.addWidget(scroll, 1)
        branches_frame, branches_layout, self.branch_note = _panel("各党支部")
        self.branches = BranchTable()
        branches_layout.addWidget(self.branches)
        upcoming_frame, upcoming_layout, self.upcoming_note = _panel("近期节点")
        self.upcoming = MilestoneList()
        upcoming_layout.addWidget(self.upcoming)
        upcoming_layout.addStretch(1)
        right = QVBoxLayout()
        right.setSpacing(12)
        right.addWidget(branches_frame, 0)
        right.addWidget(upcoming_frame, 1)
        body.addWidget(alerts_frame, 3)
        body.addLayout(right, 2)
        outer.addLayout(body, 1)
        self.refresh()

    def refresh(self) -> None:
        today = dt.date.today()
        with self.ctx.uow() as uow:
            summary = dashboard.summary(uow)
            self.alerts = dashboard.alerts(uow, today=today)
            lines = dashboard.branch_overview(uow)
            milestones = dashboard.upcoming(uow, today=today)
        self.school.setText(summary.school_name or "尚未设置学校")
        self.subtitle.setText(f"党建工作概览　·　{today:%Y年%m月%d日} 星期{WEEKDAYS[today.weekday()]}"
                              if summary.school_name else
                              "开始使用：在「组织设置」中新建党组织并添加党员，或导入现有的党员花名册。")
        for label, _accent, category in CARDS:
            card = self.cards[label]
            if category is None:
                card.set_value(summary.organization_count, "个", f"其中党支部 {summary.branch_count} 个")
            else:
                caption = f"党员合计 {summary.party_members} 人" if category == MemberCategory.FULL else ""
                card.set_value(summary.counts.get(category, 0), "人", caption)
        self._show_alerts()
        self.branches.set_lines(lines)
        self.branch_note.setText(f"{len(lines)} 个党支部")
        self.upcoming.set_items(milestones)
        self.upcoming_note.setText("未来 180 天")

    def _show_alerts(self) -> None:
        while self.alert_list.count():
            item = self.alert_list.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        urgent = sum(1 for a in self.alerts if a.level == dashboard.DANGER)
        self.alert_count.setText(f"共 {len(self.alerts)} 项" + (f"，紧急 {urgent} 项" if urgent else ""))
        if not self.alerts:
            done = QLabel("✓ 暂无需要处理的事项")
            done.setStyleSheet(f"color: {style.OK}; font-size: 14px; padding: 12px 0;")
            self.alert_list.addWidget(done)
        self._more_button: QPushButton | None = None
        self._alerts_shown = 0
        self._add_alert_rows()

    def _add_alert_rows(self) -> None:
        """A county store can have a hundred alerts: build them a page at a time (a widget each costs
        about half a millisecond), most urgent first as the service orders them."""
        shown = self._alerts_shown
        if self._more_button is not None:
            self._more_button.deleteLater()
            self._more_button = None
        while self.alert_list.count() and self.alert_list.itemAt(self.alert_list.count() - 1).spacerItem():
            self.alert_list.takeAt(self.alert_list.count() - 1)
        page = self.alerts[shown:shown + ALERT_PAGE]
        for alert in page:
            row = AlertRow(alert)
            row.activated.connect(self.open_alert)
            self.alert_list.addWidget(row)
        self._alerts_shown = shown + len(page)
        rest = len(self.alerts) - self._alerts_shown
        if rest > 0:
            self._more_button = QPushButton(f"显示其余 {rest} 项…")
            self._more_button.setFlat(True)
            self._more_button.clicked.connect(self._add_alert_rows)
            self.alert_list.addWidget(self._more_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.alert_list.addStretch(1)

    def open_alert(self, alert: dashboard.Alert) -> None:
        """Switch to the tab named by the alert's area and show its target there, if the tab can."""
        window = self.window()
        find = getattr(window, "tab_widget", None)
        if find is None:
            return
        try:
            tab = find(alert.area)
        except KeyError:
            return
        window.tabs.setCurrentWidget(tab)
        if alert.target_id and hasattr(tab, "show_target"):
            tab.show_target(alert.target_id)

    def showEvent(self, event: QShowEvent) -> None:
        """Numbers change in other tabs: show them fresh each time 首页 comes back into view."""
        if getattr(self, "_shown_once", False):
            self.refresh()
        self._shown_once = True
        super().showEvent(event)
