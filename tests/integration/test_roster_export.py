"""Export and template: text ID cells, frozen header, A4 landscape, and a faithful round trip."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from app.context import open_context
from app.documents.roster_files import export_roster, export_template, import_roster, preview_import
from app.errors import ValidationError
from app.services import members
from app.store.models import AuditLog, Member, Organization


def _all_data(ctx) -> dict[str, object]:
    with ctx.uow() as uow:
        ids = list(uow.session.scalars(select(Member.id)))
        return {d.id_number: d for d in (members.get_member_data(uow, i) for i in ids)}


def test_export_then_import_into_a_fresh_store_gives_the_same_members(demo_ctx, tmp_path: Path) -> None:
    with demo_ctx.uow() as uow:
        path, counts = export_roster(uow, tmp_path / "花名册.xlsx")
        uow.commit()
    assert (counts.party, counts.developing) == (39, 6)
    fresh = open_context(tmp_path / "fresh.sqlite")
    try:
        with fresh.uow() as uow:
            result = import_roster(uow, path)
            uow.commit()
        assert result.imported == 45
        assert result.school_created == "青山镇中心学校"
        before, after = _all_data(demo_ctx), _all_data(fresh)
    finally:
        fresh.close()
    assert after.keys() == before.keys()
    for number, data in before.items():
        assert after[number] == data, number


def test_export_sheet_layout(demo_ctx, tmp_path: Path) -> None:
    with demo_ctx.uow() as uow:
        path, _count = export_roster(uow, tmp_path / "out")
        uow.commit()
        audited = uow.session.scalar(select(AuditLog.summary).where(AuditLog.action == "export"))
    assert path.suffix == ".xlsx"
    assert "含完整身份证号" in audited
    wb = openpyxl.load_workbook(path)
    ws = wb["党员花名册"]
    assert ws["A1"].value == "青山镇中心学校党员花名册"
    headings = [c.value for c in ws[2]]
    assert headings[:6] == ["序号", "姓名", "性别", "民族", "出生日期", "公民身份号码"]
    id_col = headings.index("公民身份号码") + 1
    for row in range(3, 42):  # the 39 party members (people in development are on the next sheet)
        cell = ws.cell(row=row, column=id_col)
        assert cell.data_type == "s"
        assert cell.number_format == "@"
        assert len(cell.value) == 18
    assert ws.freeze_panes == "C3"
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.print_title_rows == "$1:$2"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.column_dimensions["F"].width >= 20
    assert ws.cell(row=42, column=1).value.startswith("合计：39人")


def test_template_opens_and_imports_zero_rows(ctx, tmp_path: Path) -> None:
    with ctx.uow() as uow:
        path = export_template(uow, tmp_path / "模板.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["党员花名册", "填表说明"]
    ws = wb["党员花名册"]
    headings = [c.value for c in ws[2]]
    id_col = headings.index("公民身份号码") + 1
    assert ws.cell(row=3, column=1).value == "示例"
    assert ws.cell(row=10, column=id_col).number_format == "@"
    assert "填表说明" in wb["填表说明"]["A1"].value
    with ctx.uow() as uow:
        result = import_roster(uow, path)
        uow.commit()
    assert result.imported == 0
    assert result.skipped == []
    with ctx.uow() as uow:
        assert members.count_members(uow) == 0


def test_filled_template_imports(ctx, tmp_path: Path) -> None:
    from tests.roster_files import id_for

    with ctx.uow() as uow:
        path = export_template(uow, tmp_path / "模板.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["党员花名册"]
    ws["A1"] = "城关第一小学党员花名册"
    col = {c.value: c.column for c in ws[2]}
    ws.cell(row=4, column=1, value=1)
    for heading, value in {"姓名": "李四", "公民身份号码": id_for(7), "所在党支部": "城关第一小学党支部",
                           "入党日期": "2012.07", "人员类别": "预备党员"}.items():
        ws.cell(row=4, column=col[heading], value=value)
    wb.save(path)
    with ctx.uow() as uow:
        result = import_roster(uow, path, today=None)
        uow.commit()
    assert result.imported == 1
    assert result.school_created == "城关第一小学"


def test_template_into_an_empty_store_creates_no_school(ctx, tmp_path: Path) -> None:
    from app.documents.roster_files import export_template
    from app.services import organizations

    with ctx.uow() as uow:
        path = export_template(uow, tmp_path / "模板.xlsx")
    with ctx.uow() as uow:
        result = import_roster(uow, path)
        uow.commit()
    assert result.school_created is None
    with ctx.uow() as uow:
        assert organizations.get_school(uow) is None


# --- the ledgers apart (issue 16): 党员花名册 and 入党申请人等 on their own sheets, both read back -------------

PARTY = {"正式党员", "预备党员"}
DEVELOPING = {"入党申请人", "入党积极分子", "发展对象"}


def _sheet_people(ws) -> list[dict[str, object]]:
    """Data rows of an exported sheet (below the heading row, above the 合计 line), keyed by heading."""
    headings = [c.value for c in ws[2]]
    rows = []
    for values in ws.iter_rows(min_row=3, values_only=True):
        if isinstance(values[0], str) and values[0].startswith("合计"):
            break
        rows.append(dict(zip(headings, values, strict=False)))
    return rows


def test_export_puts_party_members_and_people_in_development_on_two_sheets(demo_ctx, tmp_path: Path) -> None:
    with demo_ctx.uow() as uow:
        path, counts = export_roster(uow, tmp_path / "花名册.xlsx")
        uow.commit()
        summary, new_values = uow.session.execute(
            select(AuditLog.summary, AuditLog.new_values).where(AuditLog.action == "export")).one()
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["党员花名册", "入党申请人等"]
    party, developing = wb["党员花名册"], wb["入党申请人等"]
    assert developing["A1"].value == "青山镇中心学校入党申请人、入党积极分子、发展对象名册"
    assert [c.value for c in developing[2]] == [c.value for c in party[2]]  # the same columns
    on_roster = _sheet_people(party)
    in_development = _sheet_people(developing)
    assert {p["人员类别"] for p in on_roster} == PARTY and len(on_roster) == 39
    assert {p["人员类别"] for p in in_development} == DEVELOPING and len(in_development) == 6
    assert all(p["申请入党日期"] for p in in_development)  # the development dates travel with them
    assert developing.cell(row=9, column=1).value.startswith("合计：6人")
    with demo_ctx.uow() as uow:
        expected = {r.id_number for r in members.search_members(uow) if not r.category.is_party_member}
    assert {p["公民身份号码"] for p in in_development} == expected
    assert (counts.party, counts.developing) == (39, 6)
    assert "党员 39 人，入党申请人等 6 人" in summary
    assert (json.loads(new_values)["party"], json.loads(new_values)["developing"]) == (39, 6)


def test_a_round_trip_keeps_every_category_and_development_date(demo_ctx, tmp_path: Path) -> None:
    with demo_ctx.uow() as uow:
        path, _counts = export_roster(uow, tmp_path / "花名册.xlsx")
        uow.commit()
    fresh = open_context(tmp_path / "fresh.sqlite")
    try:
        with fresh.uow() as uow:
            report = preview_import(uow, path)
        assert [(s.name, s.rows) for s in report.sheets] == [("党员花名册", 39), ("入党申请人等", 6)]
        with fresh.uow() as uow:
            result = import_roster(uow, path)
            uow.commit()
        assert (result.imported, result.counts.party, result.counts.developing) == (45, 39, 6)
        after = _all_data(fresh)
    finally:
        fresh.close()
    before = _all_data(demo_ctx)
    fields = ("category", "applied_on", "activist_on", "candidate_on", "joined_on", "full_on")
    assert {n: [getattr(d, f) for f in fields] for n, d in after.items()} == \
        {n: [getattr(d, f) for f in fields] for n, d in before.items()}


def _id_column(ws) -> int:
    return [c.value for c in ws[2]].index("公民身份号码") + 1


def test_an_error_on_the_second_sheet_names_that_sheet_and_writes_nothing(demo_ctx, tmp_path: Path) -> None:
    with demo_ctx.uow() as uow:
        path, _counts = export_roster(uow, tmp_path / "花名册.xlsx")
        uow.commit()
    wb = openpyxl.load_workbook(path)
    ws = wb["入党申请人等"]
    cell = ws.cell(row=5, column=_id_column(ws))
    cell.value = cell.value[:17] + ("0" if cell.value[17] != "0" else "1")  # a wrong check digit
    name = ws.cell(row=5, column=2).value
    wb.save(path)
    fresh = open_context(tmp_path / "fresh.sqlite")
    try:
        with fresh.uow() as uow, pytest.raises(ValidationError) as info:
            import_roster(uow, path)
        with fresh.uow() as uow:
            assert members.count_members(uow) == 0
            assert uow.session.scalar(select(func.count()).select_from(Organization)) == 0
    finally:
        fresh.close()
    assert len(info.value.details) == 1
    assert info.value.details[0].startswith(f"工作表“入党申请人等”第5行：{name}，")
    assert "校验位" in info.value.details[0]


def test_an_id_number_on_both_sheets_is_a_duplicate(demo_ctx, tmp_path: Path) -> None:
    with demo_ctx.uow() as uow:
        path, _counts = export_roster(uow, tmp_path / "花名册.xlsx")
        uow.commit()
    wb = openpyxl.load_workbook(path)
    party, developing = wb["党员花名册"], wb["入党申请人等"]
    developing.cell(row=4, column=_id_column(developing)).value = party.cell(row=3, column=_id_column(party)).value
    wb.save(path)
    fresh = open_context(tmp_path / "fresh.sqlite")
    try:
        with fresh.uow() as uow:
            errors = preview_import(uow, path).error_lines()
    finally:
        fresh.close()
    assert len(errors) == 1
    assert errors[0].startswith("工作表“入党申请人等”第4行：") and "身份证号与工作表“党员花名册”第3行重复" in errors[0]
