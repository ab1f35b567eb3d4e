"""The 督查 report and the Excel ledger from plain dataclasses: hostile text, formulas, every sheet."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import load_workbook

from app.domain import compliance_rules as cr
from app.domain.docs.meeting_ledger import Ledger, LedgerAttendance, LedgerMeeting
from app.domain.enums import MeetingKind
from app.excel.meeting_ledger import write_ledger
from app.printing.compliance_report import render_compliance
from tests.pdf_text import pdf_text

D = dt.date
HOSTILE = "支部<b>&amp; \U0001F600"


def _grid() -> cr.ComplianceGrid:
    org = cr.OrgSpan("b1", HOSTILE, "branch", "b1", D(2010, 1, 1))
    reqs = cr.evaluate(2025, [org], cr.DEFAULT_RULES, {("b1", "theme_day", 1): 1}, D(2025, 2, 10))
    rows = cr.build_rows(2025, [org], reqs, {("b1", 1): 1}, {"b1": (10, 7)})
    return cr.ComplianceGrid(2025, D(2025, 2, 10), "学校<&>", tuple(rows), tuple(cr.due_soon(reqs, D(2025, 2, 10))),
                             tuple(r for r in reqs if r.status == cr.Status.RED), ("quorum <x>",))


def test_report_escapes_text_and_lists_gaps(tmp_path: Path) -> None:
    pdf = render_compliance(_grid(), tmp_path / "r.pdf")
    text = pdf_text(pdf)
    assert "支部<b>&amp;" in text and "学校<&>" in text and "quorum <x>" in text
    assert "期满未完成" in text and "70%" in text


def test_ledger_sheets_and_formula_text_stays_text(tmp_path: Path) -> None:
    meeting = LedgerMeeting(
        kind=MeetingKind.THEME_DAY, held_on=D(2025, 3, 5), time="15:00–16:00", organization="第一支部",
        title="=HYPERLINK(\"http://x\")", place="", host="王一", recorder="", expected=9, present=8,
        absentees="杨六（病假）", observers="", first_topic="学习", topics="a\nb", content="x" * 40000,
        resolutions="", follow_up="", theme="学雷锋", form="志愿服务")
    att = LedgerAttendance(D(2025, 3, 5), MeetingKind.THEME_DAY, "第一支部", "t", "杨六", "缺席", "病假", "")
    out = write_ledger(Ledger(2025, "测试学校", [meeting], [att]), tmp_path / "l.xlsx")
    wb = load_workbook(out)
    assert wb.sheetnames == [k.label for k in MeetingKind] + ["出勤情况"]
    ws = wb[MeetingKind.THEME_DAY.label]
    head = [c.value for c in ws[2]]
    row = [c.value for c in ws[3]]
    assert row[head.index("会议名称")] == "=HYPERLINK(\"http://x\")"
    assert ws.cell(3, head.index("会议名称") + 1).data_type == "s"
    assert row[head.index("活动主题")] == "学雷锋" and len(row[head.index("会议内容")]) == 32000
    assert wb["出勤情况"].cell(3, 6).value == "杨六"
    leftovers = [p for p in tmp_path.iterdir() if p.is_file() and p != out]
    assert leftovers == []  # no temporary file left beside it
