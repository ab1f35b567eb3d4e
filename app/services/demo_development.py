"""The demo school's 发展党员 pipeline and 双培养 ledger, for `dangjian demo`.

Every person in development gets the steps their roster dates imply (decisions linked to the branch's
meeting records where one was held within a few days). Five people are added: a member developed last
year with all 25 steps on record, a 预备党员 whose probation ends within weeks, a young and an older
积极分子, and one honest problem: a 发展对象 named ten months after becoming an activist, entered with the
county's written consent as the reason.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace

from sqlalchemy import select

from app.domain.development_rules import DecisionBody, DualDirection, ProbationOutcome, add_months
from app.domain.enums import BackboneLevel, MeetingKind, MemberCategory, MemberStatus
from app.services import dual_cultivation
from app.services.development import NeedsReason, StepInput, add_step
from app.store.models import Meeting, Member, Organization
from app.store.uow import UnitOfWork

PROBLEM_REASON = "经县委组织部书面同意（青组函〔{year}〕7号），因工作需要提前列为发展对象"
COMMITTEE = DecisionBody.COMMITTEE
ASSEMBLY = DecisionBody.GENERAL_ASSEMBLY
UPPER = DecisionBody.UPPER_COMMITTEE


class _Builder:
    def __init__(self, uow: UnitOfWork, today: dt.date, rng: random.Random) -> None:
        self.uow = uow
        self.today = today
        self.rng = rng
        self.count = 0

    def meeting_near(self, branch_id: str | None, kind: MeetingKind, day: dt.date, days: int = 10) -> Meeting | None:
        if branch_id is None:
            return None
        return self.uow.session.scalars(select(Meeting).where(
            Meeting.organization_id == branch_id, Meeting.kind == kind.value,
            Meeting.held_on >= day - dt.timedelta(days=days), Meeting.held_on <= day + dt.timedelta(days=days),
            Meeting.held_on <= self.today).order_by(Meeting.held_on)).first()

    def step(self, member: Member, number: int, on: dt.date, decided_by: DecisionBody = DecisionBody.NONE,
             meeting: Meeting | None = None, *, reason: str = "", note: str = "",
             introducer_ids: tuple[str, ...] = (), contact_ids: tuple[str, ...] = (),
             outcome: ProbationOutcome = ProbationOutcome.NONE) -> None:
        if on > self.today:
            return
        inp = StepInput(member.id, number, on, decided_by, meeting.id if meeting else None,
                        introducer_ids=introducer_ids, contact_ids=contact_ids, outcome=outcome, note=note,
                        reason=reason)
        try:
            add_step(self.uow, inp, self.today)
        except NeedsReason:  # a date that lands badly on some day of the year: the demo still fills
            add_step(self.uow, replace(inp, reason="示范数据：按纸质材料补录"), self.today)
        self.count += 1

    def full_members(self, branch_id: str | None, by: dt.date, exclude: set[str]) -> list[Member]:
        found = list(self.uow.session.scalars(select(Member).where(
            Member.branch_id == branch_id, Member.category == MemberCategory.FULL.value,
            Member.status == MemberStatus.ACTIVE.value).order_by(Member.full_on, Member.name_pinyin)))
        ready = [m for m in found if m.full_on is not None and m.full_on <= by and m.id not in exclude]
        return ready or [m for m in found if m.id not in exclude]

    def snap(self, member: Member, kind: MeetingKind, day: dt.date,
             earliest: dt.date) -> tuple[dt.date, Meeting | None]:
        """A decision's date moved to the branch meeting that took it, when one was held close by."""
        meeting = self.meeting_near(member.branch_id, kind, day)
        if meeting is not None and earliest <= meeting.held_on <= self.today:
            return meeting.held_on, meeting
        return day, None

    def timeline(self, member: Member, *, applied: dt.date, activist: dt.date | None = None,
                 candidate: dt.date | None = None, joined: dt.date | None = None, full: bool = False,
                 problem_reason: str = "") -> None:
        """Steps 1–25 as far as the person has come, each interval kept (but the one `problem_reason` explains)."""
        self.step(member, 1, applied)
        self.step(member, 2, applied + dt.timedelta(days=14), COMMITTEE)
        if activist is None:
            return
        activist, meeting = self.snap(member, MeetingKind.COMMITTEE_MEETING, activist, applied + dt.timedelta(days=15))
        self.step(member, 3, activist - dt.timedelta(days=10))
        self.step(member, 4, activist, COMMITTEE, meeting)
        contacts = self.full_members(member.branch_id, activist, {member.id})[-2:]
        self.step(member, 5, activist + dt.timedelta(days=7), COMMITTEE, contact_ids=tuple(c.id for c in contacts))
        end_of_stage = candidate or self.today + dt.timedelta(days=1)
        review = add_months(activist, 6)
        while review < end_of_stage and review <= self.today:
            self.step(member, 6, review, COMMITTEE, note="培养联系人汇报，支委会考察合格")
            review = add_months(review, 6)
        if candidate is None:
            return
        year_on = add_months(activist, 12)
        if not problem_reason:
            candidate, meeting = self.snap(member, MeetingKind.COMMITTEE_MEETING, candidate, year_on)
            self.step(member, 7, min(year_on, candidate), COMMITTEE)
        else:
            meeting = None
        self.step(member, 8, candidate, COMMITTEE, meeting, reason=problem_reason)
        introducers = self.full_members(member.branch_id, candidate + dt.timedelta(days=5), {member.id})[:2]
        self.step(member, 9, candidate + dt.timedelta(days=5), COMMITTEE,
                  introducer_ids=tuple(i.id for i in introducers))
        self.step(member, 10, candidate + dt.timedelta(days=20), COMMITTEE, note="函调本人及直系亲属，政治审查合格")
        self.step(member, 11, candidate + dt.timedelta(days=30), UPPER,
                  note="参加县委党校发展对象培训班（3天，24学时），考试合格")
        if joined is None:
            return
        joined, meeting = self.snap(member, MeetingKind.GENERAL_ASSEMBLY, joined, candidate + dt.timedelta(days=60))
        self.step(member, 12, joined - dt.timedelta(days=40), COMMITTEE)
        self.step(member, 13, joined - dt.timedelta(days=30), UPPER)
        self.step(member, 14, joined - dt.timedelta(days=20))
        self.step(member, 18, joined - dt.timedelta(days=12), note="在校务公开栏公示5个工作日，无异议")
        self.step(member, 15, joined, ASSEMBLY, meeting, note="应到有表决权党员全部参加表决，全票通过")
        self.step(member, 16, joined + dt.timedelta(days=10), UPPER)
        self.step(member, 17, joined + dt.timedelta(days=25), UPPER)
        self.step(member, 19, joined + dt.timedelta(days=35), note="举行入党宣誓仪式")
        self.step(member, 20, joined + dt.timedelta(days=180), COMMITTEE)
        end = add_months(joined, 12)
        self.step(member, 21, end - dt.timedelta(days=7))
        if not full:
            return
        self.step(member, 22, end, ASSEMBLY, outcome=ProbationOutcome.FULL)
        self.step(member, 23, end + dt.timedelta(days=20), UPPER)
        self.step(member, 24, end + dt.timedelta(days=30), note="入党材料交学校党总支归档")
        self.step(member, 25, end + dt.timedelta(days=35), note="党员信息系统已更新")


def build_demo_development(uow: UnitOfWork, year: int, *, today: dt.date, seed: int = 18) -> int:
    """Fill the pipeline after the roster and the meetings exist; returns the number of steps recorded.

    The roster's dates are kept, but for two people: one 预备党员 admitted earlier so the probation ends
    within weeks, and the honest problem (the first 发展对象, named activist only ten months before).
    """
    builder = _Builder(uow, today, random.Random(seed))
    pipeline = list(uow.session.scalars(select(Member).where(
        Member.category.in_([c.value for c in (MemberCategory.APPLICANT, MemberCategory.ACTIVIST,
                                               MemberCategory.CANDIDATE, MemberCategory.PROBATIONARY)]),
        Member.status == MemberStatus.ACTIVE.value).order_by(Member.created_at)))
    due_soon = problem = False
    for m in pipeline:
        if m.applied_on is None:
            continue
        activist, joined, reason = m.activist_on, m.joined_on, ""
        if (m.category == MemberCategory.PROBATIONARY.value and joined is not None and not due_soon
                and add_months(joined, 12) > today + dt.timedelta(days=60)):
            joined, due_soon = today - dt.timedelta(days=320), True
        if m.category == MemberCategory.CANDIDATE.value and m.candidate_on is not None and not problem:
            activist, problem = m.candidate_on - dt.timedelta(days=300), True
            reason = PROBLEM_REASON.format(year=m.candidate_on.year)
        builder.timeline(m, applied=m.applied_on, activist=activist, candidate=m.candidate_on, joined=joined,
                         problem_reason=reason)
    # A member developed in recent years with every one of the 25 steps on record (what inspectors open).
    recent = uow.session.scalars(select(Member).join(Organization, Organization.id == Member.branch_id).where(
        Member.category == MemberCategory.FULL.value, Member.status == MemberStatus.ACTIVE.value,
        Member.job != "退休教师", Member.joined_on.is_not(None), Member.candidate_on.is_not(None))
        .order_by(Member.joined_on.desc())).first()
    if recent is not None and recent.applied_on and recent.activist_on and recent.candidate_on:
        builder.timeline(recent, applied=recent.applied_on, activist=recent.activist_on,
                         candidate=recent.candidate_on, joined=recent.joined_on, full=True)
    _dual(uow, today, pipeline)
    return builder.count


def _dual(uow: UnitOfWork, today: dt.date, pipeline: list[Member]) -> None:
    add = dual_cultivation.add_to
    start = today - dt.timedelta(days=300)
    levels = [BackboneLevel.SUBJECT_LEADER, BackboneLevel.TEACHING_EXPERT, BackboneLevel.COUNTY]
    notes = {MemberCategory.ACTIVIST.value: "已确定为入党积极分子，培养联系人每月谈心一次",
             MemberCategory.CANDIDATE.value: "已列为发展对象，完成政治审查和集中培训",
             MemberCategory.APPLICANT.value: "已递交入党申请书，党支部已派人谈话"}
    chosen = [m for m in pipeline if m.category in notes][:3]
    for m, level in zip(chosen, levels, strict=False):
        add(uow, dual_cultivation.DualInput(m.name, DualDirection.TO_MEMBER, min(start, m.applied_on or start),
                                            member_id=m.id, level=level, level_on=start - dt.timedelta(days=200),
                                            responsible="党总支书记", progress=notes[m.category]), today)
    add(uow, dual_cultivation.DualInput("郑雨萌", DualDirection.TO_MEMBER, today - dt.timedelta(days=60),
                                        level=BackboneLevel.MASTER_TEACHER, level_on=today - dt.timedelta(days=500),
                                        responsible="组织委员",
                                        progress="县级名师工作室主持人，已多次谈心，本人有入党意愿"), today)
    fulls = list(uow.session.scalars(select(Member).where(
        Member.category == MemberCategory.FULL.value, Member.backbone_level == BackboneLevel.NONE.value,
        Member.status == MemberStatus.ACTIVE.value, Member.job != "退休教师").order_by(Member.name_pinyin).limit(3)))
    progress = ["拜县级学科带头人为师，本学期上校级公开课2节", "参加县级骨干教师培训，论文获县二等奖",
                "已认定为校级骨干教师"]
    for i, m in enumerate(fulls):
        done = today - dt.timedelta(days=20) if i == 2 else None
        level = BackboneLevel.SCHOOL if done else BackboneLevel.COUNTY
        add(uow, dual_cultivation.DualInput(m.name, DualDirection.TO_BACKBONE, today - dt.timedelta(days=330),
                                            member_id=m.id, level=level, level_on=done, responsible="教务主任",
                                            progress=progress[i], completed_on=done), today)
