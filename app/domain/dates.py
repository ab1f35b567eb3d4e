"""Dates as school staff type them: 2019-07-01, 2019/7/1, 2019.07.01, 2019年7月1日, 2019.07, 20190701."""

from __future__ import annotations

import datetime as dt
import re

_FULL_WIDTH = str.maketrans("０１２３４５６７８９．／－", "0123456789./-")
_YMD = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_YM = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_COMPACT_YM = re.compile(r"^(\d{4})(\d{2})$")
EXCEL_EPOCH = dt.datetime(1899, 12, 30)
# The years a command may name (--year): a school's records start after 2000 and plans reach a few years
# ahead; -1, 0 or 99999 are typing mistakes, not years (README.md, 数据安全).
MIN_YEAR = 2000
MAX_YEAR = 2100


def year_problem(year: int) -> str | None:
    """A Chinese reason when `year` is outside the years a ledger can hold; None when it is fine."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        return f"年度“{year}”不正确，应在 {MIN_YEAR}–{MAX_YEAR} 之间"
    return None


def parse_date(value: object) -> dt.date | None:
    """Return a date, None for an empty value; raise ValueError with a Chinese reason otherwise.

    A year and month without a day (2019.07) means the first of that month, as rosters often record.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # An Excel serial date that reached us as a number (cell formatted as General).
        if 1 <= value < 2958466:
            return (EXCEL_EPOCH + dt.timedelta(days=float(value))).date()
        raise ValueError(f"“{value}”不是有效日期")
    text = str(value).strip().translate(_FULL_WIDTH)
    if not text:
        return None
    text = re.sub(r"\s+00:00(:00)?$", "", text)
    for pattern in (_YMD, _COMPACT):
        if m := pattern.match(text):
            return _build(text, int(m[1]), int(m[2]), int(m[3]))
    for pattern in (_YM, _COMPACT_YM):
        if m := pattern.match(text):
            return _build(text, int(m[1]), int(m[2]), 1)
    raise ValueError(f"“{text}”不是可识别的日期（例如 2019-07-01）")


def _build(text: str, year: int, month: int, day: int) -> dt.date:
    try:
        result = dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"“{text}”不是有效日期") from None
    if not 1900 <= year <= 2100:
        raise ValueError(f"“{text}”的年份不合理")
    return result


def fmt(value: dt.date | None) -> str:
    return value.strftime("%Y-%m-%d") if value else ""


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_FULL_WIDTH_CLOCK = str.maketrans("０１２３４５６７８９：", "0123456789:")


def normal_time(text: str) -> str:
    """A 时:分 as people type it, written the one way the ledger stores and sorts: "8:30" → "08:30", and
    "14：30" (a Chinese input method's colon) → "14:30". Text that is no time comes back only stripped."""
    value = text.strip().translate(_FULL_WIDTH_CLOCK)
    match = _CLOCK.match(value)
    return f"{int(match[1]):02d}:{match[2]}" if match else text.strip()


def time_problems(start: str, end: str) -> list[str]:
    """What is wrong with a meeting's 时:分 start and end (empty when nothing, or nothing typed yet)."""
    start, end = normal_time(start), normal_time(end)
    problems = [f"{label}“{value}”格式应为 时:分，如 14:30"
                for label, value in (("开始时间", start), ("结束时间", end)) if value and not _CLOCK.match(value)]
    if not problems and start and end and end <= start:
        problems.append("结束时间应晚于开始时间")
    return problems
