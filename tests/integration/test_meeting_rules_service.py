"""Issue 16 through the services: committee attendance, excused members, combined records, posts, rules."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain import compliance_rules as cr
from app.domain.enums import AbsenceReason, AttendanceStatus, MeetingKind, Period, PostKind
from app.errors import ValidationError
from app.services import compliance, meeting_print_data, meetings, posts, rule_checks
from app.services.meeting_types import AttendanceEntry, MeetingInput
from app.store.models import Post
from tests.integration.meeting_world import World

D = dt.date
TODAY = D(2025, 12, 31)


@pytest.fixture
def world(meeting_world: World) -> World:
    return meeting_world  # a copy of the run's built world (tests/conftest.py)


def _save(ctx, data: MeetingInput) -> meetings.SaveResult:
    with ctx.uow() as uow:
        result = meetings.create_meeting(uow, data, today=TODAY)
        uow.commit()
    return result


def _everyone(ctx, org: str, day: dt.date, absent: set[str] = frozenset()) -> list[AttendanceEntry]:
    """The whole branch roster ticked present (as a first-release editor would send it), `absent` absent."""
    with ctx.uow() as uow:
        entries = meetings.attendance_for_editing(uow, org, day)
    for e in entries:
        if e.member_id in absent:
            e.status, e.reason = AttendanceStatus.ABSENT, AbsenceReason.OFFICIAL_LEAVE
    return entries


def _committee(world: World, day: dt.date, **kw) -> MeetingInput:
    return MeetingInput(organization_id=world.branch, kind=MeetingKind.COMMITTEE_MEETING, held_on=day, **kw)


def test_committee_meeting_expects_the_committee_and_others_observe(ctx, world: World) -> None:
    with ctx.uow() as uow:  # a 党小组组长 is not on the committee
        posts.add_post(uow, organization_id=world.group, kind=PostKind.GROUP_LEADER, member_id=world.full[3],
                       term_start=D(2020, 1, 1))
        uow.commit()
    data = _committee(world, D(2025, 6, 3))
    data.attendance = _everyone(ctx, world.branch, data.held_on, absent={world.full[0], world.full[1]})
    result = _save(ctx, data)
    assert (result.expected, result.present) == (3, 1)
    assert any("支委 3 人、到会 1 人" in w for w in result.warnings)  # the group leader present does not help
    with ctx.uow() as uow:
        att = {e.member_id: e.status for e in meetings.get_attendance(uow, result.id)}
        doc = meeting_print_data.record_doc(uow, result.id)
        sheet = meeting_print_data.signin_doc(uow, result.id)
        blank = meeting_print_data.signin_blank_doc(uow, world.branch, MeetingKind.COMMITTEE_MEETING, D(2025, 6, 3))
    assert att[world.full[3]] == AttendanceStatus.OBSERVER and att[world.full[2]] == AttendanceStatus.PRESENT
    assert doc.expected_count == 3 and "刘四" in doc.observers and len(doc.absentees) == 2
    assert sheet.expected_count == 3 and [line.note for line in sheet.lines].count("列席") == 6
    assert sorted(line.name for line in blank.lines) == sorted(["王一", "李二", "张三"])
    from app.services.meeting_export import ledger

    with ctx.uow() as uow:
        row = ledger(uow, 2025, None).meetings[0]
    assert (row.expected, row.present) == (3, 1) and "刘四" in row.observers


def test_committee_member_who_leaves_mid_year(ctx, world: World) -> None:
    with ctx.uow() as uow:
        officer = uow.session.query(Post).filter_by(member_id=world.full[1]).one()
        posts.end_post(uow, officer.id, D(2025, 6, 30))
        uow.commit()
    june = _committee(world, D(2025, 6, 30))
    july = _committee(world, D(2025, 7, 1))
    assert _save(ctx, june).expected == 3
    saved = _save(ctx, july)
    assert saved.expected == 2
    with ctx.uow() as uow:
        names = {e.name: e.status for e in meetings.get_attendance(uow, saved.id)}
    assert set(names) == {"王一", "张三"}


def test_excused_member_at_a_general_assembly(ctx, world: World) -> None:
    day = D(2025, 6, 10)
    data = MeetingInput(organization_id=world.branch, kind=MeetingKind.GENERAL_ASSEMBLY, held_on=day,
                        vote_kind="motion", votes_for=5, votes_against=0, votes_abstain=0)
    data.attendance = _everyone(ctx, world.branch, day)
    excused = next(e for e in data.attendance if e.member_id == world.full[5])
    excused.status, excused.reason = AttendanceStatus.EXCUSED, AbsenceReason.FRAIL
    with pytest.raises(ValidationError) as err:  # consent of the upper organization must be noted
        _save(ctx, data)
    assert "上级党组织同意" in str(err.value)
    excused.note = "长期卧床，镇党委2025-05-01同意"
    result = _save(ctx, data)
    assert (result.expected, result.present) == (8, 8)  # 9 on the roster that day, one excused
    assert result.warnings == []  # 5 with a vote present of 5 expected; 5 in favour passes
    with ctx.uow() as uow:
        doc = meeting_print_data.record_doc(uow, result.id)
    assert [a.name for a in doc.excused] == ["杨六"] and "镇党委" in doc.excused[0].note
    assert doc.vote_label == "表决/决定"
    committee = _committee(world, day, attendance=[AttendanceEntry(world.full[0], status=AttendanceStatus.EXCUSED,
                                                                   reason=AbsenceReason.AWAY, note="同意")])
    with pytest.raises(ValidationError, match="出勤登记有误"):
        _save(ctx, committee)


def test_combined_record_at_a_quarters_end_counts_for_both_kinds(ctx, world: World) -> None:
    data = MeetingInput(organization_id=world.branch, kind=MeetingKind.THEME_DAY, held_on=D(2025, 3, 31),
                        title="3月主题党日暨党课", also_kinds="party_lecture，party_lecture", lecturer="王一")
    saved = _save(ctx, data)
    with ctx.uow() as uow:
        grid = compliance.compute(uow, 2025, today=D(2025, 4, 2))
        doc = meeting_print_data.record_doc(uow, saved.id)
    row = next(r for r in grid.rows if r.branch_id == world.branch)
    assert row.kind_totals["party_lecture"][0] == 1 and row.kind_totals["theme_day"][0] == 1
    assert not any(r.kind == MeetingKind.PARTY_LECTURE and r.org_id == world.branch for r in grid.missed)
    assert doc.kind_text == "主题党日（合并召开，同时计为：党课）"
    from app.services.meeting_export import ledger

    with ctx.uow() as uow:
        titles = [m.title for m in ledger(uow, 2025, None).meetings]
    assert titles == ["3月主题党日暨党课（合并召开，同时计为党课）"]
    bad = MeetingInput(organization_id=world.branch, kind=MeetingKind.THEME_DAY, held_on=D(2025, 3, 30),
                       also_kinds="group_meeting")
    with pytest.raises(ValidationError):
        _save(ctx, bad)
    no_lecturer = MeetingInput(organization_id=world.branch, kind=MeetingKind.THEME_DAY, held_on=D(2025, 3, 29),
                               title="主题党日暨党课", also_kinds="party_lecture")
    with pytest.raises(ValidationError) as refused:  # counted as a 党课, it records who gave it
        _save(ctx, no_lecturer)
    assert "党课须填写主讲人或党课题目" in refused.value.details


def test_post_warnings_need_a_reason(ctx, world: World) -> None:
    with ctx.uow() as uow:
        with pytest.raises(posts.PostRuleWarning) as warning:
            posts.add_post(uow, organization_id=world.branch, kind=PostKind.DISCIPLINE_OFFICER,
                           member_id=world.probationary[0], term_start=D(2025, 3, 1))
        assert any("预备党员" in w for w in warning.value.warnings)
        assert any("不设支部委员会" in w for w in warning.value.warnings)  # 6 正式党员
        pid = posts.add_post(uow, organization_id=world.branch, kind=PostKind.DISCIPLINE_OFFICER,
                             member_id=world.probationary[0], term_start=D(2025, 3, 1), reason="换届前临时代理")
        uow.commit()
    with ctx.uow() as uow:
        assert uow.session.get(Post, pid).warning_reason == "换届前临时代理"
        lines = rule_checks.year_problems(uow, 2025, today=TODAY)
    assert any("测试支部 2025-03-01：赵七任纪检委员时为预备党员" in line and "换届前临时代理" in line for line in lines)
    assert any(line.startswith("测试支部 2025-01-01：正式党员6名") for line in lines)


def test_rule_editor_explains_which_rule_applies_and_why(ctx, world: World) -> None:
    with ctx.uow() as uow:
        lines = compliance.explain_rules(uow, D(2025, 6, 1))
        compliance.set_rule(uow, MeetingKind.PARTY_LECTURE, organization_id=world.other, period=Period.MONTH,
                            valid_from=D(2025, 7, 1))
        uow.commit()
    committee = next(x for x in lines if x.org_name == "测试支部" and x.kind == MeetingKind.COMMITTEE_MEETING)
    assert not committee.required and "不足7名" in committee.why
    assert not any(x.kind == MeetingKind.GROUP_MEETING and x.org_name == "测试支部" for x in lines)
    assert any(x.org_name == "测试小组" and x.kind == MeetingKind.GROUP_MEETING and x.required for x in lines)
    with ctx.uow() as uow:
        after = compliance.explain_rules(uow, D(2025, 8, 1))
        grid = compliance.compute(uow, 2025, today=TODAY)
    lecture = next(x for x in after if x.org_name == "其他支部" and x.kind == MeetingKind.PARTY_LECTURE)
    assert lecture.required and "本组织规定（2025-07-01起）：每月1次" in lecture.why
    other = [r for r in grid.missed if r.org_id == world.other and r.kind == MeetingKind.PARTY_LECTURE]
    # Q1, Q2 under the school rule; July–November monthly (December still running on its last day)
    assert [r.window.period for r in other] == [Period.QUARTER, Period.QUARTER] + [Period.MONTH] * 5
    assert cr.Status.RED in {r.status for r in other}


def test_member_under_party_probation_attends_without_a_vote(ctx, world: World) -> None:
    from app.services import member_status

    with pytest.raises(ValidationError):
        member_status.record_party_probation(ctx, world.full[4], D(2025, 1, 1), D(2024, 12, 1))
    with pytest.raises(ValidationError, match="最长两年"):
        member_status.record_party_probation(ctx, world.full[4], D(2025, 1, 1), D(2027, 6, 1))
    member_status.record_party_probation(ctx, world.full[4], D(2025, 1, 1), D(2025, 12, 31))
    day = D(2025, 6, 10)
    with ctx.uow() as uow:
        roster = {p.member_id: p for p in meetings.roster_for(uow, world.branch, day, MeetingKind.GENERAL_ASSEMBLY)}
    assert world.full[4] in roster and not roster[world.full[4]].votes  # attends, no vote
    data = MeetingInput(organization_id=world.branch, kind=MeetingKind.GENERAL_ASSEMBLY, held_on=day,
                        vote_kind="motion", votes_for=3, votes_against=0, votes_abstain=0)
    data.attendance = _everyone(ctx, world.branch, day, absent={world.full[0], world.full[1]})
    result = _save(ctx, data)
    # 5 with a vote (6 正式 − 1 留党察看), 3 of them present: quorum; 3 in favour > 2.5 passes
    assert result.warnings == []
    data.votes_for = 2
    assert any("有表决权应到人数 5 人" in w for w in _save(ctx, data).warnings)
