"""Who is expected at a meeting, who sits on the committee, who votes, and when a vote or election counts.

The one place for these rules (docs/domain.md, "Who is expected, and quorum", "Members", "Organizations"):
the meeting service, the compliance service, 首页 and `check` all call these functions. Pure Python.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from app.domain.enums import MeetingKind, MemberCategory, MemberStatus, OrgKind, PostKind, VoteKind

# A 支部委员会 with 7 or more 正式党员; below that, a 书记 (and a deputy) only (docs/domain.md "Organizations").
COMMITTEE_FROM_FULL = 7
COMMITTEE_MIN, COMMITTEE_USUAL_MAX, COMMITTEE_MAX = 3, 5, 7
SECRETARY_YEARS_FULL = 1
LEADERS = (PostKind.SECRETARY.value, PostKind.DEPUTY_SECRETARY.value)
# Posts that sit on the committee: every post except 党小组组长.
COMMITTEE_POSTS = frozenset(k.value for k in PostKind if k != PostKind.GROUP_LEADER)


@dataclass(frozen=True)
class PostSpan:
    """One post held in one organization, as the rules see it."""

    member_id: str | None
    kind: str
    term_start: dt.date | None = None
    term_end: dt.date | None = None  # inclusive: the last day in post

    def held_on(self, day: dt.date) -> bool:
        return (self.term_start is None or self.term_start <= day) and (self.term_end is None or day <= self.term_end)


def committee_posts_on(posts: Iterable[PostSpan], day: dt.date) -> list[PostSpan]:
    """The committee posts held on `day` (党小组组长 is not a committee post), holder on the roster or not."""
    return [p for p in posts if p.kind in COMMITTEE_POSTS and p.held_on(day)]


def committee_on(posts: Iterable[PostSpan], day: dt.date) -> set[str]:
    """Member ids of those holding a committee post on `day`: the 应到 of a 支委会 and its quorum."""
    return {p.member_id for p in committee_posts_on(posts, day) if p.member_id}


@dataclass(frozen=True)
class PersonSpan:
    """A person on an organization's roster with the dates that decide whether they count on a day."""

    member_id: str
    category: str
    status: str = MemberStatus.ACTIVE.value
    status_changed_on: dt.date | None = None  # the day they left (转出/停止党籍/…)
    joined_on: dt.date | None = None  # 入党日期 (admitted as 预备党员)
    full_on: dt.date | None = None  # 转正日期
    probation_from: dt.date | None = None  # 留党察看 from
    probation_until: dt.date | None = None  # 留党察看 until (inclusive)


Span = tuple[dt.date | None, dt.date | None]  # [first, until): None on either side is open-ended
_PARTY = (MemberCategory.PROBATIONARY.value, MemberCategory.FULL.value)
_FULL = MemberCategory.FULL.value
_ACTIVE = MemberStatus.ACTIVE.value


def roster_span(category: str, status: str, status_changed_on: dt.date | None,
                joined_on: dt.date | None) -> Span | None:
    """The days a person counts on an organization's roster as a Party member (预备/正式), or None for never:
    from the day they joined (入党); those who left (转出, 停止党籍 …) until the day they left, and not at all
    when no day of leaving is recorded."""
    if category not in _PARTY:
        return None
    if status == _ACTIVE:
        return joined_on, None
    if status_changed_on is None or (joined_on is not None and joined_on >= status_changed_on):
        return None
    return joined_on, status_changed_on


def in_span(span: Span | None, day: dt.date) -> bool:
    return span is not None and (span[0] is None or span[0] <= day) and (span[1] is None or day < span[1])


def expected_on(category: str, status: str, status_changed_on: dt.date | None, joined_on: dt.date | None,
                held_on: dt.date) -> bool:
    """Whether a person on an organization's roster is expected (应到) at a meeting on `held_on`.

    Party members only (预备/正式); not before they joined; those who left (转出, 停止党籍 …) count until the
    day they left.
    """
    return in_span(roster_span(category, status, status_changed_on, joined_on), held_on)


def full_span(person: PersonSpan) -> Span | None:
    """The days a person is a 正式党员 on the roster (`roster_span` from the day of 转正), or None for never:
    what `full_on_day` and `FullCount` both read."""
    if person.category != _FULL:
        return None
    span = roster_span(person.category, person.status, person.status_changed_on, person.joined_on)
    if span is None:
        return None
    first, until = span
    if person.full_on is not None and (first is None or person.full_on > first):
        first = person.full_on
    if first is not None and until is not None and first >= until:
        return None
    return first, until


def full_on_day(person: PersonSpan, day: dt.date) -> bool:
    """A 正式党员 on `day`: on the roster, and full membership (转正) reached by then."""
    return in_span(full_span(person), day)


class FullCount:
    """How many of a roster are 正式党员 on a day, for many days: `full_count_on` in O(log n) a day (the
    compliance grid asks it for every organization and month; docs/benchmark.md)."""

    def __init__(self, people: Iterable[PersonSpan]) -> None:
        spans = [s for s in map(full_span, people) if s is not None]
        self._firsts = sorted(first or dt.date.min for first, _until in spans)
        self._untils = sorted(until for _first, until in spans if until is not None)

    def on(self, day: dt.date) -> int:
        return bisect_right(self._firsts, day) - bisect_right(self._untils, day)


def under_party_probation(person: PersonSpan, day: dt.date) -> bool:
    """留党察看 on `day` (the period's first and last day included)."""
    if person.probation_from is None or day < person.probation_from:
        return False
    return person.probation_until is None or day <= person.probation_until


def has_vote(person: PersonSpan, day: dt.date) -> bool:
    """表决权 on `day`: a 正式党员, not under 留党察看, not 停止党籍 (党章 art. 7; docs/domain.md "Members")."""
    return full_on_day(person, day) and not under_party_probation(person, day)


def full_count_on(people: Iterable[PersonSpan], day: dt.date) -> int:
    return sum(1 for p in people if full_on_day(p, day))


def has_committee(org_kind: str, posts: Iterable[PostSpan], full_members: int, day: dt.date) -> bool:
    """Whether the organization has a 委员会 on `day`: a 委员 post (other than 书记/副书记) is held, and for a
    branch at least 7 正式党员 (below 7 a branch has a secretary only)."""
    officers = [p for p in posts if p.member_id and p.kind in COMMITTEE_POSTS and p.kind not in LEADERS
                and p.held_on(day)]
    if not officers:
        return False
    if org_kind in (OrgKind.BRANCH.value, OrgKind.JOINT_BRANCH.value):
        return full_members >= COMMITTEE_FROM_FULL
    return org_kind != OrgKind.PARTY_GROUP.value


def no_committee_reason(org_kind: str, posts: Iterable[PostSpan], full_members: int, day: dt.date) -> str:
    """Why an organization has no committee on `day`, in Chinese ("" when it has one)."""
    posts = list(posts)
    if has_committee(org_kind, posts, full_members, day):
        return ""
    if org_kind in (OrgKind.BRANCH.value, OrgKind.JOINT_BRANCH.value) and full_members < COMMITTEE_FROM_FULL:
        return f"正式党员{full_members}名，不足{COMMITTEE_FROM_FULL}名，只设书记、不设支部委员会"
    return "未设支委（没有在任的委员职务）"


# Which organization kinds may hold which meeting kinds.
BRANCH_LIKE = {OrgKind.BRANCH.value, OrgKind.JOINT_BRANCH.value, OrgKind.GENERAL_BRANCH.value,
               OrgKind.PARTY_COMMITTEE.value}


def kind_allowed(meeting_kind: str, org_kind: str) -> bool:
    """党小组会 only in a 党小组; a 党小组 holds nothing else (its members attend the branch's meetings)."""
    if org_kind == OrgKind.PARTY_GROUP.value:
        return meeting_kind == MeetingKind.GROUP_MEETING.value
    return meeting_kind != MeetingKind.GROUP_MEETING.value and org_kind in BRANCH_LIKE


# ---- expected attendees ----------------------------------------------------------------------------

def expected_members(kind: str, roster: Iterable[PersonSpan], committee: set[str], day: dt.date) -> list[str]:
    """Member ids expected (应到) at a meeting of `kind` on `day`, in roster order.

    `roster` is the organization's people (the group's for a 党小组会); for a 支部委员会会议 only those in
    `committee` (holding a committee post that day) are expected, everyone else present is 列席.
    """
    people = [p for p in roster if expected_on(p.category, p.status, p.status_changed_on, p.joined_on, day)]
    if kind == MeetingKind.COMMITTEE_MEETING.value:
        return [p.member_id for p in people if p.member_id in committee]
    return [p.member_id for p in people]


# ---- quorum and votes --------------------------------------------------------------------------------

def more_than_half(part: int, whole: int) -> bool:
    """Exactly half is NOT more than half."""
    return part * 2 > whole


def assembly_quorum(voting_expected: int, voting_present: int) -> bool:
    """A vote: more than half of those with a vote present."""
    return voting_expected > 0 and more_than_half(voting_present, voting_expected)


def motion_passes(votes_for: int, voting_expected: int) -> bool:
    """A motion passes only when those in favour exceed half of those EXPECTED with a vote."""
    return voting_expected > 0 and more_than_half(votes_for, voting_expected)


def committee_quorum(committee_size: int, committee_present: int) -> bool:
    """A 支委会 can proceed only with more than half of the committee present."""
    return committee_size > 0 and more_than_half(committee_present, committee_size)


def election_quorum(voting_expected: int, voting_present: int) -> bool:
    """An election needs more than 4/5 of those entitled present."""
    return voting_expected > 0 and voting_present * 5 > voting_expected * 4


@dataclass(frozen=True)
class VoteCount:
    """What a record says about one vote, with the counts the rules need."""

    kind: str  # a MeetingKind value
    vote: str  # a VoteKind value ("" = the meeting did not vote or decide)
    voting_expected: int  # those with a vote expected (excused members left out)
    voting_present: int
    committee_size: int = 0
    committee_present: int = 0
    votes_for: int | None = None
    votes_against: int | None = None
    votes_abstain: int | None = None
    written_for: int = 0  # written opinions of absent members with a vote (admission votes)
    written_against: int = 0


def effective_vote(vote: str, votes_for: int | None) -> str:
    """A record from the first release has no vote kind: recorded votes mean it voted on a motion."""
    if vote:
        return vote
    return VoteKind.MOTION.value if votes_for is not None else ""


def vote_problems(c: VoteCount) -> list[str]:
    """Plain Chinese problems of a record's attendance and vote (it is still saved: paper matches reality)."""
    out: list[str] = []
    vote = effective_vote(c.vote, c.votes_for)
    if c.kind == MeetingKind.COMMITTEE_MEETING.value:
        if c.committee_size and not committee_quorum(c.committee_size, c.committee_present):
            out.append(f"支委 {c.committee_size} 人、到会 {c.committee_present} 人，未超过半数，"
                       "支委会不能作出决定。")
        if vote and c.votes_for is not None and c.committee_size \
                and not motion_passes(c.votes_for, c.committee_size):
            out.append(f"赞成 {c.votes_for} 票，未超过支委 {c.committee_size} 人的半数，决定未通过。")
        return out
    if not vote:
        return out
    absent_voters = max(c.voting_expected - c.voting_present, 0)
    if vote == VoteKind.ELECTION.value:
        if not election_quorum(c.voting_expected, c.voting_present):
            out.append(f"有选举权的应到 {c.voting_expected} 人、实到 {c.voting_present} 人，未超过五分之四，"
                       "选举无效。")
    elif not assembly_quorum(c.voting_expected, c.voting_present):
        out.append(f"有表决权的应到 {c.voting_expected} 人、实到 {c.voting_present} 人，未超过半数，"
                   "会议不足法定人数，不能表决。")
    written_for = c.written_for if vote == VoteKind.ADMISSION.value else 0
    if c.written_for or c.written_against:
        if vote != VoteKind.ADMISSION.value:
            out.append("书面意见只在讨论接收预备党员（发展党员）时计入，本次表决不计。")
        elif c.written_for + c.written_against > absent_voters:
            out.append(f"书面意见 {c.written_for + c.written_against} 份，多于未到会的有表决权党员 "
                       f"{absent_voters} 人。")
    cast = sum(v or 0 for v in (c.votes_for, c.votes_against, c.votes_abstain))
    if c.votes_for is not None and cast > c.voting_present:
        out.append(f"表决票数合计 {cast} 超过有表决权的实到人数 {c.voting_present}。")
    if vote != VoteKind.ELECTION.value and c.votes_for is not None \
            and not motion_passes(c.votes_for + written_for, c.voting_expected):
        counted = f"赞成 {c.votes_for} 票" + (f"（含书面意见 {written_for} 份共 {c.votes_for + written_for}）"
                                              if written_for else "")
        out.append(f"{counted}，未超过有表决权应到人数 {c.voting_expected} 人的半数，决议未通过。")
    return out


# ---- posts ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PostCandidate:
    """A post about to be entered, with what the rules need to know about its holder and organization."""

    org_kind: str
    kind: str
    holder_category: str | None  # None: the holder is not on the roster
    holder_full_on: dt.date | None
    day: dt.date  # the term's start (or today)
    other_committee_kinds: tuple[str, ...]  # committee posts already held in the organization that day
    full_members: int  # 正式党员 of the organization that day


def post_warnings(c: PostCandidate) -> list[str]:
    """Chinese warnings for a post (docs/domain.md "Organizations"); the user may save with a reason."""
    out: list[str] = []
    if c.kind not in COMMITTEE_POSTS:
        return out
    if c.holder_category == MemberCategory.PROBATIONARY.value:
        out.append("预备党员没有选举权和被选举权，不能担任支部委员会委员。")
    elif c.holder_category is not None and c.holder_category != MemberCategory.FULL.value:
        out.append("任职人员不是正式党员，不能担任委员。")
    if c.kind == PostKind.SECRETARY.value and c.holder_category == MemberCategory.FULL.value:
        if c.holder_full_on is None:
            out.append("书记一般应有1年以上党龄，未填写该党员的转正日期，请核实。")
        elif _years_between(c.holder_full_on, c.day) < SECRETARY_YEARS_FULL:
            out.append(f"书记一般应有1年以上党龄，该党员{c.holder_full_on:%Y-%m-%d}转正，任职时不满1年。")
    if c.kind == PostKind.DEPUTY_SECRETARY.value and PostKind.DEPUTY_SECRETARY.value in c.other_committee_kinds:
        out.append("已有在任副书记，支部委员会最多设1名副书记。")
    size = len(c.other_committee_kinds) + 1
    is_branch = c.org_kind in (OrgKind.BRANCH.value, OrgKind.JOINT_BRANCH.value)
    if is_branch and c.full_members < COMMITTEE_FROM_FULL and c.kind not in LEADERS:
        out.append(f"本支部正式党员{c.full_members}名，不足{COMMITTEE_FROM_FULL}名，不设支部委员会，"
                   "只设书记（必要时设副书记）。")
    elif size > COMMITTEE_MAX:
        out.append(f"委员会将有 {size} 名委员，超过最多 {COMMITTEE_MAX} 人。")
    elif size > COMMITTEE_USUAL_MAX:
        out.append(f"委员会将有 {size} 名委员，一般为 {COMMITTEE_MIN}–{COMMITTEE_USUAL_MAX} 人。")
    return out


def committee_size_warning(org_kind: str, committee_kinds: Iterable[str], full_members: int) -> str:
    """The committee as a whole: 3–5 members (not more than 7); "" when it is fine or there is none."""
    kinds = [k for k in committee_kinds if k in COMMITTEE_POSTS]
    is_branch = org_kind in (OrgKind.BRANCH.value, OrgKind.JOINT_BRANCH.value)
    officers = [k for k in kinds if k not in LEADERS]
    if is_branch and full_members < COMMITTEE_FROM_FULL:
        return (f"正式党员{full_members}名，不足{COMMITTEE_FROM_FULL}名，不应设支部委员会（现有委员{len(officers)}名）"
                if officers else "")
    if not officers:
        return ""
    if kinds.count(PostKind.DEPUTY_SECRETARY.value) > 1:
        return f"设副书记{kinds.count(PostKind.DEPUTY_SECRETARY.value)}名，最多1名"
    if len(kinds) < COMMITTEE_MIN:
        return f"委员会只有{len(kinds)}名委员，应为{COMMITTEE_MIN}–{COMMITTEE_USUAL_MAX}人"
    if len(kinds) > COMMITTEE_MAX:
        return f"委员会有{len(kinds)}名委员，超过最多{COMMITTEE_MAX}人"
    return ""


def _years_between(start: dt.date, end: dt.date) -> int:
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return years


def party_years(full_on: dt.date | None, today: dt.date) -> int | None:
    """党龄 in whole years, counted from the day of full membership (转正), not from joining (党章 art. 7)."""
    if full_on is None or full_on > today:
        return None
    return _years_between(full_on, today)


# ---- default terms -------------------------------------------------------------------------------------

DEFAULT_TERM_YEARS = {OrgKind.PARTY_COMMITTEE.value: 5, OrgKind.GENERAL_BRANCH.value: 3,
                      OrgKind.BRANCH.value: 3, OrgKind.JOINT_BRANCH.value: 3, OrgKind.PARTY_GROUP.value: 3}


def default_term_years(org_kind: str) -> int:
    """基层党委 5 years, 党总支 and 党支部 3 years (《关于党的基层组织任期的意见》; editable per organization)."""
    return DEFAULT_TERM_YEARS.get(org_kind, 3)


# ---- combined meetings -----------------------------------------------------------------------------------

def parse_kinds(text: str | None) -> list[str]:
    """The extra kinds a combined record counts for, stored as comma-separated identifiers."""
    out: list[str] = []
    for part in (text or "").replace("，", ",").split(","):
        part = part.strip()
        if part and part not in out:
            out.append(part)
    return out


def combined_problems(main: str, extra: Iterable[str], org_kind: str) -> list[str]:
    """Which extra kinds one record may not count for (合并召开)."""
    out = []
    for k in extra:
        try:
            label = MeetingKind(k).label
        except ValueError:
            out.append(f"未知的会议类型“{k}”")
            continue
        if k == main:
            out.append(f"合并召开的类型“{label}”与会议类型相同")
        elif k == MeetingKind.TALK.value or main == MeetingKind.TALK.value:
            out.append("谈心谈话不能与其他会议合并记录")
        elif not kind_allowed(k, org_kind):
            out.append(f"{OrgKind(org_kind).label}不能召开{label}")
    return out


def combined_kinds(main: str, text: str | None) -> list[MeetingKind]:
    """The other kinds a stored record counts for (unknown identifiers and its own kind left out)."""
    return [MeetingKind(k) for k in parse_kinds(text) if k in MeetingKind._value2member_map_ and k != main]


def combined_note(main: str, text: str | None) -> str:
    """（合并召开，同时计为党课、…） for lists and ledgers; "" for a record of one kind."""
    extra = combined_kinds(main, text)
    return f"（合并召开，同时计为{'、'.join(k.label for k in extra)}）" if extra else ""
