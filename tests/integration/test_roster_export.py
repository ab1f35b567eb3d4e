"""Export and template: text ID cells, frozen header, A4 landscape, and a faithful round trip."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from sqlalchemy import select

from app.context import open_context
from app.documents.roster_files import export_roster, export_template, import_roster
from app.services import members
from app.store.models import AuditLog, Member


def _all_data(ctx) -> dict[str, object]:
    with ctx.uow() as uow:
        ids = list(uow.session.scalars(select(Member.id)))
        return {d.id_number: d for d in (members.get_member_data(uow, i) for i in ids)}


def test_export_then_import_into_a_fresh_store_gives_the_same_members(demo_ctx, tmp_path: Path) -> None:
    with demo_ctx.uow() as uow:
        path, count = export_roster(uow, tmp_path / "花名册.xlsx")
        uow.commit()
    assert count == 45
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
    for row in range(3, 48):
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
    assert ws.cell(row=48, column=1).value.startswith("合计：45人")


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
