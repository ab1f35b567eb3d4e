"""Compliance computed from the store: grouping by month, year boundaries, mid-year branches, plans."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import event, func, insert, select

from app.domain import compliance_rules as cr
from app.domain.enums import MeetingKind, OrgKind, Period, Role
from app.errors import PermissionDenied, ValidationError
from app.services import compliance, meeting_plans, meetings, organizations
from app.services.meeting_types import MeetingInput
from app.store.models import Attendance, ComplianceRule, Meeting
from app.store.uow import Actor, UnitOfWork
from tests.conftest import DEMO_YEAR
from tests.integration.meeting_world import World

D = dt.date


@pytest.fixture
def world(meeting_world: World) -> World:
    return meeting_world  # a copy of the run's built world (tests/conftest.py)


def _meet(ctx, org: str, kind: MeetingKind, day: dt.date) -> None:
    with ctx.uow() as uow:
        meetings.create_meeting(uow, MeetingInput(organization_id=org, kind=kind, held_on=day, lecturer="王一"),
                                today=D(2030, 1, 1))
        uow.commit()


def _row(grid: cr.ComplianceGrid, branch_id: str) -> cr.BranchRow:
    return next(r for r in grid.rows if r.branch_id == branch_id)


def test_year_boundary_and_last_day_of_quarter(ctx, world: World) -> None:
    _meet(ctx, world.branch, MeetingKind.PARTY_LECTURE, D(2024, 12, 31))
    _meet(ctx, world.branch, MeetingKind.PARTY_LECTURE, D(2025, 1, 1))
    _meet(ctx, world.branch, MeetingKind.PARTY_LECTURE, D(2025, 3, 31))
    with ctx.uow() as uow:
        g2024 = compliance.compute(uow, 2024, today=D(2025, 6, 1))
        g2025 = compliance.compute(uow, 2025, today=D(2025, 6, 1))
    assert _row(g2024, world.branch).kind_totals["party_lecture"] == (1, 4)
    lectures = [r for r in g2025.missed if r.kind == MeetingKind.PARTY_LECTURE and r.branch_id == world.branch]
    assert lectures == []  # Q1 held twice (1 Jan, 31 Mar); Q2 still running on 1 June
    assert _row(g2025, world.branch).cells[0].held_total == 1
    assert _row(g2025, world.branch).cells[2].held_total == 1


def test_grid_rolls_party_groups_into_branch_and_reports_attendance(ctx, world: World) -> None:
    _meet(ctx, world.group, MeetingKind.GROUP_MEETING, D(2025, 2, 10))
    _meet(ctx, world.branch, MeetingKind.THEME_DAY, D(2025, 2, 12))
    with ctx.uow() as uow:
        grid = compliance.compute(uow, 2025, today=D(2025, 3, 10))
        text = compliance.summary_text(uow, 2025, today=D(2025, 3, 10))
    row = _row(grid, world.branch)
    feb = row.cells[1]
    assert feb.held_total == 2
    # 6 正式党员 (fewer than 7): a secretary and no committee, so no 支委会 is required (issue 16)
    assert feb.status == cr.Status.GREEN
    assert not any(r.kind == MeetingKind.COMMITTEE_MEETING and r.required for r in grid.missed)
    assert any("党小组会" in line and "√" in line for line in feb.lines)
    assert row.attendance_rate == 1.0 and row.expected_sum == 3 + 8
    assert "测试支部" in text and "其他支部" in text


def test_branch_set_up_mid_year_through_the_service(ctx, world: World) -> None:
    with ctx.uow() as uow:
        parent = organizations.find_by_name(uow, "测试党总支")
        new = organizations.create_organization(uow, name="新建支部", kind=OrgKind.BRANCH, parent_id=parent.id,
                                                established_on=D(2025, 9, 1))
        uow.commit()
    with ctx.uow() as uow:
        grid = compliance.compute(uow, 2025, today=D(2025, 12, 31))
    row = _row(grid, new.id)
    assert all(c.status == cr.Status.NONE for c in row.cells[:8])
    assert row.cells[8].status == cr.Status.RED
    assert not any(r.window.end < D(2025, 9, 1) for r in grid.missed if r.branch_id == new.id)


def test_rules_are_seeded_once_and_editable(ctx, world: World) -> None:
    with ctx.uow() as uow:
        compliance.ensure_default_rules(uow)
        compliance.ensure_default_rules(uow)
        assert uow.session.scalar(select(func.count()).select_from(ComplianceRule)) == len(cr.DEFAULT_RULES)
        compliance.set_rule(uow, MeetingKind.COMMITTEE_MEETING, active=False)
        compliance.set_rule(uow, MeetingKind.PARTY_LECTURE, period=Period.YEAR, required_count=2)
        with pytest.raises(ValidationError):
            compliance.set_rule(uow, MeetingKind.THEME_DAY, required_count=-1)
        uow.commit()
    with ctx.uow() as uow:
        grid = compliance.compute(uow, 2025, today=D(2025, 12, 31))
    totals = _row(grid, world.branch).kind_totals
    assert "committee_meeting" not in totals and totals["party_lecture"] == (0, 2)
    viewer = Actor("s", Role.BRANCH_SECRETARY, world.branch)
    with UnitOfWork(ctx.store.session_factory, viewer) as uow, pytest.raises(PermissionDenied):
        compliance.set_rule(uow, MeetingKind.THEME_DAY, required_count=2)


def test_compute_uses_a_fixed_number_of_queries(ctx, world: World) -> None:
    for month in range(1, 13):
        _meet(ctx, world.branch, MeetingKind.THEME_DAY, D(2025, month, 5))
    statements: list[str] = []
    engine = ctx.store.engine
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        with ctx.uow() as uow:
            compliance.compute(uow, 2025, today=D(2025, 12, 31))
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    # One GROUP BY for the counts, one for combined records, one for quorum/votes: never one per cell.
    assert len([s for s in statements if "from meeting" in s.lower()]) == 3
    assert len(statements) <= 9  # + organizations, posts, 正式党员, rules, school (attendance: none to check)


def test_plans_and_plan_vs_actual(ctx, world: World) -> None:
    with ctx.uow() as uow:
        pid = meeting_plans.save_plan(uow, organization_id=world.branch, year=2025, month=3,
                                      kind=MeetingKind.THEME_DAY, topic="学雷锋")
        meeting_plans.save_plan(uow, organization_id=world.group, year=2025, month=3,
                                kind=MeetingKind.GROUP_MEETING, topic="学习党章")
        with pytest.raises(ValidationError):
            meeting_plans.save_plan(uow, organization_id=world.branch, year=2025, month=13,
                                    kind=MeetingKind.THEME_DAY)
        uow.commit()
    _meet(ctx, world.branch, MeetingKind.THEME_DAY, D(2025, 3, 5))
    with ctx.uow() as uow:
        assert sorted(p.topic for p in meeting_plans.list_plans(uow, 2025, world.branch)) == ["学习党章", "学雷锋"]
        cells = {(c.organization_id, c.month, c.kind): c for c in meeting_plans.plan_vs_actual(uow, 2025)}
        theme = cells[(world.branch, 3, MeetingKind.THEME_DAY)]
        assert (theme.planned, theme.held, theme.topics) == (1, 1, ("学雷锋",))
        assert cells[(world.branch, 3, MeetingKind.GROUP_MEETING)].held == 0
        meeting_plans.save_plan(uow, organization_id=world.branch, year=2025, month=4, kind=MeetingKind.THEME_DAY,
                                topic="清明祭英烈", plan_id=pid)
        meeting_plans.delete_plan(uow, pid)
        uow.commit()
    with ctx.uow() as uow:
        assert [p.topic for p in meeting_plans.list_plans(uow, 2025)] == ["学习党章"]


def test_demo_year_has_honest_gaps(demo_ctx) -> None:
    """The demo's whole year (DEMO_YEAR): every gap it plants is there, whatever the date today."""
    with demo_ctx.uow() as uow:
        grid = compliance.compute(uow, DEMO_YEAR, today=D(DEMO_YEAR + 1, 1, 15))
        absent_unexcused = uow.session.scalar(select(func.count()).select_from(Attendance).where(
            Attendance.absence_reason == "unexcused"))
    assert len(grid.rows) == 4  # the 党总支 (its committee meetings) and three branches
    # the demo's one honest vote problem: the retired branch's 3rd-quarter assembly (no quorum, so no pass)
    assert grid.quorum_issues and all("退休教师党支部" in t and "第3季度" in t for t in grid.quorum_issues)
    assert any(r.kind == MeetingKind.PARTY_LECTURE for r in grid.missed)
    assert absent_unexcused >= 1


def test_list_stays_correct_with_six_thousand_records(ctx, world: World) -> None:
    """A sanity check without timing: bulk rows, then filtered, paged queries answer correctly (the speed at
    the county's 30,000 records is the benchmark's, tests/perf/bench.py)."""
    kinds = [k.value for k in MeetingKind if k != MeetingKind.GROUP_MEETING]
    rows = [{"id": f"m{i:06d}", "organization_id": world.branch if i % 3 else world.other,
             "kind": kinds[i % len(kinds)], "title": f"会议{i}", "topics": "学习" if i % 100 == 0 else "",
             "held_on": D(2000 + i % 25, 1 + i % 12, 1 + i % 28), "expected_count": 10, "present_count": 9}
            for i in range(6000)]
    with ctx.uow() as uow:
        uow.session.execute(insert(Meeting), rows)
        uow.commit()
    q = meetings.MeetingQuery
    with ctx.uow() as uow:
        assert meetings.count_meetings(uow) == 6000
        page = meetings.list_meetings(uow, q(organization_id=world.other, year=2024, limit=50))
        assert len(page) == 50 and all(r.organization_id == world.other and r.held_on.year == 2024 for r in page)
        assert meetings.count_meetings(uow, q(text="学习")) == 60
        grid = compliance.compute(uow, 2024, today=D(2025, 1, 1))
        assert _row(grid, world.branch).attendance_rate == pytest.approx(0.9)


def test_assembly_without_quorum_is_listed(ctx, world: World) -> None:
    from app.domain.enums import AbsenceReason, AttendanceStatus

    with ctx.uow() as uow:
        data = meetings.template(MeetingKind.GENERAL_ASSEMBLY, world.branch, D(2025, 5, 6))
        data.vote_kind = "motion"
        data.attendance = meetings.attendance_for_editing(uow, world.branch, data.held_on)
        for e in data.attendance:
            if e.member_id in world.full[:3]:  # exactly half of the six with a vote stay away
                e.status, e.reason = AttendanceStatus.ABSENT, AbsenceReason.PERSONAL_LEAVE
        meetings.create_meeting(uow, data)
        uow.commit()
    with ctx.uow() as uow:
        grid = compliance.compute(uow, 2025, today=D(2025, 12, 31))
        text = compliance.summary_text(uow, 2025, today=D(2025, 12, 31))
    assert len(grid.quorum_issues) == 1 and "应到 6 人、实到 3 人" in grid.quorum_issues[0]
    assert sum("不足法定人数" in line for line in text.splitlines()) == 1
