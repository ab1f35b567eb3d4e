"""GUI test helpers: typing Chinese (QTest.keyClicks takes ASCII only) and answering modal dialogs."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget


@pytest.fixture(autouse=True)
def keep_drafts_on_cancel(monkeypatch: pytest.MonkeyPatch) -> None:
    """A cancelled form with typing asks whether to keep the draft; tests answer 「是」 unless they ask."""
    from app.gui import drafts

    monkeypatch.setattr(drafts, "_ask_keep", lambda _parent: True)
    monkeypatch.setattr(drafts, "_owner", "")


def type_text(widget: QWidget, text: str) -> None:
    """Send one key event per character, as an input method delivers committed Chinese text."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


@pytest.fixture
def answer_modal(qtbot) -> Callable[[Callable[[QWidget], None]], list[QWidget]]:
    """Run `handler(dialog)` on the next modal dialog, from inside its exec() loop."""
    seen: list[QWidget] = []

    def arm(handler: Callable[[QWidget], None]) -> list[QWidget]:
        tries = [0]

        def poll() -> None:
            dialog = QApplication.activeModalWidget()
            if dialog is None:
                tries[0] += 1
                if tries[0] < 500:  # give up after ~5 s: the test then fails on `seen` being empty
                    QTimer.singleShot(10, poll)
                return
            seen.append(dialog)
            handler(dialog)

        QTimer.singleShot(0, poll)
        return seen

    return arm


@pytest.fixture(autouse=True)
def _styled(qapp) -> None:
    """Fonts, Qt's Chinese strings and the stylesheet, as `make_application` sets them for users."""
    from app.gui import style
    from app.gui.application import install_translations, load_fonts

    if not qapp.property("dangjian_fonts"):
        load_fonts(qapp)
        install_translations(qapp)
        qapp.setProperty("dangjian_fonts", True)
    style.apply(qapp)


def settle(qtbot, timeout: int = 10_000) -> None:
    """Until every read that waits for a paint (app.gui.after_paint: 首页's grid, its 发展党员 list) has
    started and every operation has called back: what a page shows once the user has looked at it."""
    from app.gui import after_paint, operations

    qtbot.waitUntil(lambda: not after_paint.waiting() and not operations.running(), timeout=timeout)
