"""Meeting fixtures written straight through the ORM (the meetings service lives on another branch).

Rows follow MEETING_CONTRACT.md: one Attendance row per expected party member, counts kept in sync.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, select

from app.domain.enums import MeetingKind, OrgKind
from app.store.models import Attachment, Attendance, Meeting, MeetingPlan, Member, Organization

RARE = "王珺玥昇堃喆琇镕䶮"
NASTY = "<b>粗体</b> & <i>x</i> < 5 😀 " + RARE


def branch(session, name_part: str) -> Organization:
    return session.scalars(select(Organization).where(Organization.name.contains(name_part))).first()


def party_members(session, org: Organization) -> list[Member]:
    return list(session.scalars(select(Member).where(
        or_(Member.branch_id == org.id, Member.group_id == org.id),
        Member.category.in_(["probationary", "full"]), Member.status == "active").order_by(Member.name_pinyin)))


def add_meeting(session, org: Organization, kind: MeetingKind, held_on: dt.date, *, people=None,
                absent: dict[int, tuple[str, str]] | None = None, observers: list[Member] = (),
                attachments: list[str] = (), **fields) -> Meeting:
    """absent: index in `people` → (reason, note)."""
    people = party_members(session, org) if people is None else people
    absent = absent or {}
    fields.setdefault("start_time", "14:30")
    fields.setdefault("end_time", "16:00")
    fields.setdefault("place", "学校党员活动室")
    fields.setdefault("host", people[0].name if people else "")
    fields.setdefault("recorder", people[1].name if len(people) > 1 else "")
    meeting = Meeting(organization_id=org.id, kind=kind.value, held_on=held_on, **fields)
    session.add(meeting)
    session.flush()
    for i, person in enumerate(people):
        reason, note = absent.get(i, (None, ""))
        session.add(Attendance(meeting_id=meeting.id, member_id=person.id,
                               status="absent" if i in absent else "present", absence_reason=reason, note=note))
    for person in observers:
        session.add(Attendance(meeting_id=meeting.id, member_id=person.id, status="observer"))
    for name in attachments:
        session.add(Attachment(meeting_id=meeting.id, original_name=name, stored_name=name + ".bin"))
    meeting.expected_count = len(people)
    meeting.present_count = len(people) - len(absent)
    session.flush()
    return meeting


def seed_year(session, year: int) -> list[Meeting]:
    """A plausible year for the two teacher branches: monthly 主题党日, quarterly 党员大会 and 党课, plans."""
    out = []
    for part in ("第一党支部", "第二党支部"):
        org = branch(session, part)
        for month in range(1, 13, 2):
            out.append(add_meeting(
                session, org, MeetingKind.THEME_DAY, dt.date(year, month, 10), title=f"{month}月主题党日",
                theme=f"学习贯彻党的教育方针（{month}月）", form="集中学习、志愿服务",
                first_topic_material="学习习近平总书记关于教育的重要论述", first_topic_speaker="支部书记",
                topics="缴纳党费\n观看专题片", content="书记领学。\n党员交流发言，结合教学实际谈体会。",
                absent={2: ("sick_leave", "住院")}))
            session.add(MeetingPlan(organization_id=org.id, year=year, month=month, kind="theme_day",
                                    topic=f"学习贯彻党的教育方针（{month}月）"))
            session.add(MeetingPlan(organization_id=org.id, year=year, month=month + 1, kind="theme_day",
                                    topic="红色教育基地参观"))
        for quarter in range(4):
            out.append(add_meeting(
                session, org, MeetingKind.GENERAL_ASSEMBLY, dt.date(year, quarter * 3 + 3, 20),
                topics="讨论发展对象\n通报支部工作", content="与会党员逐一发表意见。",
                votes_for=10, votes_against=0, votes_abstain=1, resolutions="同意接收为预备党员。",
                follow_up="组织委员负责，一周内报上级党组织审批。", attachments=["会议照片1.jpg", "表决票.pdf"]))
            session.add(MeetingPlan(organization_id=org.id, year=year, month=quarter * 3 + 3,
                                    kind="general_assembly", topic="季度党员大会"))
        out.append(add_meeting(session, org, MeetingKind.PARTY_LECTURE, dt.date(year, 6, 28),
                               lecturer="书记", lecture_title="弘扬教育家精神", lecture_type="书记讲党课",
                               content="党课内容提要。"))
    groups = session.scalars(select(Organization).where(Organization.kind == OrgKind.PARTY_GROUP.value)).first()
    out.append(add_meeting(session, groups, MeetingKind.GROUP_MEETING, dt.date(year, 4, 8),
                           content="小组学习。"))
    session.flush()
    return out


def extra_members(session, org: Organization, count: int) -> list[Member]:
    """More party members for a big branch (the demo has ~15 per branch)."""
    made = []
    for i in range(count):
        m = Member(school_id=org.school_id, name=f"{RARE[i % len(RARE)]}{'一二三四五六七八九十'[i % 10]}{i}",
                   category="full", branch_id=org.id, status="active", joined_on=dt.date(2000, 7, 1),
                   name_pinyin=f"zz{i:03d}")
        session.add(m)
        made.append(m)
    session.flush()
    return made


def non_members(session, org: Organization) -> list[Member]:
    return list(session.scalars(select(Member).where(
        Member.branch_id == org.id, Member.category.not_in(["probationary", "full"])).order_by(Member.name)))
