"""首页: the school at a glance: counts by stage, what needs doing, and each branch."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.domain import compliance_rules as cr
from app.domain.enums import MemberCategory
from app.domain.member_counts import party_text
from app.errors import KnownError
from app.gui import style
from app.gui.after_paint import after_paint
from app.gui.tabs.compliance_view import ComplianceView
from app.gui.widgets.dashboard_parts import AlertRow, BranchTable, CountCard, MilestoneList
from app.gui.widgets.development_home import DevelopmentHomePanel
from app.services import backup, clean_school_alerts, dashboard, meeting_ops, safety_alerts  # noqa: F401 (registers alerts)
from app.services.home_view import home_overview

WEEKDAYS = "一二三四五六日"


def today_year() -> int:
    return dt.date.today().year
CARDS: list[tuple[str, str, MemberCategory | None]] = [
    ("党组织", "ink", None),  # the accent: a key of style.ACCENTS
    ("正式党员", "red", MemberCategory.FULL),
    ("预备党员", "gold", MemberCategory.PROBATIONARY),
    ("发展对象", "info", MemberCategory.CANDIDATE),
    ("入党积极分子", "info", MemberCategory.ACTIVIST),
    ("入党申请人", "muted", MemberCategory.APPLICANT),
]


def _panel(title: str) -> tuple[QFrame, QVBoxLayout, QLabel]:
    frame = QFrame()
    frame.setObjectName("card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(16, 10, 16, 10)
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


def _panel_scroll(body: QWidget) -> QScrollArea:
    """A panel's list in a frameless, transparent (style.py "plain") scroll area that scrolls only down."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setWidget(body)
    scroll.setObjectName("plain")
    return scroll


class _FillingLayout(QVBoxLayout):
    """The page's layout fills the window and only scrolls below its minimum size. A word-wrapped label in a
    panel gives a layout a height-for-width, and QScrollArea then sizes the page at its preferred height:
    855 px at 1366×700, which pushed 三会一课落实情况 below the fold."""

    def hasHeightForWidth(self) -> bool:
        return False


NARROW_BELOW = 1200  # 首页's width below which its three panels become two columns (HomeTab.resizeEvent)
NARROW_DEVELOPMENT_HEIGHT = 260  # 发展党员 under 近期节点: about five of its lines
UPCOMING_MIN_HEIGHT = 56  # 近期节点 shows at least two dates, the rest scroll
ALERT_PAGE = 8  # about twice what the panel shows without scrolling at 1366×700 (about 4)


class HomeTab(QWidget):
    """Built in two steps at start-up: the page itself while the store opens (`HomeTab(None)`: the main
    window's `prepare`, right after the frame's first paint), then `attach(ctx)` fills it. Once the store is
    open, 首页 only reads and fills, which keeps its first view under 100 ms (docs/benchmark.md)."""

    STORE_LATER = True  # MainWindow.prepare may build it before the store is open

    def __init__(self, ctx: AppContext | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        style.apply()
        self.ctx: AppContext | None = None
        self.alerts: list[dashboard.Alert] = []
        # The whole page scrolls when the window is smaller than its panels need (1024×600), instead of
        # squeezing them or making the window grow (issue #17).
        page = QVBoxLayout(self)
        page.setContentsMargins(0, 0, 0, 0)
        self.page_scroll = QScrollArea()
        self.page_scroll.setWidgetResizable(True)
        self.page_scroll.setFrameShape(QFrame.Shape.NoFrame)
        content = QWidget()
        content.setObjectName("homePage")
        self.page_scroll.setWidget(content)
        self.page_scroll.setObjectName("plain")  # transparent (style.py): no stylesheet of its own
        page.addWidget(self.page_scroll)
        outer = _FillingLayout(content)
        outer.setContentsMargins(24, 12, 24, 12)
        outer.setSpacing(8)

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
        # Two labels, one shown: the last backup as a note, or in the warning colour when it is missing or
        # old. Changing one label's role would restyle it (style.set_role), and the first restyle in a process
        # costs about 10 ms of 首页's first view (docs/benchmark.md).
        self.backup_label = QLabel()
        self.backup_label.setObjectName("muted")
        self.backup_warning = QLabel()
        self.backup_warning.setObjectName("warningText")
        for label in (self.backup_label, self.backup_warning):
            label.setToolTip("程序每天第一次打开时自动备份；「数据」→「备份到U盘」可另存一份")
            head.addWidget(label)
        self.backup_warning.hide()
        head.addSpacing(12)
        self.refresh_button = QPushButton("刷新")
        self.refresh_button.setToolTip("F5")
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
        alerts_layout.addWidget(_panel_scroll(holder), 1)  # details wrap instead of scrolling sideways
        branches_frame, branches_layout, self.branch_note = _panel("各党支部")
        self.branches = BranchTable()
        branches_layout.addWidget(self.branches)
        upcoming_frame, upcoming_layout, self.upcoming_note = _panel("近期节点")
        self.upcoming = MilestoneList()
        # Up to 8 dates: they scroll inside the panel rather than making the page taller than 1366×700.
        upcoming_scroll = _panel_scroll(self.upcoming)
        upcoming_scroll.setMinimumHeight(UPCOMING_MIN_HEIGHT)
        upcoming_layout.addWidget(upcoming_scroll, 1)
        right = QVBoxLayout()
        right.setSpacing(12)
        right.addWidget(branches_frame, 0)
        right.addWidget(upcoming_frame, 1)
        body.addWidget(alerts_frame, 3)
        body.addLayout(right, 2)
        self.development = DevelopmentHomePanel(None)
        body.addWidget(self.development, 2)  # 发展党员 due next and 双培养 (refreshes when shown)
        outer.addLayout(body, 5)
        self._body, self._right, self.narrow = body, right, False
        compliance_frame, compliance_layout, self.compliance_note = _panel(f"三会一课落实情况（{today_year()}年）")
        self.compliance_title = compliance_frame.findChild(QLabel, "sectionTitle")
        self.compliance = ComplianceView(self, titled=False)  # the panel's head names the year
        self.compliance.setMinimumHeight(120)  # two branch rows; the page fits 1366×700 without scrolling
        self.compliance.legend.setObjectName("muted")
        self.compliance.branch_clicked.connect(self._open_meetings)
        compliance_layout.addWidget(self.compliance, 1)
        outer.addWidget(compliance_frame, 4)
        self.compliance_loaded = False
        self.school.setText("正在打开数据文件…")
        if ctx is not None:
            self.attach(ctx)

    def attach(self, ctx: AppContext) -> None:
        """The store is open: read it and fill the page."""
        self.ctx = ctx
        self.development.attach(ctx)
        self.refresh()

    def refresh(self) -> None:
        if self.ctx is None:  # still opening (F5 or a show before attach)
            return
        today = dt.date.today()
        overview = home_overview(self.ctx, today)
        summary, self.alerts = overview.summary, overview.alerts
        lines, milestones = overview.branches, overview.milestones
        self.school.setText(summary.school_name or "尚未设置学校")
        self.subtitle.setText(f"党建工作概览　·　{today:%Y年%m月%d日} 星期{WEEKDAYS[today.weekday()]}"
                              f"　·　全校在册：{summary.people.describe()}"  # as the tree and a restore say it
                              if summary.school_name else
                              "开始使用：在「组织设置」中新建党组织并添加党员，或导入现有的党员花名册。")
        for label, _accent, category in CARDS:
            card = self.cards[label]
            if category is None:
                card.set_value(summary.organization_count, "个", f"其中党支部 {summary.branch_count} 个")
            else:
                caption = party_text(summary.people.party) if category == MemberCategory.FULL else ""
                card.set_value(summary.people.of(category), "人", caption)
        self._show_alerts()
        self.branches.set_lines(lines)
        self.branch_note.setText(f"{len(lines)} 个党支部")
        self.upcoming.set_items(milestones)
        self.upcoming_note.setText("未来 180 天")
        self._show_backup()
        # The grid counts a whole year of meetings on a worker, started once 首页 has painted.
        after_paint(self, self.refresh_compliance)

    def _show_backup(self) -> None:
        last = backup.last_backup(self.ctx.store.path) if self.ctx.store.is_sqlite else None
        if last is None:
            self._backup_note("尚无备份" if self.ctx.store.is_sqlite else "", warn=self.ctx.store.is_sqlite)
            return
        days = (dt.date.today() - last.taken_at.date()).days
        when = "今天" if days == 0 else ("昨天" if days == 1 else f"{days} 天前")
        self._backup_note(f"上次备份：{last.taken_at:%Y-%m-%d %H:%M}（{when}）",
                          warn=days >= safety_alerts.BACKUP_DAYS)

    def _backup_note(self, text: str, *, warn: bool) -> None:
        shown, hidden = (self.backup_warning, self.backup_label) if warn else (self.backup_label, self.backup_warning)
        shown.setText(text)
        hidden.clear()
        hidden.hide()
        shown.show()

    def backup_note(self) -> tuple[str, bool]:
        """What the head says of the last backup, and whether in the warning colour (tests read it)."""
        warn = not self.backup_warning.isHidden()
        return (self.backup_warning if warn else self.backup_label).text(), warn

    def refresh_compliance(self) -> None:
        """The year's grid is counted on a worker thread (ComplianceView.count), so 首页 is painted and answers
        at once and the grid fills in when ready; run on the GUI thread it made the first view of 首页 twice as
        slow (docs/benchmark.md)."""
        year = today_year()
        self.compliance.count(self.ctx, year, lambda grid: self._show_compliance(year, grid), delay_ms=60_000)

    def _show_compliance(self, year: int, grid: cr.ComplianceGrid) -> None:
        """After the view has shown the counted grid: the panel's head and note."""
        self.compliance_title.setText(f"三会一课落实情况（{year}年）")
        missed, soon = len(grid.missed), len(grid.due_soon)
        self.compliance_note.setText(f"未完成 {missed} 项，即将到期 {soon} 项　·　点击党支部查看会议记录")
        self.compliance_loaded = True

    def _open_meetings(self, branch_id: str) -> None:
        """A click on a branch's row opens 三会一课 filtered to that branch."""
        window = self.window()
        find = getattr(window, "tab_widget", None)
        if find is None:
            return
        tab = find("三会一课")
        window.tabs.setCurrentWidget(tab)
        if hasattr(tab, "show_branch"):
            tab.show_branch(branch_id)

    def _show_alerts(self) -> None:
        while self.alert_list.count():
            item = self.alert_list.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        urgent = sum(1 for a in self.alerts if a.level == dashboard.DANGER)
        self.alert_count.setText(f"共 {len(self.alerts)} 项" + (f"，紧急 {urgent} 项" if urgent else ""))
        if not self.alerts:
            done = QLabel("✓ 暂无需要处理的事项")
            done.setObjectName("okNote")
            self.alert_list.addWidget(done)
        # Within a level, what can be done right here (set a password, back up) comes first.
        self.alerts = sorted(self.alerts, key=lambda a: (dashboard._LEVEL_ORDER.get(a.level, 9),
                                                         not a.target_id.startswith("action:")))
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
        """Run the alert's action (set a password, back up), or switch to the tab named by its area."""
        if alert.target_id == safety_alerts.SET_PASSWORD:
            self.set_admin_password()
            return
        if alert.target_id == safety_alerts.BACKUP_NOW:
            self.backup_now()
            return
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

    def backup_now(self) -> None:
        """A verified backup into the data folder now; the message says where, or why not."""
        try:
            path = backup.safety_backup(self.ctx.store, backup.MANUAL)
        except KnownError as exc:
            self.notify(f"备份没有完成：\n{exc}", True)
            return
        self.notify(f"备份完成，已校验无误：\n{path}\n\n建议再用「数据」→「备份到U盘」另存一份。", False)
        self.refresh()

    def notify(self, text: str, warning: bool) -> None:
        """One place for message boxes (tests replace it)."""
        (QMessageBox.warning if warning else QMessageBox.information)(self, "数据备份", text)

    def set_admin_password(self) -> None:
        from app.gui.login_dialog import SetAdminPasswordDialog

        if SetAdminPasswordDialog(self.ctx, self).exec() == SetAdminPasswordDialog.DialogCode.Accepted:
            update = getattr(self.window(), "update_user_status", None)
            if update is not None:
                update()
            self.refresh()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Below NARROW_BELOW px, 发展党员 moves under 近期节点 (two columns instead of three), so that
        待办提醒 keeps the width its rows need and the page scrolls down instead (issue #17: 1024×600)."""
        narrow = event.size().width() < NARROW_BELOW
        if narrow != self.narrow:
            self.narrow = narrow
            self._body.removeWidget(self.development)
            self._right.removeWidget(self.development)
            if narrow:  # the page scrolls down now: the panel may be as tall as at 1366×700
                self._right.addWidget(self.development, 1)
                self.development.setMinimumHeight(NARROW_DEVELOPMENT_HEIGHT)
            else:
                self._body.addWidget(self.development, 2)
                self.development.setMinimumHeight(0)
        super().resizeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        """Numbers change in other tabs: show them fresh each time 首页 comes back into view."""
        if getattr(self, "_shown_once", False):
            self.refresh()
        self._shown_once = True
        super().showEvent(event)
