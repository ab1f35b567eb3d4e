"""Reads a school's roster .xlsx as schools keep it into plain rows (MemberData plus per-cell errors).

Every sheet that has a roster header is read, in the workbook's order (the export writes the 党员花名册
and the 入党申请人等 on two sheets; sheets without a header, such as 填表说明, are passed over). Each row
keeps its sheet's name, so every message says where it is. The header may sit below title rows and merged
cells, columns come in any order under their common names, blank rows, example rows, repeated headers and
a footer line ("合计…", "制表人…") are tolerated.
Knows nothing of the database: app.services.roster_import validates and writes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path

from openpyxl.utils.cell import range_boundaries

from app.domain import roster_headers as headers
from app.domain.docs.roster_sheet import Progress, RosterBook, RosterSheet, SheetRow
from app.domain.member_rules import MemberData
from app.errors import KnownError, ValidationError
from app.excel import cells
from app.excel.safety import check_xlsx_file, merged_ranges

log = logging.getLogger("dangjian.excel")

MAX_ROWS = 20_000
HEADER_SCAN_ROWS = 20
MAX_MERGED_CELLS = 200_000
FOOTER_PREFIXES = ("合计", "总计", "共计", "小计", "制表", "填表", "填报", "审核", "负责人", "说明", "注：", "注:",
                   "备注：", "备注:", "单位盖章", "单位（盖章）", "（盖章）")
EXAMPLE_MARKS = ("示例", "例", "样例", "填写示例", "例子")
DATE_FIELDS = ("birth_date", "applied_on", "activist_on", "candidate_on", "joined_on", "full_on")
_CONVERTERS: dict[str, Callable[[object], object]] = {
    "id_number": cells.id_number, "gender": cells.gender, "category": cells.category,
    "status": cells.status, "backbone_level": cells.backbone_level,
    **{name: cells.date for name in DATE_FIELDS},
}


PROGRESS_EVERY = 500


def read_roster(path: Path | str, *, max_rows: int = MAX_ROWS, progress: Progress | None = None) -> RosterBook:
    """Read every sheet that has a roster header. Raises ValidationError for a file it cannot use.

    `max_rows` bounds the rows of all sheets together. `progress(rows_read)` is called every few hundred
    rows (a GUI keeps painting; it may raise to cancel).
    """
    path = Path(path)
    check_xlsx_file(path)
    from openpyxl import load_workbook

    try:
        with path.open("rb") as fh, _sheets_left_unsized():  # a file object: openpyxl would refuse a renamed
            workbook = load_workbook(fh, read_only=True, data_only=True)  # extension
            try:
                return _read_workbook(path, workbook, max_rows, progress)
            finally:
                workbook.close()
    except KnownError:
        raise
    except MemoryError:
        raise ValidationError(f"“{path.name}”太大，内存不足，无法读取。") from None
    except Exception as exc:  # openpyxl's many parse errors on a damaged or odd file
        log.warning("cannot read workbook %s", path, exc_info=True)
        raise ValidationError(f"“{path.name}”无法作为 Excel 工作簿读取，文件可能已损坏（{type(exc).__name__}）。"
                              "请用 Excel 或 WPS 打开后另存为 .xlsx 再试。") from None


_SIZING = threading.Lock()


@contextlib.contextmanager
def _sheets_left_unsized() -> Iterator[None]:
    """openpyxl's read-only loader sizes each sheet as it opens the workbook, from the sheet's <dimension>
    tag; a sheet written without one (this program's own export, openpyxl's write-only files, some web
    systems' exports; Excel and WPS write it) is parsed to its end for that, before its rows are read. This
    reader trusts the rows, never the tag (reset_dimensions below), so the sizing is skipped while the
    workbook opens: such a sheet is parsed once instead of twice, about 40 % of reading it."""
    from openpyxl.reader import excel
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    class UnsizedSheet(ReadOnlyWorksheet):
        def _get_size(self) -> None:
            pass

    with _SIZING:
        excel.ReadOnlyWorksheet = UnsizedSheet
        try:
            yield
        finally:
            excel.ReadOnlyWorksheet = ReadOnlyWorksheet


def _read_workbook(path: Path, workbook, max_rows: int, progress: Progress | None) -> RosterBook:
    any_content = False
    book = RosterBook(path=path, sheets=[])
    read = 0  # rows of the sheets before this one, for `max_rows` and `progress`
    for sheet in workbook.worksheets:
        if not hasattr(sheet, "iter_rows"):
            continue  # chart sheets
        sheet.reset_dimensions()  # trust the rows, not a dimension tag some tools write wrong
        rows = _rows_with_merges(workbook, sheet)
        head: list[Sequence[object]] = []
        for row in rows:
            head.append(row)
            if len(head) >= HEADER_SCAN_ROWS:
                break
        if any(_filled(v) for r in head for v in r):
            any_content = True
        header = headers.find_header(head)
        if header is None:
            continue
        missing = header.missing
        if missing:
            names = "、".join(f"“{headers.label(f)}”" for f in missing)
            raise ValidationError(f"工作表“{sheet.title}”第{header.row_index + 1}行的表头中缺少{names}列。")
        found = _read_body(path, sheet.title, header, head, rows, max_rows - read, _after(progress, read), max_rows)
        book.sheets.append(found)
        read += len(found.rows)
    if book.sheets:
        return book
    if not any_content:
        raise ValidationError(f"“{path.name}”中没有任何内容（工作表是空的）。")
    raise ValidationError(
        f"在“{path.name}”每个工作表的前{HEADER_SCAN_ROWS}行中都没有找到表头。表头应包含“姓名”"
        "“公民身份号码（身份证号）”“所在党支部”等列名；可先导出空白导入模板对照填写。")


def _after(progress: Progress | None, before: int) -> Progress | None:
    """`progress` counting on from the rows of the sheets already read."""
    if progress is None:
        return None
    return lambda rows: progress(before + rows)


def _rows_with_merges(workbook, sheet) -> Iterator[tuple[object, ...]]:
    """Rows as value tuples; a merged range's other cells repeat its top-left value (read-only mode
    leaves them empty), so a 所在党支部 merged down a branch's rows reaches every row."""
    by_row: dict[int, list[tuple[int, tuple[int, int]]]] = {}
    member = getattr(sheet, "_worksheet_path", None)
    archive = getattr(workbook, "_archive", None)
    if member and archive is not None:
        budget = MAX_MERGED_CELLS
        for ref in merged_ranges(archive, member):
            min_col, min_row, max_col, max_row = range_boundaries(ref)
            size = (max_col - min_col + 1) * (max_row - min_row + 1)
            if size > budget:
                break
            budget -= size
            for r in range(min_row, max_row + 1):
                for c in range(min_col, max_col + 1):
                    if (r, c) != (min_row, min_col):
                        by_row.setdefault(r, []).append((c, (min_row, min_col)))
    anchor_keys = {anchor for targets in by_row.values() for _c, anchor in targets}
    anchors: dict[tuple[int, int], object] = {}
    for r, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        if not anchor_keys:
            yield row
            continue
        values = list(row)
        for c, value in enumerate(values, start=1):
            if (r, c) in anchor_keys:
                anchors[(r, c)] = value
        for c, anchor in by_row.get(r, ()):
            while len(values) < c:
                values.append(None)
            if values[c - 1] is None:
                values[c - 1] = anchors.get(anchor)
        yield tuple(values)


def _at(row: Sequence[object], column: int) -> object:
    """A cell of a row that may be shorter than the header (trailing empty cells are not stored)."""
    return row[column] if column < len(row) else None


def _filled(value: object) -> bool:
    return value is not None and (not isinstance(value, str) or bool(value.strip()))


def _title(head: Sequence[Sequence[object]], header_index: int) -> str:
    for row in head[:header_index]:
        for value in row:
            if isinstance(value, str) and value.strip():
                return re.sub(r"\s+", "", value)
    return ""


def _read_body(path: Path, sheet_name: str, header: headers.HeaderMatch, head: list[Sequence[object]],
               rows: Iterator[Sequence[object]], room: int, progress: Progress | None,
               max_rows: int) -> RosterSheet:
    """One sheet's rows below its header; `room` is how many rows the file may still have."""
    columns = header.columns
    first_data = header.row_index + header.rows_used
    heading_row = head[header.row_index]
    result = RosterSheet(
        path=path, sheet_name=sheet_name, title=_title(head, header.row_index), header_row=header.row_index + 1,
        columns={f: cells.text(_at(head[first_data - 1], c)) or cells.text(_at(heading_row, c))
                 for f, c in columns.items()},  # the lower heading row names the column more exactly
        ignored=[h for h in header.ignored if headers.clean(h) not in headers.KNOWN_IGNORED],
        rows=[])

    def body() -> Iterator[tuple[int, Sequence[object]]]:
        for i in range(first_data, len(head)):
            yield i + 1, head[i]
        number = len(head)
        for row in rows:
            number += 1
            yield number, row

    for row_number, row in body():
        if progress is not None and row_number % PROGRESS_EVERY == 0:
            progress(row_number)
        values = {f: _at(row, c) for f, c in columns.items()}
        if not any(_filled(v) for v in values.values()):
            continue  # blank row (a pre-numbered 序号 alone counts as blank)
        first = next((cells.text(v) for v in row if _filled(v)), "")
        if any(t.replace(" ", "").startswith(FOOTER_PREFIXES) for t in (first, cells.text(values["name"]))):
            break
        if headers.match(values["name"]) == "name":
            continue  # the header repeated (a printout pasted together)
        if header.serial_column is not None and cells.text(_at(row, header.serial_column)) in EXAMPLE_MARKS:
            continue
        if len(result.rows) >= room:
            raise ValidationError(f"表格超过{max_rows:,}行（读到工作表“{sheet_name}”第{row_number}行仍未结束），"
                                  f"一次最多导入{max_rows:,}行，请分成几个文件导入。")
        result.rows.append(_parse_row(row_number, values, sheet_name))
    return result


def _as_excel_shows(value: float) -> str:
    """A number as Excel keeps it: 15 significant digits (610330198503090048 → 610330198503090000)."""
    try:
        return str(int(Decimal(f"{value:.15g}")))
    except (ValueError, ArithmeticError):
        return str(value)


def _parse_row(row_number: int, values: dict[str, object], sheet_name: str = "") -> SheetRow:
    data = MemberData()
    shown: dict[str, str] = {}
    errors: list[str] = []
    bad: set[str] = set()
    for name, value in values.items():
        shown[name] = cells.text(value)
        if isinstance(value, (int, float)) and name == "id_number" and not isinstance(value, bool):
            shown[name] = _as_excel_shows(value)
        converter = _CONVERTERS.get(name)
        try:
            parsed = converter(value) if converter else cells.text(value)
        except ValueError as exc:
            bad.add(name)
            message = str(exc)
            if name in DATE_FIELDS:
                message = f"{headers.label(name)}：{message}"
            errors.append(message)
            continue
        if isinstance(parsed, dt.date) and name in DATE_FIELDS:
            shown[name] = parsed.strftime("%Y-%m" if cells.is_year_month(value) else "%Y-%m-%d")
        setattr(data, name, parsed)
    month = None
    if data.birth_date is not None and cells.is_year_month(values.get("birth_date")):
        month = (data.birth_date.year, data.birth_date.month)
        data.birth_date = None  # the ID number gives the day
    return SheetRow(row_number=row_number, data=data, cells=shown, errors=errors, bad_fields=bad, birth_month=month,
                    sheet_name=sheet_name)
