"""Status marks and their legend have one definition (compliance_rules.STATUS_MARKS / STATUS_LABELS)."""

from __future__ import annotations

import re
from pathlib import Path

from app.domain import compliance_rules as cr
from tests.pdf_text import pdf_text
from tests.unit.test_meeting_outputs import _grid

APP = Path(__file__).resolve().parents[2] / "app"


def test_every_status_has_one_distinct_mark_and_label() -> None:
    assert set(cr.STATUS_MARKS) == set(cr.STATUS_LABELS) == set(cr.Status)
    assert len(set(cr.STATUS_MARKS.values())) == len(cr.Status)
    assert all(cr.STATUS_MARKS.values()) and all(cr.STATUS_LABELS.values())
    assert cr.status_legend() == "√ 已完成　… 本期进行中、尚未完成　× 期满未完成　– 不要求"


def test_requirement_text_uses_the_marks() -> None:
    win = cr.window(cr.Period.MONTH, 2025, 1)
    for status, mark in cr.STATUS_MARKS.items():
        req = cr.Requirement("o", "一支部", "o", cr.MeetingKind.THEME_DAY, win, 1, 0, status)
        assert req.text.endswith(f" {mark}")


def test_the_printed_legend_names_every_status(tmp_path: Path) -> None:
    from app.printing.compliance_report import render_compliance

    pdf = render_compliance(_grid(), tmp_path / "r.pdf")
    text = pdf_text(pdf)
    assert all(label in text for label in cr.STATUS_LABELS.values())


def test_no_other_module_defines_its_own_marks() -> None:
    """A second table of marks is how two symbols for "not required" came about."""
    own = re.compile(r"Status\.(GREEN|AMBER|RED|NONE)\s*:\s*\"[^\"#]{0,2}\"")  # a mark, not a colour
    offenders = [str(p.relative_to(APP)) for p in APP.rglob("*.py")
                 if p.name != "compliance_rules.py" and own.search(p.read_text(encoding="utf-8"))]
    assert offenders == []
