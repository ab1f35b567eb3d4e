from __future__ import annotations

import datetime as dt

import pytest

from app.domain import idcard
from app.domain.enums import Gender

VALID = "11010519491231002X"  # the standard's own example


def test_standard_example_is_valid() -> None:
    info = idcard.parse(VALID)
    assert info.birth_date == dt.date(1949, 12, 31)
    assert info.gender == Gender.FEMALE


@pytest.mark.parametrize(
    "raw", ["11010519491231002x", " 110105 19491231 002X ", "１１０１０５１９４９１２３１００２Ｘ"])
def test_normalizes_lowercase_spaces_and_full_width(raw: str) -> None:
    assert idcard.parse(raw).number == VALID


@pytest.mark.parametrize(("raw", "reason"), [
    ("110105194912310021", "校验位"),
    ("11010519491231002", "18位"),
    ("1101051949123100XX", "前17位"),
    ("110105194913310028", "出生日期"),
    ("110105209912310023", "不合理"),
])
def test_rejects_with_a_chinese_reason(raw: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        idcard.parse(raw)


def test_cross_check_birth_and_gender() -> None:
    info = idcard.parse(VALID)
    assert idcard.cross_check(info, dt.date(1949, 12, 31), Gender.FEMALE) == []
    problems = idcard.cross_check(info, dt.date(1950, 1, 1), Gender.MALE)
    assert len(problems) == 2


def test_make_number_round_trips() -> None:
    number = idcard.make_number("610330", dt.date(1985, 3, 4), 123)
    assert idcard.parse(number).gender == Gender.MALE


def test_mask() -> None:
    assert idcard.mask("610330198503041234") == "610330********1234"
    assert idcard.mask_phone("13912345678") == "139****5678"
