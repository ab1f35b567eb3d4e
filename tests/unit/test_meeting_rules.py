"""Who is expected, who sits on the committee, who votes, quorum, posts, terms (app.domain.meeting_rules)."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain import compliance_rules as cr
from app.domain import meeting_rules as mr
from app.domain.enums import MeetingKind, Period

D = dt.date


def person(mid: str, category: str = "full", **kw) -> mr.PersonSpan:
    return mr.PersonSpan(mid, category, joined_on=kw.pop("joined_on", D(2000, 1, 1)),
                         full_on=kw.pop("full_on", D(2001, 1, 1) if category == "full" else None), **kw)


# ---- committee --------------------------------------------------------------------------------------

def test_committee_member_who_leaves_mid_year_is_expected_until_the_last_day_in_post() -> None:
    posts = [mr.PostSpan("sec", "secretary", D(2020, 1, 1)),
             mr.PostSpan("org", "organization_officer", D(2020, 1, 1), D(2025, 6, 30)),
             mr.PostSpan("pub", "publicity_officer", D(2025, 7, 1)),
             mr.PostSpan("lead", "group_leader", D(2020, 1, 1))]
    assert mr.committee_on(posts, D(2025, 6, 30)) == {"sec", "org"}
    assert mr.committee_on(posts, D(2025, 7, 1)) == {"sec", "pub"}  # 党小组组长 never sits on it
    roster = [person(m) for m in ("sec", "org", "pub", "lead", "x")]
    july = mr.expected_members("committee_meeting", roster, mr.committee_on(posts, D(2025, 7, 3)), D(2025, 7, 3))
    assert july == ["sec", "pub"]
    # the whole roster at a 党员大会
    assert mr.expected_members("general_assembly", roster, set(), D(2025, 7, 3)) == ["sec", "org", "pub", "lead", "x"]


def test_committee_member_who_left_the_roster_is_not_expected_after_leaving() -> None:
    gone = mr.PersonSpan("org", "full", "transferred_out", D(2025, 5, 1), D(2000, 1, 1), D(2001, 1, 1))
    committee = {"org"}
    assert mr.expected_members("committee_meeting", [gone], committee, D(2025, 4, 30)) == ["org"]
    assert mr.expected_members("committee_meeting", [gone], committee, D(2025, 5, 2)) == []


def test_branch_under_seven_full_members_has_no_committee_and_owes_no_committee_meeting() -> None:
    posts = [mr.PostSpan("a", "secretary"), mr.PostSpan("b", "organization_officer")]
    assert not mr.has_committee("branch", posts, 6, D(2025, 3, 1))
    assert "不足7名" in mr.no_committee_reason("branch", posts, 6, D(2025, 3, 1))
    assert mr.has_committee("branch", posts, 7, D(2025, 3, 1))
    assert not mr.has_committee("branch", [mr.PostSpan("a", "secretary")], 12, D(2025, 3, 1))  # 书记 only
    assert mr.has_committee("general_branch", posts, 0, D(2025, 3, 1))  # a 党总支's committee


def test_branch_that_grows_past_seven_in_june_owes_committee_meetings_from_june() -> None:
    people = [person(f"m{i}") for i in range(6)] + [person("new", full_on=D(2025, 6, 10))]
    posts = [mr.PostSpan("m0", "secretary"), mr.PostSpan("m1", "organization_officer"),
             mr.PostSpan("m2", "publicity_officer")]

    def has(org_id: str, day: dt.date) -> bool:
        return mr.has_committee("branch", posts, mr.full_count_on(people, day), day)

    branch = cr.OrgSpan("b", "一支部", "branch", "b")
    rules = [cr.Rule(MeetingKind.COMMITTEE_MEETING, Period.MONTH, applies_to=cr.COMMITTEE)]
    reqs = cr.evaluate(2025, [branch], rules, {}, D(2025, 12, 31), has_committee=has)
    owed = [r.window.index for r in reqs if r.required]
    assert owed == list(range(6, 13))  # June (7 正式党员 by the 15th) onwards
    assert all(r.status == cr.Status.NONE for r in reqs if r.window.index < 6)


# ---- who votes ----------------------------------------------------------------------------------------

def test_who_votes_on_a_day() -> None:
    day = D(2025, 6, 1)
    assert mr.has_vote(person("a"), day)
    assert not mr.has_vote(person("b", "probationary"), day)
    assert not mr.has_vote(person("c", full_on=D(2025, 6, 2)), day)  # 转正 the day after
    watched = person("d", probation_from=D(2025, 1, 1), probation_until=D(2025, 12, 31))
    assert not mr.has_vote(watched, day) and mr.has_vote(watched, D(2026, 1, 1))  # 留党察看
    assert mr.expected_on(watched.category, watched.status, None, watched.joined_on, day)  # still attends
    stopped = mr.PersonSpan("e", "full", "suspended", D(2025, 3, 1), D(2000, 1, 1), D(2001, 1, 1))  # 停止党籍
    assert mr.has_vote(stopped, D(2025, 2, 28)) and not mr.has_vote(stopped, day)


def test_party_years_count_from_full_membership() -> None:
    assert mr.party_years(D(2010, 7, 1), D(2025, 6, 30)) == 14
    assert mr.party_years(D(2010, 7, 1), D(2025, 7, 1)) == 15
    assert mr.party_years(None, D(2025, 7, 1)) is None


# ---- quorum and votes ----------------------------------------------------------------------------------

def count(**kw) -> mr.VoteCount:
    base = {"kind": "general_assembly", "vote": "motion", "voting_expected": 10, "voting_present": 6}
    return mr.VoteCount(**{**base, **kw})


def test_assembly_without_a_vote_is_not_flagged_for_quorum() -> None:
    assert mr.vote_problems(count(vote="", voting_present=3)) == []
    assert any("不足法定人数" in p for p in mr.vote_problems(count(voting_present=5)))  # exactly half
    assert any("不足法定人数" in p for p in mr.vote_problems(count(vote="", voting_present=5, votes_for=5)))


def test_motion_needs_more_than_half_of_those_expected() -> None:
    assert mr.vote_problems(count(votes_for=6, votes_against=0)) == []
    problems = mr.vote_problems(count(voting_present=8, votes_for=5, votes_against=3))
    assert any("未通过" in p for p in problems)  # 5 of 8 present, but not more than half of 10 expected


@pytest.mark.parametrize(("present", "ok"), [(8, False), (9, True)])
def test_election_needs_more_than_four_fifths_present(present: int, ok: bool) -> None:
    problems = mr.vote_problems(count(vote="election", voting_present=present, votes_for=present))
    assert (not any("五分之四" in p for p in problems)) is ok


def test_written_opinions_count_for_admission_votes_only() -> None:
    # 10 with a vote, 7 present, 5 in favour at the meeting, 1 written opinion in favour: 6 > 5 passes
    admission = count(vote="admission", voting_present=7, votes_for=5, votes_against=2, written_for=1)
    assert mr.vote_problems(admission) == []
    motion = count(voting_present=7, votes_for=5, votes_against=2, written_for=1)
    assert any("书面意见只在" in p for p in mr.vote_problems(motion))
    assert any("未通过" in p for p in mr.vote_problems(motion))
    too_many = count(vote="admission", voting_present=7, votes_for=5, votes_against=2, written_for=4)
    assert any("多于未到会" in p for p in mr.vote_problems(too_many))


def test_committee_quorum_is_on_the_committee() -> None:
    c = mr.VoteCount("committee_meeting", "", voting_expected=0, voting_present=0, committee_size=4,
                     committee_present=2)
    assert any("支委 4 人、到会 2 人" in p for p in mr.vote_problems(c))
    ok = mr.VoteCount("committee_meeting", "", 0, 0, committee_size=4, committee_present=3)
    assert mr.vote_problems(ok) == []


def test_first_release_records_with_votes_count_as_motions() -> None:
    assert mr.effective_vote("", 3) == "motion" and mr.effective_vote("", None) == ""
    assert mr.effective_vote("election", None) == "election"


# ---- posts -----------------------------------------------------------------------------------------------

def candidate(**kw) -> mr.PostCandidate:
    base = {"org_kind": "branch", "kind": "organization_officer", "holder_category": "full",
            "holder_full_on": D(2010, 1, 1), "day": D(2025, 3, 1), "other_committee_kinds": ("secretary",),
            "full_members": 9}
    return mr.PostCandidate(**{**base, **kw})


def test_post_warnings() -> None:
    assert mr.post_warnings(candidate()) == []
    assert any("预备党员" in w for w in mr.post_warnings(candidate(holder_category="probationary")))
    assert any("不满1年" in w for w in mr.post_warnings(
        candidate(kind="secretary", holder_full_on=D(2024, 6, 1), other_committee_kinds=())))
    assert mr.post_warnings(candidate(kind="secretary", holder_full_on=D(2024, 3, 1), other_committee_kinds=())) == []
    assert any("最多设1名副书记" in w for w in mr.post_warnings(
        candidate(kind="deputy_secretary", other_committee_kinds=("secretary", "deputy_secretary"))))
    assert any("不设支部委员会" in w for w in mr.post_warnings(candidate(full_members=6)))
    assert mr.post_warnings(candidate(kind="secretary", full_members=6, other_committee_kinds=())) == []
    eight = candidate(other_committee_kinds=("secretary",) + ("committee_member",) * 6)
    assert any("超过最多 7 人" in w for w in mr.post_warnings(eight))
    assert any("一般为 3–5 人" in w for w in mr.post_warnings(
        candidate(other_committee_kinds=("secretary",) + ("committee_member",) * 4)))
    assert mr.post_warnings(candidate(kind="group_leader", holder_category="probationary")) == []


def test_committee_size_warning() -> None:
    assert mr.committee_size_warning("branch", ["secretary", "organization_officer"], 6).startswith("正式党员6名")
    assert mr.committee_size_warning("branch", ["secretary"], 6) == ""
    assert "应为3–5人" in mr.committee_size_warning("branch", ["secretary", "organization_officer"], 9)
    assert mr.committee_size_warning("branch", ["secretary", "organization_officer", "publicity_officer"], 9) == ""


def test_default_terms() -> None:
    assert mr.default_term_years("party_committee") == 5
    assert mr.default_term_years("general_branch") == 3 and mr.default_term_years("branch") == 3


# ---- combined meetings and per-organization rules ---------------------------------------------------------

def test_combined_kinds() -> None:
    assert mr.parse_kinds("life_meeting，member_review,life_meeting") == ["life_meeting", "member_review"]
    assert mr.combined_problems("general_assembly", ["life_meeting"], "branch") == []
    assert mr.combined_problems("general_assembly", ["general_assembly"], "branch")
    assert mr.combined_problems("theme_day", ["group_meeting"], "branch")
    assert mr.combined_problems("talk", ["theme_day"], "branch")


def test_combined_record_at_a_quarters_end_counts_for_each_kind() -> None:
    branch = cr.OrgSpan("b", "一支部", "branch", "b")
    rules = [cr.Rule(MeetingKind.THEME_DAY, Period.MONTH), cr.Rule(MeetingKind.PARTY_LECTURE, Period.QUARTER)]
    # a 主题党日 on 31 March that includes the quarter's 党课: counted under both kinds in March
    counts = {("b", "theme_day", 3): 1, ("b", "party_lecture", 3): 1}
    reqs = cr.evaluate(2025, [branch], rules, counts, D(2025, 4, 1))
    q1 = next(r for r in reqs if r.kind == MeetingKind.PARTY_LECTURE and r.window.index == 1)
    march = next(r for r in reqs if r.kind == MeetingKind.THEME_DAY and r.window.index == 3)
    assert q1.status == march.status == cr.Status.GREEN


def test_organization_rule_with_a_start_date_overrides_the_school_rule_from_then_on() -> None:
    branch = cr.OrgSpan("b", "一支部", "branch", "b")
    other = cr.OrgSpan("c", "二支部", "branch", "c")
    rules = [cr.Rule(MeetingKind.PARTY_LECTURE, Period.QUARTER),
             cr.Rule(MeetingKind.PARTY_LECTURE, Period.MONTH, org_id="b", valid_from=D(2025, 7, 1))]
    reqs = cr.evaluate(2025, [branch, other], rules, {}, D(2026, 1, 1))
    mine = [(r.window.period, r.window.index) for r in reqs if r.org_id == "b"]
    assert mine == [(Period.QUARTER, 1), (Period.QUARTER, 2)] + [(Period.MONTH, m) for m in range(7, 13)]
    assert [r.window.index for r in reqs if r.org_id == "c"] == [1, 2, 3, 4]
    verdict = cr.explain(rules, branch, MeetingKind.PARTY_LECTURE, D(2025, 8, 1))
    assert verdict.required and "本组织规定（2025-07-01起）" in verdict.why
    off = [cr.Rule(MeetingKind.COMMITTEE_MEETING, Period.MONTH, applies_to=cr.COMMITTEE)]
    why = cr.explain(off, branch, MeetingKind.COMMITTEE_MEETING, D(2025, 8, 1), lambda _o, _d: False, "正式党员5名")
    assert not why.required and "正式党员5名" in why.why
    assert "党小组会只要求党小组" in cr.explain(off, branch, MeetingKind.GROUP_MEETING, D(2025, 8, 1)).why


def _full_by_the_letter(p: mr.PersonSpan, day: dt.date) -> bool:
    """The rule as docs/domain.md states it, written out plainly: the reference for the span form."""
    if p.category != "full":
        return False
    if p.joined_on is not None and p.joined_on > day:
        return False
    if p.status != "active" and (p.status_changed_on is None or p.status_changed_on <= day):
        return False
    return p.full_on is None or p.full_on <= day


def test_full_count_over_spans_agrees_with_the_rule_on_every_day() -> None:
    """FullCount (bisect over [first, until) spans, for the compliance grid) gives the same number as asking
    full_on_day of each person, for every combination of join, 转正 and leaving dates around the day."""
    import itertools

    days = [dt.date(2025, 3, d) for d in (1, 2, 3, 4)]
    dates = [None, *days]
    people = [mr.PersonSpan(f"p{i}", category, status, left, joined, full)
              for i, (category, status, left, joined, full) in enumerate(itertools.product(
                  ("full", "probationary", "activist"), ("active", "transferred_out", "suspended"),
                  dates, dates, dates))]
    count = mr.FullCount(people)
    for day in [dt.date(2025, 2, 28), *days, dt.date(2025, 3, 5)]:
        by_the_letter = [p for p in people if _full_by_the_letter(p, day)]
        assert [p for p in people if mr.full_on_day(p, day)] == by_the_letter, day
        assert count.on(day) == len(by_the_letter) == mr.full_count_on(people, day), day
    assert mr.FullCount(()).on(days[0]) == 0


def test_explain_says_which_rule_binds_and_why_for_every_kind_of_answer() -> None:
    """The rule editor's 适用规则 column (compliance.explain_rules) for each branch of cr.explain."""
    branch = cr.OrgSpan("b", "一支部", "branch", "b")
    group = cr.OrgSpan("g", "一组", "party_group", "b")
    general = cr.OrgSpan("z", "总支", "general_branch", "z")
    day = D(2025, 8, 1)
    lecture = cr.Rule(MeetingKind.PARTY_LECTURE, Period.QUARTER)
    committee = cr.Rule(MeetingKind.COMMITTEE_MEETING, Period.MONTH, applies_to=cr.COMMITTEE)
    group_rule = cr.Rule(MeetingKind.GROUP_MEETING, Period.MONTH, applies_to="party_group")
    rules = [lecture, committee, group_rule,
             cr.Rule(MeetingKind.THEME_DAY, Period.MONTH, valid_from=D(2025, 3, 1)),
             cr.Rule(MeetingKind.THEME_DAY, Period.MONTH, required_count=2, org_id="b", active=True),
             cr.Rule(MeetingKind.GENERAL_ASSEMBLY, Period.QUARTER, active=False)]

    def verdict(org: cr.OrgSpan, kind: MeetingKind, has=None, reason: str = "") -> tuple[bool, str]:
        found = cr.explain(rules, org, kind, day, has, reason)
        return found.required, found.why

    assert verdict(branch, MeetingKind.PARTY_LECTURE) == (True, "全校默认：每季度1次")
    assert verdict(general, MeetingKind.THEME_DAY) == (False, "没有适用于党总支的要求")
    assert verdict(branch, MeetingKind.THEME_DAY) == (True, "本组织规定：每月2次")
    assert verdict(cr.OrgSpan("c", "二支部", "branch", "c"), MeetingKind.THEME_DAY) == (
        True, "全校规定（2025-03-01起）：每月1次")
    assert verdict(branch, MeetingKind.GENERAL_ASSEMBLY) == (False, "全校默认：不要求")
    assert verdict(branch, MeetingKind.GROUP_MEETING) == (False, "党小组会只要求党小组召开")
    assert verdict(group, MeetingKind.GROUP_MEETING) == (True, "全校默认：每月1次")
    assert verdict(branch, MeetingKind.COMMITTEE_MEETING, lambda _o, _d: True) == (
        True, "全校默认：每月1次（设有委员会）")
    assert verdict(branch, MeetingKind.COMMITTEE_MEETING, lambda _o, _d: False) == (
        False, "全校默认：每月1次，但本组织未设委员会，不要求")
    assert verdict(branch, MeetingKind.COMMITTEE_MEETING, lambda o, d: o != "b" or d != day, "正式党员5名") == (
        False, "全校默认：每月1次，但正式党员5名，不要求")
    assert verdict(branch, MeetingKind.COMMITTEE_MEETING) == (True, "全校默认：每月1次")  # no facts: as written
