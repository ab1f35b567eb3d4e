"""Visual consistency (issue #17): focus is not the error colour, no stray button icons, even drop-down rows."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCalendarWidget,
    QComboBox,
    QDialogButtonBox,
    QLineEdit,
    QMenuBar,
    QMessageBox,
    QPushButton,
    QTabBar,
    QToolButton,
)

from app.gui import style
from app.gui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def test_focus_border_is_not_the_error_colour() -> None:
    rules = re.findall(r"([^{}]+)\{([^}]*)\}", style.QSS)
    focus = [re.search(r"border-color: ([^;]+);", body).group(1) for sel, body in rules
             if ":focus" in sel and "invalid" not in sel and "border-color" in body]
    assert focus and style.DANGER not in focus and style.RED not in focus
    invalid = re.search(r'\[invalid="true"\] \{\s*border-color: ([^;]+);', style.QSS)
    assert invalid and invalid.group(1) == style.DANGER


def test_dialog_buttons_carry_no_icons(qtbot) -> None:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    box.show()
    assert all(b.icon().isNull() for b in box.buttons())
    message = QMessageBox(QMessageBox.Icon.Question, "题", "内容",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    qtbot.addWidget(message)
    message.show()
    assert all(b.icon().isNull() for b in message.buttons())
    message.close()


def test_every_button_and_drop_down_alike(demo_ctx, qtbot) -> None:
    window = MainWindow(demo_ctx)
    qtbot.addWidget(window)
    window.resize(1366, 700)
    window.show()
    heights = {}
    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)
        QApplication.processEvents()
        # tool buttons too: 党员积分's 打印 was a grey QToolButton, lower than the 打印… buttons beside it
        heights[window.tabs.tabText(i)] = {b.height() for b in window.findChildren(QAbstractButton)
                                           if b.isVisible() and isinstance(b, (QPushButton, QToolButton))
                                           and not _inside_a_qt_widget(b)}
    assert len(set().union(*heights.values())) == 1, heights  # one button height everywhere
    # the style sheet styles QPushButton: a button of the app's own is one (a menu hangs on it with setMenu)
    assert [b.text() for b in window.findChildren(QToolButton) if not _inside_a_qt_widget(b)] == []
    assert [b.text() for b in window.findChildren(QPushButton) if not b.icon().isNull()] == []
    combos = window.findChildren(QComboBox)
    assert len(combos) >= 4
    heights = set()
    for combo in combos:
        assert combo.count(), combo.objectName()
        heights.add(combo.view().sizeHintForRow(0))
    assert len(heights) == 1 and heights.pop() >= 26  # one row height everywhere, with padding


def _inside_a_qt_widget(button: QAbstractButton) -> bool:
    """A part Qt builds itself: a line edit's clear button, a tab bar's scroll arrows, the menu bar's », a
    calendar's month arrows."""
    parent = button.parentWidget()
    while parent is not None:
        if isinstance(parent, (QLineEdit, QTabBar, QMenuBar, QCalendarWidget)):
            return True
        parent = parent.parentWidget()
    return False
