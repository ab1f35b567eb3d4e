"""The year's meeting ledger (会议台账) as .xlsx: one sheet per kind plus an attendance sheet.

Takes plain dataclasses; written with openpyxl's write-only mode so a big year stays light on memory.
User text that starts with "=" stays text (never a formula).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from app.domain.docs.meeting_ledger import Ledger
from app.domain.enums import MeetingKind
from app.errors import KnownError
from app.excel.fast_cells import RowStyles, fast_cells
from app.excel.roster_writer import save_atomically
from app.excel.write_only import write_only_workbook

_COMMON = [("序号", 6), ("日期", 12), ("时间", 12), ("党组织", 20), ("会议名称", 24), ("地点", 16),
           ("主持人", 9), ("记录人", 9), ("应到", 6), ("实到", 6), ("缺席人员及原因", 24), ("列席人员", 14),
           ("第一议题", 30), ("议题", 36), ("会议内容", 40), ("决议/决定", 30), ("落实责任人与时限", 24), ("附件数", 7)]
_EXTRA: dict[MeetingKind, list[tuple[str, str, int]]] = {
    MeetingKind.GENERAL_ASSEMBLY: [("表决（赞成/反对/弃权）", "votes", 14)],
    MeetingKind.COMMITTEE_MEETING: [("表决（赞成/反对/弃权）", "votes", 14)],
    MeetingKind.PARTY_LECTURE: [("主讲人", "lecturer", 9), ("党课题目", "lecture_title", 30),
                                ("党课类型", "lecture_type", 14)],
    MeetingKind.THEME_DAY: [("活动主题", "theme", 30), ("活动形式", "form", 16)],
    MeetingKind.TALK: [("谈话双方", "talk_people", 18), ("谈话形式", "form", 12)],
}
EXCEL_CELL_MAX = 32000  # Excel refuses more than 32,767 characters in a cell
_HEAD_FONT = Font(bold=True)
_HEAD_FILL = PatternFill("solid", fgColor="EEEEEE")
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")


class _Styles:
    """One template cell per look; every cell copies its template's style (app.excel.fast_cells.styled)."""

    def __init__(self, ws) -> None:
        self.plain = WriteOnlyCell(ws)
        self.plain.border = _BORDER
        self.date = WriteOnlyCell(ws)
        self.date.border, self.date.number_format = _BORDER, "yyyy-mm-dd"
        self.wrap = WriteOnlyCell(ws)
        self.wrap.border, self.wrap.alignment = _BORDER, _WRAP
        self.head = WriteOnlyCell(ws)
        self.head.border, self.head.font, self.head.fill = _BORDER, _HEAD_FONT, _HEAD_FILL
        self.head.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)

    def template(self, value, *, head: bool = False) -> WriteOnlyCell:
        if head:
            return self.head
        if isinstance(value, dt.date):
            return self.date
        if isinstance(value, str) and len(value) > 20:
            return self.wrap
        return self.plain


def _sheet(wb: Workbook, title: str, headers: list[tuple[str, int]], rows: list[list], caption: str) -> None:
    ws = wb.create_sheet(title[:31])
    for i, (_h, width) in enumerate(headers):
        ws.column_dimensions[_letter(i)].width = width
    ws.freeze_panes = "A3"
    styles, ids = _Styles(ws), RowStyles(ws)
    ws.append(ids.row([caption], [styles.template(caption)]))
    ws.append(ids.row([h for h, _w in headers], [styles.head] * len(headers)))
    for row in rows:  # user text starting with "=" stays text: rows write strings as strings, never formulas
        ws.append(ids.row(row, [styles.template(v) for v in row]))


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def write_ledger(ledger: Ledger, path: Path) -> Path:
    """Write to a temporary file, then rename: a failed export never leaves half a workbook."""
    path = Path(path)
    if not path.parent.exists():
        raise KnownError(f"输出文件夹“{path.parent}”不存在。")
    with fast_cells(), write_only_workbook() as wb:
        return _write(wb, ledger, path)


def _write(wb: Workbook, ledger: Ledger, path: Path) -> Path:
    for kind in MeetingKind:
        extra = _EXTRA.get(kind, [])
        headers = _COMMON + [(h, w) for h, _f, w in extra]
        rows: list[list[object]] = []
        for m in (m for m in ledger.meetings if m.kind == kind):
            rows.append([len(rows) + 1, m.held_on, m.time, m.organization, m.title, m.place, m.host, m.recorder,
                         m.expected, m.present, m.absentees, m.observers, m.first_topic, m.topics,
                         m.content[:EXCEL_CELL_MAX], m.resolutions,
                         m.follow_up, m.attachments, *[getattr(m, f) for _h, f, _w in extra]])
        caption = f"{ledger.school_name} {ledger.year}年{kind.label}台账（共 {len(rows)} 次）"
        _sheet(wb, kind.label, headers, rows, caption)
    att_headers = [("序号", 6), ("日期", 12), ("会议类型", 14), ("党组织", 20), ("会议名称", 24), ("姓名", 10),
                   ("出勤", 8), ("缺席原因", 10), ("备注", 20)]
    att_rows = [[i + 1, a.held_on, a.kind.label, a.organization, a.title, a.name, a.status, a.reason, a.note]
                for i, a in enumerate(ledger.attendance)]
    _sheet(wb, "出勤情况", att_headers, att_rows, f"{ledger.school_name} {ledger.year}年会议出勤情况")
    return save_atomically(wb, path)
