"""Builders for the messy roster spreadsheets the importer tests feed it (written with openpyxl)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from app.domain import idcard

HEADINGS = ["序号", "姓名", "性别", "公民身份号码", "出生日期", "人员类别", "所在党支部", "手机号码", "入党日期",
            "转正日期"]
BRANCH = "第一党支部"


def id_for(i: int, *, birth: dt.date = dt.date(1985, 3, 9), male: bool = True) -> str:
    """A valid, unique ID number: region 610330, the birth date, an odd sequence for men."""
    seq = (2 * i + (1 if male else 0)) % 1000
    return idcard.make_number("610330", birth, seq)


def person(i: int, **override: object) -> dict[str, object]:
    """A valid 正式党员 row keyed by heading."""
    values: dict[str, object] = {
        "序号": i, "姓名": f"测试{chr(0x4E00 + i)}", "性别": "男", "公民身份号码": id_for(i),
        "出生日期": "1985-03-09", "人员类别": "正式党员", "所在党支部": BRANCH, "手机号码": f"138{i:08d}",
        "入党日期": "2010-07-01", "转正日期": "2011-07-01",
    }
    values.update(override)
    return values


def write_sheet(path: Path, rows: Sequence[Sequence[object]], *, merges: Iterable[str] = (),
                text_columns: Iterable[int] = (), title: str = "Sheet1", extra_sheets: Sequence[str] = (),
                before: Sequence[str] = ()) -> Path:
    """Write `rows` from A1. `text_columns` (1-based) get the "@" format; `before` adds sheets in front."""
    wb = Workbook()
    first = wb.active
    for name in before:
        wb.create_sheet(name, 0).append([f"{name}：这里没有表格"])
    ws = first
    ws.title = title
    for row in rows:
        ws.append(list(row))
    text_columns = list(text_columns)
    for column in text_columns:
        for r in range(1, ws.max_row + 1):
            ws.cell(row=r, column=column).number_format = "@"
    for ref in merges:
        ws.merge_cells(ref)
    for name in extra_sheets:
        wb.create_sheet(name)
    wb.save(path)
    return path


_PLAIN_PARTS = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
    'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'spreadsheetml.worksheet+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
    'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
    '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="{title}" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
    'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.'
    'org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
}


def plain_sheet(path: Path, rows: Sequence[Sequence[str]], *, title: str = "Sheet1") -> Path:
    """Text cells in one sheet, written as the XML itself (with its dimension tag, as Excel and WPS write
    it): a 20,000-row file in a tenth of a second, where openpyxl takes over a second."""
    import zipfile
    from xml.sax.saxutils import escape

    width = max((len(r) for r in rows), default=1)
    def cell(r: int, c: int, value: str) -> str:
        return f'<c r="{get_column_letter(c)}{r}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'

    body = "".join(f'<row r="{r}">' + "".join(cell(r, c, v) for c, v in enumerate(row, start=1)) + "</row>"
                   for r, row in enumerate(rows, start=1))
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             f'spreadsheetml/2006/main"><dimension ref="A1:{get_column_letter(width)}{max(len(rows), 1)}"/>'
             f"<sheetData>{body}</sheetData></worksheet>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, xml in _PLAIN_PARTS.items():
            zf.writestr(name, xml.replace("{title}", escape(title, {'"': "&quot;"})))
        zf.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


def roster(path: Path, people: Sequence[dict[str, object]], *, headings: Sequence[str] = HEADINGS,
           title: str | None = "青山镇中心学校党员花名册", footer: str | None = None,
           rename: dict[str, str] | None = None) -> Path:
    """A roster with an optional merged title row and footer; `rename` swaps a heading for an alias."""
    rename = rename or {}
    rows: list[list[object]] = []
    merges = []
    if title is not None:
        rows.append([title])
        merges.append(f"A1:{chr(ord('A') + len(headings) - 1)}1")
    rows.append([rename.get(h, h) for h in headings])
    for p in people:
        rows.append([p.get(h) for h in headings])
    if footer:
        rows.append([footer])
    return write_sheet(path, rows, merges=merges)


def many_people(n: int, branches: int = 7) -> list[dict[str, object]]:
    """`n` valid, distinct people over several branches (birth dates vary so ID numbers stay unique)."""
    people = []
    for i in range(n):
        birth = dt.date(1960 + i // 500, 1 + (i // 50) % 12, 1 + i % 28)
        people.append(person(i, 姓名=f"张{chr(0x4E00 + i % 3000)}{i}", 公民身份号码=id_for(i % 500, birth=birth),
                             出生日期=None, 所在党支部=f"第{i % branches + 1}党支部"))
    return people
