"""Rules for one member's fields, shared by the edit dialog and the roster importer."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass, field, fields

from app.domain import idcard
from app.domain.enums import BackboneLevel, Gender, MemberCategory, MemberStatus
from app.domain.text import clean_name

PHONE = re.compile(r"^1\d{10}$|^0\d{2,3}-?\d{7,8}$")


@dataclass
class MemberData:
    """Plain values for one member, as a form or a spreadsheet row gives them (branch by name)."""

    name: str = ""
    gender: Gender | None = None
    ethnicity: str = ""
    birth_date: dt.date | None = None
    id_number: str = ""
    education: str = ""
    degree: str = ""
    category: MemberCategory = MemberCategory.FULL
    branch_name: str = ""
    group_name: str = ""
    phone: str = ""
    applied_on: dt.date | None = None
    activist_on: dt.date | None = None
    candidate_on: dt.date | None = None
    joined_on: dt.date | None = None
    full_on: dt.date | None = None
    job: str = ""
    professional_title: str = ""
    subject: str = ""
    backbone_level: BackboneLevel = BackboneLevel.NONE
    model_post: str = ""
    native_place: str = ""
    address: str = ""
    status: MemberStatus = MemberStatus.ACTIVE
    note: str = ""

    @classmethod
    def field_names(cls) -> list[str]:
        return [f.name for f in fields(cls)]


@dataclass
class RuleResult:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def normalize(data: MemberData) -> MemberData:
    """Trim text, normalize the ID number; fill birth date and gender from it when they are empty."""
    for name in ("name", "ethnicity", "education", "degree", "branch_name", "group_name", "phone", "job",
                 "professional_title", "subject", "model_post", "native_place", "address", "note"):
        setattr(data, name, (getattr(data, name) or "").strip())
    data.name = re.sub(r"\s+", "", clean_name(data.name))  # a name of only U+200B is an empty name
    data.branch_name = clean_name(data.branch_name)
    data.group_name = clean_name(data.group_name)
    data.phone = re.sub(r"[\s\u3000]", "", data.phone)
    if data.id_number:
        data.id_number = idcard.normalize(data.id_number)
        try:
            info = idcard.parse(data.id_number)
        except ValueError:
            return data
        if data.birth_date is None:
            data.birth_date = info.birth_date
        if data.gender is None:
            data.gender = info.gender
    return data


def validate(data: MemberData, *, today: dt.date | None = None) -> RuleResult:
    """Check one member; `data` should be normalized first. Messages are Chinese, for the user."""
    today = today or dt.date.today()
    result = RuleResult()
    err = result.errors.append
    if not data.name:
        err("姓名不能为空")
    elif len(data.name) > 50:
        err("姓名过长（最多50个字）")
    if data.id_number:
        try:
            info = idcard.parse(data.id_number)
        except ValueError as exc:
            err(str(exc))
        else:
            result.errors.extend(idcard.cross_check(info, data.birth_date, data.gender))
    else:
        err("身份证号不能为空")
    if data.phone and not PHONE.match(data.phone):
        err(f"手机号码“{data.phone}”格式不对")
    if not data.branch_name and data.status == MemberStatus.ACTIVE:
        err("所在党支部不能为空")
    for label, value in _dates(data):
        if value and value > today:
            err(f"{label}{value:%Y-%m-%d}晚于今天")
        if value and data.birth_date and value < data.birth_date:
            err(f"{label}{value:%Y-%m-%d}早于出生日期")
    order = [("申请入党日期", data.applied_on), ("确定入党积极分子日期", data.activist_on),
             ("确定发展对象日期", data.candidate_on), ("入党日期", data.joined_on),
             ("转正日期", data.full_on)]
    present = [(label, value) for label, value in order if value]
    for (la, a), (lb, b) in itertools.pairwise(present):
        if a > b:
            err(f"{lb}{b:%Y-%m-%d}早于{la}{a:%Y-%m-%d}")
    if data.category.is_party_member and not data.joined_on:
        err(f"{data.category.label}必须填写入党日期")
    if data.category == MemberCategory.FULL and data.joined_on and not data.full_on:
        result.warnings.append("正式党员未填写转正日期")
    if data.category == MemberCategory.PROBATIONARY and data.full_on:
        err("预备党员不应有转正日期（已转正请将人员类别改为正式党员）")
    # docs/domain.md: an application needs age 18 or over, so joining does too; by the birthday, not the
    # year (born 2000-12-31, 17 on 2018-06-01: the year difference said 18).
    if data.birth_date and data.applied_on and not is_adult_on(data.birth_date, data.applied_on):
        err("申请入党时未满18周岁")
    elif data.birth_date and data.joined_on and not is_adult_on(data.birth_date, data.joined_on):
        err("入党时未满18周岁")
    return result


ADULT_AGE = 18


def is_adult_on(birth: dt.date, day: dt.date) -> bool:
    """18 or over on `day`: the 18th birthday has come (born 29 February: on 28 February of that year)."""
    from app.domain.dates import add_years

    return add_years(birth, ADULT_AGE) <= day


def _dates(data: MemberData) -> list[tuple[str, dt.date | None]]:
    return [("出生日期", data.birth_date), ("申请入党日期", data.applied_on),
            ("确定入党积极分子日期", data.activist_on), ("确定发展对象日期", data.candidate_on),
            ("入党日期", data.joined_on), ("转正日期", data.full_on)]


def probation_due(joined_on: dt.date | None) -> dt.date | None:
    """A 预备党员's one-year probation ends a year after admission."""
    if joined_on is None:
        return None
    from app.domain.dates import add_years

    return add_years(joined_on, 1)
