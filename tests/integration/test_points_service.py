"""党员积分 through the services on a real SQLite store: automatic points follow the meetings, caps, the
veto, corrections as counter-entries, commitments, evaluation, catalog freezing, ballots and decisions."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from app.domain.enums import AbsenceReason, AttendanceStatus, MeetingKind, Role
from app.domain.points_rules import CommitmentRole, Fulfilment, Grade, RuleCategory, Trigger
from app.errors import PermissionDenied, ValidationError
from app.services import commitments, meetings, points, points_catalog, points_review
from app.services.meeting_types import MeetingInput
from app.store.models import AuditLog, PointEntry, PointTotal
from app.store.uow import Actor
from tests.integration.meeting_world import World

D = dt.date
YEAR = 2025
TODAY = D(2025, 12, 31)


@pytest.fixture
def world(meeting_world: World) -> World:
    return meeting_world  # a copy of the run's built world (tests/conftest.py)


def _meeting(ctx, world: World, kind: MeetingKind, day: dt.date, *, absent: dict[str, AbsenceReason | None]
             | None = None, lecturer: str = "", org: str | None = None) -> str:
    data = MeetingInput(organization_id=org or world.branch, kind=kind, held_on=day, lecturer=lecturer,
                        lecture_title="党课题目" if kind == MeetingKind.PARTY_LECTURE else "")
    with ctx.uow() as uow:
        data.attendance = meetings.attendance_for_editing(uow, data.organization_id, day)
        for e in data.attendance:
            if e.member_id in (absent or {}):
                e.status, e.reason = AttendanceStatus.ABSENT, (absent or {})[e.member_id]
        mid = meetings.create_meeting(uow, data, today=TODAY).id
        uow.commit()
    return mid


def _rank(ctx) -> dict[str, points.RankRow]:
    return {r.member_id: r for r in points.year_ranking(ctx, YEAR).rows}


def _rule(ctx, code: str) -> str:
    cat = points_catalog.get_catalog(ctx, YEAR)
    return next(r.id for r in cat.rules if r.spec.code == code)


def test_base_is_three_detail_rows_and_the_population(ctx, world: World) -> None:
    ranking = _rank(ctx)
    # the activist is scored too (docs/domain.md: scored, not graded)
    assert set(ranking) == {*world.full, *world.probationary, world.late, world.other_member, world.activist}
    assert {r.total for r in ranking.values()} == {60}
    ledger = points.member_ledger(ctx, world.full[0], YEAR)
    assert [(r.item, r.points, r.source) for r in ledger.rows] == [
        ("政治素质", 20, "base"), ("纪律规矩", 20, "base"), ("品德作风", 20, "base")]
    assert not ranking[world.probationary[0]].graded and ranking[world.full[0]].graded
    assert not ranking[world.activist].graded


def test_attendance_points_follow_meeting_edit_and_delete(ctx, world: World) -> None:
    a, b = world.full[0], world.full[1]
    m1 = _meeting(ctx, world, MeetingKind.GENERAL_ASSEMBLY, D(2025, 3, 5), absent={b: AbsenceReason.UNEXCUSED})
    _meeting(ctx, world, MeetingKind.COMMITTEE_MEETING, D(2025, 3, 6))  # a 支委会 earns nothing
    ranking = _rank(ctx)
    assert ranking[a].total == 61 and ranking[b].total == 58
    ledger = points.member_ledger(ctx, b, YEAR)
    absence = [r for r in ledger.rows if r.source == "meeting"]
    assert [(r.points, r.meeting_id, r.category) for r in absence] == [(-2, m1, RuleCategory.DEDUCTION)]
    # Edit the meeting: b was on sick leave after all, a was absent without excuse.
    with ctx.uow() as uow:
        data = meetings.get_meeting(uow, m1)
        for e in data.attendance:
            if e.member_id == b:
                e.reason = AbsenceReason.SICK_LEAVE
            if e.member_id == a:
                e.status, e.reason = AttendanceStatus.ABSENT, AbsenceReason.UNEXCUSED
        meetings.update_meeting(uow, m1, data, today=TODAY)
        uow.commit()
    ranking = _rank(ctx)
    assert (ranking[a].total, ranking[b].total) == (58, 60)
    with ctx.uow() as uow:
        meetings.delete_meeting(uow, m1)
        uow.commit()
    ranking = _rank(ctx)
    assert (ranking[a].total, ranking[b].total) == (60, 60)


def test_attendance_cap_and_lecture_cap_with_cut_rows(ctx, world: World) -> None:
    a = world.full[0]
    for month in range(1, 13):
        _meeting(ctx, world, MeetingKind.THEME_DAY, D(2025, month, 2))
        _meeting(ctx, world, MeetingKind.PARTY_LECTURE, D(2025, month, 3), lecturer="王一")
    ranking = _rank(ctx)
    # 24 attendances → +20 (cap), 12 党课 given by 王一 → +6 (cap); others only the attendance cap.
    assert ranking[a].total == 60 + 20 + 6
    assert ranking[world.full[1]].total == 80
    ledger = points.member_ledger(ctx, a, YEAR)
    assert ledger.total == ranking[a].total
    cuts = sorted(r.points for r in ledger.rows if r.source == "cap")
    assert cuts == [-30, -4]  # 36 → 6, 24 → 20


def test_lecturer_name_shared_by_two_members_scores_nobody(ctx, world: World) -> None:
    _meeting(ctx, world, MeetingKind.PARTY_LECTURE, D(2025, 4, 3), lecturer="无此人")
    with ctx.uow() as uow:  # a second 王一 in the school
        from app.store.models import Member
        twin = uow.session.get(Member, world.other_member)
        twin.name = "王一"
        uow.commit()
    _meeting(ctx, world, MeetingKind.PARTY_LECTURE, D(2025, 4, 4), lecturer="王一")
    ranking = _rank(ctx)
    assert ranking[world.full[0]].total == 62  # two attendances, no lecture points
    assert ranking[world.other_member].total == 60  # nor for the other 王一


def test_manual_entry_range_reason_and_quick_entry(ctx, world: World) -> None:
    award = _rule(ctx, "award")
    points.add_entry(ctx, world.full[0], award, D(2025, 5, 1), "获县级优秀教师", points=3)
    points.add_entry(ctx, world.full[0], award, D(2025, 6, 1), "获省级教学能手", points=8)
    points.add_entry(ctx, world.full[0], award, D(2025, 7, 1), "获国家级奖励", points=10)
    with pytest.raises(ValidationError):
        points.add_entry(ctx, world.full[0], award, D(2025, 7, 1), "", points=3)
    with pytest.raises(ValidationError):
        points.add_entry(ctx, world.full[0], award, D(2025, 7, 1), "理由", points=11)
    with pytest.raises(ValidationError):  # an automatic rule is not typed in
        points.add_entry(ctx, world.full[0], _rule(ctx, "attend"), D(2025, 7, 1), "理由")
    result = points.add_entries(ctx, world.full[:4], _rule(ctx, "volunteer"), D(2025, 9, 1), "社区志愿服务")
    assert result.count == 4
    with ctx.uow() as uow:
        assert points.total_problems(uow) == []
    ranking = _rank(ctx)
    assert ranking[world.full[0]].total == 60 + 15 + 1  # the award cap is 15
    assert ranking[world.full[3]].total == 61 and ranking[world.full[4]].total == 60
    entry = points.member_ledger(ctx, world.full[3], YEAR).rows[-1]
    assert (entry.entered_by, entry.source_text, entry.day) == ("命令行", "社区志愿服务", D(2025, 9, 1))


def test_correction_is_a_visible_counter_entry(ctx, world: World) -> None:
    eid = points.add_entry(ctx, world.full[0], _rule(ctx, "criticism"), D(2025, 5, 1), "通报批评")
    assert _rank(ctx)[world.full[0]].total == 50
    points.correct_entry(ctx, eid, "录错了人", today=D(2025, 5, 3))
    with pytest.raises(ValidationError):
        points.correct_entry(ctx, eid, "再次")
    assert _rank(ctx)[world.full[0]].total == 60
    rows = [r for r in points.member_ledger(ctx, world.full[0], YEAR).rows if r.source != "base"]
    assert [(r.points, r.source, r.corrected) for r in rows] == [(-10, "manual", True), (10, "correction", False)]
    with ctx.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(PointEntry)) == 2
        assert points.total_problems(uow) == []
        total = uow.session.scalars(select(PointTotal)).one()
        assert (total.points, total.entries) == (0, 0)


def test_veto_forces_unqualified_and_evaluation_freezes_the_catalog(ctx, world: World) -> None:
    for code, who in (("model_post", 0), ("model_post", 1)):
        for day in (D(2025, 3, 1), D(2025, 4, 1), D(2025, 5, 1), D(2025, 6, 1), D(2025, 7, 1), D(2025, 8, 1)):
            points.add_entry(ctx, world.full[who], _rule(ctx, code), day, "示范岗")
    points.add_entry(ctx, world.full[1], _rule(ctx, "veto_ethics"), D(2025, 10, 1), "有偿补课")
    ranking = _rank(ctx)
    assert ranking[world.full[1]].vetoed and ranking[world.full[1]].total == 90
    with pytest.raises(ValidationError):
        points_review.evaluate_year(ctx, YEAR, today=D(2025, 11, 30))
    review = points_review.evaluate_year(ctx, YEAR, today=TODAY)
    by = {r.member_id: r for r in review.rows}
    assert by[world.full[0]].suggested == Grade.EXCELLENT
    assert by[world.full[1]].suggested == Grade.UNQUALIFIED
    assert by[world.probationary[0]].suggested is None
    assert by[world.full[2]].suggested == Grade.BASICALLY_QUALIFIED
    # Frozen: no more entries; a catalog edit makes version 2 and the year keeps version 1.
    with pytest.raises(ValidationError):
        points.add_entry(ctx, world.full[0], _rule(ctx, "volunteer"), D(2025, 12, 30), "志愿")
    cat = points_catalog.get_catalog(ctx, YEAR)
    assert cat.frozen and cat.version == 1
    rules = [r if r.spec.code != "model_post" else
             points_catalog.RuleRow(r.id, type(r.spec)(**{**r.spec.__dict__, "points": 4}), r.active)
             for r in cat.rules]
    saved = points_catalog.save_catalog(ctx, YEAR, rules, cat.bands)
    assert saved.version == 2 and not saved.frozen
    again = points_catalog.get_catalog(ctx, YEAR)
    assert again.version == 1 and next(r for r in again.rules if r.spec.code == "model_post").spec.points == 5
    assert _rank(ctx)[world.full[0]].total == 90
    nxt = points_catalog.get_catalog(ctx, YEAR + 1)  # the next year starts from the newest version
    assert next(r for r in nxt.rules if r.spec.code == "model_post").spec.points == 4
    with pytest.raises(ValidationError):
        points_review.evaluate_year(ctx, YEAR, today=TODAY)


def test_catalog_edit_before_evaluation_changes_in_place(ctx, world: World) -> None:
    cat = points_catalog.get_catalog(ctx, YEAR)
    edited = [r if r.spec.code != "base_conduct" else
              points_catalog.RuleRow(r.id, type(r.spec)(**{**r.spec.__dict__, "points": 30}), r.active)
              for r in cat.rules if r.spec.code != "mentoring"]
    saved = points_catalog.save_catalog(ctx, YEAR, edited, cat.bands)
    assert saved.version == 1 and saved.id == cat.id
    assert not next(r for r in saved.rules if r.spec.code == "mentoring").active  # switched off, kept
    assert _rank(ctx)[world.full[0]].total == 70
    with pytest.raises(ValidationError):
        bad = [points_catalog.RuleRow(r.id, type(r.spec)(**{**r.spec.__dict__, "points": -1}), r.active)
               if r.spec.code == "volunteer" else r for r in cat.rules]
        points_catalog.save_catalog(ctx, YEAR, bad, cat.bands)
    # A rule keeps its one source: the ranking (app/services/points_sql.py) caps each source on its own.
    moved = [points_catalog.RuleRow(r.id, type(r.spec)(**{**r.spec.__dict__, "trigger": Trigger.ATTEND}), r.active)
             if r.spec.code == "volunteer" else r for r in saved.rules]
    with pytest.raises(ValidationError, match="计分来源不能修改"):
        points_catalog.save_catalog(ctx, YEAR, moved, cat.bands)


def test_commitments_from_template_and_review_feed_points(ctx, world: World) -> None:
    assert commitments.fill_from_template(ctx, YEAR, world.full[:2], CommitmentRole.TEACHER) == 2
    assert commitments.fill_from_template(ctx, YEAR, world.full[:2], CommitmentRole.TEACHER) == 0
    items = commitments.list_commitments(ctx, world.full[0], YEAR)
    assert [i.group.label for i in items] == ["政治思想", "教育教学", "服务学生", "廉洁自律"]
    commitments.review_commitment(ctx, items[0].id, Fulfilment.KEPT, today=TODAY)
    commitments.review_commitment(ctx, items[1].id, Fulfilment.BROKEN, "未上公开课", today=TODAY)
    assert _rank(ctx)[world.full[0]].total == 60 + 1 - 5
    commitments.review_commitment(ctx, items[1].id, Fulfilment.PENDING)
    assert _rank(ctx)[world.full[0]].total == 61
    edited = [*items[:3], commitments.CommitmentRow(None, items[3].group, "新的承诺", D(2025, 12, 1))]
    commitments.save_commitments(ctx, world.full[0], YEAR, edited)
    texts = [i.text for i in commitments.list_commitments(ctx, world.full[0], YEAR)]
    assert texts[-1] == "新的承诺" and len(texts) == 4
    with pytest.raises(ValidationError):  # a reviewed commitment cannot be dropped
        commitments.save_commitments(ctx, world.full[0], YEAR, edited[1:])


def test_ballots_and_decisions_need_reasons(ctx, world: World) -> None:
    points_review.evaluate_year(ctx, YEAR, today=TODAY)
    a = world.full[0]
    points_review.record_ballots(ctx, YEAR, a, (3, 5, 1, 0))
    with pytest.raises(ValidationError):
        points_review.record_ballots(ctx, YEAR, a, (30, 5, 1, 0))
    with pytest.raises(ValidationError):
        points_review.decide(ctx, YEAR, a, Grade.QUALIFIED, "")
    row = points_review.decide(ctx, YEAR, a, Grade.QUALIFIED, "支部党员大会表决")
    assert (row.suggested, row.final, row.votes) == (Grade.BASICALLY_QUALIFIED, Grade.QUALIFIED, (3, 5, 1, 0))
    with pytest.raises(ValidationError):
        points_review.decide(ctx, YEAR, world.probationary[0], Grade.QUALIFIED, "理由")
    with ctx.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(AuditLog).where(
            AuditLog.entity == "point_review_entry")) == 2


def test_viewer_cannot_enter_points_and_nothing_is_written(ctx, world: World) -> None:
    rule = _rule(ctx, "volunteer")
    ctx.actor = Actor("看看", Role.VIEWER)
    with pytest.raises(PermissionDenied):
        points.add_entries(ctx, world.full[:3], rule, D(2025, 5, 1), "志愿")
    ctx.actor = Actor("支书", Role.BRANCH_SECRETARY, world.branch)
    with pytest.raises(PermissionDenied):  # a branch secretary does not register a veto
        points.add_entry(ctx, world.full[0], _rule(ctx, "veto_ethics"), D(2025, 5, 1), "否决")
    with pytest.raises(PermissionDenied):  # nor enter points in another branch (all or nothing)
        points.add_entries(ctx, [world.full[0], world.other_member], rule, D(2025, 5, 1), "志愿")
    with ctx.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(PointEntry)) == 0
