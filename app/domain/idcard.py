"""18-digit resident ID numbers (GB 11643-1999): normalization, checksum, birth date and gender."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from app.domain.enums import Gender

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"
_FULL_WIDTH = str.maketrans("０１２３４５６７８９ＸｘＩ", "0123456789XXI")
_SHAPE = re.compile(r"^\d{17}[\dX]$")


@dataclass(frozen=True)
class IdInfo:
    number: str
    birth_date: dt.date
    gender: Gender


def normalize(raw: str) -> str:
    """Strip spaces (also full-width and NBSP), map full-width digits, upper-case a trailing x."""
    text = raw.translate(_FULL_WIDTH)
    text = re.sub(r"[\s\u3000\u00a0\u200b-\u200f\u202a-\u202e\-]", "", text)
    return text.upper()


def check_char(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


def parse(raw: str) -> IdInfo:
    """Validate an ID number and return what it encodes; raises ValueError with a Chinese reason."""
    number = normalize(raw)
    if len(number) != 18:
        raise ValueError(f"身份证号应为18位，实际为{len(number)}位")
    if not _SHAPE.match(number):
        raise ValueError("身份证号前17位必须是数字，最后一位是数字或X")
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValueError(f"身份证号中的出生日期{number[6:14]}不是有效日期") from None
    if birth.year < 1900 or birth > dt.date.today():
        raise ValueError(f"身份证号中的出生日期{birth:%Y-%m-%d}不合理")
    expected = check_char(number[:17])
    if number[17] != expected:
        raise ValueError(f"身份证号校验位错误（最后一位应为{expected}）")
    gender = Gender.MALE if int(number[16]) % 2 == 1 else Gender.FEMALE
    return IdInfo(number=number, birth_date=birth, gender=gender)


def cross_check(info: IdInfo, birth_date: dt.date | None, gender: Gender | None) -> list[str]:
    """Disagreements between an ID number and separately entered birth date / gender."""
    problems = []
    if birth_date is not None and birth_date != info.birth_date:
        problems.append(
            f"出生日期{birth_date:%Y-%m-%d}与身份证号中的{info.birth_date:%Y-%m-%d}不一致"
        )
    if gender is not None and gender != info.gender:
        problems.append(f"性别“{gender.label}”与身份证号（{info.gender.label}）不一致")
    return problems


def mask(number: str | None) -> str:
    """Default on screen and paper (PIPL): keep the first 6 and the last 4, e.g. 610330********1234."""
    if not number:
        return ""
    if len(number) <= 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


PHONE_PREFIX_FROM = 11  # numbers this long show their first three digits masked (a mobile: 139****5678)


def mask_phone(phone: str | None) -> str:
    """Default on screen and paper: at least four digits hidden, whatever the length. A mobile number (11
    digits, or longer with an area code) keeps its first 3 and last 4: 139****5678; a landline of 7 to 10
    digits keeps only its end (****567, ****5678); anything shorter is hidden whole."""
    if not phone:
        return ""
    n = len(phone)
    if n < 7:
        return "*" * n
    if n < PHONE_PREFIX_FROM:
        keep = min(4, n - 4)
        return "*" * (n - keep) + phone[-keep:]
    return phone[:3] + "*" * (n - 7) + phone[-4:]


def make_number(region: str, birth: dt.date, sequence: int) -> str:
    """Build a valid number (demo data and tests): 6-digit region, birth date, 3-digit sequence."""
    first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return first17 + check_char(first17)
