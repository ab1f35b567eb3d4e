"""Compliance rules without Qt or a database: periods, proration, verdicts, quorum, roster dates."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain import compliance_rules as cr
from app.domain.enums import MeetingKind, Period

D = dt.date
YEAR_END = D(2025, 12, 31)
BRANCH = cr.OrgSpan("b1", "第一党支部", "branch", "b1", D(2010, 1, 1))


def _eval(counts: dict, *, org: cr.OrgSpan = BRANCH, today: D = YEAR_END, year: int = 2025,
          rules=cr.DEFAULT_RULES) -> dict[tuple[str, int], cr.Requirement]:
    reqs = cr.evaluate(year, [org], rules, counts, today)
    return {(r.kind.value, r.window.index): r for r in reqs}


def test_quarter_windows_cover_the_year_and_end_on_the_last_day() -> None:
    quarters = cr.windows(Period.QUARTER, 2024)
    assert [q.end for q in quarters] == [D(2024, 3, 31), D(2024, 6, 30), D(2024, 9, 30), D(2024, 12, 31)]
    assert cr.window(Period.MONTH, 2024, 2).end == D(2024, 2, 29)
    assert cr.window_of(Period.QUARTER, D(2024, 3, 31)).index == 1
    assert cr.window_of(Period.QUARTER, D(2024, 4, 1)).index == 2
    assert sum(w.days for w in cr.windows(Period.MONTH, 2023)) == 365


def test_meeting_on_last_day_of_quarter_counts_for_that_quarter() -> None:
    # A lecture held on 31 March is counted in month 3, hence Q1, not Q2.
    reqs = _eval({("b1", "party_lecture", 3): 1})
    assert reqs[("party_lecture", 1)].status == cr.Status.GREEN
    assert reqs[("party_lecture", 2)].status == cr.Status.RED


def test_running_period_is_amber_past_period_red_future_none() -> None:
    reqs = _eval({}, today=D(2025, 5, 10))
    assert reqs[("theme_day", 4)].status == cr.Status.RED
    assert reqs[("theme_day", 5)].status == cr.Status.AMBER
    assert reqs[("theme_day", 6)].status == cr.Status.NONE
    assert reqs[("life_meeting", 1)].status == cr.Status.AMBER


@pytest.mark.parametrize(("period", "index", "last_day"), [
    (Period.MONTH, 2, D(2024, 2, 29)), (Period.MONTH, 12, D(2025, 12, 31)),
    (Period.QUARTER, 1, D(2025, 3, 31)), (Period.YEAR, 1, D(2025, 12, 31))])
def test_a_period_is_not_over_on_its_last_day(period: Period, index: int, last_day: D) -> None:
    """On the period's last day the meeting can still be held: running (amber), red only from the next day."""
    win = cr.window(period, last_day.year, index)
    assert win.end == last_day
    assert cr.status_of(1, 0, win, last_day) == cr.Status.AMBER
    assert cr.status_of(1, 0, win, last_day + dt.timedelta(days=1)) == cr.Status.RED
    assert cr.status_of(1, 0, win, win.start) == cr.Status.AMBER
    assert cr.status_of(1, 0, win, win.start - dt.timedelta(days=1)) == cr.Status.NONE
    assert cr.status_of(1, 1, win, last_day) == cr.Status.GREEN
    assert [r.status for r in cr.due_soon(cr.evaluate(last_day.year, [BRANCH], [cr.Rule(
        MeetingKind.THEME_DAY, period)], {}, last_day), last_day) if r.window.index == index] == [cr.Status.AMBER]


def test_an_organization_without_dates_owes_every_period_in_full() -> None:
    """No 成立日期 on file (most first-release data): the whole period counts, nothing is prorated."""
    undated = cr.OrgSpan("b2", "第二党支部", "joint_branch", "b2")
    rule = cr.Rule(MeetingKind.THEME_DAY, Period.QUARTER, required_count=3)
    assert [cr.required_in(rule, undated, w) for w in cr.windows(Period.QUARTER, 2025)] == [3, 3, 3, 3]
    dissolved = cr.OrgSpan("b3", "第三党支部", "branch", "b3", dissolved_on=D(2025, 2, 10))
    assert [cr.required_in(rule, dissolved, w) for w in cr.windows(Period.QUARTER, 2025)] == [0, 0, 0, 0]
    late = cr.OrgSpan("b4", "第四党支部", "branch", "b4", established_on=D(2025, 2, 1))
    assert cr.required_in(rule, late, cr.window(Period.QUARTER, 2025, 1)) == 2  # 59 of 90 days, half up


def test_met_period_is_green_even_while_running() -> None:
    reqs = _eval({("b1", "theme_day", 5): 2}, today=D(2025, 5, 10))
    assert reqs[("theme_day", 5)].status == cr.Status.GREEN


def test_branch_set_up_mid_year_is_not_required_before_it_existed() -> None:
    org = cr.OrgSpan("b1", "新支部", "branch", "b1", D(2025, 7, 15))
    reqs = _eval({}, org=org)
    for month in range(1, 7):
        assert reqs[("theme_day", month)].required == 0
        assert reqs[("theme_day", month)].status == cr.Status.NONE
    # Existed 17 of July's 31 days: more than half, so July counts; the quarter too.
    assert reqs[("theme_day", 7)].required == 1
    assert reqs[("party_lecture", 3)].required == 1
    assert reqs[("party_lecture", 2)].required == 0
    # Less than half of the year: the yearly 组织生活会 is not yet owed.
    assert reqs[("life_meeting", 1)].required == 0


def test_set_up_late_in_a_month_owes_nothing_that_month() -> None:
    org = cr.OrgSpan("b1", "新支部", "branch", "b1", D(2025, 8, 20))
    reqs = _eval({}, org=org)
    assert reqs[("theme_day", 8)].required == 0
    assert reqs[("theme_day", 9)].required == 1


def test_prorated_count_rounds_up() -> None:
    rule = cr.Rule(MeetingKind.THEME_DAY, Period.YEAR, required_count=12)
    org = cr.OrgSpan("b1", "x", "branch", "b1", D(2025, 7, 1))
    assert cr.required_in(rule, org, cr.window(Period.YEAR, 2025, 1)) == 6


def test_party_group_rule_binds_groups_only_and_rolls_up_to_branch() -> None:
    group = cr.OrgSpan("g1", "第一党小组", "party_group", "b1", D(2010, 1, 1))
    reqs = cr.evaluate(2025, [BRANCH, group], cr.DEFAULT_RULES, {("g1", "group_meeting", 1): 1}, D(2025, 12, 31))
    group_reqs = [r for r in reqs if r.kind == MeetingKind.GROUP_MEETING]
    assert {r.org_id for r in group_reqs} == {"g1"}
    assert all(r.branch_id == "b1" for r in group_reqs)
    rows = cr.build_rows(2025, [BRANCH], reqs, {}, {"b1": (10, 9)})
    assert rows[0].kind_totals["group_meeting"] == (1, 12)
    assert rows[0].attendance_rate == pytest.approx(0.9)


def test_inactive_rule_requires_nothing() -> None:
    rules = [cr.Rule(MeetingKind.COMMITTEE_MEETING, Period.MONTH, active=False)]
    assert cr.evaluate(2025, [BRANCH], rules, {}, D(2025, 12, 31)) == []


def test_grid_cell_takes_worst_status_of_requirements_ending_that_month() -> None:
    reqs = cr.evaluate(2025, [BRANCH], cr.DEFAULT_RULES, {("b1", "theme_day", 3): 1}, D(2025, 12, 31))
    rows = cr.build_rows(2025, [BRANCH], reqs, {("b1", 3): 1}, {})
    march = rows[0].cells[2]
    assert march.status == cr.Status.RED  # 支委会, 党员大会, 党课 missing
    assert march.held_total == 1
    assert any("主题党日" in line and "√" in line for line in march.lines)


def test_due_soon_lists_running_unmet_requirements_by_end_date() -> None:
    reqs = cr.evaluate(2025, [BRANCH], cr.DEFAULT_RULES, {}, D(2025, 3, 25))
    soon = cr.due_soon(reqs, D(2025, 3, 25), days=14)
    assert soon and all(r.window.end == D(2025, 3, 31) for r in soon)
    assert {r.kind for r in soon} >= {MeetingKind.PARTY_LECTURE, MeetingKind.THEME_DAY}


@pytest.mark.parametrize(("expected", "present", "ok"), [(10, 5, False), (10, 6, True), (9, 5, True),
                                                           (9, 4, False), (0, 0, False), (1, 1, True)])
def test_assembly_quorum_exactly_half_is_not_enough(expected: int, present: int, ok: bool) -> None:
    assert cr.assembly_quorum(expected, present) is ok


def test_motion_needs_more_than_half_of_expected_not_of_present() -> None:
    assert not cr.motion_passes(5, 10)  # 5 of 10 expected: not a majority even if only 6 came
    assert cr.motion_passes(6, 10)
    assert cr.committee_quorum(5, 3) and not cr.committee_quorum(4, 2)
    assert cr.election_quorum(10, 9) and not cr.election_quorum(10, 8)


def test_quorum_warnings_name_the_problem() -> None:
    w = cr.quorum_warnings("general_assembly", voting_expected=10, voting_present=5, committee_size=0,
                           committee_present=0, votes_for=5)
    assert len(w) == 2 and "不足法定人数" in w[0] and "未通过" in w[1]
    assert cr.quorum_warnings("general_assembly", voting_expected=10, voting_present=6, committee_size=0,
                              committee_present=0, votes_for=6) == []
    assert "支委" in cr.quorum_warnings("committee_meeting", voting_expected=0, voting_present=0,
                                       committee_size=4, committee_present=2, votes_for=None)[0]


def test_expected_on_follows_join_and_leave_dates() -> None:
    day = D(2025, 5, 15)
    assert cr.expected_on("full", "active", None, D(2000, 1, 1), day)
    assert cr.expected_on("probationary", "active", None, D(2025, 5, 15), day)  # joined that day
    assert not cr.expected_on("probationary", "active", None, D(2025, 5, 16), day)  # joined mid-quarter, later
    assert not cr.expected_on("activist", "active", None, None, day)
    assert cr.expected_on("full", "transferred_out", D(2025, 6, 1), D(2000, 1, 1), day)  # left afterwards
    assert not cr.expected_on("full", "transferred_out", D(2025, 5, 1), D(2000, 1, 1), day)


def test_kind_allowed_per_org_kind() -> None:
    assert cr.kind_allowed("group_meeting", "party_group")
    assert not cr.kind_allowed("group_meeting", "branch")
    assert not cr.kind_allowed("theme_day", "party_group")
    assert cr.kind_allowed("theme_day", "joint_branch")


def test_election_needs_more_than_four_fifths() -> None:
    assert cr.election_quorum(1, 1) and not cr.election_quorum(0, 0)
    assert cr.election_quorum(10, 9) and not cr.election_quorum(10, 8) and not cr.election_quorum(5, 4)


def test_month_window_of_a_day_and_a_grid_of_twelve_months() -> None:
    win = cr.window_of(Period.MONTH, D(2024, 2, 29))
    assert (win.period, win.year, win.index, win.start, win.end) == (Period.MONTH, 2024, 2, D(2024, 2, 1),
                                                                      D(2024, 2, 29))
    assert win.label == "2024年2月" and cr.window_of(Period.YEAR, D(2024, 7, 1)).label == "2024年"
    reqs = cr.evaluate(2025, [BRANCH], cr.DEFAULT_RULES, {}, YEAR_END)
    [row] = cr.build_rows(2025, [BRANCH], reqs, {}, {})
    assert [c.month for c in row.cells] == list(range(1, 13))


def test_row_totals_met_due_and_attendance() -> None:
    """The 完成/到期 column, the month's meeting count and the attendance rate of a printed row."""
    reqs = cr.evaluate(2025, [BRANCH], cr.DEFAULT_RULES, {("b1", "theme_day", 1): 1}, YEAR_END)
    [row] = cr.build_rows(2025, [BRANCH], reqs, {("b1", 1): 3}, {})
    # 34 requirements (12+12 monthly, 4+4 quarterly, 1+1 yearly); on 31 December the six ending that day are
    # still running, so 28 are due; one theme day was held
    assert (row.met, row.due) == (1, 28)
    assert [c.held_total for c in row.cells] == [3] + [0] * 11
    assert all(c.branch_id == "b1" for c in row.cells)
    assert (row.expected_sum, row.present_sum, row.attendance_rate) == (0, 0, None)
    assert row.kind_totals["theme_day"] == (1, 12) and row.kind_totals["life_meeting"] == (0, 1)
    [with_rate] = cr.build_rows(2025, [BRANCH], reqs, {}, {"b1": (10, 7)})
    assert with_rate.attendance_rate == 0.7
