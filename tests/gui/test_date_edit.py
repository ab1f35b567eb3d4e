"""Date fields: the calendar opens on the right month with weekday headers; impossible days are refused aloud."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import QCalendarWidget, QDateEdit, QTableView

from app.gui.widgets.date_edit import OptionalDateEdit

# popups and tooltips ask the offscreen platform to raise them, which it cannot
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise", "This plugin does not support grabbing")


def _field(qtbot, *, optional: bool = True, value: dt.date | None = None) -> OptionalDateEdit:
    field = OptionalDateEdit(optional=optional)
    field.set_value(value)
    qtbot.addWidget(field)
    field.resize(200, 30)
    field.show()
    qtbot.waitExposed(field)
    return field


def _open_popup(qtbot, field: OptionalDateEdit) -> QCalendarWidget:
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton, pos=QPoint(field.width() - 8, field.height() // 2))
    calendar = field.calendarWidget()
    qtbot.waitUntil(calendar.isVisible)
    return calendar


def test_calendar_opens_on_the_fields_month(qtbot) -> None:
    field = _field(qtbot, value=dt.date(2019, 7, 1))
    calendar = _open_popup(qtbot, field)
    assert (calendar.yearShown(), calendar.monthShown()) == (2019, 7)
    calendar.window().hide()


def test_empty_field_opens_on_todays_month(qtbot) -> None:
    field = _field(qtbot)
    assert field.is_empty()
    calendar = _open_popup(qtbot, field)
    today = QDate.currentDate()
    assert (calendar.yearShown(), calendar.monthShown()) == (today.year(), today.month())
    calendar.window().hide()


def test_calendar_shows_weekday_headers_and_every_day(qtbot) -> None:
    field = _field(qtbot, value=dt.date(2026, 3, 15))  # March 2026: 31 days over six week rows
    calendar = _open_popup(qtbot, field)
    assert calendar.horizontalHeaderFormat() != QCalendarWidget.HorizontalHeaderFormat.NoHorizontalHeader
    view = calendar.findChild(QTableView)
    model = view.model()
    assert model.data(model.index(0, 0)) == "一"  # the header row: Monday first
    assert [model.data(model.index(0, c)) for c in range(7)] == list("一二三四五六日")
    # every row (header + six weeks) is drawn inside the visible table, none cut off
    for row in range(model.rowCount()):
        rect = view.visualRect(model.index(row, 0))
        assert rect.height() >= 20 and rect.bottom() <= view.viewport().height(), row
    days = {model.data(model.index(r, c)) for r in range(1, model.rowCount()) for c in range(7)}
    assert {str(d) for d in range(1, 32)} <= {str(d) for d in days}
    calendar.window().hide()


def test_impossible_day_is_refused_with_a_message(qtbot) -> None:
    field = _field(qtbot)
    field.setFocus()
    with qtbot.waitSignal(field.refused) as said:
        qtbot.keyClicks(field, "20260230")
    assert "2026年2月没有30日" in said.args[0]
    assert field.value() != dt.date(2026, 2, 28)  # never quietly moved to the month's end
    assert field.currentSection() == QDateEdit.Section.DaySection
    qtbot.keyClicks(field, "28")
    assert field.value() == dt.date(2026, 2, 28)


def test_possible_days_say_nothing(qtbot) -> None:
    field = _field(qtbot)
    field.setFocus()
    qtbot.keyClicks(field, "20240229")  # a leap day
    assert field.value() == dt.date(2024, 2, 29) and field.last_refusal == ""


def test_month_change_that_moves_the_day_is_announced(qtbot) -> None:
    field = _field(qtbot, value=dt.date(2026, 1, 30))
    field.setFocus()
    field.setCurrentSection(QDateEdit.Section.MonthSection)
    field.setSelectedSection(QDateEdit.Section.MonthSection)
    with qtbot.waitSignal(field.refused) as said:
        qtbot.keyClicks(field, "02")
    assert "2026-02-28" in said.args[0] and "没有30日" in said.args[0]
