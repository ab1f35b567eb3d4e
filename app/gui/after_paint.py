"""Run something once a widget has painted: work that may start only after the user has seen the page.

A zero timer is not enough: it can fire in the same event-loop pass, before the paint, and a worker
thread started then shares the interpreter with that paint (首页's grid and 发展党员 list made its first
view two to three times slower; docs/benchmark.md).
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

_waiting: set[AfterPaint] = set()


class AfterPaint(QObject):
    """Calls `then` once, right after whichever of `widgets` paints first, or after `fallback_ms` if none
    does while on screen (a window started minimised is never painted: `hidden_too` runs it anyway). A page
    that is not on screen keeps waiting for the paint that showing it brings: filled in the background (built
    ahead, rebuilt after a restore) it reads when the user first sees it, and closed, never against a store
    that may be closed by then."""

    def __init__(self, widgets: tuple[QWidget, ...], then: Callable[[], None], fallback_ms: int = 500, *,
                 hidden_too: bool = False) -> None:
        super().__init__(widgets[0])
        self._then: Callable[[], None] | None = then
        self._watched = widgets
        self._hidden_too = hidden_too
        self._fallback_ms = fallback_ms
        _prune()
        _waiting.add(self)
        for widget in widgets:
            widget.installEventFilter(self)
        QTimer.singleShot(fallback_ms, self, self._fall_back)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._then is None:
            return False
        if event.type() == QEvent.Type.Paint:
            for widget in self._watched:
                widget.removeEventFilter(self)
            QTimer.singleShot(0, self, self._fire)  # after this paint has reached the screen
        elif event.type() == QEvent.Type.Show:  # shown after the fallback: a page that never paints
            QTimer.singleShot(self._fallback_ms, self, self._fall_back)  # (no size, covered) still reads
        return False

    def pending(self, then: Callable[[], None]) -> bool:
        return self._then is not None and self._then == then

    def _fall_back(self) -> None:
        if self.runs_unseen():
            self._fire()

    def runs_unseen(self) -> bool:
        """Whether it runs without the user showing anything more: a window's, or a page on screen."""
        return self._hidden_too or any(widget.isVisible() for widget in self._watched)

    def _fire(self) -> None:
        then, self._then = self._then, None
        if self not in _waiting:
            return  # already run (the paint's timer, then the fallback's)
        _waiting.discard(self)
        self.deleteLater()
        if then is not None:
            then()


def after_paint(widget: QWidget, then: Callable[[], None], fallback_ms: int = 500) -> AfterPaint:
    """`then` once after `widget`'s next paint; asked again before that paint, it still runs once."""
    for waiting in widget.findChildren(AfterPaint):
        if waiting.pending(then):
            return waiting
    return AfterPaint((widget,), then, fallback_ms)


def _prune() -> None:
    """Forget the calls whose widget was deleted before they ran (a page rebuilt after a restore): each holds
    its page's bound method, and with it the page's data."""
    for gone in [w for w in _waiting if not shiboken6.isValid(w)]:
        _waiting.discard(gone)


def waiting() -> int:
    """How many calls still wait for a paint that will come: of a window, or of a page on screen (tests wait
    for none before looking at what they read; a hidden page's call waits for the page to be shown)."""
    _prune()
    return sum(1 for w in _waiting if w.runs_unseen())
