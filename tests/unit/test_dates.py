from __future__ import annotations

import datetime as dt

import pytest

from app.domain.dates import parse_date

JULY_1 = dt.date(2019, 7, 1)


@pytest.mark.parametrize("raw", ["2019-07-01", "2019/7/1", "2019.07.01", "2019年7月1日", "2019.07", "20190701",
                                 "2019-07-01 00:00:00", dt.datetime(2019, 7, 1, 0, 0), 43647, "２０１９．０７．０１"])
def test_accepts_the_ways_staff_type_dates(raw) -> None:
    assert parse_date(raw) == JULY_1


@pytest.mark.parametrize("raw", ["2019-02-30", "七月一日", "2019-13-01", "1800-01-01"])
def test_rejects_bad_dates(raw) -> None:
    with pytest.raises(ValueError):
        parse_date(raw)


def test_empty_is_none() -> None:
    assert parse_date("  ") is None
    assert parse_date(None) is None


def test_time_problems_at_the_edges() -> None:
    from app.domain.dates import time_problems

    assert time_problems("", "") == [] and time_problems("15:00", "") == []
    assert time_problems("00:00", "23:59") == []
    assert time_problems("15:00", "15:00") == ["结束时间应晚于开始时间"]  # equal is not later
    assert time_problems("15:00", "15:01") == []
    assert time_problems("15:00", "14:59") == ["结束时间应晚于开始时间"]
    assert time_problems(" 08:30 ", "09:00") == []
    assert [p[:4] for p in time_problems("24:00", "9:3")] == ["开始时间", "结束时间"]


@pytest.mark.parametrize(("raw", "normal"), [("8:30", "08:30"), ("9:00", "09:00"), ("14：30", "14:30"),
                                             ("８：３０", "08:30"), (" 14:30 ", "14:30"), ("0:05", "00:05")])
def test_one_digit_hours_and_the_full_width_colon_are_times(raw: str, normal: str) -> None:
    from app.domain.dates import normal_time, time_problems

    assert normal_time(raw) == normal and time_problems(raw, "23:59") == []


@pytest.mark.parametrize("raw", ["25:00", "14:61", "abc", "24:00", "14:3", "830", "14:300"])
def test_garbage_times_are_still_refused(raw: str) -> None:
    from app.domain.dates import normal_time, time_problems

    assert normal_time(raw) == raw
    assert time_problems(raw, "") == [f"开始时间“{raw}”格式应为 时:分，如 14:30"]


def test_order_is_judged_on_the_normal_form() -> None:
    from app.domain.dates import time_problems

    assert time_problems("9:00", "10:30") == []  # "10:30" < "9:00" as text, but it is later
    assert time_problems("14：30", "9:00") == ["结束时间应晚于开始时间"]


def test_add_years_from_the_29th_of_february() -> None:
    from app.domain.dates import add_years

    assert add_years(dt.date(2024, 2, 29), 1) == dt.date(2025, 2, 28)
    assert add_years(dt.date(2024, 2, 29), 4) == dt.date(2028, 2, 29)
    assert add_years(dt.date(2023, 6, 30), 5) == dt.date(2028, 6, 30)


def test_fmt_writes_a_date_the_way_every_form_prints_it_and_nothing_for_no_date() -> None:
    from app.domain.dates import fmt

    assert fmt(dt.date(2025, 3, 9)) == "2025-03-09"
    assert fmt(None) == ""  # an empty field stays empty on a printed form
