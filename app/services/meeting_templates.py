"""Starting points for a new record: the kind's template, a copy of the last one, and 谈心谈话."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.domain.enums import MeetingKind
from app.errors import NotFoundError, ValidationError
from app.services.meeting_types import MeetingInput, SaveResult
from app.store.models import Meeting, Member, Organization
from app.store.uow import UnitOfWork

FIRST_TOPIC = "学习习近平总书记最新重要讲话和重要指示批示精神"

# kind → (default title, default topics one per line, extra defaults)
TEMPLATES: dict[MeetingKind, tuple[str, str, dict[str, str]]] = {
    MeetingKind.GENERAL_ASSEMBLY: ("支部党员大会", "传达学习上级有关文件精神\n通报支部近期工作\n讨论决定有关事项", {}),
    MeetingKind.COMMITTEE_MEETING: ("支部委员会会议", "研究本月支部工作安排\n讨论党员教育管理有关事项", {}),
    MeetingKind.GROUP_MEETING: ("党小组会", "组织党员集中学习\n交流思想和工作情况", {}),
    MeetingKind.PARTY_LECTURE: ("党课", "", {"lecture_type": "书记讲党课"}),
    MeetingKind.THEME_DAY: ("主题党日活动", "重温入党誓词\n集中学习\n交纳党费", {"form": "集中学习+志愿服务"}),
    MeetingKind.LIFE_MEETING: ("专题组织生活会", "通报年度班子对照检查情况\n党员开展批评和自我批评\n制定整改清单",
                               {}),
    MeetingKind.MEMBER_REVIEW: ("民主评议党员", "党员个人自评\n党员互评\n民主测评\n支部综合评定", {}),
    MeetingKind.TALK: ("谈心谈话", "", {"form": "面对面谈心"}),
}

LECTURE_TYPES = ["书记讲党课", "党员轮流讲党课", "微党课", "专题党课", "上级领导讲党课"]
THEME_FORMS = ["集中学习", "集中学习+志愿服务", "参观教育基地", "重温入党誓词", "主题研讨"]


def template(kind: MeetingKind, organization_id: str = "", held_on: dt.date | None = None) -> MeetingInput:
    kind = MeetingKind(kind)
    title, topics, extra = TEMPLATES[kind]
    data = MeetingInput(organization_id=organization_id, kind=kind, held_on=held_on or dt.date.today(),
                        title=title, topics=topics,
                        first_topic_material=FIRST_TOPIC if kind != MeetingKind.TALK else "")
    for name, value in extra.items():
        setattr(data, name, value)
    return data


def copy_last(uow: UnitOfWork, organization_id: str, kind: MeetingKind,
              held_on: dt.date | None = None) -> MeetingInput:
    """A new record prefilled from the organization's previous meeting of the kind (template when none).

    Copies what repeats (place, times, host, recorder, form, lecture type); not the content, the
    votes or the attendance, which belong to the new day.
    """
    kind = MeetingKind(kind)
    data = template(kind, organization_id, held_on)
    last = uow.session.scalars(select(Meeting).where(
        Meeting.organization_id == organization_id, Meeting.kind == kind.value)
        .order_by(Meeting.held_on.desc(), Meeting.created_at.desc()).limit(1)).first()
    if last is None:
        return data
    for name in ("title", "start_time", "end_time", "place", "host", "recorder", "topics", "lecturer",
                 "lecture_type", "form", "first_topic_speaker", "observers"):
        value = getattr(last, name)
        if value:
            setattr(data, name, value)
    return data


def create_talk(uow: UnitOfWork, *, member_a_id: str, member_b_id: str, held_on: dt.date, topic: str,
                summary: str = "", place: str = "", organization_id: str | None = None) -> SaveResult:
    """谈心谈话 between two people, recorded under the first person's branch unless told otherwise."""
    from app.services.meetings import create_meeting

    a = uow.session.get(Member, member_a_id)
    if a is None:
        raise NotFoundError("谈话人员不存在")
    org_id = organization_id or a.branch_id
    if org_id is None or uow.session.get(Organization, org_id) is None:
        raise ValidationError("谈话人员不属于任何党支部，请指定党组织")
    return create_meeting(uow, MeetingInput(
        organization_id=org_id, kind=MeetingKind.TALK, held_on=held_on, title=topic.strip() or "谈心谈话",
        content=summary, place=place, host=a.name, talk_member_a_id=member_a_id, talk_member_b_id=member_b_id,
        form="面对面谈心"))
