"""Read-only queries that feed the Excel ledger: the year's meetings and attendance as plain rows."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from app.domain import meeting_rules as mr
from app.domain.docs.meeting_ledger import Ledger, LedgerAttendance, LedgerMeeting
from app.domain.enums import AbsenceReason, AttendanceStatus, MeetingKind
from app.services import organizations
from app.services.meeting_list import org_and_groups
from app.store.models import Attachment, Attendance, Meeting, Member, Organization
from app.store.uow import UnitOfWork


def ledger(uow: UnitOfWork, year: int, organization_id: str | None = None) -> Ledger:
    """Three queries whatever the size: meetings, attendance, attachment counts."""
    in_year = [Meeting.held_on >= dt.date(year, 1, 1), Meeting.held_on <= dt.date(year, 12, 31)]
    if organization_id:
        in_year.append(Meeting.organization_id.in_(org_and_groups(uow, organization_id)))
    a, b = aliased(Member), aliased(Member)
    meetings = uow.session.execute(
        select(Meeting, Organization.name, a.name, b.name)
        .join(Organization, Organization.id == Meeting.organization_id)
        .outerjoin(a, a.id == Meeting.talk_member_a_id).outerjoin(b, b.id == Meeting.talk_member_b_id)
        .where(*in_year).order_by(Meeting.held_on, Meeting.start_time, Organization.sort_order)).all()
    att_rows = uow.session.execute(
        select(Attendance.meeting_id, Member.name, Attendance.status, Attendance.absence_reason, Attendance.note)
        .join(Member, Member.id == Attendance.member_id).join(Meeting, Meeting.id == Attendance.meeting_id)
        .where(*in_year).order_by(Meeting.held_on, Member.name_pinyin)).all()
    files = dict(uow.session.execute(
        select(Attachment.meeting_id, func.count()).join(Meeting, Meeting.id == Attachment.meeting_id)
        .where(*in_year).group_by(Attachment.meeting_id)).all())
    absentees: dict[str, list[str]] = {}
    observers: dict[str, list[str]] = {}  # 列席 people on the roster (e.g. branch members at a 支委会)
    for mid, name, status, reason, _note in att_rows:
        if status == AttendanceStatus.OBSERVER.value:
            observers.setdefault(mid, []).append(name)
        if status == AttendanceStatus.ABSENT.value:
            label = AbsenceReason(reason).label if reason else "未说明原因"
            absentees.setdefault(mid, []).append(f"{name}（{label}）")
    by_id = {}
    out: list[LedgerMeeting] = []
    for m, org_name, name_a, name_b in meetings:
        by_id[m.id] = (m, org_name)
        votes = "" if m.votes_for is None else f"{m.votes_for}/{m.votes_against or 0}/{m.votes_abstain or 0}"
        first = m.first_topic_material + (f"（{m.first_topic_speaker}）" if m.first_topic_speaker else "")
        out.append(LedgerMeeting(
            kind=MeetingKind(m.kind), held_on=m.held_on, time="–".join(t for t in (m.start_time, m.end_time) if t),
            organization=org_name, title=m.title + mr.combined_note(m.kind, m.also_kinds), place=m.place, host=m.host,
            recorder=m.recorder,
            expected=m.expected_count, present=m.present_count, absentees="、".join(absentees.get(m.id, [])),
            observers="、".join([*observers.get(m.id, []), *(x for x in m.observers.splitlines() if x.strip())]),
            first_topic=first, topics=m.topics, content=m.content,
            resolutions=m.resolutions, follow_up=m.follow_up, lecturer=m.lecturer, lecture_title=m.lecture_title,
            lecture_type=m.lecture_type, theme=m.theme, form=m.form, votes=votes,
            talk_people="、".join(n for n in (name_a, name_b) if n), attachments=files.get(m.id, 0)))
    attendance = []
    for mid, name, status, reason, note in att_rows:
        m, org_name = by_id[mid]
        attendance.append(LedgerAttendance(m.held_on, MeetingKind(m.kind), org_name, m.title, name,
                                           AttendanceStatus(status).label,
                                           AbsenceReason(reason).label if reason else "", note))
    school = organizations.get_school(uow)
    return Ledger(year, school.name if school else "", out, attendance)

