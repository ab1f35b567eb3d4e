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


@pytest.mark.parametrize("serial", range(100, 130))
def test_x_is_accepted_only_where_the_checksum_gives_x(serial: int) -> None:
    """X is the check character 10, nothing else: an X where a digit belongs is a wrong check digit."""
    number = idcard.make_number("610330", dt.date(1985, 3, 4), serial)
    with_x = number[:17] + "X"
    if number.endswith("X"):
        assert idcard.parse(with_x).number == number
        wrong_digit = number[:17] + "0"
        with pytest.raises(ValueError, match="校验位"):
            idcard.parse(wrong_digit)
    else:
        with pytest.raises(ValueError, match=f"校验位错误（最后一位应为{number[17]}）"):
            idcard.parse(with_x)


def test_check_char_of_the_standards_example() -> None:
    assert idcard.check_char("11010519491231002") == "X"
    assert idcard.check_char("61033019850304123") == idcard.make_number("610330", dt.date(1985, 3, 4), 123)[17]


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


def test_mask_of_nothing_and_of_short_numbers() -> None:
    assert idcard.mask(None) == "" and idcard.mask("") == ""
    assert idcard.mask("1234567890") == "**********"  # too short to show any of it
    assert idcard.mask("12345678901") == "123456*8901"


def test_phone_mask_hides_at_least_four_digits_of_any_number() -> None:
    """A rural school's roster has landlines (7 or 8 digits) beside mobiles: none prints in full. The old
    rule (first 3 + last 4) showed a 7-digit number whole and hid one digit of an 8-digit one."""
    assert idcard.mask_phone(None) == "" and idcard.mask_phone("") == ""
    assert idcard.mask_phone("123456") == "******"
    assert idcard.mask_phone("6123456") == "****456"
    assert idcard.mask_phone("66123456") == "****3456"
    assert idcard.mask_phone("0556612345") == "******2345"
    assert idcard.mask_phone("05556123456") == "055****3456"
    assert idcard.mask_phone("055561234567") == "055*****4567"
    for number in ("6123456", "66123456", "0556612345", "13912345678", "055561234567"):
        assert idcard.mask_phone(number).count("*") >= 4
