"""`check`, `export meetings` and `print compliance` through the real command line entry point."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.cli import main
from app.domain.enums import MeetingKind
from tests.conftest import DEMO_YEAR
from tests.pdf_text import pdf_text

YEAR = DEMO_YEAR


@pytest.fixture
def demo_db(tmp_path: Path, demo_templates) -> Path:
    """A copy of the session's demo store (the same as `dangjian demo --year DEMO_YEAR`)."""
    db = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_templates(True), db)
    return db


def test_check_prints_summary_and_exits_zero(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["--db", str(demo_db), "check", "--year", str(YEAR)]) == 0
    out = capsys.readouterr().out
    assert "三会一课落实情况" in out and "第一党支部（小学部）" in out and "出勤率" in out


def test_check_on_empty_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from app.context import open_context

    open_context(tmp_path / "e.sqlite").close()  # a new, empty store
    assert main(["--db", str(tmp_path / "e.sqlite"), "check"]) == 0
    assert "尚无党支部" in capsys.readouterr().out


def test_check_of_a_missing_file_creates_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(tmp_path / "typo.sqlite"), "check"]) == 2
    assert "不存在" in capsys.readouterr().err  # refused before check runs (app/cli/store_check.py)
    assert not (tmp_path / "typo.sqlite").exists()


def test_export_meetings_xlsx(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "台账.xlsx"
    assert main(["--db", str(demo_db), "export", "meetings", "--year", str(YEAR), "-o", str(out)]) == 0
    wb = load_workbook(out, read_only=True)
    assert MeetingKind.THEME_DAY.label in wb.sheetnames and "出勤情况" in wb.sheetnames
    rows = list(wb[MeetingKind.THEME_DAY.label].iter_rows(values_only=True))
    assert rows[1][:3] == ("序号", "日期", "时间")
    data = [r for r in rows[2:] if r[0] is not None]
    assert len(data) >= 3 * 11  # three branches, a theme day a month (the demo skips one on purpose)
    assert all(r[rows[1].index("活动主题")] for r in data)
    attendance = list(wb["出勤情况"].iter_rows(values_only=True))
    assert len(attendance) > 10 and attendance[1][5] == "姓名"
    wb.close()
    if shutil.which("soffice"):  # proof that a non-openpyxl reader opens it
        subprocess.run(["soffice", "--headless", "--convert-to", "csv", "--outdir", str(tmp_path), str(out)],
                       check=True, timeout=120)


def test_export_meetings_bad_branch_is_a_clear_error(demo_db: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--db", str(demo_db), "export", "meetings", "--branch", "无此支部", "-o", str(tmp_path / "x.xlsx")])
    assert code == 2 and "无此支部" in capsys.readouterr().err


def test_print_compliance_report(demo_db: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "督查.pdf"
    assert main(["--db", str(demo_db), "print", "compliance", "--year", str(YEAR), "-o", str(pdf)]) == 0
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    text = pdf_text(pdf)
    assert "落实情况督查表" in text and "退休教师党支部" in text and "督查人" in text
    fonts = {str(f.get("/BaseFont")) for page in reader.pages
             for f in (page["/Resources"].get("/Font") or {}).values()}
    assert fonts and not any("Helvetica" in f for f in fonts)
    one = tmp_path / "one.pdf"
    assert main(["--db", str(demo_db), "print", "compliance", "--branch", "退休教师党支部", "-o", str(one)]) == 0
    text = pdf_text(one)
    assert "退休教师党支部" in text and "第一党支部" not in text
