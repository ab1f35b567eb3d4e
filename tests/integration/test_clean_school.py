"""清廉学校 use cases on a real store: list versions, permissions, the Excel round trip, decisions, activities,
and every print (fonts embedded, flow charts one page per item, long cells wrapped)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.domain.clean_school import DecisionCategory, ListKind, RiskLevel, WarningForm
from app.domain.clean_school_docs import ActivityRow, DecisionRow, NegativeRow, PowerRow
from app.domain.enums import MeetingKind, Role
from app.errors import NotFoundError, PermissionDenied, ValidationError
from app.excel.integrity_workbook import read_lists, write_workbook
from app.printing.clean_school import render_activities, render_decisions, render_flowcharts, render_poster
from app.services import clean_lists, major_decisions, warning_education
from app.store.models import AuditLog, CleanList, MajorDecision, Meeting, Member, PowerItem
from app.store.uow import Actor
from tests.conftest import DEMO_YEAR
from tests.integration.test_print_forms import assert_clean_pdf

YEAR = 2025
TODAY = dt.date(2025, 7, 1)


def _pages(path: Path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))


def _count(ctx, model) -> int:
    with ctx.uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(model))


def test_defaults_are_adopted_once_and_a_new_version_keeps_the_old(school_ctx) -> None:
    adopted = clean_lists.adopt_defaults(school_ctx, YEAR, today=TODAY)
    assert {v.kind for v in adopted} == set(ListKind)
    assert clean_lists.adopt_defaults(school_ctx, YEAR, today=TODAY) == []
    first = clean_lists.load_list(school_ctx, ListKind.NEGATIVE, YEAR)
    rows = [*first.rows, NegativeRow("在校内吸烟", "师德规范", "批评教育")]
    v2 = clean_lists.publish_list(school_ctx, ListKind.NEGATIVE, YEAR, rows, today=TODAY)
    assert v2.version == 2
    assert len(clean_lists.load_list(school_ctx, ListKind.NEGATIVE, YEAR).rows) == len(first.rows) + 1
    old = clean_lists.load_list(school_ctx, ListKind.NEGATIVE, YEAR, version_id=first.version_id)
    assert old.rows == first.rows and old.version == 1
    versions = clean_lists.list_versions(school_ctx, ListKind.NEGATIVE)
    assert [v.version for v in versions] == [2, 1]


def test_a_list_with_a_bad_row_writes_nothing(school_ctx) -> None:
    before = _count(school_ctx, CleanList)
    with pytest.raises(ValidationError) as raised:
        clean_lists.publish_list(school_ctx, ListKind.POWER, YEAR,
                                 [PowerRow("招生", steps="报名"), PowerRow("", steps="")])
    assert any("第2项" in d for d in raised.value.details)
    assert _count(school_ctx, CleanList) == before


@pytest.mark.parametrize("role", [Role.VIEWER, Role.BRANCH_SECRETARY])
def test_only_an_administrator_writes_clean_school_records(school_ctx, role: Role) -> None:
    other = dataclasses.replace(school_ctx, actor=Actor("他人", role))
    with pytest.raises(PermissionDenied):
        clean_lists.adopt_defaults(other, YEAR)
    with pytest.raises(PermissionDenied):
        major_decisions.save_decision(other, DecisionRow("购置电脑", DecisionCategory.LARGE_FUNDS,
                                                         party_meeting_on=TODAY))
    with pytest.raises(PermissionDenied):
        warning_education.save_activity(other, ActivityRow(TODAY, WarningForm.FILM, "观看警示片"))
    assert _count(school_ctx, CleanList) == 0 and _count(school_ctx, MajorDecision) == 0


def _export(ctx, path: Path) -> list[list[tuple]]:
    write_workbook(clean_lists.workbook_data(ctx, YEAR), path)
    wb = load_workbook(path)
    sheets = ("小微权力清单", "负面清单", "廉政风险点")
    return [[tuple(r) for r in wb[name].iter_rows(values_only=True)] for name in sheets]


def test_lists_round_trip_through_excel_into_an_empty_store(school_ctx, tmp_path: Path) -> None:
    from app.context import open_context

    clean_lists.adopt_defaults(school_ctx, YEAR, today=TODAY)
    first = _export(school_ctx, tmp_path / "a.xlsx")
    lists = read_lists(tmp_path / "a.xlsx")
    assert lists.errors == [] and len(lists.sheets) == 3
    empty = open_context(tmp_path / "empty.sqlite")
    try:
        clean_lists.publish_imported(empty, YEAR, {ListKind.POWER: list(lists.powers),
                                                   ListKind.NEGATIVE: list(lists.negatives),
                                                   ListKind.RISK: list(lists.risks)}, problems=lists.errors)
        again = _export(empty, tmp_path / "b.xlsx")
    finally:
        empty.close()
    assert again == first
    assert len(first[0]) == 1 + 18  # the header and every default power item


def test_an_import_with_errors_names_sheet_and_row_and_writes_nothing(school_ctx, tmp_path: Path) -> None:
    clean_lists.adopt_defaults(school_ctx, YEAR, today=TODAY)
    path = tmp_path / "edited.xlsx"
    write_workbook(clean_lists.workbook_data(school_ctx, YEAR), path)
    wb = load_workbook(path)
    wb["廉政风险点"]["D4"] = "很高"
    wb["小微权力清单"]["B3"] = None
    wb.save(path)
    lists = read_lists(path)
    assert "工作表“廉政风险点”第4行：风险等级应为“高”“中”“低”之一（现为“很高”）" in lists.errors
    assert "工作表“小微权力清单”第3行：权力事项不能为空" in lists.errors
    before = _count(school_ctx, CleanList), _count(school_ctx, PowerItem)
    with pytest.raises(ValidationError):
        clean_lists.publish_imported(school_ctx, YEAR, {ListKind.RISK: list(lists.risks)}, problems=lists.errors)
    assert (_count(school_ctx, CleanList), _count(school_ctx, PowerItem)) == before


def test_a_file_without_list_sheets_is_refused(tmp_path: Path) -> None:
    from openpyxl import Workbook

    path = tmp_path / "other.xlsx"
    Workbook().save(path)
    assert any("没有" in e for e in read_lists(path).errors)


def _committee_meeting(ctx):
    with ctx.uow() as uow:
        meeting = uow.session.execute(select(Meeting.id, Meeting.held_on, Meeting.expected_count,
                                             Meeting.present_count)
                                      .where(Meeting.kind == MeetingKind.COMMITTEE_MEETING.value,
                                             Meeting.held_on >= dt.date(YEAR, 3, 1)).limit(1)).one()
        return meeting


def test_a_decision_takes_its_date_and_attendance_from_the_linked_meeting(demo_2025) -> None:
    meeting = _committee_meeting(demo_2025)
    saved = major_decisions.save_decision(demo_2025, DecisionRow(
        "操场维修", DecisionCategory.MAJOR_PROJECT, party_meeting_id=meeting.id, party_meeting_on=dt.date(YEAR, 1, 1),
        office_meeting_on=meeting.held_on - dt.timedelta(days=1), amount=Decimal("52000")))
    assert saved.party_meeting_on == meeting.held_on
    assert saved.expected == meeting.expected_count and saved.present == meeting.present_count
    assert any("先于党组织会议" in f for f in saved.flags)
    fixed = major_decisions.save_decision(demo_2025, dataclasses.replace(
        saved, office_meeting_on=meeting.held_on + dt.timedelta(days=3)), saved.id)
    assert not any("先于" in f for f in fixed.flags)
    register = major_decisions.decision_register(demo_2025, YEAR)
    assert fixed.id in [r.id for r in register.rows]
    with demo_2025.uow() as uow:
        actions = uow.session.scalars(select(AuditLog.action).where(AuditLog.entity_id == saved.id)).all()
    assert sorted(actions) == ["create", "update"]


def test_a_decision_cannot_link_a_meeting_that_is_not_a_party_meeting(demo_2025) -> None:
    with demo_2025.uow() as uow:
        lecture = uow.session.scalar(select(Meeting.id).where(Meeting.kind == MeetingKind.PARTY_LECTURE.value))
    with pytest.raises(ValidationError, match="党组织会议"):
        major_decisions.save_decision(demo_2025, DecisionRow("x", DecisionCategory.MAJOR_MATTER,
                                                             party_meeting_id=lecture))
    with pytest.raises(NotFoundError):
        major_decisions.save_decision(demo_2025, DecisionRow("x", DecisionCategory.MAJOR_MATTER,
                                                             party_meeting_id="no-such-id"))


def test_threshold_is_editable_and_flags_follow(school_ctx) -> None:
    row = DecisionRow("购置图书", DecisionCategory.ORDINARY, office_meeting_on=TODAY, amount=Decimal(6000))
    saved = major_decisions.save_decision(school_ctx, row)
    assert saved.flags
    major_decisions.set_threshold(school_ctx, Decimal(10000))
    assert major_decisions.decision_register(school_ctx, YEAR).rows[0].flags == []
    with pytest.raises(ValidationError):
        major_decisions.set_threshold(school_ctx, Decimal(0))


def test_activity_participants_must_be_on_the_roster_that_day(school_ctx) -> None:
    with school_ctx.uow() as uow:
        ids = uow.session.scalars(select(Member.id).where(Member.category.in_(["full", "probationary"]))).all()
        applicant = uow.session.scalar(select(Member.id).where(Member.category == "applicant"))
    activity = warning_education.save_activity(school_ctx, ActivityRow(TODAY, WarningForm.FILM, "观看警示教育片",
                                                                       participant_ids=list(ids[:5])))
    log = warning_education.activity_log(school_ctx, YEAR)
    assert [a.id for a in log.rows] == [activity] and len(log.rows[0].participant_names) == 5
    with pytest.raises(ValidationError, match="不在册"):
        warning_education.save_activity(school_ctx, ActivityRow(TODAY, WarningForm.FILM, "又一次",
                                                                participant_ids=[applicant]))
    assert len(warning_education.activity_log(school_ctx, YEAR).rows) == 1


@pytest.fixture
def demo_2025(demo_ctx):
    """The whole demo school of YEAR (a copy of the run's demo template: conftest.DEMO_YEAR is YEAR)."""
    assert DEMO_YEAR == YEAR
    return demo_ctx


def test_the_demo_year_has_lists_decisions_one_flag_and_activities(demo_2025) -> None:
    register = major_decisions.decision_register(demo_2025, YEAR)
    flagged = [r for r in register.rows if r.flags]
    assert len(register.rows) >= 5 and len(flagged) == 1 and "先于党组织会议" in flagged[0].flags[0]
    assert len(warning_education.activity_log(demo_2025, YEAR).rows) == 4
    assert {v.kind for v in clean_lists.list_versions(demo_2025, ListKind.POWER)} == {ListKind.POWER}


def test_every_clean_school_print_is_clean(demo_2025, tmp_path: Path) -> None:
    from app.printing.base import LANDSCAPE

    powers = clean_lists.load_list(demo_2025, ListKind.POWER, YEAR)
    for kind in ListKind:
        path = render_poster(clean_lists.load_list(demo_2025, kind, YEAR), tmp_path / f"{kind.value}.pdf")
        assert_clean_pdf(path)
    assert_clean_pdf(render_poster(powers, tmp_path / "a4.pdf", pagesize=LANDSCAPE))
    charts = render_flowcharts(powers, tmp_path / "charts.pdf")
    assert_clean_pdf(charts)
    assert _pages(charts) == len(powers.rows)
    assert_clean_pdf(render_decisions(major_decisions.decision_register(demo_2025, YEAR), tmp_path / "d.pdf"))
    assert_clean_pdf(render_activities(warning_education.activity_log(demo_2025, YEAR), tmp_path / "w.pdf"))
    text = subprocess.run(["pdftotext", str(charts), "-"], capture_output=True, text=True, check=True).stdout
    assert "招生入学" in text and "一次性告知补充材料" in text


def test_a_twelve_step_chart_fits_one_page_and_long_poster_cells_wrap(school_ctx, tmp_path: Path) -> None:
    steps = "\n".join(f"◇第{i}步审核材料是否齐全并符合规定条件？|否：退回申请人补充材料后重新提交" if i % 3 == 0
                      else f"第{i}步：经办人登记、核对并签字确认，报分管领导审批" for i in range(1, 13))
    long_text = "依据《中华人民共和国义务教育法》和上级文件<规定>&要求。" * 40
    rows = [PowerRow("长流程事项", "县教育局文件", "教务处", steps, "材料审核不严；优亲厚友", RiskLevel.HIGH,
                     "集体审核，结果公示", "公示", "校长"),
            PowerRow("长内容事项", long_text, "教务处", "申请\n办理", long_text, RiskLevel.HIGH, long_text,
                     "公示", "校长")]
    clean_lists.publish_list(school_ctx, ListKind.POWER, YEAR, rows, today=TODAY)
    doc = clean_lists.load_list(school_ctx, ListKind.POWER, YEAR)
    charts = render_flowcharts(dataclasses.replace(doc, rows=doc.rows[:1]), tmp_path / "long.pdf")
    assert _pages(charts) == 1
    assert_clean_pdf(render_flowcharts(doc, tmp_path / "both.pdf"))
    poster = render_poster(doc, tmp_path / "poster.pdf")
    assert_clean_pdf(poster)
    text = subprocess.run(["pdftotext", str(poster), "-"], capture_output=True, text=True, check=True).stdout
    assert "<规定>&要求" in text.replace("\n", "")


def test_a_risk_past_its_review_date_is_an_alert_on_the_home_page(school_ctx) -> None:
    from app.domain.clean_school_docs import RiskRow
    from app.services import clean_school_alerts, dashboard

    review = dt.date(2026, 6, 30)
    clean_lists.publish_list(school_ctx, ListKind.RISK, 2026, [RiskRow("食堂采购", "以次充好", RiskLevel.HIGH,
                                                                      review_on=review)])
    with school_ctx.uow() as uow:
        on_the_day = dashboard.alerts(uow, today=review)
        after = dashboard.alerts(uow, today=review + dt.timedelta(days=1))
    assert clean_school_alerts.risk_review_alerts in dashboard._SOURCES
    assert not any(a.area == "清廉学校" for a in on_the_day)
    assert [a.title for a in after if a.area == "清廉学校"] == ["廉政风险点已过复查日期"]


def test_cli_exports_and_imports_the_clean_school_workbook(demo_ctx, tmp_path, capsys) -> None:
    """`export integrity` and `import integrity` go through the same file use cases as the tab."""
    from app.cli import main

    db = str(demo_ctx.store.path)
    demo_ctx.close()
    out = tmp_path / "清廉.xlsx"
    assert main(["--db", db, "export", "integrity", "--year", "2025", "-o", str(out)]) == 0
    said = capsys.readouterr().out
    assert out.is_file() and "2025 年度清廉学校台账：权力事项 18 项" in said and str(out) in said
    assert main(["--db", db, "import", "integrity", str(out), "--year", "2025"]) == 0
    said = capsys.readouterr().out
    assert "已发布 2025 年度" in said and "第 2 版" in said
