"""Read-only queries that turn meetings, attendance and plans into the printing dataclasses.

Batch-loaded (one query per table, not per record) so a year's 汇编 of hundreds of records stays quick.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import select

from app.domain import meeting_rules as mr
from app.domain.docs.meeting_docs import (
    Absentee,
    HeldItem,
    MeetingRecordDoc,
    PlanBranch,
    PlanDoc,
    PlanItem,
    PlanMonth,
    SignInDoc,
    SignInLine,
)
from app.domain.enums import (
    AbsenceReason,
    AttendanceStatus,
    MeetingKind,
    OrgKind,
    VoteKind,
)
from app.errors import NotFoundError
from app.services import organizations
from app.services.meeting_types import RosterPerson
from app.services.meetings import roster_for
from app.store.models import Attachment, Attendance, Meeting, MeetingPlan, Member, Organization
from app.store.uow import UnitOfWork

EXPECTED = (AttendanceStatus.PRESENT.value, AttendanceStatus.ABSENT.value)


def _school_name(uow: UnitOfWork) -> str:
    school = organizations.get_school(uow)
    return school.name if school else ""


def _reason(value: str | None) -> str:
    try:
        return AbsenceReason(value).label if value else ""
    except ValueError:
        return value or ""


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def find_organization(uow: UnitOfWork, name: str) -> Organization:
    return organizations.require_record_by_name(uow, name)


def _with_children(uow: UnitOfWork, org: Organization) -> list[str]:
    """An organization and the party groups under it (a branch's records include its groups')."""
    ids = [org.id]
    ids += uow.session.scalars(select(Organization.id).where(Organization.parent_id == org.id))
    return ids


def _branch_of(org: Organization) -> Organization:
    if org.kind == OrgKind.PARTY_GROUP.value and org.parent is not None:
        return org.parent
    return org


def _sequences(uow: UnitOfWork, meetings: Iterable[Meeting]) -> dict[str, int]:
    """本年度第几次: the rank of each meeting among its organization's meetings of that kind that year."""
    keys = {(m.organization_id, m.kind, m.held_on.year) for m in meetings}
    result: dict[str, int] = {}
    for org_id, kind, year in keys:
        ids = uow.session.scalars(
            select(Meeting.id).where(Meeting.organization_id == org_id, Meeting.kind == kind,
                                     Meeting.held_on >= dt.date(year, 1, 1),
                                     Meeting.held_on <= dt.date(year, 12, 31))
            .order_by(Meeting.held_on, Meeting.start_time, Meeting.created_at, Meeting.id))
        for n, mid in enumerate(ids, start=1):
            result[mid] = n
    return result


def _docs(uow: UnitOfWork, meetings: list[Meeting]) -> list[MeetingRecordDoc]:
    if not meetings:
        return []
    ids = [m.id for m in meetings]
    school = _school_name(uow)
    sequences = _sequences(uow, meetings)
    attendance: dict[str, list[tuple[Attendance, Member]]] = defaultdict(list)
    attachments: dict[str, list[str]] = defaultdict(list)
    for chunk in range(0, len(ids), 500):
        part = ids[chunk:chunk + 500]
        for att, member in uow.session.execute(
                select(Attendance, Member).join(Member, Member.id == Attendance.member_id)
                .where(Attendance.meeting_id.in_(part)).order_by(Member.name_pinyin, Member.id)):
            attendance[att.meeting_id].append((att, member))
        for meeting_id, name in uow.session.execute(
                select(Attachment.meeting_id, Attachment.original_name)
                .where(Attachment.meeting_id.in_(part)).order_by(Attachment.created_at, Attachment.id)):
            attachments[meeting_id].append(name)
    talkers = {m.id: m.name for m in uow.session.scalars(select(Member).where(Member.id.in_(
        {x for m in meetings for x in (m.talk_member_a_id, m.talk_member_b_id) if x})))}
    docs = []
    for m in meetings:
        rows = attendance.get(m.id, [])
        expected = [(a, p) for a, p in rows if a.status in EXPECTED]
        if rows:
            expected_count = len(expected)
            present_count = sum(1 for a, _p in expected if a.status == AttendanceStatus.PRESENT.value)
        else:
            expected_count, present_count = m.expected_count, m.present_count
        observers = [p.name for a, p in rows if a.status == AttendanceStatus.OBSERVER.value]
        observers += [x for x in _lines(m.observers) if x not in observers]
        talk = None
        if m.talk_member_a_id or m.talk_member_b_id:
            talk = (talkers.get(m.talk_member_a_id or "", ""), talkers.get(m.talk_member_b_id or "", ""))
        docs.append(MeetingRecordDoc(
            meeting_id=m.id, school_name=school, org_name=m.organization.name,
            branch_name=_branch_of(m.organization).name, kind=MeetingKind(m.kind), held_on=m.held_on,
            title=m.title, sequence=sequences.get(m.id, 0), start_time=m.start_time, end_time=m.end_time,
            place=m.place, host=m.host, recorder=m.recorder, expected_count=expected_count,
            present_count=present_count,
            absentees=[Absentee(p.name, _reason(a.absence_reason), a.note)
                       for a, p in expected if a.status == AttendanceStatus.ABSENT.value],
            observers=observers, first_topic_material=m.first_topic_material,
            first_topic_speaker=m.first_topic_speaker, topics=_lines(m.topics), lecturer=m.lecturer,
            lecture_title=m.lecture_title, lecture_type=m.lecture_type, theme=m.theme, form=m.form,
            talk_between=talk, content=m.content, votes_for=m.votes_for, votes_against=m.votes_against,
            votes_abstain=m.votes_abstain, resolutions=m.resolutions, follow_up=m.follow_up,
            attachments=attachments.get(m.id, []),
            also_kinds=mr.combined_kinds(m.kind, m.also_kinds),
            excused=[Absentee(p.name, _reason(a.absence_reason), a.note)
                     for a, p in rows if a.status == AttendanceStatus.EXCUSED.value],
            vote_label=VoteKind(mr.effective_vote(m.vote_kind or "", m.votes_for)).label
            if mr.effective_vote(m.vote_kind or "", m.votes_for) else "",
            written_for=m.written_for or 0, written_against=m.written_against or 0))
    return docs


def record_doc(uow: UnitOfWork, meeting_id: str) -> MeetingRecordDoc:
    meeting = uow.session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFoundError("会议记录不存在")
    return _docs(uow, [meeting])[0]


def record_docs(uow: UnitOfWork, year: int, branch_name: str | None = None) -> list[MeetingRecordDoc]:
    """A year's records for the 汇编: branch by branch (tree order), then by date."""
    stmt = select(Meeting).where(Meeting.held_on >= dt.date(year, 1, 1), Meeting.held_on <= dt.date(year, 12, 31))
    if branch_name:
        stmt = stmt.where(Meeting.organization_id.in_(_with_children(uow, find_organization(uow, branch_name))))
    meetings = list(uow.session.scalars(stmt))
    order = {o.id: i for i, o in enumerate(organizations.list_organizations(uow, include_dissolved=True))}
    meetings.sort(key=lambda m: (order.get(_branch_of(m.organization).id, 9999), m.held_on, m.start_time,
                                 order.get(m.organization_id, 9999), m.created_at))
    return _docs(uow, meetings)


def _roster(uow: UnitOfWork, organization_id: str, on: dt.date | None,
            kind: MeetingKind | None = None) -> list[RosterPerson]:
    """Who should attend a meeting of `kind` on a day (today when none is given): the one rule in
    app.services.meetings.roster_for (the committee for a 支委会, the group for a 党小组会)."""
    return roster_for(uow, organization_id, on or dt.date.today(), kind)


def signin_doc(uow: UnitOfWork, meeting_id: str) -> SignInDoc:
    """The sheet for a recorded meeting: its expected people, known leave as 备注, then 列席 people."""
    meeting = uow.session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFoundError("会议记录不存在")
    rows = list(uow.session.execute(
        select(Attendance, Member).join(Member, Member.id == Attendance.member_id)
        .where(Attendance.meeting_id == meeting_id).order_by(Member.name_pinyin, Member.id)))
    if rows:
        expected = [(a, p) for a, p in rows if a.status in EXPECTED]
        lines = [SignInLine(p.name, "，".join(x for x in (_reason(a.absence_reason), a.note) if x)
                            if a.status == AttendanceStatus.ABSENT.value else "") for a, p in expected]
        lines += [SignInLine(p.name, "列席") for a, p in rows if a.status == AttendanceStatus.OBSERVER.value]
        lines += [SignInLine(p.name, "不计应到：" + "，".join(x for x in (_reason(a.absence_reason), a.note) if x))
                  for a, p in rows if a.status == AttendanceStatus.EXCUSED.value]
        count = len(expected)
    else:
        lines = [SignInLine(p.name) for p in _roster(uow, meeting.organization_id, meeting.held_on,
                                                     MeetingKind(meeting.kind))]
        count = len(lines)
    return SignInDoc(school_name=_school_name(uow), org_name=meeting.organization.name,
                     kind=MeetingKind(meeting.kind), lines=lines, title=meeting.title, held_on=meeting.held_on,
                     start_time=meeting.start_time, end_time=meeting.end_time, place=meeting.place, host=meeting.host,
                     expected_count=count)


def signin_blank_doc(uow: UnitOfWork, organization_id: str, kind: MeetingKind | None,
                     held_on: dt.date | None = None) -> SignInDoc:
    """Before the meeting exists: the organization's roster with empty date, place and host."""
    org = uow.session.get(Organization, organization_id)
    if org is None:
        raise NotFoundError("党组织不存在")
    lines = [SignInLine(p.name) for p in _roster(uow, organization_id, held_on, kind)]
    return SignInDoc(school_name=_school_name(uow), org_name=org.name, kind=kind, lines=lines,
                     held_on=held_on, expected_count=len(lines))


def next_meeting_id(uow: UnitOfWork, organization_id: str, today: dt.date) -> str | None:
    """The branch's (or one of its groups') first recorded meeting on or after today."""
    org = uow.session.get(Organization, organization_id)
    if org is None:
        return None
    return uow.session.scalar(
        select(Meeting.id).where(Meeting.organization_id.in_(_with_children(uow, org)), Meeting.held_on >= today)
        .order_by(Meeting.held_on, Meeting.start_time).limit(1))


def plan_doc(uow: UnitOfWork, year: int, branch_name: str | None = None,
             today: dt.date | None = None) -> PlanDoc:
    """Each branch's plan month by month, against the meetings it (or its groups) actually held."""
    today = today or dt.date.today()
    if branch_name:
        roots = [find_organization(uow, branch_name)]
    else:
        roots = [o for b in organizations.branches(uow) if (o := uow.session.get(Organization, b.id)) is not None]
    branches = []
    for root in roots:
        ids = _with_children(uow, root)
        months = [PlanMonth(month) for month in range(1, 13)]
        held_kinds: dict[int, set[str]] = defaultdict(set)
        for m in uow.session.scalars(select(Meeting).where(
                Meeting.organization_id.in_(ids), Meeting.held_on >= dt.date(year, 1, 1),
                Meeting.held_on <= dt.date(year, 12, 31)).order_by(Meeting.held_on, Meeting.start_time)):
            months[m.held_on.month - 1].held.append(HeldItem(m.held_on, MeetingKind(m.kind), m.title))
            held_kinds[m.held_on.month].add(m.kind)
        for plan in uow.session.scalars(select(MeetingPlan).where(
                MeetingPlan.organization_id.in_(ids), MeetingPlan.year == year)
                .order_by(MeetingPlan.month, MeetingPlan.kind, MeetingPlan.created_at)):
            if not 1 <= plan.month <= 12:
                continue
            month_over = dt.date(year, plan.month, 1) < today.replace(day=1)
            held = plan.kind in held_kinds[plan.month]
            months[plan.month - 1].planned.append(PlanItem(
                MeetingKind(plan.kind), plan.topic, True if held else (False if month_over else None)))
        branches.append(PlanBranch(root.name, months))
    return PlanDoc(school_name=_school_name(uow), year=year, branches=branches, today=today)


def meetings_on(uow: UnitOfWork, organization_id: str, day: dt.date) -> list[tuple[str, str]]:
    """(id, kind label) of the branch's (or its groups') meetings held on `day`."""
    org = uow.session.get(Organization, organization_id)
    if org is None:
        return []
    rows = uow.session.execute(
        select(Meeting.id, Meeting.kind).where(Meeting.organization_id.in_(_with_children(uow, org)),
                                               Meeting.held_on == day).order_by(Meeting.start_time))
    return [(meeting_id, MeetingKind(kind).label) for meeting_id, kind in rows]


def branch_signin_doc(uow: UnitOfWork, organization_id: str, today: dt.date) -> SignInDoc:
    """The branch's next recorded meeting's sheet, or its roster with the date and place left blank."""
    next_id = next_meeting_id(uow, organization_id, today)
    return signin_doc(uow, next_id) if next_id else signin_blank_doc(uow, organization_id, None)
