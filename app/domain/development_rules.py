"""发展党员全程纪实: the 25 steps in 5 stages, their intervals and conditions, and what is due next.

Facts from 《中国共产党发展党员工作细则》(2014), summarized in docs/domain.md ("Developing members").
Steps, stages and intervals are data; the numbers are defaults a school may change (`DevelopmentRules`).
Periods counted in years or months end on the corresponding day of the end month, or on that month's
last day when it has none (民法典 art. 202): a year from 2024-02-29 ends on 2025-02-28.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from app.domain.enums import Labeled


class DecisionBody(Labeled):
    """Who decided a step (the basis printed in the 全程纪实表)."""

    NONE = "", "—"
    COMMITTEE = "committee", "支委会"
    GENERAL_ASSEMBLY = "general_assembly", "支部党员大会"
    UPPER_COMMITTEE = "upper_committee", "上级党委"


class ProbationOutcome(Labeled):
    """What the 支部党员大会 decided when a probation ended (step 22)."""

    NONE = "", "—"
    FULL = "full", "按期转为正式党员"
    EXTENDED = "extended", "延长预备期"
    CANCELLED = "cancelled", "取消预备党员资格"


class DualDirection(Labeled):
    """双培养: 把骨干教师培养成党员、把党员培养成骨干."""

    TO_MEMBER = "to_member", "培养成党员"
    TO_BACKBONE = "to_backbone", "培养成骨干"


Warn = Callable[[str], None]

STAGES: dict[int, str] = {
    1: "申请入党",
    2: "确定入党积极分子和培养教育",
    3: "确定发展对象",
    4: "接收预备党员",
    5: "预备党员教育考察和转正",
}


@dataclass(frozen=True)
class StepDef:
    number: int
    stage: int
    title: str
    decided_by: DecisionBody = DecisionBody.NONE  # the usual body, offered first in the dialog

    @property
    def short(self) -> str:
        """The title without its explanation in brackets, for narrow columns."""
        return self.title.split("（")[0]


STEPS: tuple[StepDef, ...] = (
    StepDef(1, 1, "递交入党申请书"),
    StepDef(2, 1, "党组织派人谈话"),
    StepDef(3, 2, "推荐和确定入党积极分子（党员推荐、群团组织推优）"),
    StepDef(4, 2, "确定为入党积极分子并报上级党委备案", DecisionBody.COMMITTEE),
    StepDef(5, 2, "指定两名培养联系人", DecisionBody.COMMITTEE),
    StepDef(6, 2, "培养教育考察（每半年考察一次）", DecisionBody.COMMITTEE),
    StepDef(7, 2, "培养教育满一年，考察合格"),
    StepDef(8, 3, "确定为发展对象并报上级党委备案", DecisionBody.COMMITTEE),
    StepDef(9, 3, "确定两名入党介绍人", DecisionBody.COMMITTEE),
    StepDef(10, 3, "进行政治审查", DecisionBody.COMMITTEE),
    StepDef(11, 3, "开展集中培训（一般不少于3天或24学时）", DecisionBody.UPPER_COMMITTEE),
    StepDef(12, 4, "支部委员会审查", DecisionBody.COMMITTEE),
    StepDef(13, 4, "上级党委预审", DecisionBody.UPPER_COMMITTEE),
    StepDef(14, 4, "填写入党志愿书"),
    StepDef(15, 4, "支部党员大会讨论接收为预备党员", DecisionBody.GENERAL_ASSEMBLY),
    StepDef(16, 4, "上级党委派人谈话", DecisionBody.UPPER_COMMITTEE),
    StepDef(17, 4, "上级党委审批", DecisionBody.UPPER_COMMITTEE),
    StepDef(18, 4, "公示（发展对象、接收预备党员）"),
    StepDef(19, 5, "编入党支部和党小组，入党宣誓"),
    StepDef(20, 5, "预备党员继续教育考察"),
    StepDef(21, 5, "提出转正申请"),
    StepDef(22, 5, "支部党员大会讨论转正", DecisionBody.GENERAL_ASSEMBLY),
    StepDef(23, 5, "上级党委审批转正", DecisionBody.UPPER_COMMITTEE),
    StepDef(24, 5, "入党材料归档"),
    StepDef(25, 5, "转正后记录（党员信息变更）"),
)
STEP_BY_NUMBER: dict[int, StepDef] = {s.number: s for s in STEPS}
PUBLICITY_STEP = 18  # 公示 comes before the assembly and again after approval: outside the stage order


def step_def(number: int) -> StepDef:
    try:
        return STEP_BY_NUMBER[number]
    except KeyError:
        raise ValueError(f"发展党员步骤应为第1至第25步，而不是第{number}步") from None


def step_label(number: int, *, short: bool = False) -> str:
    definition = step_def(number)
    return f"第{number}步 {definition.short if short else definition.title}"


@dataclass(frozen=True)
class Interval:
    """`step` must come after `after`: at least `min_months` later, at most `max_months` later.

    `required`: `after` must be on record before `step` is (a prerequisite such as the political review).
    """

    step: int
    after: int
    reason: str
    min_months: int = 0
    max_months: int | None = None
    required: bool = False


@dataclass(frozen=True)
class DevelopmentRules:
    """The defaults of docs/domain.md; each is a number a school may change, never a constant in code."""

    min_age_at_application: int = 18
    talk_within_months: int = 1
    activist_min_months: int = 12
    approval_within_months: int = 3
    probation_months: int = 12
    extension_min_months: int = 6
    extension_max_months: int = 12
    publicity_working_days: int = 5
    due_soon_days: int = 60  # "预备期将于…届满" appears this long before the end

    @property
    def intervals(self) -> tuple[Interval, ...]:
        return (
            Interval(2, 1, f"党组织应在收到入党申请后{self.talk_within_months}个月内派人谈话",
                     max_months=self.talk_within_months),
            Interval(8, 4, f"确定为入党积极分子满{_months_text(self.activist_min_months)}后方可列为发展对象",
                     min_months=self.activist_min_months, required=True),
            Interval(9, 8, "入党介绍人在确定发展对象后确定", required=True),
            Interval(15, 8, "须先确定为发展对象", required=True),
            Interval(15, 10, "接收预备党员前须完成政治审查", required=True),
            Interval(15, 9, "接收预备党员须有两名入党介绍人", required=True),
            Interval(17, 15, f"上级党委应在支部党员大会讨论后{self.approval_within_months}个月内审批",
                     max_months=self.approval_within_months, required=True),
            Interval(22, 15, "须先经支部党员大会接收为预备党员", required=True),
            Interval(23, 22, "转正须先经支部党员大会讨论", required=True),
        )


DEFAULT_RULES = DevelopmentRules()


def _months_text(months: int) -> str:
    return f"{months // 12}年" if months % 12 == 0 else f"{months}个月"


# ---- dates ---------------------------------------------------------------------------------------

def add_months(day: dt.date, months: int) -> dt.date:
    """The corresponding day `months` later, or the end month's last day when it has none."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_working_days(day: dt.date, days: int) -> dt.date:
    """`days` working days (Monday–Friday) after `day`; public holidays are the school's to allow for."""
    current = day
    left = days
    while left > 0:
        current += dt.timedelta(days=1)
        if current.weekday() < 5:
            left -= 1
    return current


def age_on(birth: dt.date, day: dt.date) -> int:
    """Full years of age on `day` (someone born on 29 February turns a year older on 28 February)."""
    years = day.year - birth.year
    return years if add_months(birth, 12 * years) <= day else years - 1


# ---- facts in, findings out -----------------------------------------------------------------------

@dataclass(frozen=True)
class PersonFact:
    """An introducer or 培养联系人 as the rules need them: a name, and since when a full member."""

    name: str
    full_since: dt.date | None = None  # None: not a full member (yet)
    is_full_now: bool = False  # category 正式党员 today, for a store without a 转正 date


@dataclass(frozen=True)
class StepFact:
    number: int
    on: dt.date
    outcome: ProbationOutcome = ProbationOutcome.NONE
    extension_months: int = 0
    introducers: tuple[PersonFact, ...] = ()
    contacts: tuple[PersonFact, ...] = ()
    ref: str = ""  # the stored step's id, so a finding can be traced back


@dataclass
class StepCheck:
    """`errors` stop a save; `warnings` need a reason to save (and the dossier shows them)."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _first(steps: Iterable[StepFact], number: int) -> StepFact | None:
    found = [s for s in steps if s.number == number]
    return min(found, key=lambda s: s.on) if found else None


def probation_start(steps: Iterable[StepFact]) -> dt.date | None:
    admitted = _first(steps, 15)
    return admitted.on if admitted else None


def probation_end(steps: Sequence[StepFact], rules: DevelopmentRules = DEFAULT_RULES, *,
                  before: dt.date | None = None, exclude: str | None = None) -> dt.date | None:
    """A year from the assembly's vote (step 15), plus an extension decided at step 22.

    `before`/`exclude`: count only extensions decided on or before that day, other than that step.
    """
    start = probation_start(steps)
    if start is None:
        return None
    end = add_months(start, rules.probation_months)
    for s in sorted(steps, key=lambda s: s.on):
        if s.number != 22 or s.outcome != ProbationOutcome.EXTENDED:
            continue
        if (exclude is not None and s.ref == exclude) or (before is not None and s.on > before):
            continue
        end = add_months(end, s.extension_months)
    return end


def check_step(step: StepFact, others: Sequence[StepFact], *, birth_date: dt.date | None = None,
               today: dt.date | None = None, rules: DevelopmentRules = DEFAULT_RULES) -> StepCheck:
    """What is wrong with `step` among the person's `others` steps (which must not include it)."""
    result = StepCheck()
    err, warn = result.errors.append, result.warnings.append
    try:
        definition = step_def(step.number)
    except ValueError as exc:
        err(str(exc))
        return result
    if today is not None and step.on > today:
        err(f"日期 {step.on:%Y-%m-%d} 晚于今天")
    if birth_date is not None and step.on < birth_date:
        err(f"日期 {step.on:%Y-%m-%d} 早于出生日期 {birth_date:%Y-%m-%d}")
    if step.outcome != ProbationOutcome.NONE and step.number != 22:
        err("只有第22步（支部党员大会讨论转正）填写讨论结果")
    if step.number == 22 and step.outcome == ProbationOutcome.NONE:
        err("请选择支部党员大会讨论转正的结果")
    if step.outcome == ProbationOutcome.EXTENDED:
        if not rules.extension_min_months <= step.extension_months <= rules.extension_max_months:
            err(f"预备期延长应为{rules.extension_min_months}至{rules.extension_max_months}个月")
        if any(o.number == 22 and o.outcome == ProbationOutcome.EXTENDED for o in others):
            err("预备期只能延长一次（再不合格应取消预备党员资格）")
    if any(o.number == 22 and o.outcome == ProbationOutcome.CANCELLED and o.on <= step.on for o in others):
        warn("此前已取消预备党员资格")

    if step.number == 1 and birth_date is not None:
        age = age_on(birth_date, step.on)
        if age < rules.min_age_at_application:
            warn(f"申请入党时未满{rules.min_age_at_application}周岁（{birth_date:%Y-%m-%d}出生，申请时{age}周岁）")
    _check_order(step, definition, others, warn)
    for interval in rules.intervals:
        if interval.step == step.number:
            _check_interval(step, interval, others, warn)
    if step.number == 15:
        _check_publicity(step, others, rules, warn)
    if step.number == 22 and step.outcome in (ProbationOutcome.FULL, ProbationOutcome.EXTENDED):
        end = probation_end(others, rules, before=step.on)
        if end is not None and step.on < end:
            warn(f"预备期至 {end:%Y-%m-%d} 届满，提前 {(end - step.on).days} 天讨论转正")
    if step.number == 9:
        _check_people(step.introducers, "入党介绍人", step.on, warn, must_be_full=True)
    if step.number == 5:
        _check_people(step.contacts, "培养联系人", step.on, warn, must_be_full=False)
    return result


def _check_order(step: StepFact, definition: StepDef, others: Sequence[StepFact], warn: Warn) -> None:
    if step.number == PUBLICITY_STEP:
        return
    for other in sorted(others, key=lambda o: o.number):
        if other.number == PUBLICITY_STEP:
            continue
        other_def = STEP_BY_NUMBER.get(other.number)
        if other_def and other_def.stage < definition.stage and other.on > step.on:
            warn(f"日期早于前一阶段的{step_label(other.number)}（{other.on:%Y-%m-%d}），顺序颠倒")
            return


def _check_interval(step: StepFact, interval: Interval, others: Sequence[StepFact], warn: Warn) -> None:
    ref = _first(others, interval.after)
    if ref is None:
        if interval.required:
            warn(f"尚未记录{step_label(interval.after)}：{interval.reason}")
        return
    if ref.on > step.on:
        if STEP_BY_NUMBER[ref.number].stage == STEP_BY_NUMBER[step.number].stage:
            warn(f"日期早于{step_label(ref.number)}（{ref.on:%Y-%m-%d}），顺序颠倒")
        return
    if interval.min_months:
        earliest = add_months(ref.on, interval.min_months)
        if step.on < earliest:
            warn(f"{interval.reason}：距{step_label(ref.number)}（{ref.on:%Y-%m-%d}）仅 {(step.on - ref.on).days} 天，"
                 f"应不早于 {earliest:%Y-%m-%d}")
    if interval.max_months is not None:
        latest = add_months(ref.on, interval.max_months)
        if step.on > latest:
            warn(f"{interval.reason}：{ref.on:%Y-%m-%d} 起应在 {latest:%Y-%m-%d} 前完成，"
                 f"超过 {(step.on - latest).days} 天")


def _check_publicity(step: StepFact, others: Sequence[StepFact], rules: DevelopmentRules, warn: Warn) -> None:
    """A 公示 before the assembly must have run its full period before the assembly meets."""
    notices = [o for o in others if o.number == PUBLICITY_STEP and o.on <= step.on]
    if not notices:
        return
    start = max(o.on for o in notices)
    end = add_working_days(start, rules.publicity_working_days)
    if step.on < end:
        warn(f"公示自 {start:%Y-%m-%d} 起应满{rules.publicity_working_days}个工作日（至 {end:%Y-%m-%d}），"
             "公示期未满即提交支部党员大会讨论")


def _check_people(people: Sequence[PersonFact], label: str, on: dt.date, warn: Warn, *, must_be_full: bool) -> None:
    if len(people) != 2:
        warn(f"{label}应为两名（已填 {len(people)} 名）")
    if not must_be_full:
        return
    for person in people:
        full = person.full_since is not None and person.full_since <= on
        if not full and not (person.full_since is None and person.is_full_now):
            warn(f"入党介绍人{person.name}在 {on:%Y-%m-%d} 不是正式党员（入党介绍人须由正式党员担任）")


def audit(steps: Sequence[StepFact], *, birth_date: dt.date | None = None,
          rules: DevelopmentRules = DEFAULT_RULES) -> dict[str, list[str]]:
    """Every step's warnings among all the person's steps, keyed by the step's `ref`."""
    found: dict[str, list[str]] = {}
    for step in steps:
        others = [o for o in steps if o is not step]
        warnings = check_step(step, others, birth_date=birth_date, rules=rules).warnings
        if warnings:
            found[step.ref] = warnings
    return found


# ---- where a person stands, and what is due next -----------------------------------------------

class Standing(Labeled):
    NONE = "none", "未开始"
    APPLICANT = "applicant", "入党申请人"
    ACTIVIST = "activist", "入党积极分子"
    CANDIDATE = "candidate", "发展对象"
    PROBATIONARY = "probationary", "预备党员"
    FULL = "full", "正式党员"
    CANCELLED = "cancelled", "已取消预备党员资格"


def standing(steps: Sequence[StepFact]) -> Standing:
    numbers = {s.number for s in steps}
    if any(s.number == 22 and s.outcome == ProbationOutcome.CANCELLED for s in steps):
        return Standing.CANCELLED
    if any(s.number == 22 and s.outcome == ProbationOutcome.FULL for s in steps) or numbers & {23, 24, 25}:
        return Standing.FULL
    if numbers & {15, 16, 17, 19, 20, 21, 22}:
        return Standing.PROBATIONARY
    if numbers & {8, 9, 10, 11, 12, 13, 14}:
        return Standing.CANDIDATE
    if numbers & {3, 4, 5, 6, 7}:
        return Standing.ACTIVIST
    if numbers:
        return Standing.APPLICANT
    return Standing.NONE


@dataclass(frozen=True)
class Due:
    text: str
    on: dt.date  # when it becomes possible or falls due
    overdue: bool = False
    next_step: int = 0


def next_due(steps: Sequence[StepFact], today: dt.date, rules: DevelopmentRules = DEFAULT_RULES) -> Due | None:
    """The one thing to do next for a person, with its date; None when nothing is pending."""
    numbers = {s.number for s in steps}
    stand = standing(steps)
    if stand in (Standing.NONE, Standing.CANCELLED):
        return None
    if stand == Standing.FULL:
        decided = [s for s in steps if s.number == 22 and s.outcome == ProbationOutcome.FULL]
        if 23 not in numbers and decided:
            return Due("转正须报上级党委审批", decided[0].on, next_step=23)
        if 24 not in numbers and decided:
            return Due("转正后应及时将入党材料归档", decided[0].on, next_step=24)
        return None
    if stand == Standing.PROBATIONARY:
        admitted = _first(steps, 15)
        if admitted is not None and 17 not in numbers:
            latest = add_months(admitted.on, rules.approval_within_months)
            return Due(f"支部党员大会接收后应于 {latest:%Y-%m-%d} 前报上级党委审批", latest,
                       overdue=today > latest, next_step=17)
        end = probation_end(steps, rules)
        if end is None:
            return None
        extended = any(s.number == 22 and s.outcome == ProbationOutcome.EXTENDED for s in steps)
        word = "延长的预备期" if extended else "预备期"
        if end < today:
            return Due(f"{word}已于 {end:%Y-%m-%d} 届满，应及时讨论转正", end, overdue=True, next_step=22)
        return Due(f"{word}将于 {end:%Y-%m-%d} 届满，应及时讨论转正", end, next_step=22)
    if stand == Standing.CANDIDATE:
        since = (_first(steps, 8) or min(steps, key=lambda s: s.on)).on
        for number, text in ((9, "应确定两名入党介绍人"), (10, "应进行政治审查"), (11, "应参加集中培训")):
            if number not in numbers:
                return Due(text, since, next_step=number)
        return Due("政审、培训已完成，可提交支委会审查，准备接收为预备党员", since, next_step=12)
    if stand == Standing.ACTIVIST:
        named = _first(steps, 4) or min(steps, key=lambda s: s.on)
        eligible = add_months(named.on, rules.activist_min_months)
        if 5 not in numbers:
            return Due("应指定两名培养联系人", named.on, next_step=5)
        if today >= eligible:
            return Due(f"满{_months_text(rules.activist_min_months)}，可列为发展对象", eligible, next_step=8)
        return Due(f"培养教育满{_months_text(rules.activist_min_months)}（{eligible:%Y-%m-%d}）后可列为发展对象",
                   eligible, next_step=8)
    applied = _first(steps, 1)
    if applied is not None and 2 not in numbers:
        latest = add_months(applied.on, rules.talk_within_months)
        return Due(f"应在 {latest:%Y-%m-%d} 前派人谈话", latest, overdue=today > latest, next_step=2)
    since = max(s.on for s in steps)
    return Due("可按程序推荐为入党积极分子", since, next_step=3)
