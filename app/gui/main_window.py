"""The main window: one tab per area of work. Tabs are built lazily, on first view.

The window can be shown before the store is open (`MainWindow(None)`, then `attach(ctx)`): start-up paints
the frame first, so nothing here may import the store layer (SQLAlchemy) at module level.
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget, QVBoxLayout, QWidget

from app import APP_NAME, __version__

if TYPE_CHECKING:
    from app.context import AppContext

log = logging.getLogger("dangjian.gui")
PRELOAD_AFTER_MS = 200  # after the first tab has painted and the user has started reading

# (tab title, "module:Class" taking (ctx, parent)); None for an area not built yet.
TABS: list[tuple[str, str | None]] = [
    ("首页", "app.gui.tabs.home:HomeTab"),
    ("组织设置", "app.gui.tabs.org_setup:OrgSetupTab"),
    ("三会一课", "app.gui.tabs.meetings:MeetingsTab"),
    ("党员积分", None),
    ("清廉学校", None),
]


class PlaceholderTab(QWidget):
    """Says plainly that an area is not built yet."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        label = QLabel(f"“{title}”功能将在后续版本中提供。")
        label.setStyleSheet("font-size: 15px; color: #666;")
        layout.addStretch(1)
        layout.addWidget(label, 0)
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
        self.resize(1200, 760)
        self.tabs = QTabWidget(self)
        self.setCentralWidget(self.tabs)
        self._specs = TABS
        self._built: dict[int, QWidget] = {}
        for title, _spec in TABS:
            self.tabs.addTab(OpeningTab(), title)
        self.tabs.currentChanged.connect(self._ensure_tab)
        for i in range(min(len(TABS), 9)):
            QShortcut(QKeySequence(f"Ctrl+{i + 1}"), self, activated=lambda i=i: self.tabs.setCurrentIndex(i))
        if ctx is not None:
            self.attach(ctx)

    def attach(self, ctx: AppContext) -> None:
        """The store is open (and the user logged in): build the current tab and the 「数据」 menu."""
        from app.gui.data_menu import install_data_menu

        self.ctx = ctx
        self._ensure_tab(max(self.tabs.currentIndex(), 0))
        self.data_actions = install_data_menu(self, ctx)
        QTimer.singleShot(PRELOAD_AFTER_MS, self._preload_tabs)

    def _preload_tabs(self) -> None:
        """Import the other tabs' code while the user reads the first one (about 25 ms, nothing heavy:
        printing, spreadsheets and pinyin still load on first use), so a first click builds, not imports."""
        for _title, spec in self._specs:
            if spec is not None:
                try:
                    importlib.import_module(spec.split(":")[0])
                except Exception:  # the tab itself will report it when opened
                    log.warning("preloading %s failed", spec, exc_info=True)

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

    def _ensure_tab(self, index: int) -> None:
        if index < 0 or index in self._built or self.ctx is None:
            return
        title, spec = self._specs[index]
        if spec is None:
            widget: QWidget = PlaceholderTab(title)
        else:
            module_name, class_name = spec.split(":")
            widget = getattr(importlib.import_module(module_name), class_name)(self.ctx, self)
        self._built[index] = widget
        blocked = self.tabs.blockSignals(True)
        self.tabs.removeTab(index)
        self.tabs.insertTab(index, widget, title)
        self.tabs.setCurrentIndex(index)
        self.tabs.blockSignals(blocked)

    def tab_widget(self, title: str) -> QWidget:
        for i, (t, _s) in enumerate(self._specs):
            if t == title:
                self._ensure_tab(i)
                return self._built[i]
        raise KeyError(title)
