"""The demo school's 清廉学校 year: the default lists adopted, a year of 三重一大 decisions (one of them
carried out before the Party meeting decided, as an honest problem to find) and 警示教育 activities."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select

from app.domain import compliance_rules
from app.domain.clean_school import DecisionCategory, WarningForm
from app.domain.clean_school_docs import ActivityRow, DecisionRow
from app.domain.enums import MeetingKind
from app.services.clean_lists import adopt_defaults_in
from app.services.major_decisions import save_decision_in
from app.services.warning_education import save_activity_in
from app.store.models import Meeting, Member
from app.store.uow import UnitOfWork

_DECISIONS = [  # (month, category, topic, amount, executor, 校长办公会 days after the Party meeting, decision)
    (3, DecisionCategory.LARGE_FUNDS, "春季学期教室照明改造", Decimal("38600"), "总务主任", 3,
     "同意实施改造，按询价程序确定施工单位，总务处负责验收。"),
    (5, DecisionCategory.CADRE_APPOINTMENT, "聘任初中部教务处副主任", None, "校长", 2,
     "同意聘任，任前公示5个工作日。"),
    (6, DecisionCategory.MAJOR_MATTER, "修订教职工绩效考核分配方案", None, "绩效考核领导小组", 7,
     "同意方案提交教代会审议。"),
    (9, DecisionCategory.MAJOR_PROJECT, "食堂操作间改造工程", Decimal("126000"), "分管副校长", 5,
     "同意报县教育局审批后实施，纪检委员全程监督。"),
    (10, DecisionCategory.ORDINARY, "购置图书室新书", Decimal("3200"), "总务主任", 0,
     "同意按小额采购程序购置。"),
    (11, DecisionCategory.LARGE_FUNDS, "采购冬季取暖燃料", Decimal("24500"), "总务主任", -4,
     "同意按政府采购程序采购。"),
]
_ACTIVITIES = [
    (4, WarningForm.FILM, "观看警示教育片《榜样的力量》", "组织全体党员观看警示教育片，交流观后感。", "学校会议室"),
    (6, WarningForm.CASE_BRIEFING, "通报教育系统违规有偿补课典型案例",
     "学习县纪委通报的3起典型案例，签订不参与有偿补课承诺书。", "学校会议室"),
    (10, WarningForm.VISIT, "参观县廉政教育基地", "全体党员和中层干部参观县廉政教育基地。", "县廉政教育基地"),
    (12, WarningForm.LECTURE, "廉政党课：守住底线　廉洁从教", "党总支书记讲授廉政党课。", "学校会议室"),
]


def build_demo_clean_school(uow: UnitOfWork, year: int, today: dt.date) -> int:
    """Returns how many decisions and activities were written (those after `today` are left out)."""
    adopt_defaults_in(uow, year, min(today, dt.date(year, 2, 20)))
    committee = uow.session.scalars(select(Meeting).where(
        Meeting.kind == MeetingKind.COMMITTEE_MEETING.value,
        Meeting.held_on.between(dt.date(year, 1, 1), dt.date(year, 12, 31))).order_by(Meeting.held_on)).all()
    written = 0
    for month, category, topic, amount, executor, office_after, decision in _DECISIONS:
        meeting = next((m for m in committee if m.held_on.month == month), None)
        party_on = meeting.held_on if meeting else dt.date(year, month, 10)
        if party_on > today:
            continue
        save_decision_in(uow, DecisionRow(
            topic=topic, category=category, basis="学校“三重一大”决策制度", proposer="校长",
            consultation="会前征求班子成员和教师代表意见", party_meeting_id=meeting.id if meeting else None,
            party_meeting_on=party_on, office_meeting_on=party_on + dt.timedelta(days=office_after),
            amount=amount, attendees="党组织委员", decision=decision, executor=executor,
            deadline=party_on + dt.timedelta(days=60), votes_for=meeting.present_count if meeting else None,
            votes_against=0 if meeting else None, votes_abstain=0 if meeting else None))
        written += 1
    people = uow.session.execute(select(Member.id, Member.category, Member.status, Member.status_changed_on,
                                        Member.joined_on).order_by(Member.name_pinyin)).all()
    for month, form, title, content, place in _ACTIVITIES:
        day = dt.date(year, month, 18)
        if day > today:
            continue
        present = [p.id for p in people
                   if compliance_rules.expected_on(p.category, p.status, p.status_changed_on, p.joined_on, day)]
        save_activity_in(uow, ActivityRow(day, form, title, content, place, "增强了廉洁从教意识。",
                                          present[: max(1, len(present) * 9 // 10)]))
        written += 1
    return written
