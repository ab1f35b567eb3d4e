"""党员积分 and 民主评议党员 as data and pure rules: the default catalog, caps, grade bands, the 优秀 share cap,
the veto, and the commitment templates (docs/domain.md, "Member points (党员积分): default scheme" and
"民主评议党员"). No database here: the points service feeds these rules the sums it adds up in SQL.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from app.domain.enums import Labeled
from app.errors import ValidationError


class RuleCategory(Labeled):
    BASE = "base", "基础分"
    BONUS = "bonus", "加分"
    DEDUCTION = "deduction", "减分"
    VETO = "veto", "一票否决"


class Trigger(Labeled):
    """Where a rule's entries come from: typed in by hand, or derived from the records."""

    MANUAL = "manual", "手工录入"
    BASE = "base", "年初自动计入"
    ATTEND = "attend", "出席组织生活（自动）"
    ABSENT_UNEXCUSED = "absent_unexcused", "无故缺席（自动）"
    LECTURE_GIVEN = "lecture_given", "讲党课（自动）"
    COMMITMENT_KEPT = "commitment_kept", "承诺践诺（自动）"
    COMMITMENT_BROKEN = "commitment_broken", "承诺未践诺（自动）"

    @property
    def automatic(self) -> bool:
        return self is not Trigger.MANUAL


class Grade(Labeled):
    EXCELLENT = "excellent", "优秀"
    QUALIFIED = "qualified", "合格"
    BASICALLY_QUALIFIED = "basically_qualified", "基本合格"
    UNQUALIFIED = "unqualified", "不合格"


class CommitmentGroup(Labeled):
    POLITICAL = "political", "政治思想"
    TEACHING = "teaching", "教育教学"
    SERVICE = "service", "服务学生"
    INTEGRITY = "integrity", "廉洁自律"


class CommitmentRole(Labeled):
    TEACHER = "teacher", "教师"
    ADMINISTRATOR = "administrator", "管理人员"
    RETIRED = "retired", "退休党员"


class Fulfilment(Labeled):
    PENDING = "pending", "待评"
    KEPT = "kept", "已践诺"
    BROKEN = "broken", "未践诺"


# Meeting kinds whose attendance earns the attendance bonus (docs/domain.md: 党员大会 / 党小组会 / 党课 / 主题党日).
ATTEND_KINDS = ("general_assembly", "group_meeting", "party_lecture", "theme_day")
# Organizational life where an unexcused absence costs points: every kind with an attendance list.
ABSENCE_KINDS = ("general_assembly", "committee_meeting", "group_meeting", "party_lecture", "theme_day",
                 "life_meeting", "member_review")
LECTURE_KIND = "party_lecture"

# Who is scored and who is graded. docs/domain.md ("Member points"): "预备党员 and 积极分子 are scored but not
# graded". 发展对象 are 积极分子 further along the development steps (docs/domain.md "Members": 入党积极分子 →
# 发展对象 → 预备党员), not yet Party members either, so they are treated alike: scored, never graded. Only
# 正式党员 are graded; Party members (预备 and 正式) are the ones on the 民主测评表 and who may give a 党课.
# How the app applies all this: docs/points.md.
SCORED_CATEGORIES = ("activist", "candidate", "probationary", "full")
PARTY_CATEGORIES = ("probationary", "full")
GRADED_CATEGORIES = ("full",)


def is_graded(category: str, on_roster: bool = True) -> bool:
    """Whether someone scored in the year gets a grade: a 正式党员 still on the roster."""
    return category in GRADED_CATEGORIES and on_roster


def party_member_on(category: str, joined_on: dt.date | None, day: dt.date) -> bool:
    """Whether someone (of their current category) was a Party member on `day`: admitted by then. A Party
    member with no 入党日期 on record counts as one."""
    return category in PARTY_CATEGORIES and (joined_on is None or joined_on <= day)


def not_graded_note(category: str) -> str:
    """Why someone on the ranking gets no grade, as the ranking, the 公示 and the cards say it."""
    if category == "probationary":
        return "预备党员，参加评议不确定等次"
    if category in ("activist", "candidate"):
        label = "入党积极分子" if category == "activist" else "发展对象"
        return f"{label}，计积分不评定等次"
    return "不评定等次"


# ---- automatic entries from a meeting record ----------------------------------------------------------
# docs/domain.md ("Meetings…", Combined meetings): a record held as several kinds at once (合并召开: its main
# kind and `also_kinds`) "counts for each kind it covers". The attendance bonus ("+1 each" for 党员大会 /
# 党小组会 / 党课 / 主题党日) is therefore earned once per scored kind the record covers; an unexcused absence
# is one absence from one sitting, whatever it covers (one −2 per meeting); 讲党课 is earned when the record
# covers a 党课, as its main kind or as an also_kind. app/services/points_sql.py computes the same in SQL
# (its test runs both over every combination).

def covered_kinds(main: str, also: Iterable[str]) -> tuple[str, ...]:
    """Every kind a record counts for: its main kind, then its also_kinds, each once."""
    out = [main]
    for k in also:
        if k not in out:
            out.append(k)
    return tuple(out)


def attendance_kinds(main: str, also: Iterable[str]) -> tuple[str, ...]:
    """The attendance-bonus kinds a record covers, in ATTEND_KINDS order: one +1 entry each."""
    covered = set(covered_kinds(main, also))
    return tuple(k for k in ATTEND_KINDS if k in covered)


def counts_for_absence(main: str, also: Iterable[str]) -> bool:
    """Whether an unexcused absence from the record costs points (it is organizational life)."""
    return any(k in ABSENCE_KINDS for k in covered_kinds(main, also))


def covers_lecture(main: str, also: Iterable[str]) -> bool:
    """Whether the record's 主讲人 earns 讲党课: the record covers a 党课."""
    return LECTURE_KIND in covered_kinds(main, also)


def attended(status: str, party_member_that_day: bool) -> bool:
    """Attendance that earns the bonus: 出席; or 列席 for someone not yet a Party member that day (an 入党积极分子
    or 发展对象 cannot be 应到 at organizational life, they come as 列席). A Party member's 列席 is a visit to
    another body's meeting (e.g. branch members at a 支委会), not their own organizational life."""
    return status == "present" or (status == "observer" and not party_member_that_day)


def meeting_entries(main: str, also: Iterable[str], status: str, absence_reason: str | None, *,
                    party_member_that_day: bool = True) -> list[tuple[Trigger, str | None]]:
    """The automatic entries one attendance line of a record earns, as (trigger, kind): ATTEND once per
    covered attendance-bonus kind, or ABSENT_UNEXCUSED once for the meeting (kind None)."""
    extra = tuple(also)
    if attended(status, party_member_that_day):
        return [(Trigger.ATTEND, k) for k in attendance_kinds(main, extra)]
    if status == "absent" and absence_reason == "unexcused" and counts_for_absence(main, extra):
        return [(Trigger.ABSENT_UNEXCUSED, None)]
    return []


@dataclass(frozen=True)
class RuleSpec:
    """One catalog line. `points` is fixed, or the lowest of a range up to `points_max`; `cap` bounds the
    year's sum of the rule's entries (an absolute value: a bonus sum cannot pass +cap, a deduction −cap)."""

    code: str
    category: RuleCategory
    item: str
    points: int
    points_max: int | None = None
    cap: int | None = None
    awarded_by: str = "党支部"
    trigger: Trigger = Trigger.MANUAL

    def allowed(self, points: int) -> bool:
        """Whether a manual entry of `points` fits the rule (a counter-entry is checked against the original)."""
        if self.points_max is None:
            return points == self.points
        low, high = sorted((self.points, self.points_max))
        return low <= points <= high


def _r(code: str, category: RuleCategory, item: str, points: int, cap: int | None = None, *,
       points_max: int | None = None, trigger: Trigger = Trigger.MANUAL, by: str = "党支部") -> RuleSpec:
    return RuleSpec(code, category, item, points, points_max, cap, by, trigger)


B, P, D, V = RuleCategory.BASE, RuleCategory.BONUS, RuleCategory.DEDUCTION, RuleCategory.VETO

# The default scheme of docs/domain.md. 承诺践诺 +1 (cap 4) is this app's addition so that a kept commitment
# shows in the ledger; a school that does not want it sets it inactive.
DEFAULT_CATALOG: tuple[RuleSpec, ...] = (
    _r("base_political", B, "政治素质", 20, trigger=Trigger.BASE, by="系统"),
    _r("base_discipline", B, "纪律规矩", 20, trigger=Trigger.BASE, by="系统"),
    _r("base_conduct", B, "品德作风", 20, trigger=Trigger.BASE, by="系统"),
    _r("attend", P, "参加党员大会、党小组会、党课、主题党日", 1, 20, trigger=Trigger.ATTEND, by="系统"),
    _r("lecture", P, "讲党课", 3, 6, trigger=Trigger.LECTURE_GIVEN, by="系统"),
    _r("model_post", P, "党员示范岗、党员责任区", 5),
    _r("open_class", P, "公开课、示范课", 2, 6),
    _r("award", P, "获奖表彰（县+3、市+5、省+8、国家+10）", 3, 15, points_max=10, by="党总支/党委"),
    _r("article", P, "发表文章", 2, 6),
    _r("volunteer", P, "志愿服务", 1, 5),
    _r("urgent_task", P, "承担急难险重任务", 3, 9),
    _r("mentoring", P, "青蓝工程结对帮带青年教师", 3),
    _r("commitment_kept", P, "承诺事项按期践诺", 1, 4, trigger=Trigger.COMMITMENT_KEPT, by="系统"),
    _r("absent", D, "无故缺席组织生活", -2, trigger=Trigger.ABSENT_UNEXCUSED, by="系统"),
    _r("dues_late", D, "未按时交纳党费（每月）", -2),
    _r("commitment_broken", D, "承诺事项未践诺", -5, trigger=Trigger.COMMITMENT_BROKEN, by="系统"),
    _r("criticism", D, "通报批评", -10, by="党总支/党委"),
    _r("veto_ethics", V, "违反师德师风（体罚、有偿补课、收受家长礼品礼金等）", 0, by="党委"),
    _r("veto_discipline", V, "受到党纪处分", 0, by="党委"),
)


def validate_rule(rule: RuleSpec) -> list[str]:
    """Plain Chinese problems with one catalog line (empty when it is fine)."""
    errors = []
    name = rule.item.strip() or "（未命名）"
    if not rule.item.strip():
        errors.append("积分项目名称不能为空")
    if rule.category == RuleCategory.BONUS and (rule.points <= 0 or (rule.points_max or 1) <= 0):
        errors.append(f"加分项“{name}”的分值应为正数")
    if rule.category == RuleCategory.DEDUCTION and (rule.points >= 0 or (rule.points_max or -1) >= 0):
        errors.append(f"减分项“{name}”的分值应为负数")
    if rule.category == RuleCategory.BASE and rule.points <= 0:
        errors.append(f"基础分“{name}”应为正数")
    if rule.category == RuleCategory.VETO and (rule.points != 0 or rule.points_max):
        errors.append(f"一票否决项“{name}”不计分值，分值应为 0")
    if rule.cap is not None and rule.cap <= 0:
        errors.append(f"“{name}”的年度上限应为正数（不设上限请留空）")
    if rule.trigger == Trigger.BASE and rule.category != RuleCategory.BASE:
        errors.append(f"“{name}”：年初自动计入的只能是基础分")
    return errors


def capped(total: int, cap: int | None) -> int:
    """A rule's year sum bounded by its cap: bonuses at +cap, deductions at −cap; no cap, no bound."""
    if cap is None:
        return total
    return max(-cap, min(cap, total))


@dataclass(frozen=True)
class Bands:
    """Suggested grades from the total (≥ excellent_min 优秀, ≥ qualified_min 合格, ≥ basic_min 基本合格, else
    不合格), and the largest share of those graded that may keep 优秀, as a fraction."""

    excellent_min: int = 90
    qualified_min: int = 70
    basic_min: int = 60
    excellent_share_num: int = 1
    excellent_share_den: int = 3

    def problems(self) -> list[str]:
        out = []
        if not self.excellent_min > self.qualified_min > self.basic_min:
            out.append("等次分数线应为 优秀 > 合格 > 基本合格")
        if self.excellent_share_den <= 0 or not 0 <= self.excellent_share_num <= self.excellent_share_den:
            out.append("优秀比例应在 0 到 1 之间")
        return out

    def band(self, total: int) -> Grade:
        if total >= self.excellent_min:
            return Grade.EXCELLENT
        if total >= self.qualified_min:
            return Grade.QUALIFIED
        if total >= self.basic_min:
            return Grade.BASICALLY_QUALIFIED
        return Grade.UNQUALIFIED

    def excellent_quota(self, graded: int) -> int:
        return math.floor(graded * self.excellent_share_num / self.excellent_share_den)


DEFAULT_BANDS = Bands()


@dataclass(frozen=True)
class Scored:
    """One member's year: total (caps applied), whether they are graded (正式党员) and whether vetoed."""

    member_id: str
    total: int
    graded: bool = True
    vetoed: bool = False


def suggest_grades(scored: Iterable[Scored], bands: Bands = DEFAULT_BANDS) -> dict[str, Grade | None]:
    """Suggested grade per member; None for those scored but not graded (预备党员).

    A veto forces 不合格 whatever the points. 优秀 is kept by at most `excellent_quota(graded)` members, by
    rank; when members tied on points straddle the quota line none of the tied keep it (the cap is never
    exceeded, and equal points are never told apart by anything but the branch's own decision).
    """
    items = list(scored)
    out: dict[str, Grade | None] = {}
    graded = [s for s in items if s.graded]
    for s in items:
        if not s.graded:
            out[s.member_id] = None
        elif s.vetoed:
            out[s.member_id] = Grade.UNQUALIFIED
        else:
            out[s.member_id] = bands.band(s.total)
    quota = bands.excellent_quota(len(graded))
    hopefuls = sorted((s for s in graded if out[s.member_id] == Grade.EXCELLENT), key=lambda s: -s.total)
    if len(hopefuls) > quota:
        line = hopefuls[quota].total  # the best total that no longer fits
        for s in hopefuls:
            if s.total <= line:
                out[s.member_id] = Grade.QUALIFIED
    return out


def ranks(totals: Sequence[int]) -> list[int]:
    """Competition ranking (1, 2, 2, 4) of totals, highest first, in the order given."""
    order = sorted(totals, reverse=True)
    first: dict[int, int] = {}
    for i, t in enumerate(order):
        first.setdefault(t, i + 1)
    return [first[t] for t in totals]


def decision_problems(suggested: Grade | None, decided: Grade | None, reason: str, *, graded: bool,
                      vetoed: bool) -> list[str]:
    """The branch decides the final grade; a decision that differs from the suggestion needs a reason, a
    vetoed member stays 不合格 and a member not graded gets no grade."""
    if decided is None:
        return []
    if not graded:
        return ["预备党员、入党积极分子和发展对象只计积分，不确定等次"]
    if vetoed and decided != Grade.UNQUALIFIED:
        return ["该党员有一票否决事项，等次只能为不合格"]
    if decided != suggested and not reason.strip():
        return [f"评定等次（{decided.label}）与建议等次（{suggested.label if suggested else '无'}）不同，须填写理由"]
    return []


# ---- commitments -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class CommitmentTemplate:
    group: CommitmentGroup
    text: str
    deadline: tuple[int, int]  # (month, day) within the year


_T = CommitmentTemplate
G = CommitmentGroup
COMMITMENT_TEMPLATES: dict[CommitmentRole, tuple[CommitmentTemplate, ...]] = {
    CommitmentRole.TEACHER: (
        _T(G.POLITICAL, "按时参加三会一课和主题党日，完成全年不少于32学时的集中学习", (12, 31)),
        _T(G.TEACHING, "承担本学科教学任务，全年上一节校级以上公开课或示范课", (12, 20)),
        _T(G.SERVICE, "结对帮扶至少2名学习或生活困难学生，每学期家访不少于2次", (12, 20)),
        _T(G.INTEGRITY, "不参与有偿补课，不收受学生家长礼品礼金", (12, 31)),
    ),
    CommitmentRole.ADMINISTRATOR: (
        _T(G.POLITICAL, "带头学习党的创新理论，每学期在支部作一次学习交流发言", (12, 31)),
        _T(G.TEACHING, "深入课堂听课每学期不少于20节，指导青年教师成长", (12, 20)),
        _T(G.SERVICE, "落实首问负责，师生反映的问题一周内答复办理", (12, 31)),
        _T(G.INTEGRITY, "严格执行三重一大制度，不插手招标采购等事项", (12, 31)),
    ),
    CommitmentRole.RETIRED: (
        _T(G.POLITICAL, "坚持参加支部组织生活，按时交纳党费", (12, 31)),
        _T(G.TEACHING, "发挥余热，参与关心下一代工作或校史讲解一次以上", (11, 30)),
        _T(G.SERVICE, "参加社区或学校志愿服务活动不少于2次", (11, 30)),
        _T(G.INTEGRITY, "遵守党的纪律，不信谣不传谣", (12, 31)),
    ),
}


def template_items(role: CommitmentRole, year: int) -> list[tuple[CommitmentGroup, str, dt.date]]:
    """The role's template for a year: (group, text, deadline) in the group order."""
    return [(t.group, t.text, dt.date(year, *t.deadline)) for t in COMMITMENT_TEMPLATES[role]]


def check_entry_points(rule: RuleSpec, points: int | None) -> int:
    """The points a manual entry under `rule` carries: the fixed value, or a value inside the range."""
    if rule.trigger == Trigger.BASE:
        raise ValidationError(f"“{rule.item}”是年初自动计入的基础分，不能手工录入")
    if points is None:
        if rule.points_max is not None:
            raise ValidationError(f"“{rule.item}”的分值在 {rule.points}～{rule.points_max} 之间，请填写分值")
        return rule.points
    if not rule.allowed(points):
        span = f"{rule.points}～{rule.points_max}" if rule.points_max is not None else str(rule.points)
        raise ValidationError(f"“{rule.item}”的分值应为 {span}，不能是 {points}")
    return points
