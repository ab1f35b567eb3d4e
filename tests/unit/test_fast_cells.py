"""The fast sheet writer (app.excel.fast_cells) writes exactly the XML openpyxl itself writes."""

from __future__ import annotations

import contextlib
import datetime as dt
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils.exceptions import IllegalCharacterError

from app.domain.docs.meeting_ledger import Ledger, LedgerAttendance, LedgerMeeting
from app.domain.enums import MeetingKind
from app.excel import fast_cells, meeting_ledger
from app.excel.fast_cells import RowStyles
from app.excel.meeting_ledger import write_ledger

VALUES = ["王珺", "=SUM(A1)", "  前后空格 ", "a & b <c> \"d\"", "", None, 3, 2.5, dt.date(2025, 3, 4),
          dt.datetime(2025, 3, 4, 9, 30), "很长的文字" * 10, "䶮", "   ", "两行\n文字", "\t制表"]


def _sheets(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/")}


def _write(path: Path, fast: bool) -> Path:
    with fast_cells.fast_cells() if fast else contextlib.nullcontext():
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("表")
        plain = WriteOnlyCell(ws)
        plain.border = Border(left=Side(style="thin"))
        bold = WriteOnlyCell(ws)
        bold.font, bold.alignment = Font(bold=True), Alignment(wrap_text=True)
        styles = RowStyles(ws)
        for i in range(3):
            ws.append(styles.row(VALUES, [plain if (i + j) % 2 else bold for j in range(len(VALUES))]))
        ws.append(["plain values", 1, dt.date(2025, 1, 2), None, "x"])  # ordinary rows keep working
        wb.save(path)
    return path


def test_fast_rows_write_the_same_xml_as_openpyxl(tmp_path: Path) -> None:
    slow = _sheets(_write(tmp_path / "slow.xlsx", fast=False))
    fast = _sheets(_write(tmp_path / "fast.xlsx", fast=True))
    assert slow == fast
    ws = load_workbook(tmp_path / "fast.xlsx").active
    assert ws["B1"].value == "=SUM(A1)" and ws["B1"].data_type == "s"  # text, never a formula


def test_the_writer_is_restored_after_the_block() -> None:
    from openpyxl.worksheet import _writer

    before = _writer.write_cell
    with fast_cells.fast_cells(), fast_cells.fast_cells():
        assert _writer.write_cell is not before
    assert _writer.write_cell is before


def test_illegal_characters_are_refused_as_openpyxl_refuses_them(tmp_path: Path) -> None:
    with fast_cells.fast_cells(), pytest.raises(IllegalCharacterError):
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("表")
        ws.append(RowStyles(ws).row(["bad\x0bchar"], [WriteOnlyCell(ws)]))
        wb.save(tmp_path / "x.xlsx")


def test_a_whole_ledger_is_the_same_either_way(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    meetings = [LedgerMeeting(kind, dt.date(2025, 1 + i % 12, 1 + i % 28), "14:30", "第一党支部", f"会议{i}",
                              "会议室", "张三", "李四", 10, 9, "王五（病假）", "", "第一议题：学习", "议题 & 讨论",
                              "=内容" if i == 0 else "会议内容" * (i % 9), "决议", "", attachments=i % 3)
                for i, kind in enumerate(list(MeetingKind) * 3)]
    attendance = [LedgerAttendance(dt.date(2025, 2, 1), MeetingKind.THEME_DAY, "第一党支部", "会议", f"人{i}",
                                   "缺席" if i % 5 == 0 else "出席", "病假" if i % 5 == 0 else "", "")
                  for i in range(50)]
    ledger = Ledger(2025, "测试学校", meetings, attendance)
    fast = _sheets(write_ledger(ledger, tmp_path / "fast.xlsx"))
    monkeypatch.setattr(meeting_ledger, "fast_cells", contextlib.nullcontext)
    slow = _sheets(write_ledger(ledger, tmp_path / "slow.xlsx"))
    assert fast == slow
    sheet = load_workbook(tmp_path / "fast.xlsx")["出勤情况"]
    assert sheet["B3"].value == dt.datetime(2025, 2, 1) and sheet["B3"].number_format == "yyyy-mm-dd"
