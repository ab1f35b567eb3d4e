"""党员积分 use cases: the year's ranking, a member's ledger, manual and quick entry, corrections.

Automatic points are read from the records each time (app/services/points_sql.py), so a meeting edited or
deleted changes them with no step in the meeting use cases; `sync_meeting_points` exists only as the
documented no-op hook. Manual entries are never deleted: a correction is a counter-entry.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select, text

from app.domain import points_rules as pr
from app.domain.enums import MemberCategory, MemberStatus
from app.domain.points_rules import RuleCategory, Trigger
from app.errors import NotFoundError, ValidationError
from app.services import points_sql
from app.services.permissions import require_admin, require_edit
from app.services.points_catalog import catalogs_for_reading, commit_if_seeded, ensure_catalog
from app.store.models import Meeting, Member, PointEntry, PointReview, PointRule, PointTotal
from app.store.uow import Ledger, UnitOfWork

SOURCE_LABELS = {"manual": "手工录入", "meeting": "会议记录", "commitment": "年初承诺", "base": "年初基础分",
                 "correction": "更正（冲销）", "cap": "超出年度上限"}


@dataclass(frozen=True)
class RankRow:
    member_id: str
    name: str
    school_id: str
    branch_id: str | None
    branch_name: str
    category: MemberCategory
    on_roster: bool
    total: int
    vetoed: bool
    rank_school: int
    rank_branch: int

    @property
    def graded(self) -> bool:
        """Scored but not graded (docs/domain.md "Member points"): 预备党员, 入党积极分子 and 发展对象, and people
        who left the roster during the year."""
        return pr.is_graded(self.category.value, self.on_roster)

    @property
    def note(self) -> str:
        """Why there is no grade ("" when graded), for the ranking and the 公示 before the review."""
        if self.graded:
            return ""
        return pr.not_graded_note(self.category.value) if self.on_roster else "年内离开党员名单，不评定等次"


@dataclass
class Ranking:
    year: int
    rows: list[RankRow]
    branches: list[tuple[str, str]] = field(default_factory=list)  # (id, name) in ranking order


@dataclass(frozen=True)
class DetailRow:
    day: dt.date
    member_id: str
    category: RuleCategory
    item: str
    points: int
    source: str  # a key of SOURCE_LABELS
    source_text: str  # the meeting's title, the commitment, the reason
    entered_by: str
    rule_id: str
    ref_id: str | None = None  # meeting id, commitment id or entry id by source
    corrects_id: str | None = None
    corrected: bool = False  # a manual entry that a counter-entry has cancelled

    @property
    def source_label(self) -> str:
        return SOURCE_LABELS[self.source]

    @property
    def meeting_id(self) -> str | None:
        return self.ref_id if self.source == "meeting" else None


@dataclass
class MemberLedger:
    member_id: str
    name: str
    branch_name: str
    year: int
    rows: list[DetailRow]

    @property
    def total(self) -> int:
        return sum(r.points for r in self.rows)

    @property
    def vetoed(self) -> bool:
        net: dict[str, int] = defaultdict(int)
        for r in self.rows:
            if r.category == RuleCategory.VETO:
                net[r.rule_id] += -1 if r.source == "correction" else 1
        return any(v > 0 for v in net.values())


def sync_meeting_points(uow: UnitOfWork, meeting_id: str) -> None:
    """Nothing to do: automatic points are read from attendance each time (see the module docstring). Kept
    so that a meeting use case may call it without knowing how points are kept."""


def _to_date(value: object) -> dt.date:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


# ---- reads ----------------------------------------------------------------------------------------

def rank_year(uow: UnitOfWork, year: int, catalog_ids: dict[str, str], *,
              school_ids: list[str] | None = None) -> list[RankRow]:
    """The year's totals and ranks, in SQL. A step: the use cases below call it."""
    sql, params = points_sql.ranking_sql(year, list(catalog_ids.values()), school_ids=school_ids)
    return [RankRow(mid, name, sid, bid, bname or "", MemberCategory(cat), status == MemberStatus.ACTIVE.value,
                    int(total or 0), bool(vetoed), int(rs), int(rb))
            for mid, sid, bid, total, vetoed, rs, rb, name, cat, status, bname
            in uow.session.execute(text(sql), params)]


def year_ranking(ledger: Ledger, year: int, branch_id: str | None = None) -> Ranking:
    """The year's ranking (per school, and per branch), optionally one branch's members only."""
    with ledger.uow() as uow:
        catalogs = catalogs_for_reading(ledger, uow, year)
        rows = rank_year(uow, year, catalogs)
        commit_if_seeded(uow)  # the year's catalog, seeded on this first look
    branches: dict[str, str] = {}
    for r in sorted(rows, key=lambda r: r.branch_name):
        if r.branch_id:
            branches.setdefault(r.branch_id, r.branch_name)
    if branch_id:
        rows = [r for r in rows if r.branch_id == branch_id]
    return Ranking(year, rows, list(branches.items()))


def detail_rows(uow: UnitOfWork, year: int, catalog_ids: dict[str, str],
                member_ids: list[str] | None = None) -> list[DetailRow]:
    """Every entry of the year (all scored members, or those given), with a row for each cap cut, so that a
    member's rows add up to the ranking's total. A step for the ledger, the cards and the export."""
    rules = {r.id: r for r in uow.session.scalars(select(PointRule).where(
        PointRule.catalog_id.in_(list(catalog_ids.values()))))}
    sql, params = points_sql.detail_sql(year, list(catalog_ids.values()), member_ids)
    raw = list(uow.session.execute(text(sql), params))
    extra_ids = {rid for _m, rid, *_rest in raw if rid not in rules}
    if extra_ids:  # manual entries under a rule of another catalog version
        rules.update({r.id: r for r in uow.session.scalars(select(PointRule).where(PointRule.id.in_(extra_ids)))})
    corrected = {row[10] for row in raw if row[10]}
    out: list[DetailRow] = []
    sums: dict[tuple[str, str], int] = defaultdict(int)
    last_day: dict[tuple[str, str], dt.date] = {}
    for mid, rid, pts, n, day, source, ref_id, ref_text, by, reason, corrects_id in raw:
        rule = rules[rid]
        kind = "correction" if source == "manual" and int(n) < 0 else source
        detail = reason if source == "manual" else (ref_text or "")
        if source == "commitment" and reason:
            detail = f"{ref_text}（{reason}）"
        out.append(DetailRow(_to_date(day), mid, RuleCategory(rule.category), rule.item, int(pts), kind, detail,
                             by or "", rid, ref_id, corrects_id, ref_id in corrected))
        sums[(mid, rid)] += int(pts)
        last_day[(mid, rid)] = max(last_day.get((mid, rid), dt.date(year, 1, 1)), _to_date(day))
    for (mid, rid), total in sums.items():
        rule = rules[rid]
        cut = pr.capped(total, rule.cap) - total
        if cut:
            out.append(DetailRow(last_day[(mid, rid)], mid, RuleCategory(rule.category), rule.item, cut, "cap",
                                 f"“{rule.item}”全年合计 {total:+d} 分，上限 {rule.cap} 分", "系统", rid))
    out.sort(key=lambda r: (r.member_id, r.day, r.source == "correction", r.source == "cap"))
    return out


def member_ledger(ledger: Ledger, member_id: str, year: int) -> MemberLedger:
    with ledger.uow() as uow:
        member = uow.session.get(Member, member_id)
        if member is None:
            raise NotFoundError("党员不存在")
        catalogs = catalogs_for_reading(ledger, uow, year)
        rows = detail_rows(uow, year, catalogs, [member_id])
        branch = member.branch.name if member.branch else ""
        commit_if_seeded(uow)
        return MemberLedger(member_id, member.name, branch, year, rows)


# ---- writes ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class EntryResult:
    count: int
    entry_ids: list[str]


def _check_open(uow: UnitOfWork, school_id: str, year: int) -> None:
    if uow.session.scalar(select(PointReview.id).where(PointReview.school_id == school_id,
                                                       PointReview.year == year)):
        raise ValidationError(f"{year} 年度已完成评议，积分已锁定，不能再录入或更正。")


def add_entries(ledger: Ledger, member_ids: list[str], rule_id: str, entered_on: dt.date | None, reason: str,
                points: int | None = None) -> EntryResult:
    """Manual entry (quick entry when several members): one rule, a date, a reason; who entered it is the actor."""
    with ledger.uow() as uow:
        ids = enter_points(uow, member_ids, rule_id, entered_on, reason, points)
        uow.commit()
        return EntryResult(len(ids), ids)


def enter_points(uow: UnitOfWork, member_ids: list[str], rule_id: str, entered_on: dt.date | None, reason: str,
                 points: int | None = None) -> list[str]:
    """The step behind add_entries (the demo calls it inside its own unit of work)."""
    reason = reason.strip()
    errors = []
    if not member_ids:
        errors.append("请选择党员")
    if entered_on is None:
        errors.append("请填写日期")
    if not reason:
        errors.append("请填写事由（如：获县级优秀教师表彰）")
    if len(set(member_ids)) != len(member_ids):
        errors.append("党员名单中有重复")
    if errors:
        raise ValidationError("积分未录入：", details=errors)
    assert entered_on is not None
    rule = uow.session.get(PointRule, rule_id)
    if rule is None:
        raise NotFoundError("积分项目不存在")
    year = entered_on.year
    catalog = ensure_catalog(uow, rule.school_id, year)
    if rule.catalog_id != catalog.id:
        raise ValidationError(f"“{rule.item}”不是 {year} 年度积分细则中的项目（日期与年度不符？）")
    if not rule.active:
        raise ValidationError(f"“{rule.item}”已停用")
    if Trigger(rule.trigger) != Trigger.MANUAL:
        raise ValidationError(f"“{rule.item}”由{Trigger(rule.trigger).label.removesuffix('（自动）')}"
                              "自动计分，请修改相应的会议记录或承诺评议")
    spec = pr.RuleSpec(rule.code, RuleCategory(rule.category), rule.item, rule.points, rule.points_max,
                       rule.cap, rule.awarded_by, Trigger(rule.trigger))
    value = pr.check_entry_points(spec, points)
    if spec.category == RuleCategory.VETO:
        require_admin(uow.actor, "登记一票否决事项")
    _check_open(uow, rule.school_id, year)
    ids = []
    for mid in member_ids:
        member = uow.session.get(Member, mid)
        if member is None:
            raise NotFoundError("党员不存在")
        require_edit(uow.actor, uow.session, member.branch_id, "录入积分")
        if member.school_id != rule.school_id:
            raise ValidationError(f"{member.name}不属于该积分细则所在学校")
        entry = PointEntry(school_id=rule.school_id, year=year, member_id=mid, rule_id=rule.id,
                           entered_on=entered_on, points=value, sign=1, reason=reason,
                           entered_by=uow.actor.username)
        uow.session.add(entry)
        _add_to_total(uow, entry)
        uow.session.flush()
        ids.append(entry.id)
    names = "、".join(uow.session.get(Member, m).name for m in member_ids[:5])  # type: ignore[union-attr]
    more = f"等 {len(member_ids)} 人" if len(member_ids) > 5 else ""
    uow.audit("create", "point_entry", ids[0] if len(ids) == 1 else "",
              f"{names}{more}：{rule.item} {value:+d} 分（{entered_on:%Y-%m-%d}）",
              new={"rule": rule.item, "points": value, "date": entered_on, "reason": reason,
                   "members": member_ids})
    return ids


def _add_to_total(uow: UnitOfWork, entry: PointEntry) -> None:
    """Keep point_total in step with the entries, in the same transaction."""
    total = uow.session.scalars(select(PointTotal).where(
        PointTotal.year == entry.year, PointTotal.member_id == entry.member_id,
        PointTotal.rule_id == entry.rule_id)).first()
    if total is None:
        total = PointTotal(school_id=entry.school_id, year=entry.year, member_id=entry.member_id,
                           rule_id=entry.rule_id, points=0, entries=0)
        uow.session.add(total)
    total.points += entry.points
    total.entries += entry.sign


def total_problems(uow: UnitOfWork, year: int | None = None) -> list[str]:
    """Where the running totals disagree with the entries (a check; empty when they agree)."""
    sums = select(PointEntry.year, PointEntry.member_id, PointEntry.rule_id, func.sum(PointEntry.points),
                  func.sum(PointEntry.sign)).group_by(PointEntry.year, PointEntry.member_id, PointEntry.rule_id)
    if year is not None:
        sums = sums.where(PointEntry.year == year)
    expected = {(y, m, r): (p, n) for y, m, r, p, n in uow.session.execute(sums)}
    stmt = select(PointTotal.year, PointTotal.member_id, PointTotal.rule_id, PointTotal.points, PointTotal.entries)
    if year is not None:
        stmt = stmt.where(PointTotal.year == year)
    kept = {(y, m, r): (p, n) for y, m, r, p, n in uow.session.execute(stmt)}
    wrong = [k for k in set(expected) | set(kept) if expected.get(k, (0, 0)) != kept.get(k, (0, 0))]
    return [f"积分汇总与明细不一致：{len(wrong)} 处"] if wrong else []


def add_entry(ledger: Ledger, member_id: str, rule_id: str, entered_on: dt.date | None, reason: str,
              points: int | None = None) -> str:
    return add_entries(ledger, [member_id], rule_id, entered_on, reason, points).entry_ids[0]


def correct_entry(ledger: Ledger, entry_id: str, reason: str, *, today: dt.date | None = None) -> str:
    """Cancel a manual entry with a visible counter-entry (opposite points, sign −1); the entry stays."""
    with ledger.uow() as uow:
        counter_id = correct_step(uow, entry_id, reason, today or dt.date.today())
        uow.commit()
        return counter_id


def correct_step(uow: UnitOfWork, entry_id: str, reason: str, today: dt.date) -> str:
    reason = reason.strip()
    if not reason:
        raise ValidationError("请填写更正理由")
    entry = uow.session.get(PointEntry, entry_id)
    if entry is None:
        raise NotFoundError("积分记录不存在")
    if entry.sign < 0:
        raise ValidationError("这是一条更正记录，不能再更正")
    if uow.session.scalar(select(PointEntry.id).where(PointEntry.corrects_id == entry.id)):
        raise ValidationError("这条积分已经更正过")
    member = uow.session.get(Member, entry.member_id)
    require_edit(uow.actor, uow.session, member.branch_id if member else None, "更正积分")
    rule = uow.session.get(PointRule, entry.rule_id)
    if rule is not None and rule.category == RuleCategory.VETO.value:
        require_admin(uow.actor, "撤销一票否决事项")
    _check_open(uow, entry.school_id, entry.year)
    day = min(max(today, entry.entered_on), dt.date(entry.year, 12, 31))
    counter = PointEntry(school_id=entry.school_id, year=entry.year, member_id=entry.member_id,
                         rule_id=entry.rule_id, entered_on=day, points=-entry.points, sign=-1,
                         reason=f"更正 {entry.entered_on:%Y-%m-%d} 的记录：{reason}",
                         entered_by=uow.actor.username, corrects_id=entry.id)
    uow.session.add(counter)
    _add_to_total(uow, counter)
    uow.session.flush()
    uow.audit("create", "point_entry", counter.id,
              f"更正{member.name if member else ''}的积分：{rule.item if rule else ''} {entry.points:+d} 分",
              new={"corrects": entry.id, "points": -entry.points, "reason": reason})
    return counter.id


def meeting_title(ledger: Ledger, meeting_id: str) -> str:
    """For the ledger's source column tooltip; the GUI opens the meeting itself through its own dialog."""
    with ledger.uow() as uow:
        m = uow.session.get(Meeting, meeting_id)
        if m is None:
            raise NotFoundError("会议记录已删除")
        return f"{m.held_on:%Y-%m-%d} {m.title}"
