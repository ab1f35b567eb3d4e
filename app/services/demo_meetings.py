"""The demo school's year of 三会一课: mostly compliant, with a few honest gaps for the compliance view.

Gaps on purpose: the second branch skips its second-quarter 党课; one 主题党日 has an unexcused absence;
the retired teachers' third-quarter 党员大会 votes without a quorum.
Realism: no meetings in the 国庆 week, around 春节 or in the summer holiday (July meetings before the 10th,
August ones in the last week when teachers are back); 支委会 attended by the committee (the 党总支 holds
its own); a bedridden retired member excused from the 党员大会 with the 镇党委's consent; combined records
(the first branch's June 主题党日 includes its 党课, the retired teachers' 民主评议 is held with the
组织生活会); record contents vary from meeting to meeting.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from sqlalchemy import select

from app.domain.enums import (
    BRANCH_KINDS,
    AbsenceReason,
    AttendanceStatus,
    MeetingKind,
    OrgKind,
    PostKind,
    VoteKind,
)
from app.services import meeting_plans
from app.services.meeting_templates import FIRST_TOPIC
from app.services.meeting_types import AttendanceEntry, MeetingInput
from app.services.meetings import create_meeting, roster_for
from app.store.models import Organization, Post
from app.store.uow import UnitOfWork

FIRST_TOPICS = [
    "学习习近平总书记关于教育的重要论述", "学习习近平总书记在全国教育大会上的重要讲话精神",
    "学习《中国共产党纪律处分条例》", "学习习近平总书记给“国培计划”参训教师代表的回信精神",
    "学习习近平总书记关于加强和改进学校思想政治工作的重要指示", "学习党的二十届三中全会精神",
    "学习《中小学校党组织工作规则》", "学习新时代中小学教师职业行为十项准则",
]
THEMES = ["重温入党誓词 坚定理想信念", "学习党章 守护初心", "学习雷锋精神 志愿服务进社区", "清明祭英烈 传承红色基因",
          "劳动创造幸福 党员义务劳动", "廉洁从教 师德师风专题学习",
          "庆祝建党节 重温入党誓词", "暑期家访 党员走进学生家庭", "喜迎新学年 党员示范岗亮身份",
          "喜迎国庆 诵读红色经典", "安全教育进课堂 党员在行动", "年终回顾 对照检查找差距"]
LECTURES = ["坚守教育初心 办好人民满意的学校", "以党建引领推动“双减”落地见效", "弘扬教育家精神 做新时代“四有”好老师",
            "学思践悟二十届三中全会精神"]
FORMS = ["集中学习", "集中学习+志愿服务", "参观教育基地"]
PLACES = {"退休教师党支部": "学校老干部活动室"}
COMMITTEE_TOPICS = ["研究本月主题党日活动安排", "讨论党员发展工作有关事项", "研究党费收缴情况",
                    "研究师德师风专题教育安排", "讨论支部年度工作计划", "研究党员积分考核有关事项"]
OPENINGS = ["{host}传达了上级党组织有关文件精神，结合学校教育教学实际作了部署。",
            "{host}领学了第一议题材料，并就本次会议议题作了说明。",
            "会议由{host}主持，首先通报了上次会议决定事项的落实情况。",
            "{host}结合近期学校工作，对议题的背景和要求作了介绍。"]
SPEECHES = ["与会人员围绕议题逐一发言：大家认为要把学习成果转化为立德树人的实际行动，"
            "在课堂教学、课后服务和家校沟通中发挥党员先锋模范作用。",
            "大家结合各自年级和学科的实际交流了做法，提出了改进作业设计、关心留守儿童等具体建议。",
            "发言中，有同志提出课后服务时间安排需要再优化，有同志建议加强青年教师的传帮带。",
            "与会人员畅谈体会，一致表示要守住师德底线，以良好的作风带动身边的教师。",
            "大家对照议题查摆了工作中存在的不足，并逐条提出了整改意见。"]
CLOSINGS = ["{host}作总结讲话，要求对照要求查找不足，抓好落实。",
            "{host}对大家的意见作了回应，明确了责任人和完成时间。",
            "最后，{host}强调要把会议精神传达到每一名党员。",
            "{host}要求各位同志把会议要求落到本周的教学工作中。"]

# 春节 (the Spring Festival's first day); the school is on winter holiday from a week before to a week after.
SPRING_FESTIVAL = {2022: dt.date(2022, 2, 1), 2023: dt.date(2023, 1, 22), 2024: dt.date(2024, 2, 10),
                   2025: dt.date(2025, 1, 29), 2026: dt.date(2026, 2, 17), 2027: dt.date(2027, 2, 6),
                   2028: dt.date(2028, 1, 26), 2029: dt.date(2029, 2, 13), 2030: dt.date(2030, 2, 3)}


def _holiday(day: dt.date) -> bool:
    """国庆 (1–7 October), the 春节 holiday, the summer holiday (11 July – 24 August), weekends."""
    festival = SPRING_FESTIVAL.get(day.year, dt.date(day.year, 2, 5))
    return (day.weekday() >= 5 or (day.month == 10 and day.day <= 7)
            or festival - dt.timedelta(days=7) <= day <= festival + dt.timedelta(days=8)
            or dt.date(day.year, 7, 11) <= day <= dt.date(day.year, 8, 24))


def _weekday(day: dt.date) -> dt.date:
    """The nearest school day in the same month: earlier if one exists, else later (holidays skipped)."""
    back = day
    while _holiday(back) and back.month == day.month and back.day > 1:
        back -= dt.timedelta(days=1)
    if not _holiday(back) and back.month == day.month:
        return back
    ahead = day
    while _holiday(ahead):
        ahead += dt.timedelta(days=1)
    return ahead


def _content(rng: random.Random, host: str, topic: str = "") -> str:
    lines = [rng.choice(OPENINGS).format(host=host or "主持人")]
    if topic:
        lines.append(f"会议围绕“{topic}”进行了讨论。")
    lines += rng.sample(SPEECHES, 2)
    lines.append(rng.choice(CLOSINGS).format(host=host or "主持人"))
    return "\n".join(lines)


def _posts(uow: UnitOfWork, org_id: str) -> dict[str, str]:
    return {kind: name for kind, name in uow.session.execute(
        select(Post.kind, Post.holder_name).where(Post.organization_id == org_id, Post.term_end.is_(None)))}


def _attendance(uow: UnitOfWork, rng: random.Random, org_id: str, day: dt.date, kind: MeetingKind, *,
                absent_rate: float = 0.08, force_absent: int = 0, unexcused: bool = False,
                excused: str | None = None, keep: frozenset[str] = frozenset()) -> list[AttendanceEntry]:
    entries: list[AttendanceEntry] = []
    roster = roster_for(uow, org_id, day, kind)
    if excused:
        roster = [p for p in roster if p.member_id != excused]
        entries.append(AttendanceEntry(excused, "", AttendanceStatus.EXCUSED, AbsenceReason.FRAIL,
                                       f"长期卧床，经青山镇党委{day.year}年3月1日同意不计入应到人数"))
    roster = [p for p in roster if p.name in keep] + [p for p in roster if p.name not in keep]
    for i, p in enumerate(roster):
        if p.name in keep:  # the host and the recorder are there
            entries.append(AttendanceEntry(p.member_id, p.name, AttendanceStatus.PRESENT))
            continue
        absent = i < force_absent + len(keep & {x.name for x in roster}) if force_absent \
            else rng.random() < absent_rate
        if absent:
            reason = rng.choice([AbsenceReason.SICK_LEAVE, AbsenceReason.PERSONAL_LEAVE, AbsenceReason.OFFICIAL_LEAVE])
            if unexcused and not any(e.reason == AbsenceReason.UNEXCUSED for e in entries):
                reason = AbsenceReason.UNEXCUSED
            note = {AbsenceReason.OFFICIAL_LEAVE: "外出参加县级培训", AbsenceReason.SICK_LEAVE: "住院治疗",
                    AbsenceReason.PERSONAL_LEAVE: "家中有事", AbsenceReason.UNEXCUSED: ""}[reason]
            entries.append(AttendanceEntry(p.member_id, p.name, AttendanceStatus.ABSENT, reason, note))
        else:
            entries.append(AttendanceEntry(p.member_id, p.name, AttendanceStatus.PRESENT))
    if unexcused and not any(e.reason == AbsenceReason.UNEXCUSED for e in entries) and entries:
        entries[-1] = AttendanceEntry(entries[-1].member_id, entries[-1].name, AttendanceStatus.ABSENT,
                                      AbsenceReason.UNEXCUSED)
    return entries


def build_demo_meetings(uow: UnitOfWork, year: int, *, today: dt.date, seed: int = 7) -> int:
    """Records up to `today` for every branch and party group, the year's plans and some talks."""
    rng = random.Random(seed)
    branches = list(uow.session.scalars(select(Organization).where(
        Organization.kind.in_([k.value for k in BRANCH_KINDS])).order_by(Organization.sort_order)))
    made = 0

    def record(data: MeetingInput, vote: bool = False, **kw) -> None:
        nonlocal made
        if data.held_on > today:
            return
        data.first_topic_material = data.first_topic_material or rng.choice(FIRST_TOPICS)
        data.attendance = _attendance(uow, rng, data.organization_id, data.held_on, data.kind,
                                      keep=frozenset(x for x in (data.host, data.recorder) if x), **kw)
        if vote:  # a unanimous vote of those with a vote present
            voters = {p.member_id for p in roster_for(uow, data.organization_id, data.held_on, data.kind) if p.votes}
            data.vote_kind = VoteKind.MOTION.value
            data.votes_for = sum(1 for e in data.attendance
                                 if e.status == AttendanceStatus.PRESENT and e.member_id in voters)
            data.votes_against = data.votes_abstain = 0
            data.resolutions = data.resolutions or "全体有表决权的党员一致同意本季度党员积分考核结果。"
        create_meeting(uow, data, today=today)
        made += 1

    total = uow.session.scalars(select(Organization).where(
        Organization.kind == OrgKind.GENERAL_BRANCH.value)).first()
    if total is not None:
        t_posts = _posts(uow, total.id)
        t_host = t_posts.get(PostKind.SECRETARY.value, "")
        for month in range(1, 13):
            topic = rng.choice(COMMITTEE_TOPICS)
            record(MeetingInput(organization_id=total.id, kind=MeetingKind.COMMITTEE_MEETING,
                                held_on=_weekday(dt.date(year, month, 4)), title=f"{month}月党总支委员会会议",
                                start_time="16:30", end_time="17:30", place="学校会议室", host=t_host,
                                recorder=t_posts.get(PostKind.DEPUTY_SECRETARY.value, ""),
                                first_topic_speaker=t_host, topics=f"{topic}\n听取各支部工作汇报",
                                resolutions=f"同意{topic[2:]}的安排。", content=_content(rng, t_host, topic)),
                   absent_rate=0.05)

    for b_index, branch in enumerate(branches):
        posts = _posts(uow, branch.id)
        host = posts.get(PostKind.SECRETARY.value, "")
        recorder = posts.get(PostKind.ORGANIZATION_OFFICER.value, "")
        place = PLACES.get(branch.name, "学校党员活动室")
        common: dict[str, Any] = {"organization_id": branch.id, "host": host, "recorder": recorder, "place": place,
                  "first_topic_speaker": host}
        groups = list(uow.session.scalars(select(Organization).where(
            Organization.parent_id == branch.id, Organization.kind == OrgKind.PARTY_GROUP.value)))
        retired = not groups
        bedridden = None
        if retired:  # the eldest retired member, bedridden: excused from the 党员大会 with consent
            people = roster_for(uow, branch.id, dt.date(year, 1, 1))
            posts_held = set(uow.session.scalars(select(Post.member_id).where(Post.organization_id == branch.id)))
            bedridden = next((p.member_id for p in reversed(people) if p.member_id not in posts_held), None)
        for month in range(1, 13):
            theme = THEMES[month - 1]
            meeting_plans.save_plan(uow, organization_id=branch.id, year=year, month=month,
                                    kind=MeetingKind.THEME_DAY, topic=theme)
            topic = rng.choice(COMMITTEE_TOPICS)
            record(MeetingInput(kind=MeetingKind.COMMITTEE_MEETING, held_on=_weekday(dt.date(year, month, 6)),
                                title=f"{month}月支部委员会会议", start_time="16:30", end_time="17:30",
                                topics=f"{topic}\n通报上月工作落实情况", resolutions=f"同意{topic[2:]}的安排。",
                                follow_up=f"{recorder}负责落实，月底前完成。",
                                content=_content(rng, host, topic), **common), absent_rate=0.03)
            with_lecture = b_index == 0 and month == 6  # a 主题党日 that includes the quarter's 党课
            record(MeetingInput(kind=MeetingKind.THEME_DAY, held_on=_weekday(dt.date(year, month, 15)),
                                title=f"{month}月主题党日" + ("暨党课" if with_lecture else ""), theme=theme,
                                form=rng.choice(FORMS), start_time="15:00", end_time="16:30",
                                topics="重温入党誓词\n集中学习\n交纳党费" + ("\n书记讲党课" if with_lecture else ""),
                                also_kinds=MeetingKind.PARTY_LECTURE.value if with_lecture else "",
                                lecturer=host if with_lecture else "",
                                lecture_title=LECTURES[1] if with_lecture else "",
                                content=_content(rng, host, theme), **common),
                   unexcused=(b_index == 0 and month == 4))
            for g_index, group in enumerate(groups):
                leader = _posts(uow, group.id).get(PostKind.GROUP_LEADER.value, "")
                record(MeetingInput(organization_id=group.id, kind=MeetingKind.GROUP_MEETING,
                                    held_on=_weekday(dt.date(year, month, 20 + g_index)),
                                    title=f"{group.name}{month}月党小组会", host=leader, recorder=leader,
                                    place="教研组办公室", start_time="16:40", end_time="17:30",
                                    topics="集中学习\n交流思想工作情况", content=_content(rng, leader)))
            quarter, pos = (month - 1) // 3 + 1, (month - 1) % 3
            if pos == 1:
                short = b_index == 2 and quarter == 3
                roster_size = len(roster_for(uow, branch.id, _weekday(dt.date(year, month, 25))))
                record(MeetingInput(kind=MeetingKind.GENERAL_ASSEMBLY, held_on=_weekday(dt.date(year, month, 25)),
                                    title=f"第{quarter}季度支部党员大会", start_time="15:30", end_time="17:00",
                                    topics="通报支部本季度工作\n讨论党员积分考核情况",
                                    content=_content(rng, host, "党员积分考核"), **common),
                       vote=True, force_absent=(roster_size // 2 + 1) if short else 0, absent_rate=0.05,
                       excused=bedridden)
            if pos == 2:
                lecture = LECTURES[quarter - 1]
                lecturer = host if quarter in (1, 4) else posts.get(PostKind.PUBLICITY_OFFICER.value, host)
                meeting_plans.save_plan(uow, organization_id=branch.id, year=year, month=month,
                                        kind=MeetingKind.PARTY_LECTURE, topic=lecture)
                if (b_index == 1 and quarter == 2) or (b_index == 0 and quarter == 2):
                    continue  # branch 2: planned, never held (the honest gap); branch 1: held with the 主题党日
                record(MeetingInput(kind=MeetingKind.PARTY_LECTURE, held_on=_weekday(dt.date(year, month, 18)),
                                    title=f"党课：{lecture}", lecturer=lecturer, lecture_title=lecture,
                                    lecture_type="书记讲党课" if lecturer == host else "党员轮流讲党课",
                                    start_time="15:00", end_time="16:00", topics=lecture,
                                    content=f"{lecturer}以《{lecture}》为题讲授党课，结合学校发展实际，"
                                            "从三个方面进行了阐述。", **common))
        meeting_plans.save_plan(uow, organization_id=branch.id, year=year, month=12, kind=MeetingKind.LIFE_MEETING,
                                topic=f"{year}年度专题组织生活会")
        record(MeetingInput(kind=MeetingKind.LIFE_MEETING, held_on=_weekday(dt.date(year, 12, 22)),
                            title=f"{year}年度组织生活会", start_time="14:30", end_time="17:30",
                            topics="通报支部班子对照检查情况\n党员开展批评和自我批评\n制定整改清单",
                            first_topic_material=FIRST_TOPIC, content=_content(rng, host), **common,
                            also_kinds=MeetingKind.MEMBER_REVIEW.value if retired else ""))
        if not retired:  # the retired teachers hold the 民主评议 together with the 组织生活会
            record(MeetingInput(kind=MeetingKind.MEMBER_REVIEW, held_on=_weekday(dt.date(year, 12, 23)),
                                title=f"{year}年度民主评议党员", start_time="15:00", end_time="17:00",
                                topics="党员个人自评\n党员互评\n民主测评\n支部综合评定",
                                content=_content(rng, host, "民主评议党员"), **common))
        made += _talks(uow, rng, branch.id, year, today)
    return made


def _talks(uow: UnitOfWork, rng: random.Random, branch_id: str, year: int, today: dt.date) -> int:
    from app.services.meeting_templates import create_talk

    secretary = uow.session.scalar(select(Post.member_id).where(
        Post.organization_id == branch_id, Post.kind == PostKind.SECRETARY.value))
    people = [p for p in roster_for(uow, branch_id, today) if p.member_id != secretary]
    made = 0
    topics = ["谈思想和工作情况", "了解教学工作困难", "谈入党后的思想变化", "征求对支部工作的意见"]
    for i, person in enumerate(people[:5]):
        day = _weekday(dt.date(year, 2 + 2 * i, 10))
        if secretary is None or day > today:
            continue
        create_talk(uow, member_a_id=secretary, member_b_id=person.member_id, held_on=day,
                    topic=rng.choice(topics), place="书记办公室",
                    summary=f"与{person.name}同志谈心，交流了近期思想、工作和生活情况，对其提出的意见作了回应。")
        made += 1
    return made
