"""Issue 15 item 13: `export members` was quadratic (every row asked the sheet for its max_column).

Not timed (the benchmark rows export_members_40000 / export_members_growth in tests/perf/bench.py measure
time): the work per row is counted instead, so the test fails on any machine if a per-row scan returns.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from app.excel.roster_writer import RosterExport, example_member, write_roster


def _export(tmp_path: Path, people: int) -> Path:
    members = [replace(example_member(), name=f"张{i}", id_number="", phone=f"138{i:08d}") for i in range(people)]
    return write_roster(tmp_path / f"r{people}.xlsx", RosterExport("青山镇中心学校", dt.date(2025, 3, 1), members))


@pytest.mark.parametrize("people", [50, 800])
def test_no_per_row_scan_of_the_sheet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, people: int) -> None:
    scans = {"max_column": 0, "max_row": 0}
    for name in scans:
        original = getattr(Worksheet, name)

        def counting(self, _original=original, _name=name):
            scans[_name] += 1
            return _original.fget(self)

        monkeypatch.setattr(Worksheet, name, property(counting))
    _export(tmp_path, people)
    assert scans["max_column"] + scans["max_row"] <= 5, scans  # a constant, not one per row


def test_the_linear_export_still_looks_like_the_roster(tmp_path: Path) -> None:
    ws = load_workbook(_export(tmp_path, 30)).active
    assert ws["A1"].value == "青山镇中心学校党员花名册" and ws["A1"].font.size == 16
    assert [str(r) for r in ws.merged_cells.ranges] == ["A1:Q1"]
    assert ws.freeze_panes == "C3" and ws.print_title_rows == "$1:$2"
    assert ws.page_setup.orientation == "landscape"
    assert ws["B2"].value == "姓名" and ws["B2"].font.bold
    assert ws["K3"].value == "13800000000" and ws["K3"].number_format == "@"  # phone: a text cell
    assert ws["E3"].number_format == "yyyy-mm-dd" and ws["B3"].border.left.style == "thin"
    assert ws["A32"].value == 30 and ws["A33"].value.startswith("合计：30人")
