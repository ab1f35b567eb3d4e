"""Faster writing of large write-only sheets: the same XML as openpyxl's, without an Element per cell.

Without lxml, openpyxl writes each cell by building an ElementTree element and serialising it through
et_xmlfile's namespace-aware writer: about 5 µs a cell, 3.7 s for a year's attendance sheet of a county
(74,000 rows × 9 columns). `fast_cells()` swaps in a writer that formats the common cells (numbers, dates,
plain strings) as text directly and leaves everything else (formulas, rich text, booleans, hyperlinks,
lxml's writer) to openpyxl. `tests/unit/test_fast_cells.py` checks the two write identical sheets.

`styled()` gives a cell a style copied from a template cell: assigning `cell.border = ...` looks the
style up in the workbook's tables on every cell, which cost more than writing the cell.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from xml.sax.saxutils import escape

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell import _writer as cell_writer
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.compat import safe_string
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.utils.exceptions import IllegalCharacterError
from openpyxl.worksheet import _writer as sheet_writer
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

_original_write_cell = sheet_writer.write_cell
_original_write_row = sheet_writer.WorksheetWriter.write_row
_original_values_to_row = WriteOnlyWorksheet._values_to_row
_users = 0
_guard = threading.Lock()


def _write_cell(xf, worksheet, cell, styled=None) -> None:
    out = getattr(xf, "_file", None)  # et_xmlfile's plain writer; lxml's has none and is fast anyway
    value = cell._value
    kind = cell.data_type
    if (out is None or cell.hyperlink or kind not in ("n", "s", "d")
            or (kind == "s" and not isinstance(value, str))):
        _original_write_cell(xf, worksheet, cell, styled)
        return
    value, attrs = cell_writer._set_attributes(cell, styled)
    head = "<c" + "".join(f' {k}="{v}"' for k, v in attrs.items())
    if value is None or value == "":
        out(head + " />")
    elif kind == "s":
        stripped = value.strip()
        space = ' xml:space="preserve"' if stripped and stripped != value else ""
        out(f"{head}><is><t{space}>{escape(value)}</t></is></c>")
    else:
        out(f"{head}><v>{escape(safe_string(value))}</v></c>")


class StyledRow(list):
    """Values with a style id each, appended as one row: formatted straight to XML, no cell objects.
    Make them with `RowStyles.row()`; outside `fast_cells()` or with lxml they become ordinary cells."""

    def __init__(self, values: list, style_ids: list[int], ws) -> None:
        super().__init__(values)
        self.style_ids = style_ids
        self.ws = ws

    def cells(self, row_idx: int) -> Iterator[WriteOnlyCell]:
        cell_styles = self.ws.parent._cell_styles
        for col_idx, (value, style_id) in enumerate(zip(self, self.style_ids, strict=True), 1):
            cell = WriteOnlyCell(self.ws, value=value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"
            cell._style = StyleArray(cell_styles[style_id])
            cell.column, cell.row = col_idx, row_idx
            yield cell

    def xml(self, row_idx: int) -> str:
        epoch = self.ws.parent.epoch
        r = str(row_idx)
        parts = ['<row r="', r, '">']
        append = parts.append
        for letter, style_id, value in zip(_letters(len(self)), self.style_ids, self, strict=True):
            head = f'<c r="{letter}{r}" s="{style_id}"'
            kind = type(value)
            if kind is str:
                if not value:
                    append(head + ' t="inlineStr" />')
                    continue
                if not value.isprintable() and ILLEGAL_CHARACTERS_RE.search(value):  # printable: none there
                    raise IllegalCharacterError(f"{value} cannot be used in worksheets.")
                space = ""
                if value[0].isspace() or value[-1].isspace():
                    stripped = value.strip()
                    space = ' xml:space="preserve"' if stripped and stripped != value else ""
                if "&" in value or "<" in value or ">" in value:
                    value = escape(value)
                append(f'{head} t="inlineStr"><is><t{space}>{value}</t></is></c>')
            elif value is None:
                append(head + ' t="n" />')
            elif kind is bool:
                raise TypeError("StyledRow: booleans are written as ordinary cells")
            elif isinstance(value, int | float):
                append(f'{head} t="n"><v>{safe_string(value)}</v></c>')
            elif isinstance(value, dt.date | dt.datetime):
                append(f'{head} t="n"><v>{safe_string(to_excel(value, epoch))}</v></c>')
            else:
                raise TypeError(f"StyledRow: {type(value).__name__} values are written as ordinary cells")
        append("</row>")
        return "".join(parts)


_LETTERS: list[str] = []


def _letters(count: int) -> list[str]:
    """Column letters A, B, … computed once, not per cell."""
    while len(_LETTERS) < count:
        _LETTERS.append(get_column_letter(len(_LETTERS) + 1))
    return _LETTERS[:count]


class RowStyles:
    """Style ids of template cells, for StyledRow: `styles.row(values, [template, ...])`."""

    def __init__(self, ws) -> None:
        self.ws = ws
        self._ids: dict[int, tuple[WriteOnlyCell, int]] = {}  # id(template) → (template kept alive, style id)
        self._last: tuple[list[WriteOnlyCell], list[int]] | None = None  # the same templates row after row

    def style_id(self, template: WriteOnlyCell) -> int:
        key = id(template)
        if key not in self._ids:
            self._ids[key] = (template, self.ws.parent._cell_styles.add(_copy_style(template)))
        return self._ids[key][1]

    def row(self, values: list, templates: list[WriteOnlyCell]) -> StyledRow | list[WriteOnlyCell]:
        if not _fast_rows(self.ws):
            return [_text_safe(styled(self.ws, v, t)) for v, t in zip(values, templates, strict=True)]
        if self._last is None or self._last[0] is not templates:
            self._last = (templates, [self.style_id(t) for t in templates])
        return StyledRow(values, self._last[1], self.ws)


def _text_safe(cell: WriteOnlyCell) -> WriteOnlyCell:
    if isinstance(cell.value, str) and cell.value.startswith("="):
        cell.data_type = "s"  # user text, never a formula
    return cell


def _fast_rows(ws) -> bool:
    return _users > 0 and not ws.parent.iso_dates and sheet_writer.write_cell is _write_cell


def _values_to_row(self, values, row_idx):
    if isinstance(values, StyledRow):
        return values
    return _original_values_to_row(self, values, row_idx)


def _write_row(self, xf, row, row_idx) -> None:
    """WorksheetWriter.write_row without an element per row (rows with their own height etc. as before)."""
    out = getattr(xf, "_file", None)
    if isinstance(row, StyledRow):
        if out is None or row_idx in self.ws.row_dimensions:
            _original_write_row(self, xf, row.cells(row_idx), row_idx)
        else:
            out(row.xml(row_idx))
        return
    if out is None or row_idx in self.ws.row_dimensions:
        _original_write_row(self, xf, row, row_idx)
        return
    out(f'<row r="{row_idx}">')
    for cell in row:
        if cell._comment is not None:
            from openpyxl.comments.comment_sheet import CommentRecord

            self.ws._comments.append(CommentRecord.from_cell(cell))
        elif cell._value is None and not cell.has_style:
            continue
        _write_cell(xf, self.ws, cell, cell.has_style)
    out("</row>")


@contextmanager
def fast_cells() -> Iterator[None]:
    """Within the block, write-only sheets write cells with the fast writer (nesting and threads safe)."""
    global _users
    with _guard:
        _users += 1
        sheet_writer.write_cell = _write_cell
        sheet_writer.WorksheetWriter.write_row = _write_row
        WriteOnlyWorksheet._values_to_row = _values_to_row
    try:
        yield
    finally:
        with _guard:
            _users -= 1
            if _users == 0:
                sheet_writer.write_cell = _original_write_cell
                sheet_writer.WorksheetWriter.write_row = _original_write_row
                WriteOnlyWorksheet._values_to_row = _original_values_to_row


def styled(ws, value, template: WriteOnlyCell) -> WriteOnlyCell:
    """A write-only cell holding `value` with exactly `template`'s style (font, fill, border, format…)."""
    cell = WriteOnlyCell(ws, value=value)
    cell._style = _copy_style(template)
    return cell


def _copy_style(template: WriteOnlyCell) -> StyleArray:
    return StyleArray() if template._style is None else StyleArray(template._style)
