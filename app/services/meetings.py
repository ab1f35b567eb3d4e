"""三会一课 records: create, edit, delete (audited), attendance from the roster as of the meeting day.

Search, attachments, templates and the annual plan live in sibling modules (meeting_list, attachments,
meeting_templates, meeting_plans) and are re-exported here for callers that want one import.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict

from sqlalchemy import delete, or_, select

from app.domain import compliance_rules as rules
from app.domain.enums import AbsenceReason, AttendanceStatus, MeetingKind, MemberCategory, OrgKind, PostKind
from app.errors import NotFoundError, ValidationError
from app.services.attachments import add_attachment, forget_files_after_commit, list_attachments, remove_attachment
from app.services.compliance import ensure_default_rules
from app.services.meeting_list import MeetingQuery, MeetingRow, count_meetings, list_meetings
from app.services.meeting_templates import copy_last, create_talk, template
from app.services.meeting_types import (
    COPIED_FIELDS,
    TEXT_FIELDS,
    AttendanceEntry,
    MeetingInput,
    RosterPerson,
    SaveResult,
)
from app.services.permissions import require_edit
from app.store.models import Attachment, Attendance, Meeting, Member, Organization, Post
from app.store.uow import UnitOfWork

_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


# ---- roster -----------------------------------------------------------------------------------

def roster_for(uow: UnitOfWork, organization_id: str, held_on: dt.date) -> list[RosterPerson]:
    """Who is expected (应到) at a meeting of this organization on that day, in name order."""
    org = uow.session.get(Organization, organization_id)
    if org is None:
        raise NotFoundError("党组织不存在")
    column = Member.group_id if org.kind == OrgKind.PARTY_GROUP.value else Member.branch_id
    stmt = (select(Member.id, Member.name, Member.category, Member.status, Member.status_changed_on,
                   Member.joined_on)
            .where(column == organization_id,
                   Member.category.in_([MemberCategory.PROBATIONARY.value, MemberCategory.FULL.value]),
                   or_(Member.joined_on.is_(None), Member.joined_on <= held_on))
            .order_by(Member.name_pinyin, Member.id))
    return [RosterPerson(mid, name, MemberCategory(cat))
            for mid, name, cat, status, changed, joined in uow.session.execute(stmt)
            if rules.expected_on(cat, status, changed, joined, held_on)]


def committee_member_ids(uow: UnitOfWork, branch_id: str, held_on: dt.date) -> set[str]:
    """Members holding a committee post in the branch on that day (党小组组长 excluded)."""
    stmt = select(Post.member_id).where(
        Post.organization_id == branch_id, Post.member_id.is_not(None),
        Post.kind != PostKind.GROUP_LEADER.value,
        or_(Post.term_start.is_(None), Post.term_start <= held_on),
        or_(Post.term_end.is_(None), Post.term_end >= held_on))
    return {m for m in uow.session.scalars(stmt) if m}


def _merge_attendance(roster: list[RosterPerson], given: list[AttendanceEntry] | None,
                      warnings: list[str]) -> list[AttendanceEntry]:
    """The roster decides who is expected; `given` says who came. Unknown people become errors."""
    on_roster = {p.member_id: p for p in roster}
    if given is None:
        return [AttendanceEntry(p.member_id, p.name, AttendanceStatus.PRESENT, category=p.category)
                for p in roster]
    by_id: dict[str, AttendanceEntry] = {}
    dropped = 0
    for entry in given:
        if entry.member_id in by_id:
            raise ValidationError("出勤名单中有重复人员")
        status = AttendanceStatus(entry.status)
        if status != AttendanceStatus.OBSERVER and entry.member_id not in on_roster:
            dropped += 1
            continue
        reason = AbsenceReason(entry.reason) if entry.reason and status == AttendanceStatus.ABSENT else None
        by_id[entry.member_id] = AttendanceEntry(entry.member_id, entry.name, status, reason,
                                                 (entry.note or "").strip()[:200], entry.category)
    if dropped:
        warnings.append(f"{dropped} 人在会议当天不在本组织党员名单中，已从应到名单中去掉。")
    missing = [p for p in roster if p.member_id not in by_id]
    for p in missing:
        by_id[p.member_id] = AttendanceEntry(p.member_id, p.name, AttendanceStatus.ABSENT, category=p.category)
    if missing:
        warnings.append("未登记出勤的 " + "、".join(p.name for p in missing) + " 按缺席处理，请补填缺席原因。")
    for entry in by_id.values():
        if entry.member_id in on_roster:
            entry.category = on_roster[entry.member_id].category
            entry.name = entry.name or on_roster[entry.member_id].name
    return list(by_id.values())


# ---- validation -------------------------------------------------------------------------------

def _validate(uow: UnitOfWork, data: MeetingInput, today: dt.date) -> Organization:
    errors: list[str] = []
    org = uow.session.get(Organization, data.organization_id) if data.organization_id else None
    if org is None:
        raise ValidationError("请选择党组织")
    kind = MeetingKind(data.kind)
    if not rules.kind_allowed(kind.value, org.kind):
        errors.append("党小组会只能由党小组召开" if kind == MeetingKind.GROUP_MEETING
                      else f"{OrgKind(org.kind).label}不能召开{kind.label}")
    if data.held_on is None:
        errors.append("请填写会议日期")
    elif data.held_on > today:
        errors.append("会议日期不能晚于今天（会议开过之后再记录）")
    elif data.held_on.year < 1950:
        errors.append("会议日期不合理")
    for label, value in (("开始时间", data.start_time), ("结束时间", data.end_time)):
        if value and not _TIME.match(value):
            errors.append(f"{label}“{value}”格式应为 时:分，如 14:30")
    if data.start_time and data.end_time and _TIME.match(data.start_time) and _TIME.match(data.end_time) \
            and data.end_time <= data.start_time:
        errors.append("结束时间应晚于开始时间")
    for vote, count in (("赞成", data.votes_for), ("反对", data.votes_against), ("弃权", data.votes_abstain)):
        if count is not None and count < 0:
            errors.append(f"{vote}票数不能为负数")
    if kind == MeetingKind.TALK:
        if not data.talk_member_a_id or not data.talk_member_b_id:
            errors.append("谈心谈话须选择谈话双方")
        elif data.talk_member_a_id == data.talk_member_b_id:
            errors.append("谈话双方不能是同一人")
        else:
            for mid in (data.talk_member_a_id, data.talk_member_b_id):
                if uow.session.get(Member, mid) is None:
                    errors.append("谈话人员不存在")
    if kind == MeetingKind.PARTY_LECTURE and not (data.lecturer.strip() or data.lecture_title.strip()):
        errors.append("党课须填写主讲人或党课题目")
    if org.dissolved_on and data.held_on and data.held_on > org.dissolved_on:
        errors.append(f"{org.name}已于{org.dissolved_on:%Y-%m-%d}撤销")
    if errors:
        raise ValidationError("会议记录有误，未保存：", details=errors)
    return org


def _apply(meeting: Meeting, data: MeetingInput, org: Organization) -> None:
    for name in COPIED_FIELDS:
        value = getattr(data, name)
        if name in TEXT_FIELDS:
            value = (value or "").strip()
        setattr(meeting, name, value.value if isinstance(value, MeetingKind) else value)
    if not meeting.title:
        meeting.title = MeetingKind(data.kind).label


def _snapshot(meeting: Meeting) -> dict:
    return {n: getattr(meeting, n) for n in [*COPIED_FIELDS, "expected_count", "present_count"]}


def _write_attendance(uow: UnitOfWork, meeting: Meeting, entries: list[AttendanceEntry]) -> None:
    uow.session.execute(delete(Attendance).where(Attendance.meeting_id == meeting.id))
    for e in entries:
        uow.session.add(Attendance(meeting_id=meeting.id, member_id=e.member_id, status=e.status.value,
                                   absence_reason=e.reason.value if e.reason else None, note=e.note))
    meeting.expected_count = sum(1 for e in entries if e.status != AttendanceStatus.OBSERVER)
    meeting.present_count = sum(1 for e in entries if e.status == AttendanceStatus.PRESENT)


def _check_quorum(uow: UnitOfWork, data: MeetingInput, org: Organization,
                  entries: list[AttendanceEntry]) -> list[str]:
    voters = [e for e in entries if e.status != AttendanceStatus.OBSERVER and e.category == MemberCategory.FULL]
    committee = committee_member_ids(uow, org.id, data.held_on) \
        if data.kind == MeetingKind.COMMITTEE_MEETING else set()
    present = {e.member_id for e in entries if e.status == AttendanceStatus.PRESENT}
    out = rules.quorum_warnings(
        MeetingKind(data.kind).value, voting_expected=len(voters),
        voting_present=sum(1 for e in voters if e.member_id in present),
        committee_size=len(committee), committee_present=len(committee & present), votes_for=data.votes_for)
    cast = sum(v or 0 for v in (data.votes_for, data.votes_against, data.votes_abstain))
    voting_present = sum(1 for e in voters if e.member_id in present)
    if data.votes_for is not None and cast > voting_present:
        out.append(f"表决票数合计 {cast} 超过有表决权的实到人数 {voting_present}。")
    if any(e.status == AttendanceStatus.ABSENT and e.reason is None for e in entries):
        out.append("有缺席人员未填写缺席原因。")
    return out


def _needs_attendance(kind: MeetingKind) -> bool:
    return kind != MeetingKind.TALK


# ---- writes -----------------------------------------------------------------------------------

def create_meeting(uow: UnitOfWork, data: MeetingInput, *, today: dt.date | None = None) -> SaveResult:
    """Validate, take attendance from the roster as of held_on, save; quorum problems come back as warnings."""
    org = _validate(uow, data, today or dt.date.today())
    require_edit(uow.actor, uow.session, org.id, "记录会议")
    ensure_default_rules(uow)  # the first record seeds the editable rules
    warnings: list[str] = []
    entries = (_merge_attendance(roster_for(uow, org.id, data.held_on), data.attendance, warnings)
               if _needs_attendance(MeetingKind(data.kind)) else [])
    meeting = Meeting()
    _apply(meeting, data, org)
    uow.session.add(meeting)
    uow.session.flush()
    _write_attendance(uow, meeting, entries)
    warnings += _check_quorum(uow, data, org, entries)
    uow.session.flush()
    uow.audit("create", "meeting", meeting.id, f"记录{org.name} {meeting.title}（{meeting.held_on}）",
              new=_snapshot(meeting))
    return SaveResult(meeting.id, warnings, meeting.expected_count, meeting.present_count)


def update_meeting(uow: UnitOfWork, meeting_id: str, data: MeetingInput, *,
                   today: dt.date | None = None) -> SaveResult:
    meeting = uow.session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFoundError("会议记录不存在")
    require_edit(uow.actor, uow.session, meeting.organization_id, "修改会议记录")
    org = _validate(uow, data, today or dt.date.today())
    require_edit(uow.actor, uow.session, org.id, "修改会议记录")
    warnings: list[str] = []
    if data.attendance is None and _needs_attendance(MeetingKind(data.kind)):
        data.attendance = get_attendance(uow, meeting_id)
    entries = (_merge_attendance(roster_for(uow, org.id, data.held_on), data.attendance, warnings)
               if _needs_attendance(MeetingKind(data.kind)) else [])
    old = _snapshot(meeting)
    _apply(meeting, data, org)
    _write_attendance(uow, meeting, entries)
    warnings += _check_quorum(uow, data, org, entries)
    uow.session.flush()
    new = _snapshot(meeting)
    changed = {k for k in new if new[k] != old[k]}
    uow.audit("update", "meeting", meeting.id, f"修改{org.name} {meeting.title}（{meeting.held_on}）",
              old={k: old[k] for k in changed}, new={k: new[k] for k in changed})
    return SaveResult(meeting.id, warnings, meeting.expected_count, meeting.present_count)


def delete_meeting(uow: UnitOfWork, meeting_id: str) -> None:
    """Delete a record with its attendance and attachments; the old values stay in the audit log."""
    meeting = uow.session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFoundError("会议记录不存在")
    require_edit(uow.actor, uow.session, meeting.organization_id, "删除会议记录")
    old = _snapshot(meeting)
    old["attendance"] = [asdict(e) for e in get_attendance(uow, meeting_id)]
    stored = list(uow.session.scalars(select(Attachment.stored_name).where(Attachment.meeting_id == meeting_id)))
    uow.session.execute(delete(Attendance).where(Attendance.meeting_id == meeting_id))
    uow.session.execute(delete(Attachment).where(Attachment.meeting_id == meeting_id))
    uow.session.delete(meeting)
    uow.session.flush()
    forget_files_after_commit(uow, stored)
    uow.audit("delete", "meeting", meeting_id, f"删除会议记录 {old['title']}（{old['held_on']}）", old=old)


# ---- reads ------------------------------------------------------------------------------------

def get_meeting(uow: UnitOfWork, meeting_id: str) -> MeetingInput:
    """The record as an editable input, attendance included."""
    meeting = uow.session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFoundError("会议记录不存在")
    values = {n: getattr(meeting, n) for n in COPIED_FIELDS}
    values["kind"] = MeetingKind(meeting.kind)
    data = MeetingInput(**values)
    data.attendance = get_attendance(uow, meeting_id)
    return data


def get_attendance(uow: UnitOfWork, meeting_id: str) -> list[AttendanceEntry]:
    stmt = (select(Attendance, Member.name, Member.category).join(Member, Member.id == Attendance.member_id)
            .where(Attendance.meeting_id == meeting_id).order_by(Member.name_pinyin, Member.id))
    return [AttendanceEntry(a.member_id, name, AttendanceStatus(a.status),
                            AbsenceReason(a.absence_reason) if a.absence_reason else None, a.note,
                            MemberCategory(category))
            for a, name, category in uow.session.execute(stmt)]


def attendance_for_editing(uow: UnitOfWork, organization_id: str, held_on: dt.date,
                           current: list[AttendanceEntry] | None = None) -> list[AttendanceEntry]:
    """The roster on `held_on`, keeping what was already ticked for people still on it (for the editor)."""
    known = {e.member_id: e for e in current or []}
    out = []
    for p in roster_for(uow, organization_id, held_on):
        e = known.pop(p.member_id, None)
        out.append(AttendanceEntry(p.member_id, p.name, e.status if e else AttendanceStatus.PRESENT,
                                   e.reason if e else None, e.note if e else "", p.category))
    out += [e for e in known.values() if e.status == AttendanceStatus.OBSERVER]
    return out


__all__ = [
    "AttendanceEntry", "MeetingInput", "MeetingQuery", "MeetingRow", "RosterPerson", "SaveResult",
    "add_attachment", "attendance_for_editing", "copy_last", "count_meetings", "create_meeting", "create_talk",
    "delete_meeting", "get_attendance", "get_meeting", "list_attachments", "list_meetings", "remove_attachment",
    "roster_for", "template", "update_meeting",
]
