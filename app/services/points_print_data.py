"""Plain data for the points printouts and the workbook (app/printing/points.py, app/excel/points_export.py)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.domain import points_rules as pr
from app.domain.docs.points import (
    BallotSheet,
    CardLine,
    CommitmentBook,
    CommitmentLetter,
    CommitmentLine,
    DetailLine,
    NoticeLine,
    PointsCard,
    PointsCards,
    PointsNotice,
    PointsWorkbook,
    ReviewBallots,
    SummaryRow,
)
from app.domain.enums import MemberCategory
from app.domain.points_rules import Fulfilment
from app.errors import NotFoundError
from app.services import organizations
from app.services.commitments import commitments_of
from app.services.points import DetailRow, RankRow, detail_rows, rank_year
from app.services.points_catalog import catalogs_for_reading, commit_if_seeded
from app.services.points_review import ReviewInfo, ReviewRow, review_of
from app.store.models import Member, Organization
from app.store.uow import Ledger, UnitOfWork


def _school_name(uow: UnitOfWork) -> str:
    school = organizations.get_school(uow)
    return school.name if school else ""


def _issuer(uow: UnitOfWork) -> str:
    """The top Party organization signs the notice: 中共 + its name."""
    top = uow.session.scalars(select(Organization).where(Organization.parent_id.is_(None),
                                                         Organization.dissolved_on.is_(None))
                              .order_by(Organization.sort_order, Organization.created_at)).first()
    if top is None:
        return ""
    return top.name if top.name.startswith("中共") else f"中共{top.name}"


def _ranked(ledger: Ledger, year: int, branch_id: str | None) -> list[RankRow]:
    with ledger.uow() as uow:
        catalogs = catalogs_for_reading(ledger, uow, year)
        rows = [r for r in rank_year(uow, year, catalogs) if branch_id is None or r.branch_id == branch_id]
        commit_if_seeded(uow)
    return rows


def _review(ledger: Ledger, year: int, branch_id: str | None) -> ReviewInfo | None:
    try:
        return review_of(ledger, year, branch_id)
    except NotFoundError:
        return None


def _note(row: ReviewRow) -> str:
    if not row.graded:
        return pr.not_graded_note(row.category.value)
    if row.vetoed:
        return "一票否决"
    return f"支部评定：{row.reason}" if row.decided else ""


def notice(ledger: Ledger, year: int, branch_id: str | None = None, *, today: dt.date | None = None) -> PointsNotice:
    """The 公示: the evaluated results when the year was evaluated, else the current ranking (marked 评议前)."""
    review = _review(ledger, year, branch_id)
    with ledger.uow() as uow:
        school, issuer = _school_name(uow), _issuer(uow)
    if review is not None:
        lines = [NoticeLine(r.rank_school, r.name, r.branch_name, r.total, r.final.label if r.final else "", _note(r))
                 for r in review.rows]
        return PointsNotice(school, year, lines, True, today or dt.date.today(), review.notice_days,
                            today or dt.date.today(), issuer)
    rows = _ranked(ledger, year, branch_id)
    lines = [NoticeLine(r.rank_school, r.name, r.branch_name, r.total, "", "一票否决" if r.vetoed else r.note)
             for r in rows]
    return PointsNotice(school, year, lines, False, printed_on=today or dt.date.today(), issuer=issuer)


def cards(ledger: Ledger, year: int, branch_id: str | None = None, *, today: dt.date | None = None) -> PointsCards:
    review = _review(ledger, year, branch_id)
    grades = {r.member_id: (r.final.label if r.final else "") for r in review.rows} if review else {}
    with ledger.uow() as uow:
        catalogs = catalogs_for_reading(ledger, uow, year)
        rows = [r for r in rank_year(uow, year, catalogs) if branch_id is None or r.branch_id == branch_id]
        details = detail_rows(uow, year, catalogs, [r.member_id for r in rows]) if rows else []
        school = _school_name(uow)
        commit_if_seeded(uow)
    by_member: dict[str, list[CardLine]] = {r.member_id: [] for r in rows}
    for d in details:
        by_member[d.member_id].append(CardLine(d.day, d.category.label, d.item, d.points, _source(d), d.entered_by))
    rows.sort(key=lambda r: (r.branch_name, r.rank_branch, r.name))
    out = [PointsCard(r.name, r.branch_name, r.category.label, r.total,
                      f"支部第 {r.rank_branch} 名 / 全校第 {r.rank_school} 名",
                      grades.get(r.member_id, "") if r.graded else "不评定等次",
                      by_member[r.member_id]) for r in rows]
    return PointsCards(school, year, out, today or dt.date.today())


def _source(d: DetailRow) -> str:
    if d.source in ("base", "cap"):
        return d.source_label if d.source == "base" else d.source_text
    text = f"{d.source_label}：{d.source_text}" if d.source_text else d.source_label
    return text + ("（已更正）" if d.corrected else "")


def _party_members(uow: UnitOfWork, year: int, branch_id: str | None) -> list[Member]:
    """Party members (预备 and 正式): the 承诺书 and the 民主测评表 are theirs; 入党积极分子 and 发展对象 are scored
    but not graded (docs/domain.md "Member points"), so the ballot does not list them."""
    stmt = (select(Member).where(Member.category.in_(pr.PARTY_CATEGORIES),
                                 Member.status == "active", Member.branch_id.is_not(None))
            .order_by(Member.name_pinyin, Member.id))
    if branch_id:
        stmt = stmt.where(Member.branch_id == branch_id)
    return [m for m in uow.session.scalars(stmt) if m.joined_on is None or m.joined_on.year <= year]


def commitment_book(ledger: Ledger, year: int, branch_id: str | None = None, *, with_review: bool = False,
                    today: dt.date | None = None) -> CommitmentBook:
    """One 承诺书 per Party member (those without commitments get a page to fill in by hand)."""
    with ledger.uow() as uow:
        people = _party_members(uow, year, branch_id)
        items = commitments_of(uow, year, [m.id for m in people])
        letters = []
        for m in sorted(people, key=lambda m: (m.branch.name if m.branch else "", m.name_pinyin)):
            lines = [CommitmentLine(c.group.label, c.text, c.deadline,
                                    "" if c.fulfilment == Fulfilment.PENDING else c.fulfilment.label)
                     for c in items[m.id]]
            letters.append(CommitmentLetter(m.name, m.branch.name if m.branch else "", m.job, lines))
        return CommitmentBook(_school_name(uow), year, letters, with_review, today or dt.date.today())


def ballots(ledger: Ledger, year: int, branch_id: str | None = None, *,
            today: dt.date | None = None) -> ReviewBallots:
    """A 民主测评表 per branch listing every Party member of it."""
    with ledger.uow() as uow:
        people = _party_members(uow, year, branch_id)
        sheets: dict[str, BallotSheet] = {}
        for m in people:
            name = m.branch.name if m.branch else ""
            sheet = sheets.setdefault(name, BallotSheet(name, []))
            sheet.names.append((m.name, "预备党员（不确定等次）" if m.category == MemberCategory.PROBATIONARY.value
                                else ""))
        return ReviewBallots(_school_name(uow), year, [sheets[k] for k in sorted(sheets)], today or dt.date.today())


def workbook(ledger: Ledger, year: int, branch_id: str | None = None) -> PointsWorkbook:
    review = _review(ledger, year, branch_id)
    decided = {r.member_id: r for r in review.rows} if review else {}
    with ledger.uow() as uow:
        catalogs = catalogs_for_reading(ledger, uow, year)
        rows = [r for r in rank_year(uow, year, catalogs) if branch_id is None or r.branch_id == branch_id]
        details = detail_rows(uow, year, catalogs, [r.member_id for r in rows] if branch_id else None)
        school = _school_name(uow)
        commit_if_seeded(uow)
    summary = []
    for r in rows:
        rv = decided.get(r.member_id)
        votes = ("" if rv is None or not any(rv.votes) else
                 " / ".join(f"{g} {n}" for g, n in zip(("优秀", "合格", "基本合格", "不合格"), rv.votes, strict=True)))
        summary.append(SummaryRow(r.name, r.branch_name, r.category.label, r.total, r.rank_school, r.rank_branch,
                                  (rv.final.label if rv and rv.final else "") if r.graded else "不评定等次",
                                  rv.suggested.label if rv and rv.suggested else "", r.vetoed, votes,
                                  rv.reason if rv else ""))
    info = {r.member_id: r for r in rows}
    lines = [DetailLine(d.day, info[d.member_id].name, info[d.member_id].branch_name, d.category.label, d.item,
                        d.points, d.source_label, d.source_text + ("（已更正）" if d.corrected else ""), d.entered_by)
             for d in details if d.member_id in info]
    return PointsWorkbook(school, year, summary, lines)

