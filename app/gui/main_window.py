"""The main window: one tab per area of work. Tabs are built lazily, on first view.

The window can be shown before the store is open (`MainWindow(None)`, then `attach(ctx)`): start-up paints
the frame first, so nothing here may import the store layer (SQLAlchemy) at module level.
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QMainWindow, QTabWidget, QVBoxLayout, QWidget

from app import APP_NAME, __version__
from app.gui import screen_fit, style

if TYPE_CHECKING:
    from app.context import AppContext

log = logging.getLogger("dangjian.gui")
PRELOAD_AFTER_MS = 200  # after the first tab has painted and the user has started reading
PREBUILD_GAP_MS = 150  # between two tabs built ahead: the event loop serves the user in between

# The menus and title attach builds, and their use cases: about 10 ms of imports that prepare() does while
# the store opens, instead of between the store being open and 首页's data (docs/benchmark.md).
ATTACH_IMPORTS = ("app.gui.data_menu", "app.gui.help_menu", "app.services.org_cases")

# (tab title, "module:Class" taking (ctx, parent)); None for an area not built yet.
TABS: list[tuple[str, str | None]] = [
    ("首页", "app.gui.tabs.home:HomeTab"),
    ("组织设置", "app.gui.tabs.org_setup:OrgSetupTab"),
    ("三会一课", "app.gui.tabs.meetings:MeetingsTab"),
    ("党员积分", "app.gui.tabs.points:PointsTab"),
    ("清廉学校", "app.gui.tabs.clean_school:CleanSchoolTab"),
]


def _tab_class(spec: str) -> type[QWidget]:
    """The page class a TABS entry names, imported on first use."""
    module_name, class_name = spec.split(":")
    cls: type[QWidget] = getattr(importlib.import_module(module_name), class_name)
    return cls


# What each area not built yet will hold, so its tab reads as planned rather than broken.
COMING: dict[str, str] = {
    # Broken by hand: a word-wrapped label in a lazily built tab can be laid out one line short.
    "党员积分": "党员积分管理：按月记录党员参加组织生活、志愿服务、\n"
               "岗位建功等情况，自动汇总积分，为年度民主评议党员提供依据。",
}


class PlaceholderTab(QWidget):
    """Says plainly that an area is not built yet, and what it will do."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        card = QFrame()
        card.setObjectName("card")
        card.setMinimumWidth(520)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(32, 28, 32, 28)
        inner.setSpacing(12)
        icon = QLabel("规划中")
        icon.setStyleSheet(f"color: {style.GOLD}; background: #fdf3e1; border-radius: 10px; padding: 2px 12px;"
                           "font-size: 12px;")
        heading = QLabel(title)
        heading.setObjectName("pageTitle")
        self.notice = QLabel("将在后续版本提供")
        self.notice.setStyleSheet(f"color: {style.RED}; font-size: 15px; font-weight: bold;")
        about = QLabel(COMING.get(title, "这一部分正在开发中。"))
        about.setObjectName("muted")
        more = QLabel("现在可以先使用「组织设置」和「三会一课」。")
        more.setObjectName("muted")
        inner.addWidget(icon, 0, Qt.AlignmentFlag.AlignLeft)
        for widget in (heading, self.notice, about, more):
            inner.addWidget(widget)
        layout.addStretch(1)
        layout.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)


class OpeningTab(QWidget):
    """What a tab shows for the moment between the first paint and the store being open."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        label = QLabel("正在打开数据文件…")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setStyleSheet("font-size: 15px; color: #666;")
        layout.addWidget(label)


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx: AppContext | None = None
        self.setWindowTitle(f"{APP_NAME} {__version__}")
        screen_fit.restore_window(self)  # fixed minimum, last size and position (issue #17)
        self.tabs = QTabWidget(self)
        self.setCentralWidget(self.tabs)
        self._specs = TABS
        self._built: dict[int, QWidget] = {}
        self._prebuild_failed: set[int] = set()
        self._preview_warm = False
        self._prepared: dict[int, QWidget] = {}  # pages built by prepare(), filled and shown by attach()
        for title, _spec in TABS:
            self.tabs.addTab(OpeningTab(), title)
        self.tabs.currentChanged.connect(self._ensure_tab)
        for i in range(min(len(TABS), 9)):
            QShortcut(QKeySequence(f"Ctrl+{i + 1}"), self, activated=lambda i=i: self.tabs.setCurrentIndex(i))
        QShortcut(QKeySequence(Qt.Key.Key_F5), self, activated=self.refresh_current)
        if ctx is not None:
            self.attach(ctx)

    def attach(self, ctx: AppContext) -> None:
        """The store is open (and the user logged in): build the current tab and the 「数据」 menu."""
        from app.gui.data_menu import install_data_menu
        from app.gui.help_menu import install_help_menu

        self.ctx = ctx
        for index, page in sorted(self._prepared.items()):
            page.attach(ctx)  # type: ignore[attr-defined]
            self._put_tab(index, page, make_current=index == max(self.tabs.currentIndex(), 0))
        self._prepared.clear()
        self._ensure_tab(max(self.tabs.currentIndex(), 0))
        self.data_actions = install_data_menu(self, ctx)
        self.help_actions = install_help_menu(self, ctx)
        self._build_status_bar()
        self.update_title()
        # The first paint is the finished page at its final size, and no second one follows in the same pass
        # (docs/benchmark.md): the menu and status bars are shown now (QLayout would show them in the next
        # pass, and they shrink the page); the layouts waiting for that pass are done now; and the "update
        # later" events showing the page posted, delivered after the pass's paint, painted it all again: they
        # only mark what the next paint covers. Only these two kinds of queued events are delivered here.
        self.menuBar().show()
        self.statusBar().show()
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        QApplication.sendPostedEvents(None, QEvent.Type.UpdateLater)
        QTimer.singleShot(PRELOAD_AFTER_MS, self._preload_tabs)

    def prepare(self) -> None:
        """Before the store is open (start-up calls it right after the frame's first paint): build the first
        tab's page without data, when its class can (`STORE_LATER`), styled but hidden, so that
        `attach` only reads, fills and shows it. Hidden: painted now, it would be painted twice (start-up's
        daily-backup check runs the event loop while the store opens), and the tab says 正在打开数据文件…."""
        index = max(self.tabs.currentIndex(), 0)
        spec = self._specs[index][1]
        if self.ctx is not None or index in self._built or index in self._prepared or spec is None:
            return
        cls = _tab_class(spec)
        if getattr(cls, "STORE_LATER", False):
            showing = self.tabs.widget(index)
            page = cls(None, showing.parentWidget())  # the tab stack: showing it later moves nothing
            page.hide()
            page.ensurePolished()  # styled now; laid out once, with its data, when attach shows it
            self._prepared[index] = page
        for module in ATTACH_IMPORTS:  # what attach needs besides the page: imported now, not after the login
            importlib.import_module(module)

    def _build_status_bar(self) -> None:
        """Which file is open, who is working, and whether changes can be saved: always in sight."""
        from app.gui.help_menu import store_label

        bar = self.statusBar()
        bar.setSizeGripEnabled(False)
        self.store_status = QLabel(f"数据文件：{store_label(self.ctx)}")
        self.store_status.setToolTip("「帮助」→「关于」可打开数据文件夹")
        self.user_status = QLabel()
        self.update_user_status()
        self.read_only_status = QLabel("只读：不能修改数据")
        self.read_only_status.setStyleSheet(f"color: white; background: {style.DANGER}; padding: 1px 8px;"
                                            "border-radius: 3px;")
        self.read_only_status.setToolTip("另一个窗口正在使用这个数据文件，本窗口只能查看。")
        self.read_only_status.setVisible(self.ctx.read_only)
        bar.addWidget(self.store_status, 1)
        bar.addPermanentWidget(self.read_only_status)
        bar.addPermanentWidget(self.user_status)

    def update_user_status(self) -> None:
        actor = self.ctx.actor
        self.user_status.setText(f"当前用户：{actor.username}（{actor.role.label}）")

    def update_title(self) -> None:
        """「学校 - 党建台账 版本」, and 「（只读）」 when this window cannot save."""
        from app.services import org_cases

        school = org_cases.load_school(self.ctx)
        parts = [school.name] if school and school.name else []
        parts.append(f"{APP_NAME} {__version__}")
        self.setWindowTitle(" - ".join(parts) + ("（只读）" if self.ctx.read_only else ""))

    def refresh_current(self) -> None:
        """F5: read the current tab again from the store."""
        if self.ctx is None:  # still opening
            return
        widget = self._built.get(self.tabs.currentIndex())
        refresh = getattr(widget, "refresh", None)
        if callable(refresh):
            refresh()
        self.update_title()

    def _preload_tabs(self) -> None:
        """Import the other tabs' code while the user reads the first one (about 25 ms, nothing heavy:
        printing, spreadsheets and pinyin still load on first use), so a first click builds, not imports;
        then build them ahead, one at a time (_prebuild_next)."""
        for _title, spec in self._specs:
            if spec is not None:
                try:
                    _tab_class(spec)
                except Exception:  # the tab itself will report it when opened
                    log.warning("preloading %s failed", spec, exc_info=True)
        QTimer.singleShot(PREBUILD_GAP_MS, self._prebuild_next)

    def _prebuild_next(self) -> None:
        """Build the next tab not built yet, behind the one the user is reading, so that its first click
        only shows it (docs/benchmark.md: building 组织设置 or 三会一课 on a county store takes 0.3 s, a
        switch to a built tab well under 0.1 s). One tab per timer tick: between two builds the event loop
        serves the user's clicks and keys; a click on a tab not built yet builds it at once as before."""
        if self.ctx is None or not self.isVisible():
            return
        for index in range(len(self._specs)):
            if index not in self._built and index not in self._prebuild_failed:
                try:
                    self._build_tab(index, make_current=False)
                except Exception:  # the user's own click on the tab builds it again and reports it
                    log.warning("building %s ahead failed", self._specs[index][0], exc_info=True)
                    self._prebuild_failed.add(index)
                QTimer.singleShot(PREBUILD_GAP_MS, self._prebuild_next)
                return
        if not self._preview_warm:  # every tab is built: last, the print preview's renderer
            self._preview_warm = True
            try:
                importlib.import_module("app.gui.print_preview").warm_up()
            except Exception:  # the preview reports it when a print action opens it
                log.warning("loading the PDF renderer ahead failed", exc_info=True)

    def reset_tabs(self) -> None:
        """Rebuild every tab from the store (after a restore replaced its content)."""
        current = max(self.tabs.currentIndex(), 0)
        blocked = self.tabs.blockSignals(True)
        for index in list(self._built):
            title = self._specs[index][0]
            self.tabs.removeTab(index)
            self.tabs.insertTab(index, QWidget(), title)
            self._built.pop(index).deleteLater()
        self.tabs.blockSignals(blocked)
        self._ensure_tab(current)
        self.update_title()
        self._prebuild_failed.clear()
        QTimer.singleShot(PREBUILD_GAP_MS, self._prebuild_next)

    def _ensure_tab(self, index: int) -> None:
        if index < 0 or index in self._built or self.ctx is None:
            return
        self._build_tab(index, make_current=True)

    def _build_tab(self, index: int, *, make_current: bool) -> None:
        """Put the tab's real widget in place of its placeholder; make_current=False keeps the user's tab
        in front and lays the new one out and styles it now, so that its first showing only paints."""
        title, spec = self._specs[index]
        if spec is None:
            widget: QWidget = PlaceholderTab(title)
        else:
            widget = _tab_class(spec)(self.ctx, self)
        self._put_tab(index, widget, make_current=make_current)

    def _put_tab(self, index: int, widget: QWidget, *, make_current: bool) -> None:
        title = self._specs[index][0]
        self._built[index] = widget
        current = self.tabs.currentIndex()
        blocked = self.tabs.blockSignals(True)
        self.tabs.removeTab(index)
        self.tabs.insertTab(index, widget, title)
        self.tabs.setCurrentIndex(index if make_current else current)
        self.tabs.blockSignals(blocked)
        if not make_current:
            widget.ensurePolished()
            widget.resize(self.tabs.currentWidget().size())
            if widget.layout() is not None:
                widget.layout().activate()

    def closeEvent(self, event: QCloseEvent) -> None:
        screen_fit.save_window(self)
        super().closeEvent(event)

    def tab_widget(self, title: str) -> QWidget:
        for i, (t, _s) in enumerate(self._specs):
            if t == title:
                self._ensure_tab(i)
                return self._built[i]
        raise KeyError(title)
