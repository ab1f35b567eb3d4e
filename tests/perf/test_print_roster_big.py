"""A large roster prints whole: every page, the last name, the total (no timed assertion; the benchmark's
"print the roster of 3,000 members" row prints the county's 3,000 through the CLI)."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from pypdf import PdfReader

from app.domain import idcard
from app.domain.docs.roster import RosterDoc, RosterLine
from app.domain.enums import Gender, MemberCategory, MemberStatus
from app.printing.roster import render_roster
from tests.pdf_text import page_texts


def _rows(n: int) -> list[RosterLine]:
    rng = random.Random(7)
    rows = []
    for i in range(n):
        born = dt.date(1960 + rng.randint(0, 40), rng.randint(1, 12), rng.randint(1, 28))
        rows.append(RosterLine(
            name=f"王珺{i}", gender=Gender.FEMALE, ethnicity="汉族", birth_date=born,
            id_number=idcard.make_number("610330", born, i % 1000), education="大学本科",
            category=rng.choice(list(MemberCategory)), status=MemberStatus.ACTIVE,
            branch_name=f"第{i // 100 + 1}党支部", joined_on=born, full_on=None, job="教师",
            phone="13800001111"))
    return rows


def test_twelve_hundred_members(tmp_path: Path) -> None:
    path = render_roster(RosterDoc("青山镇中心学校", _rows(1200)), tmp_path / "big.pdf")
    reader = PdfReader(path)
    assert len(reader.pages) > 40
    last_two = page_texts(path)[-2:]
    assert "合计：共 1200 人" in last_two[-1].replace("\n", "")
    assert any("王珺1199" in text for text in last_two)
