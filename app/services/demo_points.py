"""The demo school's year of 党员积分: commitments from the role templates, manual entries (a quick entry for
many, a correction, one veto), the year-end 践诺 review, and — from December on — the 年底评议 with ballot
counts and one decision that differs from the suggestion. Automatic points come from the demo's meetings."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select

from app.domain.enums import MemberCategory
from app.domain.points_rules import PARTY_CATEGORIES, CommitmentRole, Fulfilment, Grade
from app.services.commitments import fill_step, review_step
from app.services.points import correct_step, enter_points
from app.services.points_catalog import ensure_catalog
from app.services.points_review import evaluate_step
from app.store.models import Commitment, Member, PointReview, PointReviewEntry, PointRule
from app.store.uow import UnitOfWork

ADMIN_JOBS = ("校长", "副校长", "教务主任", "德育主任", "总务主任")


def _role(member: Member) -> CommitmentRole:
    if member.branch is not None and "退休" in member.branch.name:
        return CommitmentRole.RETIRED
    return CommitmentRole.ADMINISTRATOR if member.job in ADMIN_JOBS else CommitmentRole.TEACHER


def build_demo_points(uow: UnitOfWork, year: int, *, today: dt.date, seed: int = 19) -> str:
    rng = random.Random(seed)
    people = list(uow.session.scalars(select(Member).where(
        Member.category.in_([MemberCategory.PROBATIONARY.value, MemberCategory.FULL.value]),
        Member.status == "active", Member.branch_id.is_not(None)).order_by(Member.name_pinyin, Member.id)))
    if not people:
        return ""
    catalog = ensure_catalog(uow, people[0].school_id, year)
    rules = {r.code: r.id for r in uow.session.scalars(select(PointRule).where(PointRule.catalog_id == catalog.id))}
    for role in CommitmentRole:
        fill_step(uow, year, [m.id for m in people if _role(m) == role], role)
    last = min(today, dt.date(year, 12, 31))

    def day(month: int) -> dt.date:
        return min(dt.date(year, month, rng.randint(1, 28)), last)

    months = max(1, last.month)
    entries = 0
    teachers = [m for m in people if _role(m) != CommitmentRole.RETIRED]
    for m in teachers:
        if m.model_post:
            entries += len(enter_points(uow, [m.id], rules["model_post"], day(rng.randint(1, months)),
                                        f"{m.model_post}，考核合格"))
        for _ in range(rng.randint(0, 3)):
            entries += len(enter_points(uow, [m.id], rules["open_class"], day(rng.randint(1, months)),
                                        rng.choice(["校级公开课", "县级示范课", "送教下乡示范课"])))
        if rng.random() < 0.35:
            level, pts = rng.choice([("县级", 3), ("县级", 3), ("市级", 5), ("省级", 8)])
            entries += len(enter_points(uow, [m.id], rules["award"], day(rng.randint(1, months)),
                                        f"获{level}{rng.choice(['优秀教师', '优质课一等奖', '优秀班主任'])}", pts))
        if rng.random() < 0.2:
            entries += len(enter_points(uow, [m.id], rules["article"], day(rng.randint(1, months)),
                                        "在县级以上刊物发表教学论文"))
        if rng.random() < 0.15:
            entries += len(enter_points(uow, [m.id], rules["mentoring"], day(min(3, months)),
                                        "青蓝工程结对帮带新入职教师"))
    volunteers = rng.sample(people, k=min(len(people), 18))  # quick entry: one rule, many members
    entries += len(enter_points(uow, [m.id for m in volunteers], rules["volunteer"], day(min(5, months)),
                                "“学雷锋”社区志愿服务"))
    helpers = rng.sample(teachers, k=min(len(teachers), 6))
    entries += len(enter_points(uow, [m.id for m in helpers], rules["urgent_task"], day(min(7, months)),
                                "防汛值守"))
    late = rng.choice(people)
    entries += len(enter_points(uow, [late.id], rules["dues_late"], day(min(4, months)), "4月党费未按时交纳"))
    wrong, right = teachers[0], teachers[1]  # a correction: an award entered for the wrong person
    mistaken = enter_points(uow, [wrong.id], rules["award"], day(min(6, months)), "获市级优秀教师", 5)[0]
    correct_step(uow, mistaken, "录错人员，应为" + right.name, last)
    entries += 2 + len(enter_points(uow, [right.id], rules["award"], day(min(6, months)), "获市级优秀教师", 5))
    vetoed = [m for m in teachers if m.category == MemberCategory.FULL.value][-1]
    entries += len(enter_points(uow, [vetoed.id], rules["veto_ethics"], day(min(9, months)),
                                "违规有偿补课，经调查属实（师德师风一票否决）"))
    activist = uow.session.scalars(select(Member).where(  # scored, not graded (docs/domain.md "Member points")
        Member.category == MemberCategory.ACTIVIST.value, Member.status == "active",
        Member.branch_id.is_not(None)).order_by(Member.name_pinyin, Member.id)).first()
    if activist is not None:
        entries += len(enter_points(uow, [activist.id], rules["volunteer"], min(dt.date(year, 5, 20), last),
                                    "“学雷锋”社区志愿服务"))
    reviewed = 0
    if last >= dt.date(year, 12, 1):
        for c in uow.session.scalars(select(Commitment).where(Commitment.year == year)):
            broken = rng.random() < 0.04 or (c.member_id == vetoed.id and c.group == "integrity")
            review_step(uow, c.id, Fulfilment.BROKEN if broken else Fulfilment.KEPT,
                        "未按期完成" if broken else "", last)
            reviewed += 1
    summary = f"党员积分：{len(people)} 人的年初承诺，{entries} 条手工积分（含更正 1 条、一票否决 1 条）"
    if last < dt.date(year, 12, 1):
        return summary + "；年底评议在 12 月进行。"
    evaluate_step(uow, year, last)
    review_entries = list(uow.session.scalars(select(PointReviewEntry).join(
        PointReview, PointReview.id == PointReviewEntry.review_id).where(PointReview.year == year)))
    by_branch: dict[str | None, list[PointReviewEntry]] = {}
    for e in review_entries:
        by_branch.setdefault(e.branch_id, []).append(e)
    party = {m for m, in uow.session.execute(select(Member.id).where(Member.category.in_(PARTY_CATEGORIES)))}
    first_branch = [e for e in next(iter(by_branch.values())) if e.member_id in party]  # those on the ballot
    voters = len(first_branch)
    for e in first_branch:  # the first branch's 民主测评 counts are in
        grade = Grade(e.suggested) if e.suggested else Grade.QUALIFIED
        ex = rng.randint(voters // 2, voters - 1) if grade == Grade.EXCELLENT else rng.randint(0, voters // 4)
        un = voters - 1 if e.vetoed else 0
        qu = max(0, voters - 1 - ex - un - 1)
        e.votes_excellent, e.votes_qualified, e.votes_basic, e.votes_unqualified = ex, qu, 1 if qu else 0, un
    override = next((e for e in first_branch if e.suggested == Grade.QUALIFIED.value), None)
    if override is not None:  # the branch raises one member, with its reason
        override.decided = Grade.EXCELLENT.value
        override.reason = "民主测评优秀票过半，支部党员大会表决同意评为优秀"
    uow.session.flush()
    return summary + f"；{reviewed} 条承诺已评议践诺，{len(review_entries)} 人参加年底评议。"
