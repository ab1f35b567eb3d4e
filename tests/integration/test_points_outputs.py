"""党员积分 outputs end to end on the demo school's 2025: the demo's points, the CLI, the four PDFs and the
workbook, whose every total equals the sum of that member's detail rows (the base score included)."""

from __future__ import annotations

import datetime as dt
import shutil
from collections import defaultdict
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import func, select

from app.cli import main as cli_main
from app.context import open_context
from app.printing.points import BallotSheet, ReviewBallots, render_ballots
from app.services import points, points_print_data
from app.store.models import PointEntry, PointReview
from tests.conftest import DEMO_YEAR
from tests.integration.test_print_forms import assert_clean_pdf
from tests.pdf_text import pdf_text

YEAR = 2025


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory, demo_templates) -> Path:
    """`build_demo(uow, YEAR)` in a store of this module: a copy of the run's demo template (DEMO_YEAR is YEAR)."""
    assert DEMO_YEAR == YEAR
    path = tmp_path_factory.mktemp("points") / "demo.sqlite"
    shutil.copyfile(demo_templates(True), path)
    return path


@pytest.fixture
def demo(demo_store: Path, tmp_path: Path):
    ctx = open_context(demo_store)
    yield ctx
    ctx.close()


def test_demo_has_a_year_of_points_a_correction_a_veto_and_a_review(demo) -> None:
    with demo.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(PointEntry).where(PointEntry.sign < 0)) == 1
        assert uow.session.scalar(select(func.count()).select_from(PointReview).where(PointReview.year == YEAR)) == 1
    ranking = points.year_ranking(demo, YEAR)
    assert sum(r.vetoed for r in ranking.rows) == 1
    review = points_print_data.notice(demo, YEAR, today=dt.date(2025, 12, 31))
    assert review.evaluated and any(line.grade == "不合格" for line in review.lines)
    assert any("支部评定" in line.note for line in review.lines)
    ledger = points.member_ledger(demo, ranking.rows[0].member_id, YEAR)
    assert {"base", "meeting", "commitment"} <= {r.source for r in ledger.rows}


def test_workbook_totals_equal_the_sum_of_detail_rows(demo, demo_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "points.xlsx"
    assert cli_main(["--db", str(demo_store), "export", "points", "--year", str(YEAR), "-o", str(out)]) == 0
    wb = load_workbook(out, read_only=True)
    summary = list(wb["积分汇总"].iter_rows(min_row=3, values_only=True))
    details = list(wb["积分明细"].iter_rows(min_row=3, values_only=True))
    assert [c for c in next(wb["积分汇总"].iter_rows(min_row=2, max_row=2, values_only=True))][:8] == [
        "序号", "姓名", "所在党支部", "人员类别", "总分", "排名", "支部排名", "评议等次"]
    sums: dict[tuple[str, str], int] = defaultdict(int)
    for row in details:
        sums[(row[2], row[3])] += row[6]
    assert len(summary) == len(points.year_ranking(demo, YEAR).rows)
    for row in summary:
        assert sums[(row[1], row[2])] == row[4], row
    assert any(row[7] == "来源" or row[4] == "基础分" for row in details)
    assert any(row[7] == "超出年度上限" for row in details)  # cap cuts are rows too


def test_cli_prints_the_four_forms_with_embedded_fonts(demo_store: Path, tmp_path: Path) -> None:
    expected = {"points": "公示", "points-cards": "党员积分卡", "commitments": "承诺书", "review-ballot": "测评表"}
    texts: dict[str, str] = {}  # each file's text extracted once (pypdf takes most of this test's time)
    for target, word in expected.items():
        out = tmp_path / f"{target}.pdf"
        assert cli_main(["--db", str(demo_store), "print", target, "--year", str(YEAR), "-o", str(out)]) == 0
        assert_clean_pdf(out)
        texts[target] = pdf_text(out)
        assert word in texts[target]
    letters = PdfReader(tmp_path / "commitments.pdf")
    ranking_size = texts["review-ballot"].count("预备党员（不确定等次）")
    assert ranking_size >= 1
    reader = open_context(demo_store, read_only=True)
    try:
        ranked = points.year_ranking(reader, YEAR).rows
    finally:
        reader.close()
    people = [r for r in ranked if r.category.is_party_member]
    assert len(people) < len(ranked)  # activists and candidates are scored, but make no 承诺书
    assert len(letters.pages) == len(people)  # one page per Party member
    text = texts["commitments"]
    assert text.count("承诺人（签字）") == len(people) and "政治思想" in text and "廉洁自律" in text
    one = tmp_path / "one.pdf"
    assert cli_main(["--db", str(demo_store), "print", "review-ballot", "--year", str(YEAR), "--branch",
                     "第一党支部（小学部）", "-o", str(one)]) == 0
    assert len(PdfReader(one).pages) == 1
    assert cli_main(["--db", str(demo_store), "print", "points", "--year", str(YEAR), "--branch", "没有这个支部",
                     "-o", str(tmp_path / "x.pdf")]) != 0


def test_ballot_escapes_user_text_and_lists_every_name(tmp_path: Path) -> None:
    names = [(f"党员{i}", "") for i in range(40)] + [("<b>&王</b>", "预备党员（不确定等次）")]
    out = render_ballots(ReviewBallots("测试学校", YEAR, [BallotSheet("A&B<支部>", names)]), tmp_path / "b.pdf")
    text = pdf_text(out)
    assert "<b>&王</b>" in text and "A&B<支部>" in text and "党员39" in text
    assert_clean_pdf(out)
