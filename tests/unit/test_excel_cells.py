"""Cell values as staff type them: dates in every form, Excel's number mangling, labels and aliases."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain.enums import BackboneLevel, Gender, MemberCategory, MemberStatus
from app.domain.roster_headers import clean, find_header, match
from app.excel import cells


@pytest.mark.parametrize("value", [
    "2019-07-01", "2019/7/1", "2019.07.01", "2019年7月1日", "20190701", 20190701,
    dt.datetime(2019, 7, 1), dt.date(2019, 7, 1), 43647, 43647.0, "２０１９－０７－０１",
])
def test_every_way_staff_type_a_date(value: object) -> None:
    assert cells.date(value) == dt.date(2019, 7, 1)


def test_year_month_means_the_first_of_the_month() -> None:
    assert cells.date("2019.07") == dt.date(2019, 7, 1)
    assert cells.date(2019.07) == dt.date(2019, 7, 1)  # Excel turned the typed 2019.07 into a number
    assert cells.date(2019.12) == dt.date(2019, 12, 1)


def test_ambiguous_number_month_is_refused() -> None:
    with pytest.raises(ValueError, match="1月还是10月"):
        cells.date(2019.1)


@pytest.mark.parametrize("value", ["2019-13-01", "明年", 2019, 12.5, True])
def test_bad_dates_raise_chinese_reasons(value: object) -> None:
    with pytest.raises(ValueError) as info:
        cells.date(value)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(info.value))


def test_empty_date_is_none() -> None:
    assert cells.date(None) is None
    assert cells.date("  ") is None


@pytest.mark.parametrize("value", [520422197904240810, 5.2042219790424e17])
def test_id_number_stored_as_number_is_an_error(value: object) -> None:
    with pytest.raises(ValueError, match="存成了数字"):
        cells.id_number(value)


def test_id_number_text_passes() -> None:
    assert cells.id_number(" 52042219710105095X ") == "52042219710105095X"
    assert cells.id_number("'52042219710105095X") == "52042219710105095X"


def test_text_drops_float_zero() -> None:
    assert cells.text(13800138000.0) == "13800138000"
    assert cells.text(None) == ""


def test_labels_and_aliases() -> None:
    assert cells.gender("女") == Gender.FEMALE
    assert cells.gender("男性") == Gender.MALE
    assert cells.gender(None) is None
    with pytest.raises(ValueError, match="性别"):
        cells.gender("未知")
    assert cells.category("预备党员") == MemberCategory.PROBATIONARY
    assert cells.category("中共党员") == MemberCategory.FULL
    assert cells.category("积极分子") == MemberCategory.ACTIVIST
    assert cells.category("") == MemberCategory.FULL
    with pytest.raises(ValueError, match="人员类别"):
        cells.category("群众")
    assert cells.backbone_level("县级骨干") == BackboneLevel.COUNTY
    assert cells.backbone_level("无") == BackboneLevel.NONE
    assert cells.backbone_level("学科带头人") == BackboneLevel.SUBJECT_LEADER
    with pytest.raises(ValueError, match="骨干"):
        cells.backbone_level("特级")
    assert cells.status("") == MemberStatus.ACTIVE
    assert cells.status("转出") == MemberStatus.TRANSFERRED_OUT


@pytest.mark.parametrize(("heading", "field"), [
    ("身份证号", "id_number"), ("身份证号码", "id_number"), ("公民身份号码", "id_number"),
    ("人员类别", "category"), ("类别", "category"), ("所在党支部", "branch_name"), ("党支部", "branch_name"),
    ("支部", "branch_name"), ("入党日期", "joined_on"), ("入党时间", "joined_on"), ("转正日期", "full_on"),
    ("转正时间", "full_on"), ("手机号码", "phone"), ("手机", "phone"), ("联系电话", "phone"),
    (" 姓 名 ", "name"), ("*姓名", "name"), ("出生日期\n(yyyy-mm-dd)", "birth_date"), ("身份证号（必填）", "id_number"),
    ("党小组", "group_name"), ("任教学科", "subject"), ("骨干教师级别", "backbone_level"), ("党员示范岗", "model_post"),
    ("申请入党日期", "applied_on"), ("确定入党积极分子日期", "activist_on"), ("确定发展对象日期", "candidate_on"),
    ("从事专业技术职务", "professional_title"), ("籍贯", "native_place"), ("现居住地", "address"),
    ("党籍状态", "status"), ("学历", "education"), ("学位", "degree"), ("民族", "ethnicity"), ("工作岗位", "job"),
])
def test_heading_aliases(heading: str, field: str) -> None:
    assert match(heading) == field


def test_unknown_headings_do_not_match() -> None:
    assert match("党龄") is None
    assert match(None) is None
    assert clean("  入党\n日期 ") == "入党日期"


def test_two_row_header_under_merged_group_heading() -> None:
    rows = [["姓名", "身份证号", "所在党支部", "党内时间", None], [None, None, None, "入党日期", "转正日期"]]
    header = find_header(rows)
    assert header is not None
    assert header.rows_used == 2
    assert header.columns["joined_on"] == 3
    assert header.columns["full_on"] == 4


def test_no_header_among_rows() -> None:
    assert find_header([["一些文字"], [1, 2, 3]]) is None
