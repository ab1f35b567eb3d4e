"""三会一课 records: create, edit, delete (audited), attendance from the roster as of the meeting day.

Search, attachments, templates and the annual plan live in sibling modules (meeting_list, attachments,
meeting_templates, meeting_plans) and are re-exported here for callers that want one import.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict

from sqlalchemy import ColumnElement, delete, select

from app.domain import compliance_rules as rules
from app.domain import meeting_rules as mr
from app.domain.dates import normal_time, time_problems
from app.domain.enums import AbsenceReason, AttendanceStatus, MeetingKind, MemberCategory, OrgKind, VoteKind
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

EXPECTED = (AttendanceStatus.PRESENT, AttendanceStatus.ABSENT)  # 应到; 列席 and 不计应到 are not


# ---- roster -----------------------------------------------------------------------------------

def _people(uow: UnitOfWork, where: ColumnElement[bool]) -> list[tuple[str, str, mr.PersonSpan]]:
    stmt = (select(Member.id, Member.name, Member.category, Member.status, Member.status_changed_on,
                   Member.joined_on, Member.full_on, Member.party_probation_from, Member.party_probation_until)
            .where(where, Member.category.in_([MemberCategory.PROBATIONARY.value, MemberCategory.FULL.value]))
            .order_by(Member.name_pinyin, Member.id))
    return [(mid, name, mr.PersonSpan(mid, cat, status, changed, joined, full, p_from, p_until))
            for mid, name, cat, status, changed, joined, full, p_from, p_until in uow.session.execute(stmt)]


def roster_for(uow: UnitOfWork, organization_id: str, held_on: dt.date,
               kind: MeetingKind | str | None = None) -> list[RosterPerson]:
    """Who is expected (应到) at a meeting of this organization on that day, in name order.

    A 支部委员会会议 (党总支/党委 committee meetings too) expects the committee members holding a post that day;
    a 党小组会 the group's members; any other meeting the organization's party members (app.domain.meeting_rules).
    """
    org = uow.session.get(Organization, organization_id)
    if org is None:
        raise NotFoundError("党组织不存在")
    kind_value = MeetingKind(kind).value if kind else ""
    committee: set[str] = set()
    if kind_value == MeetingKind.COMMITTEE_MEETING.value:
        committee = committee_member_ids(uow, organization_id, held_on)
        people = _people(uow, Member.id.in_(committee))
    else:
        column = Member.group_id if org.kind == OrgKind.PARTY_GROUP.value else Member.branch_id
        people = _people(uow, column == organization_id)
    spans = [span for _mid, _name, span in people]
    expected = set(mr.expected_members(kind_value, spans, committee, held_on))
    return [RosterPerson(mid, name, MemberCategory(span.category), mr.has_vote(span, held_on))
            for mid, name, span in people if mid in expected]


def post_spans(uow: UnitOfWork, organization_id: str) -> list[mr.PostSpan]:
    return [mr.PostSpan(m, k, s, e) for m, k, s, e in uow.session.execute(
        select(Post.member_id, Post.kind, Post.term_start, Post.term_end)
        .where(Post.organization_id == organization_id))]


def committee_member_ids(uow: UnitOfWork, organization_id: str, held_on: dt.date) -> set[str]:
    """Members holding a committee post in the organization on that day (党小组组长 excluded)."""
    return mr.committee_on(post_spans(uow, organization_id), held_on)


EXCUSE_REASONS = (AbsenceReason.FRAIL, AbsenceReason.AWAY)


def _check_excused(kind: MeetingKind, entries: list[AttendanceEntry]) -> None:
    """不计应到 only at a 党员大会, for 年老体弱/卧床 or 外出半年以上, with the upper organization's consent noted."""
    errors = []
    for e in entries:
        if e.status != AttendanceStatus.EXCUSED:
            continue
        if kind != MeetingKind.GENERAL_ASSEMBLY:
            errors.append(f"{e.name}：只有支部党员大会可以经上级党组织同意不计入应到人数")
        elif e.reason not in EXCUSE_REASONS:
            errors.append(f"{e.name}：不计入应到人数的原因应为“年老体弱/卧床”或“外出半年以上”")
        elif not e.note.strip():
            errors.append(f"{e.name}：不计入应到人数须经上级党组织同意，请在备注中写明同意情况（如“镇党委2025-03-01同意”）")
    if errors:
        raise ValidationError("出勤登记有误，未保存：", details=errors)


def _merge_attendance(roster: list[RosterPerson], given: list[AttendanceEntry] | None,
                      warnings: list[str], *, others_observe: bool = False) -> list[AttendanceEntry]:
    """The roster decides who is expected; `given` says who came. People not on it are dropped with a
    warning, except where `others_observe` (a 支委会): those present there are 列席, those absent ignored."""
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
        if others_observe and entry.member_id not in on_roster:
            if status != AttendanceStatus.PRESENT and status != AttendanceStatus.OBSERVER:
                continue
            status = AttendanceStatus.OBSERVER
        if status != AttendanceStatus.OBSERVER and entry.member_id not in on_roster:
            dropped += 1
            continue
        reason = (AbsenceReason(entry.reason) if entry.reason
                  and status in (AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED) else None)
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
    data.start_time, data.end_time = normal_time(data.start_time), normal_time(data.end_time)  # 8:30 → 08:30
    errors += time_problems(data.start_time, data.end_time)  # the rule the editor shows while typing
    counts: list[tuple[str, int | None]] = [
        ("赞成", data.votes_for), ("反对", data.votes_against), ("弃权", data.votes_abstain),
        ("书面赞成意见", data.written_for), ("书面反对意见", data.written_against)]
    for what, number in counts:
        if number is not None and number < 0:
            errors.append(f"{what}票数不能为负数")
    vote = VoteKind.from_label(data.vote_kind or "")
    if vote is None:
        errors.append(f"表决类型“{data.vote_kind}”不对")
    else:
        data.vote_kind = vote.value
    data.also_kinds = ",".join(mr.parse_kinds(data.also_kinds))
    errors += mr.combined_problems(kind.value, mr.parse_kinds(data.also_kinds), org.kind)
    if kind == MeetingKind.TALK:
        if not data.talk_member_a_id or not data.talk_member_b_id:
            errors.append("谈心谈话须选择谈话双方")
        elif data.talk_member_a_id == data.talk_member_b_id:
            errors.append("谈话双方不能是同一人")
        else:
            for mid in (data.talk_member_a_id, data.talk_member_b_id):
                if uow.session.get(Member, mid) is None:
                    errors.append("谈话人员不存在")
    covers_lecture = kind == MeetingKind.PARTY_LECTURE or MeetingKind.PARTY_LECTURE.value in \
        mr.parse_kinds(data.also_kinds)  # a 主题党日 that includes a 党课 records its lecture too
    if covers_lecture and not (data.lecturer.strip() or data.lecture_title.strip()):
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
    meeting.expected_count = sum(1 for e in entries if e.status in EXPECTED)
    meeting.present_count = sum(1 for e in entries if e.status == AttendanceStatus.PRESENT)


def _check_quorum(uow: UnitOfWork, data: MeetingInput, org: Organization, roster: list[RosterPerson],
                  entries: list[AttendanceEntry]) -> list[str]:
    votes = {p.member_id for p in roster if p.votes}
    expected = [e for e in entries if e.status in EXPECTED]
    voters = [e for e in expected if e.member_id in votes]
    committee = committee_member_ids(uow, org.id, data.held_on) \
        if data.kind == MeetingKind.COMMITTEE_MEETING else set()
    present = {e.member_id for e in entries if e.status == AttendanceStatus.PRESENT}
    out = mr.vote_problems(mr.VoteCount(
        MeetingKind(data.kind).value, data.vote_kind or "", voting_expected=len(voters),
        voting_present=sum(1 for e in voters if e.member_id in present),
        committee_size=len(committee & {e.member_id for e in expected}),
        committee_present=len(committee & present), votes_for=data.votes_for, votes_against=data.votes_against,
        votes_abstain=data.votes_abstain, written_for=data.written_for or 0,
        written_against=data.written_against or 0))
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
    roster = roster_for(uow, org.id, data.held_on, data.kind)
    entries = (_merge_attendance(roster, data.attendance, warnings,
                                 others_observe=data.kind == MeetingKind.COMMITTEE_MEETING)
               if _needs_attendance(MeetingKind(data.kind)) else [])
    _check_excused(MeetingKind(data.kind), entries)
    meeting = Meeting()
    _apply(meeting, data, org)
    uow.session.add(meeting)
    uow.session.flush()
    _write_attendance(uow, meeting, entries)
    warnings += _check_quorum(uow, data, org, roster, entries)
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
    roster = roster_for(uow, org.id, data.held_on, data.kind)
    entries = (_merge_attendance(roster, data.attendance, warnings,
                                 others_observe=data.kind == MeetingKind.COMMITTEE_MEETING)
               if _needs_attendance(MeetingKind(data.kind)) else [])
    _check_excused(MeetingKind(data.kind), entries)
    old = _snapshot(meeting)
    _apply(meeting, data, org)
    _write_attendance(uow, meeting, entries)
    warnings += _check_quorum(uow, data, org, roster, entries)
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
                           current: list[AttendanceEntry] | None = None,
                           kind: MeetingKind | str | None = None) -> list[AttendanceEntry]:
    """The roster on `held_on` for a meeting of `kind`, keeping what was already ticked for people still on
    it (for the editor); a 支委会's branch members who are not on the committee can be added as 列席."""
    known = {e.member_id: e for e in current or []}
    out = []
    for p in roster_for(uow, organization_id, held_on, kind):
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
