"""年底评议 (民主评议党员) use cases: evaluate the year (totals, ranks, suggested grades; the catalog freezes),
enter the 民主测评 ballot counts, record the branch's decision (a reason when it differs), read the results.

The 优秀 share is capped per branch (the branch committee proposes grades, docs/domain.md "民主评议党员").
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select

from app.domain import points_rules as pr
from app.domain.enums import MemberCategory
from app.domain.points_rules import Bands, Grade, Scored
from app.errors import NotFoundError, ValidationError
from app.services.permissions import require_admin, require_edit
from app.services.points import RankRow, rank_year
from app.services.points_catalog import ensure_catalogs, school_ids
from app.store.models import Member, Organization, PointCatalog, PointReview, PointReviewEntry
from app.store.uow import Ledger, UnitOfWork


@dataclass(frozen=True)
class ReviewRow:
    member_id: str
    name: str
    branch_id: str | None
    branch_name: str
    total: int
    rank_school: int
    rank_branch: int
    graded: bool
    vetoed: bool
    suggested: Grade | None
    votes: tuple[int, int, int, int]  # 优秀, 合格, 基本合格, 不合格
    decided: Grade | None
    reason: str
    category: MemberCategory = MemberCategory.FULL

    @property
    def final(self) -> Grade | None:
        return self.decided or self.suggested

    @property
    def on_ballot(self) -> bool:
        """Party members are on the 民主测评表; 入党积极分子 and 发展对象 are scored only (docs/domain.md)."""
        return self.category.value in pr.PARTY_CATEGORIES


@dataclass
class ReviewInfo:
    year: int
    evaluated_on: dt.date
    notice_days: int
    rows: list[ReviewRow]


def suggest(rows: list[RankRow], bands_by_school: dict[str, Bands]) -> dict[str, Grade | None]:
    """Suggested grades, the 优秀 quota counted per branch."""
    by_branch: dict[str | None, list[RankRow]] = defaultdict(list)
    for r in rows:
        by_branch[r.branch_id].append(r)
    out: dict[str, Grade | None] = {}
    for members in by_branch.values():
        bands = bands_by_school[members[0].school_id]
        out.update(pr.suggest_grades([Scored(r.member_id, r.total, r.graded, r.vetoed) for r in members], bands))
    return out


def evaluate_year(ledger: Ledger, year: int, *, today: dt.date | None = None, notice_days: int = 5) -> ReviewInfo:
    """Close the year: store every member's total, ranks and suggested grade, and freeze the year's catalog."""
    if not 1 <= notice_days <= 30:
        raise ValidationError("公示天数应在 1 到 30 天之间")
    with ledger.uow() as uow:
        evaluate_step(uow, year, today or dt.date.today(), notice_days)
        uow.commit()
    return review_of(ledger, year)


def evaluate_step(uow: UnitOfWork, year: int, day: dt.date, notice_days: int = 5) -> int:
    """The step behind evaluate_year; returns how many members were evaluated."""
    if day < dt.date(year, 12, 1):
        raise ValidationError(f"{year} 年度评议应在年底（12 月起）进行")
    require_admin(uow.actor, "进行年度评议")
    catalogs = ensure_catalogs(uow, year)
    done = set(uow.session.scalars(select(PointReview.school_id).where(PointReview.year == year)))
    todo = [sid for sid in school_ids(uow) if sid not in done]
    if not todo:
        raise ValidationError(f"{year} 年度已经评议过")
    rows = rank_year(uow, year, catalogs, school_ids=todo)
    bands = {}
    for sid in todo:
        cat = uow.session.get(PointCatalog, catalogs[sid])
        assert cat is not None
        bands[sid] = Bands(cat.excellent_min, cat.qualified_min, cat.basic_min, cat.excellent_share_num,
                           cat.excellent_share_den)
        cat.frozen = True
        review = PointReview(school_id=sid, year=year, catalog_id=cat.id, evaluated_on=day,
                             evaluated_by=uow.actor.username, notice_days=notice_days)
        uow.session.add(review)
        uow.session.flush()
        grades = suggest([r for r in rows if r.school_id == sid], bands)
        for r in rows:
            if r.school_id != sid:
                continue
            g = grades.get(r.member_id)
            uow.session.add(PointReviewEntry(
                review_id=review.id, member_id=r.member_id, branch_id=r.branch_id, total=r.total,
                rank_school=r.rank_school, rank_branch=r.rank_branch, graded=r.graded, vetoed=r.vetoed,
                suggested=g.value if g else None))
    uow.session.flush()
    uow.audit("create", "point_review", "", f"{year} 年度民主评议党员：计算积分与建议等次，{len(rows)} 人",
              new={"year": year, "members": len(rows), "schools": len(todo)})
    return len(rows)


def _entries(uow: UnitOfWork, year: int) -> list[tuple[PointReviewEntry, PointReview, Member]]:
    stmt = (select(PointReviewEntry, PointReview, Member)
            .join(PointReview, PointReview.id == PointReviewEntry.review_id)
            .join(Member, Member.id == PointReviewEntry.member_id).where(PointReview.year == year)
            .order_by(PointReview.school_id, PointReviewEntry.rank_school, Member.name_pinyin, Member.id))
    return [tuple(r) for r in uow.session.execute(stmt)]  # type: ignore[misc]


def review_of(ledger: Ledger, year: int, branch_id: str | None = None) -> ReviewInfo:
    """The year's review as evaluated, with ballots and decisions; NotFoundError before evaluation."""
    with ledger.uow() as uow:
        found = _entries(uow, year)
        reviews = list(uow.session.scalars(select(PointReview).where(PointReview.year == year)))
        if not reviews:
            raise NotFoundError(f"{year} 年度尚未进行评议")
        out = []
        names: dict[str | None, str] = {}
        for e, _review, m in found:
            if branch_id and e.branch_id != branch_id:
                continue
            if e.branch_id not in names:
                names[e.branch_id] = _branch_name(uow, e.branch_id)
            out.append(ReviewRow(
                e.member_id, m.name, e.branch_id, names[e.branch_id], e.total, e.rank_school, e.rank_branch,
                e.graded, e.vetoed,
                Grade(e.suggested) if e.suggested else None,
                (e.votes_excellent, e.votes_qualified, e.votes_basic, e.votes_unqualified),
                Grade(e.decided) if e.decided else None, e.reason, MemberCategory(m.category)))
        return ReviewInfo(year, reviews[0].evaluated_on, reviews[0].notice_days, out)


def _branch_name(uow: UnitOfWork, branch_id: str | None) -> str:
    org = uow.session.get(Organization, branch_id) if branch_id else None
    return org.name if org else ""


def _entry(uow: UnitOfWork, year: int, member_id: str, what: str) -> PointReviewEntry:
    entry = uow.session.scalars(select(PointReviewEntry).join(PointReview, PointReview.id == PointReviewEntry.review_id)
                                .where(PointReview.year == year, PointReviewEntry.member_id == member_id)).first()
    if entry is None:
        raise NotFoundError(f"该党员不在 {year} 年度评议名单中")
    require_edit(uow.actor, uow.session, entry.branch_id, what)
    return entry


def record_ballots(ledger: Ledger, year: int, member_id: str, votes: tuple[int, int, int, int]) -> None:
    """The 民主测评 counts for one member: how many ticked 优秀 / 合格 / 基本合格 / 不合格."""
    with ledger.uow() as uow:
        _ballots_step(uow, year, member_id, votes)
        uow.commit()


def _ballots_step(uow: UnitOfWork, year: int, member_id: str, votes: tuple[int, int, int, int]) -> None:
    if len(votes) != 4 or any(v < 0 for v in votes):
        raise ValidationError("测评票数应为四个不小于 0 的整数")
    entry = _entry(uow, year, member_id, "录入测评票数")
    member = uow.session.get(Member, member_id)
    if member is not None and member.category not in pr.PARTY_CATEGORIES and any(votes):
        raise ValidationError(f"{member.name}是{MemberCategory(member.category).label}，不在民主测评表上，"
                              "不录入测评票数")
    # Who ticks the ballots: the branch's Party members under review (not the activists scored beside them).
    voters = len(list(uow.session.scalars(select(PointReviewEntry.id).join(
        Member, Member.id == PointReviewEntry.member_id).where(
        PointReviewEntry.review_id == entry.review_id, PointReviewEntry.branch_id == entry.branch_id,
        Member.category.in_(pr.PARTY_CATEGORIES)))))
    if sum(votes) > voters:
        raise ValidationError(f"测评票数合计 {sum(votes)} 超过本支部参评人数 {voters}")
    old = (entry.votes_excellent, entry.votes_qualified, entry.votes_basic, entry.votes_unqualified)
    entry.votes_excellent, entry.votes_qualified, entry.votes_basic, entry.votes_unqualified = votes
    uow.audit("update", "point_review_entry", entry.id, "录入民主测评票数", old={"votes": old},
              new={"votes": votes})


def decide(ledger: Ledger, year: int, member_id: str, grade: Grade | None, reason: str = "") -> ReviewRow:
    """The branch's final grade (None: back to the suggestion); a reason is required when it differs."""
    with ledger.uow() as uow:
        _decide_step(uow, year, member_id, grade, reason)
        uow.commit()
    return _row_of(ledger, year, member_id)


def save_review_line(ledger: Ledger, year: int, member_id: str, votes: tuple[int, int, int, int],
                     grade: Grade | None, reason: str = "") -> ReviewRow:
    """The evaluation screen's 保存: one member's ballot counts and the branch's decision, in one transaction."""
    with ledger.uow() as uow:
        _ballots_step(uow, year, member_id, votes)
        _decide_step(uow, year, member_id, grade, reason)
        uow.commit()
    return _row_of(ledger, year, member_id)


def _row_of(ledger: Ledger, year: int, member_id: str) -> ReviewRow:
    return next(r for r in review_of(ledger, year).rows if r.member_id == member_id)


def _decide_step(uow: UnitOfWork, year: int, member_id: str, grade: Grade | None, reason: str) -> None:
    entry = _entry(uow, year, member_id, "评定等次")
    suggested = Grade(entry.suggested) if entry.suggested else None
    problems = pr.decision_problems(suggested, grade, reason, graded=entry.graded, vetoed=entry.vetoed)
    if problems:
        raise ValidationError("等次未保存：", details=problems)
    old = {"decided": entry.decided, "reason": entry.reason}
    entry.decided = grade.value if grade and grade != suggested else None
    entry.reason = reason.strip() if entry.decided else ""
    member = uow.session.get(Member, member_id)
    uow.audit("update", "point_review_entry", entry.id,
              f"评定{member.name if member else ''} {year} 年度等次：{grade.label if grade else '按建议'}",
              old=old, new={"decided": entry.decided, "reason": entry.reason})

