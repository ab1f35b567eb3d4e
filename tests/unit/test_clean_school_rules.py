"""清廉学校 rules at their edges: decision order, circulation, quorum, the 大额 threshold, flow-chart steps."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from app.domain.clean_school import (
    DecisionCategory,
    DecisionFacts,
    DecisionMethod,
    FlowStep,
    RiskLevel,
    decision_flags,
    format_steps,
    has_quorum,
    parse_steps,
    risk_overdue,
    spending_needs_decision,
)

PARTY = dt.date(2025, 3, 6)


def facts(**changes) -> DecisionFacts:
    base = {"category": DecisionCategory.LARGE_FUNDS, "method": DecisionMethod.MEETING, "party_meeting_on": PARTY,
            "office_meeting_on": PARTY + dt.timedelta(days=2), "amount": Decimal(38600), "expected": 5,
            "present": 4}
    base.update(changes)
    return DecisionFacts(**base)


def test_a_decision_in_order_has_no_flag() -> None:
    assert decision_flags(facts()) == []


def test_the_office_meeting_the_same_day_is_in_order() -> None:
    assert decision_flags(facts(office_meeting_on=PARTY)) == []


def test_executed_one_day_before_the_party_meeting_is_flagged() -> None:
    flags = decision_flags(facts(office_meeting_on=PARTY - dt.timedelta(days=1)))
    assert len(flags) == 1 and "先于党组织会议" in flags[0]


@pytest.mark.parametrize("method", [DecisionMethod.CIRCULATION, DecisionMethod.SIGNATURE])
def test_circulation_or_signature_is_not_a_meeting(method: DecisionMethod) -> None:
    flags = decision_flags(facts(method=method))
    assert any("不能代替" in f for f in flags)


def test_a_major_matter_without_a_party_meeting_is_flagged() -> None:
    assert any("没有党组织会议" in f for f in decision_flags(facts(party_meeting_on=None)))


def test_quorum_is_more_than_half() -> None:
    assert has_quorum(5, 3) and not has_quorum(4, 2) and has_quorum(4, 3) and not has_quorum(0, 0)
    assert any("未超过半数" in f for f in decision_flags(facts(expected=4, present=2)))
    assert decision_flags(facts(expected=4, present=3)) == []


def test_an_ordinary_item_at_the_threshold_must_be_a_major_decision() -> None:
    ordinary = {"category": DecisionCategory.ORDINARY, "party_meeting_on": None}
    assert decision_flags(facts(amount=Decimal("4999.99"), **ordinary)) == []
    flags = decision_flags(facts(amount=Decimal(5000), **ordinary))
    assert len(flags) == 1 and "三重一大" in flags[0]
    assert decision_flags(facts(amount=Decimal(5000), **ordinary), threshold=Decimal(10000)) == []
    assert spending_needs_decision(Decimal(5000)) and not spending_needs_decision(Decimal("4999.99"))


def test_a_risk_is_overdue_the_day_after_its_review_date() -> None:
    day = dt.date(2026, 6, 30)
    assert not risk_overdue(day, day)
    assert risk_overdue(day, day + dt.timedelta(days=1))
    assert not risk_overdue(None, day)


def test_steps_parse_decisions_and_drop_numbering() -> None:
    steps = parse_steps("1、提出申请\n\n②◇资格审核是否通过？|否：一次性告知补充材料\n公示？\n办理")
    assert steps == [FlowStep("提出申请"), FlowStep("资格审核是否通过？", True, "一次性告知补充材料"),
                     FlowStep("公示？", True, ""), FlowStep("办理")]
    assert parse_steps(format_steps(steps)) == steps


@pytest.mark.parametrize(("text", "level"), [("高", RiskLevel.HIGH), ("高风险", RiskLevel.HIGH),
                                             ("中级", RiskLevel.MEDIUM), ("low", RiskLevel.LOW), ("很高", None)])
def test_risk_levels_read_as_schools_write_them(text: str, level: RiskLevel | None) -> None:
    assert RiskLevel.parse(text) is level
