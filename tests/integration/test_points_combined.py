"""党员积分 on a real SQLite store, the two rules of issue 19's second round:

- a combined record (合并召开: main kind + also_kinds) earns one attendance entry per scored kind it covers,
  one −2 per unexcused absence whatever it covers, 讲党课 when it covers a 党课; editing its also_kinds or
  deleting it moves the entries with it; the attendance cap still applies (docs/domain.md, Combined meetings);
- 入党积极分子 and 发展对象 are scored (base, manual, 列席) but not graded: 不评定等次 in the ranking, outside
  the 优秀 share, not on the 民主测评表, with their category in the workbook (docs/domain.md, Member points).
"""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain import idcard
from app.domain.enums import AbsenceReason, AttendanceStatus, MeetingKind, MemberCategory
from app.domain.member_rules import MemberData
from app.domain.points_rules import Grade
from app.errors import ValidationError
from app.services import meetings, members, points, points_catalog, points_print_data, points_review
from app.services.meeting_types import AttendanceEntry, MeetingInput
from tests.integration.meeting_world import World

D = dt.date
YEAR = 2025
TODAY = D(2025, 12, 31)


@pytest.fixture
def world(meeting_world: World) -> World:
    return meeting_world  # a copy of the run's built world (tests/conftest.py)


def _save(ctx, world: World, kind: MeetingKind, day: dt.date, *, also: str = "", lecturer: str = "",
          absent: dict[str, AbsenceReason] | None = None, observers: tuple[str, ...] = (),
          meeting_id: str | None = None) -> str:
    data = MeetingInput(organization_id=world.branch, kind=kind, held_on=day, also_kinds=also, lecturer=lecturer,
                        lecture_title="党课题目" if lecturer else "", title=f"{day:%m月%d日}{kind.label}")
    with ctx.uow() as uow:
        data.attendance = meetings.attendance_for_editing(uow, world.branch, day, kind=kind)
        for e in data.attendance:
            if e.member_id in (absent or {}):
                e.status, e.reason = AttendanceStatus.ABSENT, (absent or {})[e.member_id]
        data.attendance += [AttendanceEntry(m, status=AttendanceStatus.OBSERVER) for m in observers]
        if meeting_id is None:
            meeting_id = meetings.create_meeting(uow, data, today=TODAY).id
        else:
            meetings.update_meeting(uow, meeting_id, data, today=TODAY)
        uow.commit()
    return meeting_id


def _totals(ctx) -> dict[str, int]:
    """The ranking's totals, checked against the detail rows (the ledger, cards and export read those)."""
    totals = {r.member_id: r.total for r in points.year_ranking(ctx, YEAR).rows}
    with ctx.uow() as uow:
        details = points.detail_rows(uow, YEAR, points_catalog.catalogs_for_reading(ctx, uow, YEAR))
    sums = dict.fromkeys(totals, 0)
    for d in details:
        sums[d.member_id] += d.points
    assert sums == totals
    return totals


def _meeting_rows(ctx, member_id: str) -> list[tuple[int, str]]:
    return [(r.points, r.source_text) for r in points.member_ledger(ctx, member_id, YEAR).rows
            if r.source == "meeting"]


def _rule(ctx, code: str) -> str:
    return next(r.id for r in points_catalog.get_catalog(ctx, YEAR).rules if r.spec.code == code)


# ---- 合并召开 ---------------------------------------------------------------------------------------

def test_life_meeting_held_as_a_general_assembly_earns_the_assembly_point(ctx, world: World) -> None:
    a, b = world.full[0], world.full[1]
    _save(ctx, world, MeetingKind.LIFE_MEETING, D(2025, 12, 10), absent={b: AbsenceReason.UNEXCUSED})
    assert (_totals(ctx)[a], _totals(ctx)[b]) == (60, 58)  # a 组织生活会 alone earns no attendance point
    _save(ctx, world, MeetingKind.LIFE_MEETING, D(2025, 12, 12), also="general_assembly",
          absent={b: AbsenceReason.UNEXCUSED})
    totals = _totals(ctx)
    assert (totals[a], totals[b]) == (61, 56)  # +1 for the 党员大会 it also was; b: one −2 per sitting
    assert _meeting_rows(ctx, a) == [(1, "12月12日组织生活会（计为支部党员大会）")]
    assert _meeting_rows(ctx, b) == [(-2, "12月10日组织生活会"), (-2, "12月12日组织生活会")]


def test_theme_day_with_a_lecture_two_entries_one_absence_lecture_points(ctx, world: World) -> None:
    a, b, c = world.full[0], world.full[1], world.full[2]  # a 王一 gives the 党课
    mid = _save(ctx, world, MeetingKind.THEME_DAY, D(2025, 6, 15), also="party_lecture", lecturer="王一",
                absent={c: AbsenceReason.UNEXCUSED})
    totals = _totals(ctx)
    assert (totals[a], totals[b], totals[c]) == (60 + 2 + 3, 62, 58)
    assert _meeting_rows(ctx, b) == [(1, "06月15日主题党日（计为主题党日）"), (1, "06月15日主题党日（计为党课）")]
    assert [p for p, _t in _meeting_rows(ctx, c)] == [-2]
    ledger = points.member_ledger(ctx, a, YEAR)
    assert ledger.total == totals[a] and {r.meeting_id for r in ledger.rows if r.source == "meeting"} == {mid}
    # The 积分明细 names the kind of each attendance row, and its rows add up to the 积分汇总.
    book = points_print_data.workbook(ctx, YEAR)
    lines = [d for d in book.details if d.name == "李二" and d.source == "会议记录"]
    assert [d.source_text for d in lines] == ["06月15日主题党日（计为主题党日）", "06月15日主题党日（计为党课）"]
    summary = {r.name: r.total for r in book.summary}
    assert summary["李二"] == sum(d.points for d in book.details if d.name == "李二") == 62


def test_editing_also_kinds_and_deleting_move_the_entries(ctx, world: World) -> None:
    a, b = world.full[0], world.full[1]
    mid = _save(ctx, world, MeetingKind.THEME_DAY, D(2025, 6, 15), lecturer="王一")
    assert (_totals(ctx)[a], _totals(ctx)[b]) == (61, 61)  # a 主题党日 alone: no 讲党课, one entry
    _save(ctx, world, MeetingKind.THEME_DAY, D(2025, 6, 15), also="party_lecture,general_assembly",
          lecturer="王一", meeting_id=mid)
    assert (_totals(ctx)[a], _totals(ctx)[b]) == (60 + 3 + 3, 63)
    _save(ctx, world, MeetingKind.THEME_DAY, D(2025, 6, 15), also="general_assembly", lecturer="王一",
          meeting_id=mid)  # the 党课 taken off: its attendance entry and the 讲党课 go with it
    assert (_totals(ctx)[a], _totals(ctx)[b]) == (62, 62)
    assert [t for _p, t in _meeting_rows(ctx, b)] == ["06月15日主题党日（计为主题党日）",
                                                      "06月15日主题党日（计为支部党员大会）"]
    _save(ctx, world, MeetingKind.THEME_DAY, D(2025, 6, 15), lecturer="王一", meeting_id=mid)
    assert _meeting_rows(ctx, b) == [(1, "06月15日主题党日")]
    with ctx.uow() as uow:
        meetings.delete_meeting(uow, mid)
        uow.commit()
    assert (_totals(ctx)[a], _totals(ctx)[b]) == (60, 60)
    assert _meeting_rows(ctx, b) == []


def test_a_combined_meeting_at_the_attendance_cap(ctx, world: World) -> None:
    b = world.full[1]
    for month in range(1, 11):  # 19 attendance entries: 10 主题党日 and 9 党员大会
        _save(ctx, world, MeetingKind.THEME_DAY, D(2025, month, 2))
    for month in range(1, 10):
        _save(ctx, world, MeetingKind.GENERAL_ASSEMBLY, D(2025, month, 20))
    assert _totals(ctx)[b] == 60 + 19
    # +2 → 21, capped at 20 (the lecturer is from outside: no 讲党课 points for anyone here)
    _save(ctx, world, MeetingKind.THEME_DAY, D(2025, 11, 5), also="party_lecture", lecturer="县委党校讲师")
    assert _totals(ctx)[b] == 80
    ledger = points.member_ledger(ctx, b, YEAR)
    assert ledger.total == 80
    assert [(r.points, r.day) for r in ledger.rows if r.source == "cap"] == [(-1, D(2025, 11, 5))]


# ---- 入党积极分子 and 发展对象 --------------------------------------------------------------------------

def _add_person(ctx, name: str, category: MemberCategory, seq: int) -> str:
    birth = D(1990, 5, 1)
    data = MemberData(name=name, category=category, birth_date=birth, branch_name="测试支部",
                      id_number=idcard.make_number("610330", birth, seq), applied_on=D(2022, 1, 1),
                      activist_on=D(2022, 9, 1), candidate_on=D(2024, 9, 1) if category == MemberCategory.CANDIDATE
                      else None)
    with ctx.uow() as uow:
        mid = members.create_member(uow, data)
        uow.commit()
    return mid


def test_activists_are_scored_with_base_manual_and_observer_entries(ctx, world: World) -> None:
    act = world.activist
    ranking = {r.member_id: r for r in points.year_ranking(ctx, YEAR).rows}
    assert ranking[act].total == 60 and not ranking[act].graded
    assert ranking[act].category == MemberCategory.ACTIVIST and ranking[act].note == "入党积极分子，计积分不评定等次"
    points.add_entry(ctx, act, _rule(ctx, "volunteer"), D(2025, 5, 1), "社区志愿服务")
    # 列席 at a 党员大会 earns the attendance point for the activist, not for a Party member of another branch.
    _save(ctx, world, MeetingKind.GENERAL_ASSEMBLY, D(2025, 6, 20), observers=(act, world.other_member))
    totals = _totals(ctx)
    assert totals[act] == 62 and totals[world.other_member] == 60
    rows = points.member_ledger(ctx, act, YEAR).rows
    assert [(r.source, r.points) for r in rows] == [("base", 20), ("base", 20), ("base", 20), ("manual", 1),
                                                    ("meeting", 1)]


def test_review_grades_neither_activists_nor_candidates_and_keeps_them_off_the_ballot(ctx, world: World) -> None:
    extra = [_add_person(ctx, "钱积极", MemberCategory.ACTIVIST, 801),
             _add_person(ctx, "孙对象", MemberCategory.CANDIDATE, 803),
             _add_person(ctx, "李对象", MemberCategory.CANDIDATE, 805)]
    model_post = _rule(ctx, "model_post")
    for who, times in ((world.full[0], 7), (world.full[1], 7), (world.full[2], 6), *((m, 8) for m in extra)):
        for i in range(times):
            points.add_entry(ctx, who, model_post, D(2025, 3 + i, 1), "党员示范岗")
    points.add_entry(ctx, world.full[0], _rule(ctx, "volunteer"), D(2025, 11, 1), "志愿")
    # 6 正式党员 graded → 2 may keep 优秀; with the three activists/candidates counted it would be 3.
    review = {r.member_id: r for r in points_review.evaluate_year(ctx, YEAR, today=TODAY).rows}
    assert [review[m].suggested for m in world.full[:3]] == [Grade.EXCELLENT, Grade.EXCELLENT, Grade.QUALIFIED]
    for m in [*extra, world.activist]:
        assert (review[m].graded, review[m].suggested, review[m].total >= 60) == (False, None, True)
    with pytest.raises(ValidationError):
        points_review.decide(ctx, YEAR, extra[1], Grade.EXCELLENT, "理由")
    with pytest.raises(ValidationError):  # not on the 民主测评表, so no ballot counts
        points_review.record_ballots(ctx, YEAR, extra[0], (1, 0, 0, 0))
    # The voters are the branch's Party members (6 正式 + 3 预备), not the 4 scored beside them.
    points_review.record_ballots(ctx, YEAR, world.full[0], (5, 4, 0, 0))
    with pytest.raises(ValidationError):
        points_review.record_ballots(ctx, YEAR, world.full[0], (6, 4, 0, 0))
    sheet = next(s for s in points_print_data.ballots(ctx, YEAR).sheets if s.branch == "测试支部")
    names = [n for n, _note in sheet.names]
    assert len(names) == 9 and not {"吴十", "钱积极", "孙对象", "李对象"} & set(names)
    # The 公示, the cards and the 积分汇总 show them, with their category and no grade.
    notice = {line.name: line for line in points_print_data.notice(ctx, YEAR, today=TODAY).lines}
    assert (notice["孙对象"].grade, notice["孙对象"].note) == ("", "发展对象，计积分不评定等次")
    assert notice["吴十"].note == "入党积极分子，计积分不评定等次"
    cards = {c.name: c for c in points_print_data.cards(ctx, YEAR, today=TODAY).cards}
    card = cards["钱积极"]
    assert (card.category, card.grade, card.total) == ("入党积极分子", "不评定等次", 100)
    summary = {r.name: r for r in points_print_data.workbook(ctx, YEAR).summary}
    assert (summary["李对象"].category, summary["李对象"].grade) == ("发展对象", "不评定等次")
    assert summary["王一"].grade == "优秀"
