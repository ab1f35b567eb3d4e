"""The reader on messy spreadsheets the tests generate: where the header is, aliases, merges, footers."""

from __future__ import annotations

import datetime as dt
import inspect
import random
from pathlib import Path

import pytest
from openpyxl import Workbook

from app.domain.enums import Gender, MemberCategory
from app.errors import ValidationError
from app.excel.roster_reader import read_roster
from tests.roster_files import BRANCH, HEADINGS, id_for, person, plain_sheet, roster, write_sheet

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "roster_sample.xlsx"  # a copy of the sample roster


def test_title_rows_and_merged_cells_above_header(tmp_path: Path) -> None:
    rows = [["中共青山镇中心学校党总支"], [None, None, "党员花名册"], ["填报单位：青山镇中心学校", None, None, None,
                                                          "填报日期：2024年3月"], [],
            HEADINGS, *[[person(i)[h] for h in HEADINGS] for i in range(1, 4)]]
    path = write_sheet(tmp_path / "r.xlsx", rows, merges=["A1:J1", "C2:H2", "A3:D3", "E3:J3"])
    sheet = read_roster(path)
    assert sheet.sheets[0].header_row == 5
    assert sheet.sheets[0].title == "中共青山镇中心学校党总支"
    assert [r.row_number for r in sheet.rows] == [6, 7, 8]
    assert all(not r.errors for r in sheet.rows)


def test_shuffled_columns_and_alias_headings(tmp_path: Path) -> None:
    headings = HEADINGS[:]
    random.Random(3).shuffle(headings)
    alias = {"公民身份号码": "身份证号码", "人员类别": "类别", "所在党支部": "支部", "入党日期": "入党时间",
             "转正日期": "转正时间", "手机号码": "联系电话"}
    path = roster(tmp_path / "r.xlsx", [person(1), person(2)], headings=headings, rename=alias)
    sheet = read_roster(path)
    first = sheet.rows[0].data
    assert first.name == person(1)["姓名"]
    assert first.id_number == id_for(1)
    assert first.branch_name == BRANCH
    assert first.joined_on == dt.date(2010, 7, 1)
    assert first.full_on == dt.date(2011, 7, 1)
    assert first.phone == "13800000001"
    assert first.category == MemberCategory.FULL
    assert sheet.sheets[0].columns["id_number"] == "身份证号码"


def test_blank_rows_pre_numbered_rows_and_footer(tmp_path: Path) -> None:
    rows = [HEADINGS, [person(1)[h] for h in HEADINGS], [], [None] * 10, [2], [person(3)[h] for h in HEADINGS],
            [], ["合计：2人"], ["制表人：王老师", None, None, "审核人：李书记"], [person(9)[h] for h in HEADINGS]]
    sheet = read_roster(write_sheet(tmp_path / "r.xlsx", rows))
    assert [r.row_number for r in sheet.rows] == [2, 6]


@pytest.mark.parametrize("footer", ["制表人：张老师", "填表说明：身份证号请填18位", "合  计", "注：本表一式两份"])
def test_each_footer_line_ends_the_table(tmp_path: Path, footer: str) -> None:
    sheet = read_roster(roster(tmp_path / "r.xlsx", [person(1), person(2)], footer=footer))
    assert len(sheet.rows) == 2
    assert all(not r.errors for r in sheet.rows)


def test_each_date_format_and_real_excel_dates(tmp_path: Path) -> None:
    forms: list[object] = ["2010-07-01", "2010/7/1", "2010.07.01", "2010年7月1日", "20100701",
                           dt.datetime(2010, 7, 1), dt.date(2010, 7, 1)]
    people = [person(i, 入党日期=f, 转正日期=None) for i, f in enumerate(forms, start=1)]
    people.append(person(20, 入党日期="2010.07", 转正日期=None))
    path = roster(tmp_path / "r.xlsx", people)
    sheet = read_roster(path)
    assert [r.data.joined_on for r in sheet.rows] == [dt.date(2010, 7, 1)] * len(people)
    assert all(not r.errors for r in sheet.rows)


def test_excel_serial_number_in_general_cell(tmp_path: Path) -> None:
    sheet = read_roster(roster(tmp_path / "r.xlsx", [person(1, 入党日期=40360)]))
    assert sheet.rows[0].data.joined_on == dt.date(2010, 7, 1)


def test_id_number_stored_as_number_is_reported(tmp_path: Path) -> None:
    number = int(id_for(1)[:15] + "000")
    sheet = read_roster(roster(tmp_path / "r.xlsx", [person(1, 公民身份号码=number), person(2)]))
    bad, good = sheet.rows
    assert bad.errors == ["身份证号被Excel存成了数字，后几位已丢失，请将该列设为文本格式后重新填写"]
    assert bad.cells["id_number"] == str(number)
    assert good.errors == []


def test_unreadable_cells_are_row_errors_not_exceptions(tmp_path: Path) -> None:
    sheet = read_roster(roster(tmp_path / "r.xlsx", [person(1, 入党日期="去年", 性别="?", 人员类别="群众")]))
    errors = sheet.rows[0].errors
    assert any(e.startswith("入党日期：") for e in errors)
    assert any("性别" in e for e in errors)
    assert any("人员类别" in e for e in errors)


def test_branch_merged_down_its_rows_reaches_every_row(tmp_path: Path) -> None:
    rows = [HEADINGS, *[[person(i)[h] for h in HEADINGS] for i in range(1, 5)]]
    for row in rows[2:]:
        row[6] = None  # only the first cell of the merged range holds the branch
    path = write_sheet(tmp_path / "r.xlsx", rows, merges=["G2:G5"])
    sheet = read_roster(path)
    assert [r.data.branch_name for r in sheet.rows] == [BRANCH] * 4


def test_repeated_header_and_example_row_are_skipped(tmp_path: Path) -> None:
    rows = [HEADINGS, ["示例", *[person(99)[h] for h in HEADINGS[1:]]], [person(1)[h] for h in HEADINGS], HEADINGS,
            [person(2)[h] for h in HEADINGS]]
    sheet = read_roster(write_sheet(tmp_path / "r.xlsx", rows))
    assert [r.row_number for r in sheet.rows] == [3, 5]


def test_roster_on_a_later_sheet(tmp_path: Path) -> None:
    rows = [HEADINGS, [person(1)[h] for h in HEADINGS]]
    sheet = read_roster(write_sheet(tmp_path / "r.xlsx", rows, title="花名册", before=["封面"]))
    assert sheet.sheets[0].sheet_name == "花名册"
    assert len(sheet.rows) == 1


def test_empty_sheet(tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    Workbook().save(path)
    with pytest.raises(ValidationError, match="没有任何内容"):
        read_roster(path)


def test_no_header_found(tmp_path: Path) -> None:
    rows = [["党员名单"], ["张三", "男", "2019-07-01"], ["李四", "女", "2018-01-01"]]
    with pytest.raises(ValidationError, match="没有找到表头"):
        read_roster(write_sheet(tmp_path / "r.xlsx", rows))


def test_header_too_far_down_is_not_found(tmp_path: Path) -> None:
    rows = [[f"说明{i}"] for i in range(25)] + [HEADINGS, [person(1)[h] for h in HEADINGS]]
    with pytest.raises(ValidationError, match="前20行"):
        read_roster(write_sheet(tmp_path / "r.xlsx", rows))


def test_missing_required_column_is_named(tmp_path: Path) -> None:
    headings = [h for h in HEADINGS if h != "公民身份号码"]
    with pytest.raises(ValidationError, match="缺少“公民身份号码”列"):
        read_roster(roster(tmp_path / "r.xlsx", [person(1)], headings=headings))


def test_row_limit(tmp_path: Path) -> None:
    path = roster(tmp_path / "r.xlsx", [person(i) for i in range(1, 8)])
    with pytest.raises(ValidationError, match="超过5行"):
        read_roster(path, max_rows=5)
    assert len(read_roster(path, max_rows=7).rows) == 7


def test_default_row_limit_and_its_message_on_a_large_file(tmp_path: Path) -> None:
    """The default limit is 20,000 rows; a file over a limit is refused with the limit written as a
    Chinese reader expects it (2,000). A 20,001-row file would take 3 s of reading to say the same."""
    assert inspect.signature(read_roster).parameters["max_rows"].default == 20_000
    rows = [["姓名", "身份证号", "党支部"], *([f"人{i}", "1", "x"] for i in range(2_001))]
    path = plain_sheet(tmp_path / "large.xlsx", rows, title="花名册")
    with pytest.raises(ValidationError, match="超过2,000行"):
        read_roster(path, max_rows=2_000)


def test_a_sheet_without_a_dimension_tag_is_parsed_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """openpyxl's write-only files (and this program's own export) carry no <dimension> tag; openpyxl's
    read-only loader would parse such a sheet to its end to size it, before the rows are read."""
    from openpyxl.worksheet import _reader

    path = tmp_path / "r.xlsx"
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("花名册")
    ws.append(HEADINGS)
    ws.append([person(1)[h] for h in HEADINGS])
    wb.save(path)
    sized: list[int] = []
    real = _reader.WorkSheetParser.parse_dimensions
    monkeypatch.setattr(_reader.WorkSheetParser, "parse_dimensions", lambda self: sized.append(1) or real(self))
    assert len(read_roster(path).rows) == 1
    assert sized == []
    from openpyxl import load_workbook

    load_workbook(path, read_only=True).close()  # openpyxl itself, outside the reader, still sizes
    assert sized == [1]


def test_gender_and_birth_date_may_be_left_empty(tmp_path: Path) -> None:
    sheet = read_roster(roster(tmp_path / "r.xlsx", [person(1, 性别=None, 出生日期=None)]))
    assert sheet.rows[0].data.gender is None
    assert sheet.rows[0].data.birth_date is None


def test_formula_without_cached_value_reads_empty(tmp_path: Path) -> None:
    sheet = read_roster(roster(tmp_path / "r.xlsx", [person(1, 手机号码="=A1&B1")]))
    assert sheet.rows[0].data.phone == ""


def test_shared_sample_reads_cleanly() -> None:
    sheet = read_roster(SAMPLE)
    assert len(sheet.rows) == 24
    assert all(not r.errors for r in sheet.rows)
    assert sheet.rows[0].data.gender == Gender.MALE


def test_footer_in_the_name_column(tmp_path: Path) -> None:
    rows = [HEADINGS, [person(1)[h] for h in HEADINGS], [2, "制表人：王老师"], [person(3)[h] for h in HEADINGS]]
    sheet = read_roster(write_sheet(tmp_path / "r.xlsx", rows))
    assert [r.row_number for r in sheet.rows] == [2]


def test_second_alias_of_a_field_is_listed_as_not_imported(tmp_path: Path) -> None:
    headings = [*HEADINGS, "联系电话", "党龄", "家庭成员"]
    sheet = read_roster(roster(tmp_path / "r.xlsx", [person(1, 联系电话="13900000000")], headings=headings))
    assert sheet.rows[0].data.phone == "13800000001"
    assert sheet.sheets[0].ignored == ["联系电话", "家庭成员"]


def test_progress_is_reported_and_may_cancel(tmp_path: Path) -> None:
    path = roster(tmp_path / "r.xlsx", [person(i) for i in range(1, 1200)])
    seen: list[int] = []
    read_roster(path, progress=seen.append)
    assert seen == [500, 1000]

    class Stop(ValidationError):
        pass

    def stop(_rows: int) -> None:
        raise Stop("已取消")

    with pytest.raises(Stop):
        read_roster(path, progress=stop)


def test_two_row_header_without_merges(tmp_path: Path) -> None:
    rows = [["姓名", "身份证号", "支部", "党内时间"], [None, None, None, "入党日期", "转正日期"],
            [person(1)["姓名"], id_for(1), BRANCH, "2010-07-01", "2011-07-01"]]
    sheet = read_roster(write_sheet(tmp_path / "r.xlsx", rows))
    assert sheet.sheets[0].columns["full_on"] == "转正日期"
    assert sheet.rows[0].row_number == 3
    assert sheet.rows[0].data.full_on == dt.date(2011, 7, 1)


def test_two_row_header_with_merged_cells(tmp_path: Path) -> None:
    rows = [["序号", "姓名", "身份证号", "支部", "党内时间", None], [None, None, None, None, "入党日期", "转正日期"],
            [1, person(1)["姓名"], id_for(1), BRANCH, "2010-07-01", "2011-07-01"]]
    path = write_sheet(tmp_path / "r.xlsx", rows, merges=["A1:A2", "B1:B2", "C1:C2", "D1:D2", "E1:F1"])
    sheet = read_roster(path)
    assert sheet.sheets[0].columns["joined_on"] == "入党日期"
    assert sheet.sheets[0].columns["name"] == "姓名"
    assert sheet.rows[0].data.joined_on == dt.date(2010, 7, 1)
    assert sheet.rows[0].data.full_on == dt.date(2011, 7, 1)
