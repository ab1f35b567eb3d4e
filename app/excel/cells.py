"""Turning one spreadsheet cell into a MemberData value, the way staff actually fill them in."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from app.domain.dates import parse_date
from app.domain.enums import BackboneLevel, Gender, Labeled, MemberCategory, MemberStatus

_FULL_WIDTH = str.maketrans("０１２３４５６７８９．／－", "0123456789./-")
ID_AS_NUMBER = "身份证号被Excel存成了数字，后几位已丢失，请将该列设为文本格式后重新填写"

_GENDERS = {"男": Gender.MALE, "男性": Gender.MALE, "m": Gender.MALE, "male": Gender.MALE,
            "女": Gender.FEMALE, "女性": Gender.FEMALE, "f": Gender.FEMALE, "female": Gender.FEMALE}
_CATEGORIES = {"党员": MemberCategory.FULL, "中共党员": MemberCategory.FULL, "正式": MemberCategory.FULL,
               "中共正式党员": MemberCategory.FULL, "预备": MemberCategory.PROBATIONARY,
               "中共预备党员": MemberCategory.PROBATIONARY, "积极分子": MemberCategory.ACTIVIST,
               "申请人": MemberCategory.APPLICANT, "入党申请": MemberCategory.APPLICANT,
               "发展对象（预备党员人选）": MemberCategory.CANDIDATE}
_STATUSES = {"正常": MemberStatus.ACTIVE, "在职": MemberStatus.ACTIVE, "退休": MemberStatus.ACTIVE,
             "已转出": MemberStatus.TRANSFERRED_OUT, "死亡": MemberStatus.DECEASED,
             "已故": MemberStatus.DECEASED, "出党": MemberStatus.REMOVED, "除名": MemberStatus.REMOVED}
_EMPTY_LEVEL = {"", "无", "否", "-", "—", "/", "没有"}


def text(value: object) -> str:
    """Any cell as trimmed text: whole numbers without '.0', dates as yyyy-mm-dd."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d") if value.time() == dt.time() else value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d")
    return str(value).strip()


def id_number(value: object) -> str:
    """The ID number text; a numeric cell has lost digits for good (Excel keeps 15), so it is refused."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise ValueError(ID_AS_NUMBER)
    return text(value).lstrip("'‘’`")  # an apostrophe pasted from a CSV "keep as text" trick


def date(value: object) -> dt.date | None:
    """Real Excel dates, serial numbers, the text forms of parse_date, and 2019.07 that Excel made a number."""
    if isinstance(value, bool):
        raise ValueError(f"“{value}”不是日期")
    if isinstance(value, int) and (19000101 <= value <= 21001231 or 190001 <= value <= 210012):
        return parse_date(str(value))  # 20190701 or 201907 typed as a number
    if isinstance(value, float) and 1900 <= value < 2101 and not value.is_integer():
        year, _dot, frac = repr(value).partition(".")
        if frac == "1":
            raise ValueError(f"“{value}”被Excel存成了数字，无法分辨是1月还是10月，"
                             f"请改写成{year}-01-01或{year}-10-01")
        if len(frac) > 2:
            raise ValueError(f"“{value}”不是可识别的日期（例如 2019-07-01）")
        return parse_date(f"{year}.{int(frac)}")
    if isinstance(value, (int, float)) and value < 3000 and not isinstance(value, bool):
        raise ValueError(f"“{text(value)}”不是完整的日期（例如 2019-07-01）")
    return parse_date(value)


_YEAR_MONTH = re.compile(r"^\d{4}\s*[-/.年]\s*\d{1,2}\s*月?$|^\d{6}$")


def is_year_month(value: object) -> bool:
    """Whether a date cell gives only a year and month (出生年月 1985.03), not a day."""
    if isinstance(value, float) and 1900 <= value < 2101 and not value.is_integer():
        return True
    if isinstance(value, int) and not isinstance(value, bool) and 190001 <= value <= 210012:
        return True
    return isinstance(value, str) and bool(_YEAR_MONTH.match(value.strip().translate(_FULL_WIDTH)))


def _enum(value: object, enum: type[Labeled], extra: Mapping[str, Labeled], what: str) -> Labeled | None:
    raw = text(value)
    key = raw.replace(" ", "").replace("\u3000", "")
    if not key:
        return None
    found = enum.from_label(key) or extra.get(key) or extra.get(key.lower())
    if found is None:
        choices = "、".join(item.label for item in enum)
        raise ValueError(f"{what}“{raw}”无法识别（可填：{choices}）")
    return found


def gender(value: object) -> Gender | None:
    raw = text(value)
    if not raw:
        return None
    found = _GENDERS.get(raw.lower())
    if found is None:
        raise ValueError(f"性别“{raw}”无法识别（应为男或女）")
    return found


def category(value: object) -> MemberCategory:
    return _enum(value, MemberCategory, _CATEGORIES, "人员类别") or MemberCategory.FULL  # type: ignore[return-value]


def status(value: object) -> MemberStatus:
    return _enum(value, MemberStatus, _STATUSES, "党籍状态") or MemberStatus.ACTIVE  # type: ignore[return-value]


def backbone_level(value: object) -> BackboneLevel:
    raw = text(value).replace(" ", "")
    if raw in _EMPTY_LEVEL:
        return BackboneLevel.NONE
    for level in BackboneLevel:
        if raw in (level.label, level.value, level.label.replace("骨干教师", "骨干"), level.label.replace("教师", "")):
            return level
    choices = "、".join(level.label for level in BackboneLevel)
    raise ValueError(f"骨干教师级别“{raw}”无法识别（可填：{choices}）")
