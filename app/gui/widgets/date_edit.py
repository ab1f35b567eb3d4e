"""A QDateEdit that can be empty: optional dates (转正日期, 入党日期…) are blank until the user sets them."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QDateEdit, QWidget

_NULL = QDate(1900, 1, 1)  # below any real date in a roster: stands for "not filled in"


class OptionalDateEdit(QDateEdit):
    """yyyy-MM-dd, calendar popup; shows 「未填写」 when empty. Delete/Backspace on the whole text clears it."""

    valueChanged = Signal()

    def __init__(self, parent: QWidget | None = None, *, optional: bool = True) -> None:
        super().__init__(parent)
        self._optional = optional
        self._auto_advanced = False
        self.setDisplayFormat("yyyy-MM-dd")
        self.setCalendarPopup(True)
        self.setMaximumDate(QDate(2100, 12, 31))
        if optional:
            self.setMinimumDate(_NULL)
            self.setSpecialValueText("未填写")
            self.setToolTip("可直接输入，如 2019-07-01；按 Delete 清空")
            super().setDate(_NULL)
        else:
            self.setMinimumDate(QDate(1900, 1, 2))
            super().setDate(QDate.currentDate())
        self.dateChanged.connect(lambda _d: self.valueChanged.emit())

    def is_empty(self) -> bool:
        return self._optional and QDateEdit.date(self) == _NULL

    def value(self) -> dt.date | None:
        self.interpretText()  # take a half-typed day ("2019-07-1") as the user sees it
        if self.is_empty():
            return None
        return QDateEdit.date(self).toPython()

    def set_value(self, value: dt.date | None) -> None:
        if value is None:
            self.clear_value()
        else:
            super().setDate(QDate(value.year, value.month, value.day))

    def clear_value(self) -> None:
        if self._optional:
            super().setDate(_NULL)

    def _start_editing(self) -> None:
        """Leaving the empty state: start from today's date with the year selected, ready to type over."""
        super().setDate(QDate.currentDate())
        self.setCurrentSection(QDateEdit.Section.YearSection)
        self.setSelectedSection(QDateEdit.Section.YearSection)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if self._optional and key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            line = self.lineEdit()
            if self.is_empty() or line.selectedText() == line.text():
                self.clear_value()
                return
        text = event.text()
        if text in ("-", "/", ".") and self._auto_advanced:
            # Qt already moved to the next section when the previous one filled up; a typed
            # separator would skip one more (2019-07-01 would land 07 in the day).
            self._auto_advanced = False
            return
        if self.is_empty() and text.isdigit():
            self._start_editing()
        before = self.currentSection()
        super().keyPressEvent(event)
        self._auto_advanced = text.isdigit() and self.currentSection() != before

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self.is_empty():
            today = QDate.currentDate()
            self.calendarWidget().setCurrentPage(today.year(), today.month())
        super().mousePressEvent(event)
