"""app.domain.member_rules: the checks every member passes (the form, the roster import), at their edges.

Written for the survivors of the mutation run (docs/mutation-testing.md): each boundary below was unpinned.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from app.domain import idcard
from app.domain.enums import Gender, MemberCategory, MemberStatus
from app.domain.member_rules import MemberData, is_adult_on, normalize, validate

TODAY = dt.date(2026, 6, 1)
BIRTH = dt.date(1990, 12, 31)


def member(**override: object) -> MemberData:
    """A valid 正式党员 born BIRTH, with an ID number that agrees."""
    values: dict[str, object] = {
        "name": "张三", "gender": Gender.MALE, "birth_date": BIRTH,
        "id_number": idcard.make_number("610330", BIRTH, 123), "category": MemberCategory.FULL,
        "branch_name": "第一党支部", "applied_on": dt.date(2012, 3, 1), "joined_on": dt.date(2013, 7, 1),
        "full_on": dt.date(2014, 7, 1)}
    values.update(override)
    return MemberData(**values)  # type: ignore[arg-type]


def errors(data: MemberData) -> list[str]:
    return validate(data, today=TODAY).errors


def test_the_valid_member_has_no_errors_and_no_warnings() -> None:
    result = validate(member(), today=TODAY)
    assert result.errors == [] and result.warnings == []


def test_eighteen_by_the_birthday_not_by_the_year() -> None:
    """docs/domain.md: an application needs age 18 or over. Born 2000-12-31, one is 17 all through 2018
    until the 31st of December: the old rule (the difference of the years) let them join in January."""
    born = dt.date(2000, 12, 31)
    young = {"birth_date": born, "id_number": idcard.make_number("610330", born, 123), "category":
             MemberCategory.PROBATIONARY, "full_on": None}
    assert errors(member(**young, applied_on=None, joined_on=dt.date(2018, 12, 30))) == ["入党时未满18周岁"]
    assert errors(member(**young, applied_on=None, joined_on=dt.date(2018, 12, 31))) == []
    assert errors(member(**young, applied_on=dt.date(2018, 1, 2), joined_on=dt.date(2019, 6, 1))) \
        == ["申请入党时未满18周岁"]
    assert errors(member(**young, applied_on=dt.date(2018, 12, 31), joined_on=dt.date(2019, 12, 31))) == []
    assert is_adult_on(dt.date(2000, 2, 29), dt.date(2018, 2, 28))  # a 29 February birthday: the 28th
    assert not is_adult_on(dt.date(2000, 2, 29), dt.date(2018, 2, 27))


def test_a_name_of_fifty_characters_is_accepted_and_fifty_one_refused() -> None:
    assert errors(member(name="张" * 50)) == []
    assert errors(member(name="张" * 51)) == ["姓名过长（最多50个字）"]
    assert errors(member(name="")) == ["姓名不能为空"]


def test_a_member_on_the_roster_needs_a_branch_one_who_left_does_not() -> None:
    assert errors(member(branch_name="")) == ["所在党支部不能为空"]
    assert errors(member(branch_name="", status=MemberStatus.TRANSFERRED_OUT)) == []


def test_a_date_of_today_is_accepted_and_tomorrow_refused() -> None:
    assert errors(member(full_on=TODAY)) == []
    assert errors(member(full_on=TODAY + dt.timedelta(days=1))) == ["转正日期2026-06-02晚于今天"]
    assert errors(member(applied_on=BIRTH - dt.timedelta(days=1), joined_on=None, full_on=None,
                         category=MemberCategory.APPLICANT)) == ["申请入党日期1990-12-30早于出生日期",
                                                                 "申请入党时未满18周岁"]


def test_the_steps_may_fall_on_one_day_but_never_go_backwards() -> None:
    same_day = member(applied_on=dt.date(2012, 3, 1), activist_on=dt.date(2012, 3, 1))
    assert errors(same_day) == []
    backwards = member(activist_on=dt.date(2012, 2, 1))
    assert errors(backwards) == ["确定入党积极分子日期2012-02-01早于申请入党日期2012-03-01"]
    assert errors(member(full_on=dt.date(2013, 6, 30))) == ["转正日期2013-06-30早于入党日期2013-07-01"]


def test_the_categories_and_their_dates() -> None:
    result = validate(member(full_on=None), today=TODAY)
    assert result.errors == [] and result.warnings == ["正式党员未填写转正日期"]
    assert validate(member(category=MemberCategory.PROBATIONARY, full_on=None), today=TODAY).warnings == []
    assert errors(member(category=MemberCategory.PROBATIONARY)) == [
        "预备党员不应有转正日期（已转正请将人员类别改为正式党员）"]
    assert errors(member(joined_on=None, full_on=None)) == ["正式党员必须填写入党日期"]


@pytest.mark.parametrize(("typed", "kept"), [("张 三", "张三"), ("\u200b张三\u3000", "张三")])
def test_normalize_takes_the_spaces_out_of_names_and_phones(typed: str, kept: str) -> None:
    data = normalize(replace(member(), name=typed, phone="138 1234\u30005678", gender=None))
    assert data.name == kept and data.phone == "13812345678"
    assert data.gender == Gender.MALE  # taken from the ID number when the row left it empty
