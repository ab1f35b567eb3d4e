"""The 审计日志 as an .xlsx: plain text rows in (built by app.services.audit), a file out."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl.cell import WriteOnlyCell

from app.errors import ValidationError, os_error_text
from app.excel.write_only import write_only_workbook
from app.files import write_atomically


def check_output(output: Path) -> Path:
    output = Path(output)
    if output.suffix.lower() != ".xlsx":
        raise ValidationError("导出文件须以 .xlsx 结尾")
    if not output.parent.is_dir():
        raise ValidationError(f"文件夹不存在：{output.parent}")
    return output


def write_audit_xlsx(output: Path, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> Path:
    with write_only_workbook() as wb:
        ws = wb.create_sheet("审计日志")
        for col, width in zip("ABCDEFG", (20, 14, 10, 12, 40, 50, 50), strict=True):
            ws.column_dimensions[col].width = width
        ws.append(list(headers))
        for values in rows:
            # Text cells: a value starting with "=" must never become a formula.
            ws.append([_text_cell(ws, v, WriteOnlyCell) for v in values])
        try:
            write_atomically(output, wb.save)
        except OSError as exc:
            raise ValidationError(f"导出失败：{os_error_text(exc)}（{output}）") from None
    return output


def _text_cell(ws, value: str, cell_type):
    cell = cell_type(ws, value=value)
    cell.data_type = "s"
    return cell
