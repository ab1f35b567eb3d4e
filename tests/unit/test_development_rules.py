"""The development intervals at their edges: exactly one year, one day short, a leap day, a probation
extended then completed, the talk within a month, age 18, introducers, the 公示 period."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain import development_rules as rules
from app.domain.development_rules import (
    DevelopmentRules,
    PersonFact,
    ProbationOutcome,
    Standing,
    StepFact,
    add_months,
    add_working_days,
    age_on,
    check_step,
    next_due,
    probation_end,
    standing,
)

D = dt.date


def warnings(step: StepFact, *others: StepFact, birth: dt.date | None = None, **kw) -> list[str]:
    return check_step(step, list(others), birth_date=birth, **kw).warnings


def errors(step: StepFact, *others: StepFact, **kw) -> list[str]:
    return check_step(step, list(others), **kw).errors


def test_there_are_25_steps_in_5_stages_in_order() -> None:
    assert [s.number for s in rules.STEPS] == list(range(1, 26))
    assert sorted({s.stage for s in rules.STEPS}) == [1, 2, 3, 4, 5]
    stages = [s.stage for s in rules.STEPS]
    assert stages == sorted(stages)
    assert len(rules.STAGES) == 5


def test_add_months_clamps_to_month_end() -> None:
    assert add_months(D(2024, 2, 29), 12) == D(2025, 2, 28)
    assert add_months(D(2024, 2, 29), 48) == D(2028, 2, 29)
    assert add_months(D(2025, 1, 31), 1) == D(2025, 2, 28)
    assert add_months(D(2025, 12, 15), 1) == D(2026, 1, 15)
    assert add_months(D(2025, 5, 9), 18) == D(2026, 11, 9)


def test_working_days_skip_weekends() -> None:
    assert add_working_days(D(2026, 11, 27), 5) == D(2026, 12, 4)  # Friday → next Friday
    assert add_working_days(D(2026, 11, 30), 5) == D(2026, 12, 7)  # Monday → next Monday


def test_age_on_birthday_edges() -> None:
    assert age_on(D(2008, 3, 10), D(2026, 3, 10)) == 18
    assert age_on(D(2008, 3, 10), D(2026, 3, 9)) == 17
    assert age_on(D(2008, 2, 29), D(2026, 2, 28)) == 18  # a leap-day birthday counts on 28 February


@pytest.mark.parametrize(("applied", "warned"), [(D(2026, 3, 10), False), (D(2026, 3, 9), True)])
def test_application_at_18_exactly_and_one_day_short(applied: dt.date, warned: bool) -> None:
    found = warnings(StepFact(1, applied), birth=D(2008, 3, 10))
    assert bool(found) is warned
    if warned:
        assert "未满18周岁" in found[0]


def test_application_at_16_is_warned() -> None:
    assert "申请时16周岁" in warnings(StepFact(1, D(2024, 9, 1)), birth=D(2008, 3, 10))[0]


@pytest.mark.parametrize(("talk", "warned"), [
    (D(2025, 4, 10), False),  # exactly one month
    (D(2025, 4, 11), True),  # one day late
    (D(2025, 3, 10), False),  # the same day
])
def test_talk_within_one_month(talk: dt.date, warned: bool) -> None:
    found = warnings(StepFact(2, talk), StepFact(1, D(2025, 3, 10)))
    assert bool(found) is warned
    if warned:
        assert "一个月内" in found[0] or "1个月内" in found[0]


ACTIVIST = StepFact(4, D(2024, 3, 10))


@pytest.mark.parametrize(("candidate", "warned"), [
    (D(2025, 3, 10), False),  # exactly one year
    (D(2025, 3, 9), True),  # one day short
    (D(2024, 5, 10), True),  # two months: what release 1 accepted
])
def test_one_year_as_activist_before_candidate(candidate: dt.date, warned: bool) -> None:
    found = warnings(StepFact(8, candidate), ACTIVIST)
    assert bool(found) is warned
    if warned:
        assert "满1年后方可列为发展对象" in found[0]
        assert "应不早于 2025-03-10" in found[0]


def test_one_year_from_a_leap_day() -> None:
    leap = StepFact(4, D(2024, 2, 29))
    assert warnings(StepFact(8, D(2025, 2, 28)), leap) == []
    assert warnings(StepFact(8, D(2025, 2, 27)), leap) != []
    due = next_due([leap, StepFact(5, D(2024, 3, 1))], today=D(2025, 2, 28))
    assert due is not None and due.text == "满1年，可列为发展对象" and due.on == D(2025, 2, 28)
    due = next_due([leap, StepFact(5, D(2024, 3, 1))], today=D(2025, 2, 27))
    assert due is not None and "后可列为发展对象" in due.text


def test_candidate_without_activist_step_is_out_of_order() -> None:
    assert any("尚未记录第4步" in w for w in warnings(StepFact(8, D(2025, 3, 10))))


def test_the_interval_is_data() -> None:
    relaxed = DevelopmentRules(activist_min_months=6)
    assert check_step(StepFact(8, D(2024, 9, 10)), [ACTIVIST], rules=relaxed).warnings == []
    assert check_step(StepFact(8, D(2024, 9, 9)), [ACTIVIST], rules=relaxed).warnings != []


def _ready_for_admission() -> list[StepFact]:
    return [StepFact(4, D(2023, 3, 1)), StepFact(8, D(2024, 3, 1)), StepFact(9, D(2024, 3, 5)),
            StepFact(10, D(2024, 4, 1))]


def test_admission_needs_political_review_first() -> None:
    steps = [s for s in _ready_for_admission() if s.number != 10]
    found = warnings(StepFact(15, D(2024, 6, 1)), *steps)
    assert any("政治审查" in w for w in found)
    assert warnings(StepFact(15, D(2024, 6, 1)), *_ready_for_admission()) == []


def test_review_after_admission_is_out_of_order() -> None:
    steps = [s for s in _ready_for_admission() if s.number != 10]
    found = warnings(StepFact(15, D(2024, 6, 1)), *steps, StepFact(10, D(2024, 7, 1)))
    assert any("顺序颠倒" in w for w in found)


def test_publicity_period_before_the_assembly() -> None:
    base = _ready_for_admission()
    notice = StepFact(18, D(2024, 5, 24))  # a Friday: five working days end on Friday 31 May
    assert warnings(StepFact(15, D(2024, 5, 31)), *base, notice) == []
    found = warnings(StepFact(15, D(2024, 5, 30)), *base, notice)
    assert found and "公示期未满" in found[0]


def test_approval_within_three_months() -> None:
    admitted = StepFact(15, D(2024, 6, 1))
    assert warnings(StepFact(17, D(2024, 9, 1)), admitted) == []
    assert warnings(StepFact(17, D(2024, 9, 2)), admitted) != []


@pytest.mark.parametrize(("start", "end"), [
    (D(2024, 6, 1), D(2025, 6, 1)),
    (D(2024, 2, 29), D(2025, 2, 28)),
])
def test_probation_is_one_year(start: dt.date, end: dt.date) -> None:
    admitted = StepFact(15, start)
    assert probation_end([admitted]) == end
    assert warnings(StepFact(22, end, ProbationOutcome.FULL), admitted) == []
    early = warnings(StepFact(22, end - dt.timedelta(days=1), ProbationOutcome.FULL), admitted)
    assert early == [f"预备期至 {end:%Y-%m-%d} 届满，提前 1 天讨论转正"]


def test_probation_extended_then_completed() -> None:
    admitted = StepFact(15, D(2024, 5, 9), ref="a")
    extended = StepFact(22, D(2025, 5, 9), ProbationOutcome.EXTENDED, extension_months=6, ref="b")
    assert warnings(extended, admitted) == []
    assert probation_end([admitted, extended]) == D(2025, 11, 9)
    assert warnings(StepFact(22, D(2025, 11, 9), ProbationOutcome.FULL), admitted, extended) == []
    early = warnings(StepFact(22, D(2025, 11, 8), ProbationOutcome.FULL), admitted, extended)
    assert early and "2025-11-09 届满" in early[0]
    due = next_due([admitted, extended, StepFact(17, D(2024, 6, 1))], today=D(2025, 9, 1))
    assert due is not None and due.text == "延长的预备期将于 2025-11-09 届满，应及时讨论转正"
    done = [admitted, extended, StepFact(17, D(2024, 6, 1)),
            StepFact(22, D(2025, 11, 9), ProbationOutcome.FULL)]
    assert standing(done) == Standing.FULL


@pytest.mark.parametrize(("months", "ok"), [(5, False), (6, True), (12, True), (13, False)])
def test_extension_is_6_to_12_months(months: int, ok: bool) -> None:
    step = StepFact(22, D(2025, 6, 1), ProbationOutcome.EXTENDED, extension_months=months)
    assert (errors(step, StepFact(15, D(2024, 6, 1))) == []) is ok


def test_extension_only_once_then_cancel() -> None:
    admitted = StepFact(15, D(2024, 6, 1))
    first = StepFact(22, D(2025, 6, 1), ProbationOutcome.EXTENDED, extension_months=6)
    second = StepFact(22, D(2025, 12, 1), ProbationOutcome.EXTENDED, extension_months=6)
    assert any("只能延长一次" in e for e in errors(second, admitted, first))
    cancelled = StepFact(22, D(2025, 12, 1), ProbationOutcome.CANCELLED)
    assert errors(cancelled, admitted, first) == []
    assert standing([admitted, first, cancelled]) == Standing.CANCELLED
    assert next_due([admitted, first, cancelled], today=D(2026, 1, 1)) is None


def test_step_22_needs_an_outcome_and_only_22_has_one() -> None:
    assert errors(StepFact(22, D(2025, 6, 1)), StepFact(15, D(2024, 6, 1)))
    assert errors(StepFact(8, D(2025, 6, 1), ProbationOutcome.FULL), ACTIVIST)


def test_future_and_pre_birth_dates_are_errors() -> None:
    assert errors(StepFact(1, D(2026, 12, 2)), today=D(2026, 12, 1))
    assert errors(StepFact(1, D(1989, 1, 1)), birth_date=D(1990, 1, 1))
    assert errors(StepFact(26, D(2020, 1, 1)))


def test_introducers_must_be_two_full_members() -> None:
    on = D(2024, 3, 5)
    full = PersonFact("王建国", full_since=D(2010, 7, 1))
    same_day = PersonFact("李秀英", full_since=on)
    later = PersonFact("张志强", full_since=D(2024, 3, 6))
    probationary = PersonFact("刘丽娟")
    candidate = StepFact(8, D(2024, 3, 1))
    assert warnings(StepFact(9, on, introducers=(full, same_day)), candidate) == []
    assert any("张志强" in w for w in warnings(StepFact(9, on, introducers=(full, later)), candidate))
    assert any("刘丽娟" in w for w in warnings(StepFact(9, on, introducers=(full, probationary)), candidate))
    assert any("应为两名" in w for w in warnings(StepFact(9, on, introducers=(full,)), candidate))
    legacy = PersonFact("陈海燕", full_since=None, is_full_now=True)  # a full member without a 转正 date
    assert warnings(StepFact(9, on, introducers=(full, legacy)), candidate) == []


def test_audit_reports_each_broken_step_once() -> None:
    steps = [StepFact(1, D(2023, 1, 5), ref="1"), StepFact(2, D(2023, 1, 20), ref="2"),
             StepFact(4, D(2023, 3, 1), ref="4"), StepFact(5, D(2023, 3, 1), ref="5", contacts=(
                 PersonFact("甲"), PersonFact("乙"))),
             StepFact(8, D(2023, 5, 1), ref="8")]
    found = rules.audit(steps, birth_date=D(1990, 1, 1))
    assert list(found) == ["8"]


def test_next_due_along_the_way() -> None:
    applied = StepFact(1, D(2026, 3, 10))
    due = next_due([applied], today=D(2026, 3, 20))
    assert due is not None and due.text == "应在 2026-04-10 前派人谈话" and not due.overdue
    due = next_due([applied], today=D(2026, 4, 11))
    assert due is not None and due.overdue
    admitted = [StepFact(15, D(2025, 5, 9)), StepFact(17, D(2025, 6, 1))]
    due = next_due(admitted, today=D(2026, 4, 1))
    assert due is not None and due.text == "预备期将于 2026-05-09 届满，应及时讨论转正"
    assert due.on == D(2026, 5, 9) and due.next_step == 22
    due = next_due(admitted, today=D(2026, 5, 10))
    assert due is not None and due.overdue and due.text.startswith("预备期已于 2026-05-09 届满")
    pending = next_due([StepFact(15, D(2025, 5, 9))], today=D(2025, 9, 1))
    assert pending is not None and pending.overdue and pending.next_step == 17
