"""发展党员 forms: a person with all 25 steps prints cleanly (fonts embedded, text extractable, user text
escaped); the 公示, both ledgers; the CLI targets, `check`, and the demo's pipeline."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from app.cli import main
from app.documents import development_print as dpf
from app.domain.development_rules import DecisionBody, DualDirection, ProbationOutcome, add_months
from app.domain.enums import BackboneLevel
from app.services import development as dev
from app.services import development_print as dp
from app.services import dual_cultivation as dual
from app.services.development import StepInput
from tests.conftest import DEMO_YEAR
from tests.integration.development_world import World, build

D = dt.date
TODAY = D(2026, 12, 1)


def pdf_ok(path: Path) -> str:
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = out.splitlines()[2:]
    assert rows and all(" yes " in r for r in rows), out
    subprocess.run(["qpdf", "--check", str(path)], capture_output=True, check=True)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def all_25(ctx, world: World) -> str:
    m = world.applicant
    start = D(2023, 3, 10)
    dates = {1: start, 2: D(2023, 3, 24), 3: D(2023, 5, 20), 4: D(2023, 6, 1), 5: D(2023, 6, 8),
             6: D(2023, 12, 1), 7: D(2024, 6, 1), 8: D(2024, 6, 3), 9: D(2024, 6, 10), 10: D(2024, 6, 25),
             11: D(2024, 7, 5), 12: D(2024, 9, 1), 13: D(2024, 9, 10), 14: D(2024, 9, 20), 18: D(2024, 9, 23),
             15: D(2024, 10, 9), 16: D(2024, 10, 20), 17: D(2024, 11, 5), 19: D(2024, 11, 20), 20: D(2025, 4, 1),
             21: D(2025, 10, 1)}
    end = add_months(dates[15], 12)
    dates.update({22: end, 23: D(2025, 11, 1), 24: D(2025, 11, 10), 25: D(2025, 11, 15)})
    for number, on in sorted(dates.items(), key=lambda kv: kv[1]):
        extra: dict = {}
        if number == 9:
            extra["introducer_ids"] = (world.introducer_a, world.introducer_b)
        if number == 5:
            extra["contact_ids"] = (world.introducer_a, world.introducer_b)
        if number == 22:
            extra["outcome"] = ProbationOutcome.FULL
        note = "谈话记录 <附件> & 签字" if number == 2 else ""
        saved = dev.record_step(ctx, StepInput(m, number, on, DecisionBody.COMMITTEE, note=note, **extra),
                                today=TODAY)
        assert saved.warnings == (), (number, saved.warnings)
    return m


@pytest.fixture
def world(ctx) -> World:
    return build(ctx)


def test_dossier_with_all_25_steps(ctx, world: World, tmp_path: Path) -> None:
    member = all_25(ctx, world)
    line = dev.timeline(ctx, member, today=TODAY)
    assert sorted({s.number for s in line.steps}) == list(range(1, 26))
    path = dpf.print_dossier(ctx, member, tmp_path / "dossier.pdf", today=TODAY)
    text = pdf_ok(path)
    assert "发展党员全程纪实表" in text and "赵子涵" in text
    for stage in ("第一阶段", "第五阶段", "入党材料归档", "入党介绍人：王建国、", "李秀英", "谈话记录 <附件> & 签字"):
        assert stage in text
    assert "2025-10-09" in text  # the 转正 on the day the year ends
    assert "程序提示" not in text.split("说明：")[0]
    pages = text.split("\f")
    assert len(pages) >= 2
    for page in pages[:-1]:  # a stage's band row is never left alone at a page foot
        body = [ln for ln in page.splitlines() if ln.strip() and "打印日期" not in ln]
        assert "阶段" not in body[-1], body[-3:]


def test_dossier_shows_a_problem_and_its_reason(ctx, world: World, tmp_path: Path) -> None:
    dev.record_step(ctx, StepInput(world.applicant, 4, D(2024, 3, 10)), today=TODAY)
    saved = dev.record_step(ctx, StepInput(world.applicant, 8, D(2024, 5, 10), reason="县委组织部同意"),
                            today=TODAY)
    scan = tmp_path / "批复.pdf"
    scan.write_bytes(b"%PDF scan")
    from app.services import development_files

    development_files.attach(ctx, saved.step_id, [scan])
    text = pdf_ok(dpf.print_dossier(ctx, world.applicant, tmp_path / "d.pdf", today=TODAY))
    flat = text.replace(" ", "")
    assert "【程序提示】" in text and "【原因说明】县委组织部同意" in flat and "附件：批复.pdf" in flat


def test_notice_for_candidate_and_for_full(ctx, world: World, tmp_path: Path) -> None:
    dev.record_step(ctx, StepInput(world.applicant, 8, D(2024, 5, 10), reason="测试"), today=TODAY)
    text = pdf_ok(dpf.print_notice(ctx, world.applicant, tmp_path / "n.pdf", starts_on=D(2026, 11, 27),
                                  contact_person="王建国", contact_phone="0917-1234567"))
    flat = text.replace(" ", "")
    assert "关于拟发展赵子涵同志为中共预备党员的公示" in flat
    assert "公示时间：2026年11月27日至2026年12月03日（5个工作日）" in flat
    assert "0917-1234567" in flat
    text = pdf_ok(dpf.print_notice(ctx, world.applicant, tmp_path / "f.pdf", kind="full", starts_on=D(2026, 11, 27)))
    assert "拟转为正式党员的公示" in text.replace(" ", "")


def test_ledgers(ctx, world: World, tmp_path: Path) -> None:
    dev.record_step(ctx, StepInput(world.young, 1, D(2026, 4, 1)), today=TODAY)
    dev.record_step(ctx, StepInput(world.applicant, 4, D(2024, 3, 10)), today=TODAY)
    doc = dp.ledger_doc(ctx, 2026, today=TODAY)
    assert [line.name for line in doc.lines] == ["孙浩然", "赵子涵"] or \
        {line.name for line in doc.lines} == {"孙浩然", "赵子涵"}
    text = pdf_ok(dpf.print_ledger(ctx, 2026, tmp_path / "l.pdf"))
    assert "2026年度发展党员工作台账" in text.replace(" ", "")
    dual.add_entry(ctx, dual.DualInput("郑雨萌", DualDirection.TO_MEMBER, D(2026, 3, 1),
                                       level=BackboneLevel.MASTER_TEACHER, progress="有入党意愿 <谈心3次>"),
                   today=TODAY)
    text = pdf_ok(dpf.print_dual(ctx, 2026, tmp_path / "d.pdf"))
    assert "郑雨萌" in text and "<谈心3次>" in text and "把党员培养成骨干（0人）" in text.replace(" ", "")


def test_cli_print_targets_and_check(store_path: Path, tmp_path: Path, capsys, demo_templates) -> None:
    year = 2025  # the demo's "today" is then 2025-12-31: its problem step falls inside the year
    assert year == DEMO_YEAR
    shutil.copyfile(demo_templates(True), store_path)  # what `demo --year 2025` builds
    for what in ("development", "dual-cultivation"):
        out = tmp_path / f"{what}.pdf"
        assert main(["--db", str(store_path), "print", what, "--year", str(year), "-o", str(out)]) == 0
        pdf_ok(out)
    assert main(["--db", str(store_path), "print", "development", "--year", str(year), "--branch",
                 "第一党支部（小学部）", "-o", str(tmp_path / "b.pdf")]) == 0
    con = sqlite3.connect(store_path)
    (name,) = con.execute("SELECT m.name FROM development_step s JOIN member m ON m.id = s.member_id "
                          "GROUP BY m.id HAVING COUNT(DISTINCT s.step_no) = 25").fetchone()
    con.close()
    out = tmp_path / "dossier.pdf"
    assert main(["--db", str(store_path), "print", "dossier", "--member", name, "-o", str(out)]) == 0
    text = pdf_ok(out)
    assert "第25步" not in text and "转正后记录" in text
    assert main(["--db", str(store_path), "print", "notice", "--member", name, "-o", str(tmp_path / "n.pdf")]) == 0
    assert main(["--db", str(store_path), "print", "dossier", "--member", "没有这个人", "-o",
                 str(tmp_path / "x.pdf")]) == 2
    assert "名册中没有“没有这个人”" in capsys.readouterr().err
    assert main(["--db", str(store_path), "check", "--year", str(year)]) == 0
    out = capsys.readouterr().out
    assert f"发展党员程序检查（{year}年）：1 人的 1 个步骤不符合要求" in out  # the demo's one honest problem
    assert "仅 300 天" in out and "已说明原因" in out
