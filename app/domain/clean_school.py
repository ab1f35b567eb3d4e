"""清廉学校 rules: risk levels, 三重一大 categories, the checks on a decision, flow-chart steps, overdue risks.

Facts: docs/domain.md, section "Clean-school". Pure: no database, no Qt, no files.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from app.domain.enums import Labeled


class ListKind(Labeled):
    """The three lists a school adopts for a year and republishes as versions."""

    POWER = "power_list", "小微权力清单"
    NEGATIVE = "negative_list", "办学行为负面清单"
    RISK = "integrity_risk", "廉政风险点"


class RiskLevel(Labeled):
    HIGH = "high", "高"
    MEDIUM = "medium", "中"
    LOW = "low", "低"

    @classmethod
    def parse(cls, text: str) -> RiskLevel | None:
        """「高」「高风险」「中级」「low」 → the level; anything else None."""
        found = cls.from_label((text or "").strip().removesuffix("风险").removesuffix("级"))
        return found if isinstance(found, RiskLevel) else None


class DecisionCategory(Labeled):
    """三重一大."""

    MAJOR_MATTER = "major_matter", "重大事项决策"
    CADRE_APPOINTMENT = "cadre_appointment", "重要干部任免"
    MAJOR_PROJECT = "major_project", "重大项目安排"
    LARGE_FUNDS = "large_funds", "大额资金使用"
    ORDINARY = "ordinary", "一般事项（非三重一大）"

    @property
    def is_major(self) -> bool:
        return self is not DecisionCategory.ORDINARY


class DecisionMethod(Labeled):
    """How a matter was decided: only a meeting is collective decision-making."""

    MEETING = "meeting", "会议集体研究"
    CIRCULATION = "circulation", "传阅"
    SIGNATURE = "signature", "会签"


class WarningForm(Labeled):
    FILM = "film", "观看警示教育片"
    CASE_BRIEFING = "case_briefing", "典型案例通报"
    VISIT = "visit", "参观警示教育基地"
    LECTURE = "lecture", "廉政党课"
    OTHER = "other", "其他"


DEFAULT_THRESHOLD = Decimal(5000)  # yuan: the common county default for 大额资金 (docs/domain.md)


@dataclass(frozen=True)
class DecisionFacts:
    """What the checks need to know about one 三重一大 record."""

    category: DecisionCategory
    method: DecisionMethod
    party_meeting_on: dt.date | None  # the 党组织会议 (支委会 / 党总支、党委会议) that decided
    office_meeting_on: dt.date | None  # the 校长办公会 that carries it out
    amount: Decimal | None = None
    expected: int = 0  # 应到 at the Party meeting
    present: int = 0


def decision_flags(d: DecisionFacts, threshold: Decimal = DEFAULT_THRESHOLD) -> list[str]:
    """Every way a decision falls short of 党组织领导的校长负责制, in plain Chinese (empty: in order).

    A 三重一大 matter must be decided at a Party meeting (not by circulation or signature) that has its
    quorum, before the 校长办公会 carries it out; an ordinary item at or above the 大额 threshold should
    have been a 三重一大 matter."""
    if not d.category.is_major:
        if d.amount is not None and spending_needs_decision(d.amount, threshold):
            return [f"金额 {d.amount:,.0f} 元达到大额资金标准（{threshold:,.0f} 元），"
                    "应作为“三重一大”事项由党组织会议集体研究决定"]
        return []
    flags: list[str] = []
    if d.method is not DecisionMethod.MEETING:
        flags.append(f"以{d.method.label}方式决定，传阅、会签不能代替集体研究的会议")
    if d.party_meeting_on is None:
        flags.append("没有党组织会议研究决定的记录")
    elif d.office_meeting_on is not None and d.office_meeting_on < d.party_meeting_on:
        flags.append(f"校长办公会（{d.office_meeting_on:%Y-%m-%d}）先于党组织会议"
                     f"（{d.party_meeting_on:%Y-%m-%d}）执行，应先由党组织会议研究决定")
    if d.party_meeting_on is not None and d.method is DecisionMethod.MEETING and d.expected > 0 \
            and not has_quorum(d.expected, d.present):
        flags.append(f"党组织会议应到 {d.expected} 人、实到 {d.present} 人，未超过半数，会议不能作出决定")
    return flags


def spending_needs_decision(amount: Decimal, threshold: Decimal = DEFAULT_THRESHOLD) -> bool:
    """A spending item at or above the threshold must be a 三重一大 decision."""
    return amount >= threshold


def has_quorum(expected: int, present: int) -> bool:
    """More than half of those expected present."""
    return expected > 0 and present * 2 > expected


def risk_overdue(review_on: dt.date | None, today: dt.date) -> bool:
    """A risk whose review date has passed (the review day itself is still on time)."""
    return review_on is not None and review_on < today


# --- flow charts -----------------------------------------------------------------------------------

DECISION_MARK = "◇"
_NUMBERING = re.compile(r"^\s*(?:\d+|[①-⑳])\s*[.、．)）]?\s*")


@dataclass(frozen=True)
class FlowStep:
    """One box of a 权力运行流程图; a decision is a diamond whose 否 way ends in `no_text`."""

    text: str
    is_decision: bool = False
    no_text: str = ""


def parse_steps(text: str) -> list[FlowStep]:
    """Steps as a school writes them in a cell, one per line: `◇资格审核是否通过？|否：退回补充材料`.

    A line starting with ◇ (or ending with ？ / ?) is a decision; what follows `|否：` is where its 否 way
    leads (the 是 way goes on to the next step). Leading numbers ("1、", "①") are dropped.
    """
    steps: list[FlowStep] = []
    for raw in (text or "").splitlines():
        line = _NUMBERING.sub("", raw.strip())
        if not line:
            continue
        main, _, no_way = line.partition("|")
        no_way = no_way.strip().removeprefix("否：").removeprefix("否:").strip()
        decision = main.startswith(DECISION_MARK) or main.rstrip().endswith(("？", "?"))
        main = main.removeprefix(DECISION_MARK).strip()
        steps.append(FlowStep(main, decision, no_way if decision else ""))
    return steps


def format_steps(steps: list[FlowStep]) -> str:
    """The cell text `parse_steps` reads back unchanged."""
    lines = []
    for s in steps:
        if s.is_decision:
            lines.append(f"{DECISION_MARK}{s.text}" + (f"|否：{s.no_text}" if s.no_text else ""))
        else:
            lines.append(s.text)
    return "\n".join(lines)
