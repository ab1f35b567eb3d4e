"""党员积分 rules without a database: the default catalog, caps, bands, the 优秀 share cap, the veto."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain import points_rules as pr
from app.domain.points_rules import Bands, Grade, RuleCategory, Scored, Trigger
from app.errors import ValidationError


def test_default_catalog_is_the_documented_scheme() -> None:
    by_code = {r.code: r for r in pr.DEFAULT_CATALOG}
    base = [r for r in pr.DEFAULT_CATALOG if r.category == RuleCategory.BASE]
    assert [r.points for r in base] == [20, 20, 20] and {r.trigger for r in base} == {Trigger.BASE}
    assert [r.item for r in base] == ["政治素质", "纪律规矩", "品德作风"]
    assert (by_code["attend"].points, by_code["attend"].cap) == (1, 20)
    assert (by_code["lecture"].points, by_code["lecture"].cap) == (3, 6)
    assert (by_code["award"].points, by_code["award"].points_max, by_code["award"].cap) == (3, 10, 15)
    assert by_code["absent"].points == -2 and by_code["absent"].cap is None
    assert by_code["commitment_broken"].points == -5
    assert by_code["criticism"].points == -10
    assert {r.code for r in pr.DEFAULT_CATALOG if r.category == RuleCategory.VETO} == {"veto_ethics",
                                                                                       "veto_discipline"}
    assert all(pr.validate_rule(r) == [] for r in pr.DEFAULT_CATALOG)
    assert len(by_code) == len(pr.DEFAULT_CATALOG)


def test_caps_bound_bonus_and_deduction_sums_at_the_edge() -> None:
    assert pr.capped(19, 20) == 19
    assert pr.capped(20, 20) == 20
    assert pr.capped(21, 20) == 20
    assert pr.capped(-21, 20) == -20
    assert pr.capped(-40, None) == -40


def test_bands_at_their_edges() -> None:
    b = pr.DEFAULT_BANDS
    assert [b.band(t) for t in (90, 89, 70, 69, 60, 59)] == [
        Grade.EXCELLENT, Grade.QUALIFIED, Grade.QUALIFIED, Grade.BASICALLY_QUALIFIED,
        Grade.BASICALLY_QUALIFIED, Grade.UNQUALIFIED]
    assert Bands(95, 75, 65).band(94) == Grade.QUALIFIED
    assert Bands(70, 80, 60).problems() and Bands(excellent_share_num=2, excellent_share_den=1).problems()
    assert b.problems() == []


def test_excellent_capped_at_a_third_of_those_graded_rank_decides() -> None:
    scored = [Scored(f"m{i}", t) for i, t in enumerate((99, 95, 93, 91, 80, 75))]  # 6 graded → 2 may keep it
    out = pr.suggest_grades(scored)
    assert [out[f"m{i}"] for i in range(6)] == [Grade.EXCELLENT, Grade.EXCELLENT, Grade.QUALIFIED,
                                                Grade.QUALIFIED, Grade.QUALIFIED, Grade.QUALIFIED]
    # Exactly at the quota: all keep it. 9 graded, 3 excellent.
    nine = [Scored(f"n{i}", t) for i, t in enumerate((92, 91, 90, 80, 80, 80, 70, 70, 60))]
    assert sum(g == Grade.EXCELLENT for g in pr.suggest_grades(nine).values()) == 3


def test_ties_straddling_the_quota_line_all_lose_excellent() -> None:
    scored = [Scored("a", 96), Scored("b", 92), Scored("c", 92), *(Scored(f"x{i}", 75) for i in range(3))]
    out = pr.suggest_grades(scored)  # quota 2: a keeps it; b and c are tied for the second place
    assert out["a"] == Grade.EXCELLENT
    assert out["b"] == out["c"] == Grade.QUALIFIED


def test_probationary_scored_not_graded_and_not_counted_for_the_quota() -> None:
    scored = [Scored("p", 99, graded=False), Scored("a", 95), Scored("b", 80), Scored("c", 80)]
    out = pr.suggest_grades(scored)
    assert out["p"] is None
    assert out["a"] == Grade.EXCELLENT  # 3 graded → quota 1


def test_veto_forces_unqualified_whatever_the_points() -> None:
    out = pr.suggest_grades([Scored("v", 120, vetoed=True), *(Scored(f"q{i}", 75) for i in range(5))])
    assert out["v"] == Grade.UNQUALIFIED


def test_veto_and_quota_together() -> None:
    out = pr.suggest_grades([Scored("v", 120, vetoed=True), Scored("a", 95), Scored("b", 91)])
    assert out == {"v": Grade.UNQUALIFIED, "a": Grade.EXCELLENT, "b": Grade.QUALIFIED}


def test_ranks_are_competition_ranks() -> None:
    assert pr.ranks([80, 95, 80, 60]) == [2, 1, 2, 4]


def test_decision_needs_a_reason_when_it_differs() -> None:
    assert pr.decision_problems(Grade.QUALIFIED, Grade.QUALIFIED, "", graded=True, vetoed=False) == []
    assert pr.decision_problems(Grade.QUALIFIED, Grade.EXCELLENT, " ", graded=True, vetoed=False)
    assert pr.decision_problems(Grade.QUALIFIED, Grade.EXCELLENT, "支部大会表决", graded=True, vetoed=False) == []
    assert pr.decision_problems(Grade.UNQUALIFIED, Grade.QUALIFIED, "理由", graded=True, vetoed=True)
    assert pr.decision_problems(None, Grade.QUALIFIED, "理由", graded=False, vetoed=False)


def test_entry_points_fixed_or_in_range() -> None:
    by_code = {r.code: r for r in pr.DEFAULT_CATALOG}
    assert pr.check_entry_points(by_code["volunteer"], None) == 1
    assert pr.check_entry_points(by_code["award"], 10) == 10
    assert pr.check_entry_points(by_code["award"], 3) == 3
    for bad in (2, 11):
        with pytest.raises(ValidationError):
            pr.check_entry_points(by_code["award"], bad)
    with pytest.raises(ValidationError):
        pr.check_entry_points(by_code["award"], None)
    with pytest.raises(ValidationError):
        pr.check_entry_points(by_code["volunteer"], 2)
    with pytest.raises(ValidationError):
        pr.check_entry_points(by_code["base_political"], None)


def test_validate_rule_catches_wrong_signs() -> None:
    assert pr.validate_rule(pr.RuleSpec("x", RuleCategory.BONUS, "加分", -1))
    assert pr.validate_rule(pr.RuleSpec("x", RuleCategory.DEDUCTION, "减分", 2))
    assert pr.validate_rule(pr.RuleSpec("x", RuleCategory.VETO, "否决", 5))
    assert pr.validate_rule(pr.RuleSpec("x", RuleCategory.BONUS, "", 1))
    assert pr.validate_rule(pr.RuleSpec("x", RuleCategory.BONUS, "加分", 1, cap=0))


def test_templates_cover_every_group_for_every_role() -> None:
    for role in pr.CommitmentRole:
        items = pr.template_items(role, 2025)
        assert {g for g, _t, _d in items} == set(pr.CommitmentGroup)
        assert all(d.year == 2025 and d <= dt.date(2025, 12, 31) for _g, _t, d in items)


# ---- combined meetings (合并召开) and who is graded --------------------------------------------------------

def test_a_combined_record_earns_one_attendance_entry_per_scored_kind_it_covers() -> None:
    attend, absent = pr.Trigger.ATTEND, pr.Trigger.ABSENT_UNEXCUSED
    # a 组织生活会 held as a 支部党员大会: the 党员大会 earns the point the 组织生活会 alone does not
    assert pr.meeting_entries("life_meeting", ["general_assembly"], "present", None) == [(attend, "general_assembly")]
    assert pr.meeting_entries("life_meeting", [], "present", None) == []
    # a 主题党日 that includes a 党课: two entries, in ATTEND_KINDS order
    assert pr.meeting_entries("theme_day", ["party_lecture"], "present", None) == [
        (attend, "party_lecture"), (attend, "theme_day")]
    assert pr.meeting_entries("theme_day", [], "present", None) == [(attend, "theme_day")]
    # the main kind repeated in also_kinds, or a kind that earns nothing, adds nothing
    assert pr.attendance_kinds("theme_day", ["theme_day", "member_review"]) == ("theme_day",)
    # one sitting missed is one absence, whatever it covers
    assert pr.meeting_entries("theme_day", ["party_lecture", "general_assembly"], "absent", "unexcused") == [
        (absent, None)]
    assert pr.meeting_entries("life_meeting", ["general_assembly"], "absent", "sick_leave") == []
    assert pr.meeting_entries("committee_meeting", [], "absent", "unexcused") == [(absent, None)]
    assert pr.meeting_entries("talk", [], "absent", "unexcused") == []


def test_lecture_given_also_when_the_lecture_is_an_also_kind() -> None:
    assert pr.covers_lecture("party_lecture", [])
    assert pr.covers_lecture("theme_day", ["party_lecture"])
    assert not pr.covers_lecture("theme_day", ["general_assembly"])


def test_observer_counts_for_those_not_yet_party_members_that_day() -> None:
    day = dt.date(2025, 3, 5)
    assert pr.attended("present", True) and not pr.attended("absent", False)
    assert pr.attended("observer", False) and not pr.attended("observer", True)
    assert not pr.party_member_on("activist", None, day) and not pr.party_member_on("candidate", None, day)
    assert pr.party_member_on("full", dt.date(2000, 1, 1), day) and pr.party_member_on("full", None, day)
    assert not pr.party_member_on("probationary", dt.date(2025, 6, 1), day)  # admitted after the meeting
    assert pr.meeting_entries("general_assembly", [], "observer", None, party_member_that_day=False) == [
        (pr.Trigger.ATTEND, "general_assembly")]
    assert pr.meeting_entries("general_assembly", [], "observer", None) == []


def test_activists_and_candidates_are_scored_not_graded() -> None:
    assert set(pr.SCORED_CATEGORIES) == {"activist", "candidate", "probationary", "full"}  # not applicants
    assert [c for c in pr.SCORED_CATEGORIES if pr.is_graded(c)] == ["full"]
    assert not pr.is_graded("full", on_roster=False)
    assert pr.not_graded_note("activist") == "入党积极分子，计积分不评定等次"
    assert pr.not_graded_note("candidate") == "发展对象，计积分不评定等次"
    assert pr.not_graded_note("probationary") == "预备党员，参加评议不确定等次"
    # Not graded means outside the 优秀 share: 6 graded → 2 keep it, however many activists score higher.
    scored = [Scored(f"f{i}", t) for i, t in enumerate((95, 94, 93, 70, 70, 70))]
    scored += [Scored(f"a{i}", 99, graded=pr.is_graded("activist")) for i in range(3)]
    out = pr.suggest_grades(scored)
    assert [out[f"f{i}"] for i in range(3)] == [Grade.EXCELLENT, Grade.EXCELLENT, Grade.QUALIFIED]
    assert {out[f"a{i}"] for i in range(3)} == {None}
    assert pr.decision_problems(None, Grade.EXCELLENT, "理由", graded=False, vetoed=False)
