"""Date fields: OptionalDateEdit can be empty (转正日期, 入党日期… are blank until set); RequiredDateEdit never is
(会议日期, 积分日期…). Both refuse an impossible typed day aloud instead of quietly changing it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from PySide6.QtCore import QDate, QRect, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QShowEvent
from PySide6.QtWidgets import QCalendarWidget, QDateEdit, QToolTip, QWidget

_NULL = QDate(1900, 1, 1)  # below any real date in a roster: stands for "not filled in"


class MonthCalendar(QCalendarWidget):
    """The popup calendar: weekday headers, every day of the month, and it opens on the field's date or,
    when the field is empty, on today's month (never on January 1900)."""

    def __init__(self, field: OptionalDateEdit) -> None:
        super().__init__(field)
        self._field = field
        self.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.setHorizontalHeaderFormat(QCalendarWidget.HorizontalHeaderFormat.SingleLetterDayNames)
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.setGridVisible(False)
        self.setMinimumSize(300, 230)  # six week rows and the header row, at the app's font size

    def showEvent(self, event: QShowEvent) -> None:
        self.turn_to_field()
        super().showEvent(event)

    def turn_to_field(self) -> None:
        day = QDate.currentDate() if self._field.is_empty() else QDateEdit.date(self._field)
        self.setCurrentPage(day.year(), day.month())


class OptionalDateEdit(QDateEdit):
    """yyyy-MM-dd, calendar popup; shows 「未填写」 when empty. Delete/Backspace on the whole text clears it."""

    valueChanged = Signal()
    refused = Signal(str)  # an impossible typed date was not taken; the message says why

    def __init__(self, parent: QWidget | None = None, *, optional: bool = True) -> None:
        super().__init__(parent)
        self._optional = optional
        self._auto_advanced = False
        self.last_refusal = ""
        self._pending = ""  # an impossible day was refused and no day has been typed since
        self.setDisplayFormat("yyyy-MM-dd")
        self.setCalendarPopup(True)
        self.setCalendarWidget(MonthCalendar(self))
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

    def pending_refusal(self) -> str:
        """Why the shown date is not what the user meant (a refused day not typed again), or ""; a form
        checks it before saving, so the half-typed date on screen is never stored."""
        return self._pending

    def setDate(self, date: QDate) -> None:
        """A date set by the program (a loaded record, a restored draft) replaces a refused one."""
        self._pending = ""
        super().setDate(date)

    def set_value(self, value: dt.date | None) -> None:
        self._pending = ""
        if value is None:
            self.clear_value()
        else:
            super().setDate(QDate(value.year, value.month, value.day))

    def clear_value(self) -> None:
        self._pending = ""
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
        if text.isdigit():
            self._pending = ""  # a new digit: judged again below
        if self.is_empty() and text.isdigit():
            self._start_editing()
        before = self.currentSection()
        shown, day_text, date = self.lineEdit().text(), self.sectionText(QDateEdit.Section.DaySection), \
            QDateEdit.date(self)
        super().keyPressEvent(event)
        self._auto_advanced = text.isdigit() and self.currentSection() != before
        if text.isdigit():
            self._explain_refusal(before, shown, day_text, date, text)

    def _explain_refusal(self, section: QDateEdit.Section, shown: str, day_text: str, date: QDate,
                         digit: str) -> None:
        """Qt drops a digit that would make an impossible day (2026-02-30 stays 2026-02-03) and moves a day
        that no longer fits a changed month (01-30 → 02-28) without a word: say so beside the field."""
        now = QDateEdit.date(self)
        if section == QDateEdit.Section.DaySection and self.lineEdit().text() == shown and day_text.isdigit():
            wanted = int(day_text) * 10 + int(digit)
            if 28 < wanted <= 31 and wanted > now.daysInMonth():
                self.refuse(f"{now.year()}年{now.month()}月没有{wanted}日（这个月只有{now.daysInMonth()}天），"
                            "请重新输入日期。")
                self._pending = self.last_refusal
                self.setSelectedSection(QDateEdit.Section.DaySection)  # the next digits replace the day
        elif (section in (QDateEdit.Section.MonthSection, QDateEdit.Section.YearSection)
              and date.day() > now.daysInMonth() and now.day() == now.daysInMonth() and now != date):
            self.refuse(f"{now.year()}年{now.month()}月没有{date.day()}日，日期已改为 "
                        f"{now.toString('yyyy-MM-dd')}，请核对。")

    def refuse(self, message: str) -> None:
        """Show why the typed date was not taken (a tip under the field) and tell listeners."""
        self.last_refusal = message
        QToolTip.showText(self.mapToGlobal(self.rect().bottomLeft()), message, self, QRect(), 8000)
        self.refused.emit(message)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        calendar = self.calendarWidget()
        if isinstance(calendar, MonthCalendar):
            calendar.turn_to_field()
        super().mousePressEvent(event)


class RequiredDateEdit(OptionalDateEdit):
    """A date that is always filled in (会议日期, 积分日期, 起始日期…): the same calendar popup and the same
    refusal of an impossible typed day as the optional field, starting on `day` or today."""

    def __init__(self, day: dt.date | QDate | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent, optional=False)
        if isinstance(day, QDate):
            day = day.toPython()
        if day is not None:
            self.set_value(day)

    def day(self) -> dt.date:
        """The date shown (never empty)."""
        value = self.value()
        assert value is not None
        return value


def refused_date(fields: Iterable[QWidget]) -> str:
    """The first date field still showing a refused day ("" when none): a form says it and does not save."""
    for field in fields:
        if isinstance(field, OptionalDateEdit) and (message := field.pending_refusal()):
            field.setFocus()
            return message
    return ""
