"""Meeting records through the services on a real SQLite store."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app import paths
from app.domain.enums import AbsenceReason, AttendanceStatus, MeetingKind, Role
from app.errors import PermissionDenied, ValidationError
from app.services import meetings
from app.services.meeting_types import AttendanceEntry, MeetingInput
from app.store.models import Attendance, AuditLog, Meeting
from app.store.uow import Actor, UnitOfWork
from tests.integration.meeting_world import World

D = dt.date
TODAY = D(2025, 12, 31)
JUNE = D(2025, 6, 10)


@pytest.fixture
def world(meeting_world: World) -> World:
    return meeting_world  # a copy of the run's built world (tests/conftest.py)


def _assembly(world: World, day: dt.date = JUNE, **kw) -> MeetingInput:
    return MeetingInput(organization_id=world.branch, kind=MeetingKind.GENERAL_ASSEMBLY, held_on=day,
                        start_time="15:00", end_time="16:30", host="王一", recorder="李二",
                        topics="议题一\n议题二", **kw)


def _with_absent(ctx, data: MeetingInput, absent: dict[str, AbsenceReason | None]) -> MeetingInput:
    """The full roster of the day, everyone present except `absent`."""
    with ctx.uow() as uow:
        data.attendance = meetings.attendance_for_editing(uow, data.organization_id, data.held_on)
    for e in data.attendance:
        if e.member_id in absent:
            e.status, e.reason = AttendanceStatus.ABSENT, absent[e.member_id]
    return data


def _create(ctx, data: MeetingInput, actor: Actor | None = None) -> meetings.SaveResult:
    with UnitOfWork(ctx.store.session_factory, actor or ctx.actor) as uow:
        result = meetings.create_meeting(uow, data, today=TODAY)
        uow.commit()
    return result


def test_create_takes_attendance_from_roster_as_of_the_day(ctx, world: World) -> None:
    result = _create(ctx, _assembly(world, D(2025, 5, 19)))
    # 6 full + 2 probationary; 周九 joined on 20 May (mid-quarter), the activist is never expected.
    assert (result.expected, result.present) == (8, 8)
    later = _create(ctx, _assembly(world, D(2025, 5, 20)))
    assert later.expected == 9
    with ctx.uow() as uow:
        names = {e.name for e in meetings.get_attendance(uow, result.id)}
        assert "周九" not in names and "吴十" not in names and "郑十一" not in names
        assert uow.session.scalar(select(func.count()).select_from(AuditLog).where(
            AuditLog.entity == "meeting", AuditLog.action == "create")) == 2


def test_absences_reasons_observers_and_update(ctx, world: World) -> None:
    data = _assembly(world)
    data.attendance = [AttendanceEntry(world.full[5], status=AttendanceStatus.ABSENT,
                                       reason=AbsenceReason.SICK_LEAVE, note="住院"),
                       AttendanceEntry(world.activist, status=AttendanceStatus.OBSERVER)]
    result = _create(ctx, data)
    assert (result.expected, result.present) == (9, 0)  # unlisted roster people are absent, never invented
    assert any("按缺席处理" in w for w in result.warnings)
    data = _with_absent(ctx, _assembly(world), {world.full[5]: AbsenceReason.SICK_LEAVE})
    data.attendance.append(AttendanceEntry(world.activist, status=AttendanceStatus.OBSERVER))
    data.attendance[-2].note = "住院"
    result = _create(ctx, data)
    assert (result.expected, result.present) == (9, 8)
    assert result.warnings == []
    with ctx.uow() as uow:
        entries = {e.member_id: e for e in meetings.get_attendance(uow, result.id)}
    assert entries[world.full[5]].reason == AbsenceReason.SICK_LEAVE
    assert entries[world.activist].status == AttendanceStatus.OBSERVER
    with ctx.uow() as uow:
        edit = meetings.get_meeting(uow, result.id)
        edit.attendance = meetings.attendance_for_editing(uow, world.branch, edit.held_on, edit.attendance)
        for e in edit.attendance:
            if e.status == AttendanceStatus.ABSENT and e.member_id != world.full[5]:
                e.status = AttendanceStatus.PRESENT
        edit.content = "补充内容 <b>&"
        updated = meetings.update_meeting(uow, result.id, edit, today=TODAY)
        uow.commit()
    assert (updated.expected, updated.present) == (9, 8)
    with ctx.uow() as uow:
        row = uow.session.get(Meeting, result.id)
        assert row.content == "补充内容 <b>&" and row.present_count == 8


def test_quorum_warning_exactly_half_and_probationary_excluded(ctx, world: World) -> None:
    # 6 with a vote; 3 absent → exactly half present: no quorum. Probationary presence does not help.
    leave = AbsenceReason.PERSONAL_LEAVE
    result = _create(ctx, _with_absent(ctx, _assembly(world, vote_kind="motion"), {m: leave for m in world.full[:3]}))
    assert result.present == 6
    assert any("不足法定人数" in w for w in result.warnings)
    # the same attendance at a 党员大会 that neither votes nor decides is not flagged (issue 16)
    result = _create(ctx, _with_absent(ctx, _assembly(world), {m: leave for m in world.full[:3]}))
    assert not any("法定人数" in w for w in result.warnings)
    data = _assembly(world, votes_for=4, votes_against=0, votes_abstain=0)
    result = _create(ctx, _with_absent(ctx, data, {m: leave for m in world.full[:2]}))
    assert not any("不足法定人数" in w for w in result.warnings)
    assert result.warnings == []  # 4 of 6 with a vote: quorum, and 4 > 3 passes


def test_committee_quorum_uses_current_posts(ctx, world: World) -> None:
    data = MeetingInput(organization_id=world.branch, kind=MeetingKind.COMMITTEE_MEETING, held_on=D(2025, 6, 3))
    data = _with_absent(ctx, data, {m: AbsenceReason.OFFICIAL_LEAVE for m in world.full[:2]})
    assert any("支委" in w for w in _create(ctx, data).warnings)  # 1 of 3 committee members
    data = MeetingInput(organization_id=world.branch, kind=MeetingKind.COMMITTEE_MEETING, held_on=D(2025, 6, 3))
    data = _with_absent(ctx, data, {world.full[0]: AbsenceReason.OFFICIAL_LEAVE})
    assert _create(ctx, data).warnings == []  # 2 of 3


def test_group_leader_is_not_counted_in_the_committee_quorum(ctx, world: World) -> None:
    """A 党小组组长 holds a post but is not on the 支委会: 2 of 3 committee members present is a quorum
    (counting the absent 组长 would make it 2 of 4, exactly half, and warn)."""
    from app.domain.enums import PostKind
    from app.services import posts

    with ctx.uow() as uow:
        posts.add_post(uow, organization_id=world.group, kind=PostKind.GROUP_LEADER, member_id=world.full[3],
                       term_start=D(2020, 1, 1))
        # a 组长 post filed on the branch itself (first-release data; add_post now refuses it)
        from app.store.models import Post

        uow.session.add(Post(organization_id=world.branch, member_id=world.full[4], holder_name="陈五",
                             kind=PostKind.GROUP_LEADER.value, term_start=D(2020, 1, 1)))
        uow.commit()
    data = MeetingInput(organization_id=world.branch, kind=MeetingKind.COMMITTEE_MEETING, held_on=D(2025, 6, 3))
    data = _with_absent(ctx, data, {world.full[0]: AbsenceReason.OFFICIAL_LEAVE,
                                    world.full[3]: AbsenceReason.OFFICIAL_LEAVE,
                                    world.full[4]: AbsenceReason.OFFICIAL_LEAVE})
    assert _create(ctx, data).warnings == []
    with ctx.uow() as uow:
        assert meetings.committee_member_ids(uow, world.branch, D(2025, 6, 3)) == set(world.full[:3])


@pytest.mark.parametrize(("change", "message"), [
    ({"held_on": D(2026, 1, 1)}, "不能晚于今天"),
    ({"start_time": "16:00", "end_time": "15:00"}, "结束时间应晚于开始时间"),
    ({"start_time": "25:00"}, "格式"),
    ({"kind": MeetingKind.GROUP_MEETING}, "党小组会只能由党小组召开"),
    ({"votes_for": -1}, "负数"),
])
def test_invalid_input_writes_nothing(ctx, world: World, change: dict, message: str) -> None:
    data = _assembly(world)
    for k, v in change.items():
        setattr(data, k, v)
    with pytest.raises(ValidationError) as info:
        _create(ctx, data)
    assert message in str(info.value)
    with ctx.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Meeting)) == 0


def test_times_are_stored_in_the_one_spelling(ctx, world: World) -> None:
    data = _assembly(world)
    data.start_time, data.end_time = "8:30", "9：45"  # 9：45 from a Chinese input method
    result = _create(ctx, data)
    with ctx.uow() as uow:
        meeting = uow.session.get(Meeting, result.id)
        assert meeting is not None and (meeting.start_time, meeting.end_time) == ("08:30", "09:45")


def test_group_meeting_roster_is_the_group(ctx, world: World) -> None:
    data = MeetingInput(organization_id=world.group, kind=MeetingKind.GROUP_MEETING, held_on=D(2025, 3, 3))
    assert _create(ctx, data).expected == 3
    with pytest.raises(ValidationError):
        _create(ctx, MeetingInput(organization_id=world.group, kind=MeetingKind.THEME_DAY, held_on=D(2025, 3, 3)))


def test_secretary_of_another_branch_is_refused(ctx, world: World) -> None:
    stranger = Actor("other", Role.BRANCH_SECRETARY, world.other)
    with pytest.raises(PermissionDenied):
        _create(ctx, _assembly(world), stranger)
    own = Actor("mine", Role.BRANCH_SECRETARY, world.branch)
    meeting_id = _create(ctx, _assembly(world), own).id
    group_meeting = MeetingInput(organization_id=world.group, kind=MeetingKind.GROUP_MEETING, held_on=D(2025, 3, 3))
    _create(ctx, group_meeting, own)  # the branch's own party group
    with UnitOfWork(ctx.store.session_factory, stranger) as uow, pytest.raises(PermissionDenied):
        meetings.delete_meeting(uow, meeting_id)
    viewer = Actor("v", Role.VIEWER)
    with pytest.raises(PermissionDenied):
        _create(ctx, _assembly(world), viewer)


def test_rollback_on_error_keeps_nothing(ctx, world: World) -> None:
    with pytest.raises(RuntimeError), ctx.uow() as uow:
        meetings.create_meeting(uow, _assembly(world), today=TODAY)
        raise RuntimeError("power cut before commit")
    with ctx.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Meeting)) == 0
        assert uow.session.scalar(select(func.count()).select_from(Attendance)) == 0


def test_copy_last_and_template(ctx, world: World) -> None:
    with ctx.uow() as uow:
        fresh = meetings.copy_last(uow, world.branch, MeetingKind.PARTY_LECTURE)
    assert fresh.title == "党课" and fresh.lecture_type == "书记讲党课" and fresh.first_topic_material
    _create(ctx, MeetingInput(organization_id=world.branch, kind=MeetingKind.PARTY_LECTURE, held_on=D(2025, 3, 5),
                              title="党课：初心", place="三楼会议室", lecturer="王一", lecture_title="初心",
                              start_time="14:00", content="很长的内容"))
    with ctx.uow() as uow:
        copy = meetings.copy_last(uow, world.branch, MeetingKind.PARTY_LECTURE, D(2025, 6, 5))
    assert (copy.place, copy.lecturer, copy.start_time, copy.held_on) == ("三楼会议室", "王一", "14:00", D(2025, 6, 5))
    assert copy.content == "" and copy.attendance is None


def test_talk_between_two_members(ctx, world: World) -> None:
    with ctx.uow() as uow:
        result = meetings.create_talk(uow, member_a_id=world.full[0], member_b_id=world.full[4],
                                      held_on=D(2025, 4, 1), topic="谈思想", summary="交流了工作情况")
        uow.commit()
    assert result.expected == 0
    with ctx.uow() as uow:
        talk = meetings.get_meeting(uow, result.id)
        assert talk.kind == MeetingKind.TALK and talk.talk_member_b_id == world.full[4]
        with pytest.raises(ValidationError):
            meetings.create_talk(uow, member_a_id=world.full[0], member_b_id=world.full[0],
                                 held_on=D(2025, 4, 1), topic="x")


def test_attachments_copied_hashed_and_removed_after_commit(ctx, world: World, tmp_path: Path) -> None:
    meeting_id = _create(ctx, _assembly(world)).id
    photo = tmp_path / "现场照片.jpg"
    photo.write_bytes(b"\xff\xd8 fake jpeg" * 100)
    with ctx.uow() as uow:
        row = meetings.add_attachment(uow, meeting_id, photo)
        uow.commit()
    stored = paths.attachments_dir() / row.stored_name
    assert stored.read_bytes() == photo.read_bytes() and row.size == photo.stat().st_size
    assert len(row.sha256) == 64 and row.original_name == "现场照片.jpg"
    with ctx.uow() as uow:
        assert [a.original_name for a in meetings.list_attachments(uow, meeting_id)] == ["现场照片.jpg"]
        meetings.remove_attachment(uow, row.id)  # rolled back: the file must stay
    assert stored.exists()
    with ctx.uow() as uow:
        meetings.remove_attachment(uow, row.id)
        uow.commit()
    assert not stored.exists()
    with ctx.uow() as uow, pytest.raises(ValidationError):
        meetings.add_attachment(uow, meeting_id, tmp_path / "missing.jpg")


def test_delete_is_audited_with_old_values(ctx, world: World) -> None:
    meeting_id = _create(ctx, _assembly(world)).id
    with ctx.uow() as uow:
        meetings.delete_meeting(uow, meeting_id)
        uow.commit()
    with ctx.uow() as uow:
        assert uow.session.get(Meeting, meeting_id) is None
        assert uow.session.scalar(select(func.count()).select_from(Attendance)) == 0
        log = uow.session.scalars(select(AuditLog).where(AuditLog.action == "delete")).one()
        assert "议题一" in log.old_values and "王一" in log.old_values


def test_list_filters_in_sql_and_pages(ctx, world: World) -> None:
    _create(ctx, _assembly(world, D(2025, 6, 10), title="六月大会"))
    _create(ctx, MeetingInput(organization_id=world.group, kind=MeetingKind.GROUP_MEETING, held_on=D(2025, 3, 3),
                              topics="学习党章"))
    _create(ctx, MeetingInput(organization_id=world.other, kind=MeetingKind.THEME_DAY, held_on=D(2024, 3, 3)))
    q = meetings.MeetingQuery
    with ctx.uow() as uow:
        assert meetings.count_meetings(uow) == 3
        assert meetings.count_meetings(uow, q(organization_id=world.branch)) == 2  # includes its group
        assert meetings.count_meetings(uow, q(year=2025)) == 2
        assert meetings.count_meetings(uow, q(kind=MeetingKind.THEME_DAY)) == 1
        assert [r.title for r in meetings.list_meetings(uow, q(text="党章"))] == ["党小组会"]
        assert meetings.count_meetings(uow, q(text="100%")) == 0
        page = meetings.list_meetings(uow, q(offset=1, limit=1))
        assert len(page) == 1 and page[0].held_on == D(2025, 3, 3)  # newest first


def test_attachment_copied_in_a_save_that_fails_is_not_left_behind(ctx, world: World, tmp_path: Path) -> None:
    meeting_id = _create(ctx, _assembly(world)).id
    photo = tmp_path / "签到表扫描.pdf"
    photo.write_bytes(b"%PDF-1.4 fake" * 50)
    with pytest.raises(RuntimeError), ctx.uow() as uow:
        row = meetings.add_attachment(uow, meeting_id, photo)
        assert (paths.attachments_dir() / row.stored_name).exists()
        raise RuntimeError("the rest of the save failed")
    assert list(paths.attachments_dir().iterdir()) == []
    with ctx.uow() as uow:  # left without commit (e.g. a validation error later in the save)
        meetings.add_attachment(uow, meeting_id, photo)
    assert list(paths.attachments_dir().iterdir()) == []
    with ctx.uow() as uow:
        kept = meetings.add_attachment(uow, meeting_id, photo)
        uow.commit()
    assert [p.name for p in paths.attachments_dir().iterdir()] == [kept.stored_name]
    with ctx.uow() as uow:  # a later transaction on the same session kind does not touch it
        assert len(meetings.list_attachments(uow, meeting_id)) == 1
    assert (paths.attachments_dir() / kept.stored_name).exists()
