"""Writes the roster (and the blank import template) as .xlsx the way a school office expects it.

ID numbers and phones are text cells ("@"): Excel would otherwise round an 18-digit ID to 15 digits.
The header is frozen, the page is A4 landscape with the title and header rows repeated on every page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from app.domain import idcard
from app.domain.docs.roster_export import RosterExport
from app.domain.enums import BackboneLevel, Gender, MemberCategory, MemberStatus
from app.domain.member_rules import MemberData
from app.domain.roster_headers import REQUIRED, label
from app.errors import ValidationError, os_error_text
from app.excel.fast_cells import RowStyles, fast_cells
from app.excel.write_only import write_only_workbook
from app.files import write_atomically

# (field, default column width in characters). The order of the export and of the template: the columns
# a printed 花名册 carries first (they are the print area), then the file-only ones (development dates,
# degree, title, address…), so the page stays legible and a re-import still gets every field.
COLUMNS: list[tuple[str, float]] = [
    ("name", 10), ("gender", 6), ("ethnicity", 8), ("birth_date", 12), ("id_number", 21), ("education", 11),
    ("category", 13), ("branch_name", 22), ("group_name", 12), ("phone", 14), ("joined_on", 12), ("full_on", 12),
    ("job", 12), ("subject", 10), ("backbone_level", 13), ("model_post", 14),
    ("status", 9), ("degree", 8), ("applied_on", 13), ("activist_on", 13), ("candidate_on", 13),
    ("professional_title", 14), ("native_place", 12), ("address", 20), ("note", 16),
]
PRINTED = 16  # 序号 + the first 16 fields fit an A4 landscape page at a readable size
TEXT_FIELDS = ("id_number", "phone")
DATE_FIELDS = ("birth_date", "applied_on", "activist_on", "candidate_on", "joined_on", "full_on")
TEMPLATE_TEXT_ROWS = 500

_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="F2DCDB")
_HEAD_FONT = Font(name="宋体", bold=True, size=10)
_BODY_FONT = Font(name="宋体", size=10)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_TITLE_FONT = Font(name="黑体", bold=True, size=16)
_FOOT_FONT = Font(name="宋体", size=10, color="555555")


def _cell_value(data: MemberData, name: str) -> object:
    return _shown(name, getattr(data, name))


def _shown(name: str, value: object) -> object:
    """What a cell shows for a field's value (an enum's label, "" for nothing)."""
    if name == "backbone_level" and value == BackboneLevel.NONE:
        return ""
    if hasattr(value, "label"):
        return value.label
    return value if value is not None else ""


def _page_setup(ws, title_range: str) -> None:
    """Everything but the cells; works on ordinary and write-only sheets alike."""
    ws.row_dimensions[1].height = 30
    ws.row_dimensions[2].height = 30
    ws.column_dimensions["A"].width = 6
    for index, (_name, width) in enumerate(COLUMNS, start=2):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "C3"  # header rows and 序号/姓名 stay in view
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:2"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"
    if isinstance(ws, Worksheet):
        ws.merge_cells(title_range)
    else:  # a write-only sheet keeps the range and writes it with the sheet
        ws.merged_cells.add(title_range)


def _title_range(n_columns: int) -> str:
    return f"A1:{get_column_letter(min(n_columns, PRINTED) + 1)}1"


def _sheet_setup(ws: Worksheet, title: str, n_columns: int) -> None:
    ws["A1"] = title
    ws["A1"].font = _TITLE_FONT
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    _page_setup(ws, _title_range(n_columns))


def _header(ws: Worksheet, *, mark_required: bool = False) -> None:
    ws.cell(row=2, column=1, value="序号")
    for index, (name, _width) in enumerate(COLUMNS, start=2):
        ws.cell(row=2, column=index, value=label(name))
    for cell in ws[2]:
        cell.font = _HEAD_FONT
        cell.fill = _HEAD_FILL
        cell.alignment = _CENTER
        cell.border = _BORDER
    if mark_required:
        for index, (name, _width) in enumerate(COLUMNS, start=2):
            if name in REQUIRED:
                ws.cell(row=2, column=index).font = Font(name="宋体", bold=True, size=10, color="C00000")


def _write_row(ws: Worksheet, row: int, serial: object, data: MemberData, font: Font = _BODY_FONT) -> None:
    ws.cell(row=row, column=1, value=serial).alignment = _CENTER
    for index, (name, _width) in enumerate(COLUMNS, start=2):
        cell = ws.cell(row=row, column=index, value=_cell_value(data, name))
        if name in TEXT_FIELDS:
            cell.number_format = "@"
            cell.value = str(cell.value or "") or None
        elif name in DATE_FIELDS:
            cell.number_format = "yyyy-mm-dd"
            cell.alignment = Alignment(horizontal="center")
        cell.border = _BORDER
        cell.font = font
    first = ws.cell(row=row, column=1)
    first.border = _BORDER
    first.font = font


def _display_width(text: str) -> int:
    """Excel width units: a Chinese character takes about two."""
    if text.isascii():
        return len(text)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _fit_widths(ws, people: Sequence[MemberData]) -> None:
    """Each column as wide as its longest value (headings wrap onto two lines), within sensible bounds."""
    for index, (name, _width) in enumerate(COLUMNS, start=2):
        if name in DATE_FIELDS:
            longest = len("2000-01-01") if people else 0
        else:  # each distinct value measured once: branches, categories and levels repeat
            distinct = {getattr(p, name) for p in people}
            longest = max(map(_display_width, {str(_shown(name, v)) for v in distinct}), default=0)
        heading = (_display_width(label(name)) + 1) // 2 + 1
        ws.column_dimensions[get_column_letter(index)].width = max(5, min(36, max(longest + 2, heading)))


def save_atomically(workbook: Workbook, path: Path) -> Path:
    """Write beside the target and rename: a half-written file never carries the final name."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        path = path.with_name(path.name + ".xlsx")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ValidationError(f"文件夹不存在：{folder}")
    try:
        return write_atomically(path, workbook.save)
    except PermissionError:
        raise ValidationError(f"无法写入“{path}”：文件可能正在 Excel 或 WPS 中打开，请关闭后重试。") from None
    except OSError as exc:
        raise ValidationError(f"无法写入“{path}”：{os_error_text(exc)}") from None


def _template(ws, *, font: Font = _BODY_FONT, border: Border | None = _BORDER, fill: PatternFill | None = None,
              alignment: Alignment | None = None, number_format: str | None = None) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws)
    cell.font = font
    if border is not None:
        cell.border = border
    if fill is not None:
        cell.fill = fill
    if alignment is not None:
        cell.alignment = alignment
    if number_format is not None:
        cell.number_format = number_format
    return cell


def _body_templates(ws) -> list[WriteOnlyCell]:
    """One style per column, copied by every row (issue 15: the export must stay linear in the rows)."""
    plain = _template(ws)
    text = _template(ws, number_format="@")
    date = _template(ws, number_format="yyyy-mm-dd", alignment=Alignment(horizontal="center"))
    by_field = {**{n: text for n in TEXT_FIELDS}, **{n: date for n in DATE_FIELDS}}
    return [_template(ws, alignment=_CENTER)] + [by_field.get(name, plain) for name, _width in COLUMNS]


_FIELDS = [(name, name in TEXT_FIELDS) for name, _width in COLUMNS]


def _row_values(serial: int, data: MemberData) -> list[object]:
    """_cell_value for every column, inlined: this runs once per cell of the export."""
    values: list[object] = [serial]
    append = values.append
    for name, as_text in _FIELDS:
        value = getattr(data, name)
        if as_text:
            append(str(value) if value else None)
        elif value is None or (name == "backbone_level" and value == BackboneLevel.NONE):
            append("")
        else:
            append(getattr(value, "label", value))
    return values


ROSTER_SHEET = "党员花名册"
CANDIDATES_SHEET = "入党申请人等"
CANDIDATES_TITLE = "入党申请人、入党积极分子、发展对象名册"


def write_roster(path: Path | str, export: RosterExport) -> Path:
    """The roster as an .xlsx a school can print and re-import: a 党员花名册 sheet (正式党员, 预备党员) and an
    入党申请人等 sheet (入党申请人、入党积极分子、发展对象, with their development dates) with the same
    columns, so the importer reads both back (docs/domain.md: the ledgers are kept apart).

    Write-only sheets, every row formatted straight to XML (app.excel.fast_cells): time grows with the
    number of people only (40,000 people in a few seconds), where cell-by-cell styling was quadratic.
    """
    with fast_cells(), write_only_workbook() as wb:
        _write_people(wb, ROSTER_SHEET, f"{export.school_name}党员花名册", export.members, export.exported_on)
        _write_people(wb, CANDIDATES_SHEET, f"{export.school_name}{CANDIDATES_TITLE}", export.candidates,
                      export.exported_on)
        return save_atomically(wb, Path(path))


def _write_people(wb: Workbook, sheet_name: str, title: str, people: Sequence[MemberData],
                  exported_on: dt.date) -> None:
    ws = wb.create_sheet(sheet_name)
    n = len(people)
    foot = n + 3
    _page_setup(ws, _title_range(len(COLUMNS)))
    _fit_widths(ws, people)
    ws.print_area = f"A1:{get_column_letter(PRINTED + 1)}{foot}"
    styles = RowStyles(ws)
    title_cell = _template(ws, font=_TITLE_FONT, border=None,
                           alignment=Alignment(horizontal="center", vertical="center"))
    head = _template(ws, font=_HEAD_FONT, fill=_HEAD_FILL, alignment=_CENTER)
    body = _body_templates(ws)
    ws.append(styles.row([title], [title_cell]))
    headings = ["序号", *(label(name) for name, _width in COLUMNS)]
    ws.append(styles.row(headings, [head] * len(headings)))
    for i, data in enumerate(people, start=1):
        ws.append(styles.row(_row_values(i, data), body))
    summary = f"合计：{n}人    导出日期：{exported_on:%Y-%m-%d}"
    ws.append(styles.row([summary], [_template(ws, font=_FOOT_FONT, border=None)]))


def example_member() -> MemberData:
    birth = dt.date(1985, 6, 12)
    return MemberData(
        name="张三", gender=Gender.MALE, ethnicity="汉族", birth_date=birth,
        id_number=idcard.make_number("610330", birth, 123), education="大学本科", degree="学士",
        category=MemberCategory.FULL, branch_name="第一党支部", group_name="第一党小组", phone="13800138000",
        joined_on=dt.date(2010, 7, 1), full_on=dt.date(2011, 7, 1), job="教师", professional_title="一级教师",
        subject="语文", backbone_level=BackboneLevel.COUNTY, model_post="党员示范岗", native_place="陕西宝鸡",
        address="", status=MemberStatus.ACTIVE, note="本行为示例，导入时自动跳过，可删除")


INSTRUCTIONS = [
    "填表说明",
    "1. 第1行标题请改为“本校名称＋党员花名册”，例如“青山镇中心学校党员花名册”；导入到新数据库时，用它作为学校名称。",
    "2. 第2行是表头，请勿修改列名；列的先后顺序可以调整，不需要的列可以删除。"
    "红色列名为必填项：姓名、公民身份号码、所在党支部。",
    "3. 序号为“示例”的一行是填写示例，导入时自动跳过，可以直接删除。",
    "4. 公民身份号码一列已设为“文本”格式，请直接输入18位号码。若从其他表格粘贴，请先把该列设为文本格式："
    "被 Excel 存成数字的身份证号后几位已经丢失，导入时会报错。",
    "5. 日期可写成 2019-07-01、2019/7/1、2019.07.01、2019年7月1日，只知道年月时可写 2019.07（按当月1日记）。",
    "6. 人员类别填写：" + "、".join(c.label for c in MemberCategory) + "；不填按正式党员处理。",
    "7. 性别、出生日期可不填，程序根据身份证号自动填写；填写了则必须与身份证号一致。",
    "8. 所在党支部、党小组填写全称；系统中还没有的党支部、党小组会在导入时自动新建。",
    "9. 骨干教师级别填写：" + "、".join(b.label for b in BackboneLevel) + "。",
    "10. 党籍状态不填即为“在册”。",
    "11. 同一身份证号只能出现一次；已在系统中的人员不会重复导入（会报告为重复）。",
    "12. 任何一行有错误时，程序会列出所有错误（如“工作表“党员花名册”第12行：…”）且不导入任何数据；"
    "也可以选择跳过错误行，只导入正确的行。",
    "13. 入党申请人、入党积极分子、发展对象可以填在本表，也可以另建一张表头相同的工作表（导出的花名册即把他们"
    "放在“入党申请人等”工作表中）；导入时读取每一张有表头的工作表，同一身份证号在各表中只能出现一次。",
]


def write_template(path: Path | str, school_name: str = "") -> Path:
    """The blank import template: the same headings, one example row, a 填表说明 sheet."""
    wb = Workbook()
    ws = wb.active
    ws.title = "党员花名册"
    _sheet_setup(ws, f"{school_name or '学校名称'}党员花名册", len(COLUMNS))
    _header(ws, mark_required=True)
    _write_row(ws, 3, "示例", example_member(), font=Font(name="宋体", size=11, italic=True, color="808080"))
    for index, (name, _width) in enumerate(COLUMNS, start=2):
        if name in TEXT_FIELDS:
            for row in range(4, TEMPLATE_TEXT_ROWS + 4):
                ws.cell(row=row, column=index).number_format = "@"
    choices = {"gender": [g.label for g in Gender], "category": [c.label for c in MemberCategory],
               "backbone_level": [b.label for b in BackboneLevel], "status": [s.label for s in MemberStatus]}
    for index, (name, _width) in enumerate(COLUMNS, start=2):
        if name in choices:
            letter = get_column_letter(index)
            dv = DataValidation(type="list", formula1='"' + ",".join(choices[name]) + '"', allow_blank=True,
                                showErrorMessage=False)
            dv.add(f"{letter}4:{letter}{TEMPLATE_TEXT_ROWS + 3}")
            ws.add_data_validation(dv)
    notes = wb.create_sheet("填表说明")
    width = 76
    notes.column_dimensions["A"].width = width
    notes.page_setup.paperSize = notes.PAPERSIZE_A4
    notes.sheet_properties.pageSetUpPr.fitToPage = True
    notes.page_setup.fitToWidth = 1
    notes.page_setup.fitToHeight = 0
    for i, line in enumerate(INSTRUCTIONS, start=1):
        cell = notes.cell(row=i, column=1, value=line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.font = Font(name="黑体", bold=True, size=14) if i == 1 else Font(name="宋体", size=11)
        lines = -(-_display_width(line) // (width - 4))  # rows do not grow by themselves in every program
        notes.row_dimensions[i].height = 26 if i == 1 else 16 * lines + 4
    return save_atomically(wb, Path(path))
