"""Windows and dialogs fit the screens schools have: 1366×768 with a taskbar and a title bar leaves about
1366×700 (issue #17).

* `MainWindow` has a fixed minimum (`MIN_SIZE`, set explicitly so that a tab whose content would like more
  room never enlarges the window), opens at most `DEFAULT_SIZE` within the screen, and remembers its size
  and position (`QSettings` in the data folder's settings.ini, so tests and portable installs keep theirs).
* A dialog sizes itself with `fit(self, w, h)`: one that asks for 860×720 opens 860×(screen − title bar)
  instead of running off the bottom; its own scroll areas and tables take the difference.
* A dialog whose fields are taller than a small screen puts them in `scrolled(body)`: the fields scroll
  inside and the buttons below stay in view (a 1366×768 laptop at 125 % scaling leaves about 1093×580).
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSettings, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget

from app import paths

MIN_SIZE = QSize(1000, 580)  # ≤ 1280×650 (issue #17), and small enough for a 1024×600 netbook
DEFAULT_SIZE = QSize(1280, 760)
TITLE_BAR = 32  # what the window manager adds above the client area (Windows 10: 31 px at 100 %)
FRAME = 16


def available(widget: QWidget | None = None) -> QRect:
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 700)


def clamp_to(widget: QWidget, area: QRect) -> None:
    """Shrink `widget` (never below its minimum) so that it and its title bar fit inside `area`."""
    limit = QSize(area.width() - FRAME, area.height() - TITLE_BAR - FRAME // 2)
    size = widget.size().boundedTo(limit).expandedTo(widget.minimumSize())
    if size != widget.size():
        widget.resize(size)
    geo = widget.frameGeometry()
    if not area.contains(geo):
        x = min(max(geo.x(), area.x()), area.right() - geo.width())
        y = min(max(geo.y(), area.y()), area.bottom() - geo.height() - TITLE_BAR)
        widget.move(max(x, area.x()), max(y, area.y()))


def fit(widget: QWidget, width: int, height: int) -> None:
    """`widget.resize(width, height)`, but no larger than the screen it opens on leaves room for. Dialogs
    call it instead of resize() (an application-wide event filter would do it for all, but it would run
    Python for each of the thousands of events a tab switch makes)."""
    widget.resize(width, height)
    clamp_to(widget, available(widget))


class _FieldsScroll(QScrollArea):
    """Scrolls only up and down: as wide as its fields need (a form cut at the right edge would hide
    half a field), as short as a small screen needs."""

    SHORTEST = 160

    def minimumSizeHint(self) -> QSize:
        body = self.widget()
        need = body.minimumSizeHint() if body is not None else QSize(0, 0)
        bar = self.verticalScrollBar().sizeHint().width()
        return QSize(need.width() + bar + 2 * self.frameWidth(), min(need.height(), self.SHORTEST))


def scrolled(body: QWidget) -> QScrollArea:
    """`body` in a frameless scroll area that gives it the full width and scrolls vertically when the
    dialog is shorter than the fields: put it where the fields would go, keep the buttons outside."""
    area = _FieldsScroll()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(body)
    return area


def settings() -> QSettings:
    return QSettings(str(paths.data_dir() / "settings.ini"), QSettings.Format.IniFormat)


def restore_window(window: QWidget, key: str = "main_window") -> None:
    """The size and position the window had when it was last closed (kept within the screen, so a window
    closed on a projector comes back on the laptop), else DEFAULT_SIZE centred on the screen."""
    window.setMinimumSize(MIN_SIZE)
    area = available(window)
    store = settings()
    size, pos = store.value(f"{key}/size"), store.value(f"{key}/pos")
    if isinstance(size, QSize) and isinstance(pos, QPoint) and size.isValid():
        window.resize(size.expandedTo(MIN_SIZE))
        window.move(pos)
        clamp_to(window, area)
        if store.value(f"{key}/maximized") in (True, "true"):
            window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
        return
    limit = QSize(area.width() - FRAME, area.height() - TITLE_BAR - FRAME // 2)
    window.resize(DEFAULT_SIZE.boundedTo(limit).expandedTo(MIN_SIZE))
    window.move(area.x() + max(0, (area.width() - window.width()) // 2),
                area.y() + max(0, (area.height() - window.height() - TITLE_BAR) // 2))


def save_window(window: QWidget, key: str = "main_window") -> None:
    store = settings()
    maximized = window.isMaximized()
    geo = window.normalGeometry() if maximized and window.normalGeometry().isValid() else window.geometry()
    store.setValue(f"{key}/size", geo.size())
    store.setValue(f"{key}/pos", window.pos() if not maximized else geo.topLeft())
    store.setValue(f"{key}/maximized", maximized)
    store.sync()
