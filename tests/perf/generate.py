"""County-scale store for the benchmark: 12 schools, 60 organizations, 3,000 people, 10 years of 三会一课.

    python -m tests.perf.generate [--seed N] [--force]      # builds (or reuses) the cached store, prints counts

Reproducible from the seed (the same seed gives the same rows, ids included). The schema comes from Alembic
(app.store.migrate.upgrade); rows go in through the bulk path (Core insert() with lists of dicts, one
transaction), with the derived columns the services keep filled too: name_pinyin / name_initials from
app.domain.search_keys.pinyin_keys, expected_count / present_count on every meeting. The result is cached as
.bench-cache/county-<seed>-v<GENERATOR_VERSION>-<schema head>.sqlite beside a .json summary; bump
GENERATOR_VERSION when the data changes shape. Later issues extend build() (points, clean-school lists).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import insert

from app.domain import idcard
from app.domain.enums import (
    AbsenceReason,
    AttendanceStatus,
    Gender,
    MeetingKind,
    MemberCategory,
    MemberStatus,
    OrgKind,
    PostKind,
)
from app.domain.search_keys import pinyin_keys

ROOT = Path(__file__).resolve().parents[2]
CACHE_DIR = ROOT / ".bench-cache"
GENERATOR_VERSION = 5  # 3: compliance rules seeded, as the app seeds them on first use; 5: a year of points
DEFAULT_SEED = 20241101
END_YEAR = 2025  # fixed, not "this year": the cached store must not depend on the day it was built
YEARS = 10

# Surnames weighted roughly by frequency; given-name characters with rare ones that fonts miss.
SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
            "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
GIVEN = ("建国秀英志强丽娟海燕文博静怡国栋红梅晓东春花振华玉兰明轩桂芳立新雪梅德胜慧敏永刚子涵欣怡浩然思远雅琴"
         "俊杰淑珍学军凤英宏伟晓燕卫东丽萍佳琪宇航梓萱一诺雨桐晨阳嘉怡婷婷伟刚敏军平勇杰磊涛斌超鹏飞华芳燕霞")
RARE = "珺玥昇堃喆琇镕䶮婳頔彧赟旻祎翀淏"
REGIONS = ("610330", "610331", "610322", "610329", "610326", "610327")
SUBJECTS = ("语文", "数学", "英语", "物理", "化学", "道德与法治", "历史", "地理", "生物", "音乐", "体育", "美术",
            "信息技术")
PLACES = ("党员活动室", "会议室", "学校报告厅", "多功能教室", "校史馆")
THEMES = ("学习贯彻党的二十大精神", "重温入党誓词", "师德师风专题学习", "清廉学校建设", "党员示范岗承诺践诺",
          "学习新修订的条例", "红色教育基地参观", "志愿服务进社区", "主题教育专题研讨")
FIRST_TOPIC = "第一议题：学习习近平总书记关于教育的重要论述"

# the four ordinary 缺席原因 (the two that excuse from 应到 at a 党员大会 are not random absences)
LEAVE_REASONS = [AbsenceReason.SICK_LEAVE, AbsenceReason.PERSONAL_LEAVE, AbsenceReason.OFFICIAL_LEAVE,
                 AbsenceReason.UNEXCUSED]


@dataclass
class Org:
    id: str
    school_id: str
    kind: OrgKind
    name: str
    parent_id: str | None
    retired: bool = False
    members: list[Person] = field(default_factory=list)
    groups: list[Org] = field(default_factory=list)


@dataclass
class Person:
    id: str
    name: str
    category: MemberCategory
    since: dt.date  # from when the person attends (joined the Party or moved into the branch)
    until: dt.date | None  # left the roster
    absence_rate: float
    retired: bool
    group_id: str | None = None


class Ids:
    """Reproducible UUIDs from the generator's own random stream."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def __call__(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))


# (school name, top organization kind, branches (name, party-group count, retired?)).
SCHOOLS: list[tuple[str, OrgKind, list[tuple[str, int, bool]]]] = [
    ("青山县第一中学", OrgKind.PARTY_COMMITTEE,
     [("高一年级党支部", 1, False), ("高二年级党支部", 1, False), ("高三年级党支部", 1, False),
      ("行政后勤党支部", 0, False), ("教研党支部", 0, False), ("退休教师党支部", 2, True)]),
    ("青山县第二中学", OrgKind.PARTY_COMMITTEE,
     [("高一年级党支部", 1, False), ("高二年级党支部", 1, False), ("高三年级党支部", 1, False),
      ("行政党支部", 0, False), ("退休教师党支部", 2, True)]),
    ("青山县实验小学", OrgKind.GENERAL_BRANCH,
     [("低年级党支部", 1, False), ("高年级党支部", 1, False), ("行政党支部", 0, False), ("退休教师党支部", 1, True)]),
    ("青山县职业中学", OrgKind.GENERAL_BRANCH,
     [("专业课党支部", 1, False), ("文化课党支部", 0, False), ("行政党支部", 0, False), ("退休教师党支部", 0, True)]),
    ("青山镇中心学校", OrgKind.GENERAL_BRANCH,
     [("小学部党支部", 1, False), ("初中部党支部", 1, False), ("退休教师党支部", 0, True)]),
    ("石门镇中心学校", OrgKind.GENERAL_BRANCH,
     [("小学部党支部", 1, False), ("初中部党支部", 1, False), ("退休教师党支部", 0, True)]),
    ("柳林镇中学", OrgKind.GENERAL_BRANCH, [("教师党支部", 1, False), ("退休教师党支部", 0, True)]),
    ("青山县第三中学", OrgKind.BRANCH, [("", 1, False)]),
    ("河口镇中心小学", OrgKind.BRANCH, [("", 0, False)]),
    ("马坪镇中学", OrgKind.BRANCH, [("", 1, False)]),
    ("白云乡九年制学校", OrgKind.JOINT_BRANCH, [("", 0, False)]),
    ("双河乡中心小学", OrgKind.JOINT_BRANCH, [("", 0, False)]),
]
PEOPLE = 3000
POINT_ENTRIES = 1_500_000  # manual 党员积分 entries in END_YEAR at full scale (issue 19's benchmark)


def _name(rng: random.Random) -> str:
    given = rng.choice(GIVEN) if rng.random() < 0.3 else rng.choice(GIVEN) + rng.choice(GIVEN)
    if rng.random() < 0.05:  # one name in twenty has a rare character: fonts and pinyin must cope
        given = given[:-1] + rng.choice(RARE)
    return rng.choice(SURNAMES[:30] if rng.random() < 0.7 else SURNAMES) + given


def _date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _stamp(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 9, 0)


class Builder:
    """Builds every table's rows in memory (lists of dicts), then inserts them in one transaction."""

    def __init__(self, seed: int, *, people: int = PEOPLE, years: int = YEARS) -> None:
        self.people_count = people
        self.rng = random.Random(seed)
        self.new_id = Ids(random.Random(seed ^ 0x5EED))
        self.start = dt.date(END_YEAR - years + 1, 1, 1)
        self.end = dt.date(END_YEAR, 12, 31)
        self.rows: dict[str, list[dict]] = {t: [] for t in (
            "school", "organization", "member", "post", "meeting", "attendance", "audit_log", "compliance_rule")}
        self.branches: list[Org] = []
        self.top_committees: dict[str, list[Person]] = {}  # 党委/党总支 id → its committee
        self.used_ids: set[str] = set()

    # --- organizations --------------------------------------------------------------------------------
    def org(self, school_id: str, kind: OrgKind, name: str, parent: Org | None, order: int, **kw) -> Org:
        org = Org(self.new_id(), school_id, kind, name, parent.id if parent else None, **kw)
        term = dt.date(END_YEAR - self.rng.randint(0, 2), self.rng.choice((3, 6, 9)), 1)
        self.rows["organization"].append(dict(
            id=org.id, school_id=school_id, parent_id=org.parent_id, kind=kind.value, name=name,
            established_on=dt.date(self.rng.randint(1985, 2012), 7, 1), term_start=term, term_years=3,
            sort_order=order, created_at=_stamp(self.start), updated_at=_stamp(self.start)))
        return org

    def schools(self) -> list[Org]:
        tops = []
        for s_index, (school_name, top_kind, layout) in enumerate(SCHOOLS):
            school_id = self.new_id()
            self.rows["school"].append(dict(id=school_id, name=school_name, county="青山县",
                                            address=f"青山县{school_name[:3]}", created_at=_stamp(self.start),
                                            updated_at=_stamp(self.start)))
            top = self.org(school_id, top_kind, f"{school_name}{top_kind.label}", None, s_index)
            tops.append(top)
            for b_index, (branch_name, n_groups, retired) in enumerate(layout):
                branch = top if not branch_name else self.org(
                    school_id, OrgKind.BRANCH, branch_name, top, b_index + 1, retired=retired)
                branch.retired = retired
                for g in range(n_groups):
                    branch.groups.append(self.org(school_id, OrgKind.PARTY_GROUP, f"第{'一二三四'[g]}党小组",
                                                  branch, g + 1))
                self.branches.append(branch)
        return tops

    # --- people -----------------------------------------------------------------------------------------
    def people(self) -> None:
        # Branch sizes vary (a retired teachers' branch is large, a village school's small): weighted draw.
        weights = [self.rng.uniform(0.6, 1.4) * (1.3 if b.retired else 1.0) for b in self.branches]
        total = sum(weights)
        sizes = [max(8, round(self.people_count * w / total)) for w in weights]
        target = 0 if sizes[0] + self.people_count - sum(sizes) >= 8 else sizes.index(max(sizes))
        sizes[target] += self.people_count - sum(sizes)  # the rounding goes to one branch
        if min(sizes) < 8:
            raise ValueError(f"{self.people_count} people are too few for {len(sizes)} branches")
        school_of = {r["id"]: r["school_id"] for r in self.rows["organization"]}
        for branch, size in zip(self.branches, sizes, strict=True):
            for _ in range(size):
                self.person(branch, school_of[branch.id])

    def person(self, branch: Org, school_id: str) -> None:
        rng = self.rng
        retired = branch.retired
        gender = Gender.MALE if rng.random() < (0.55 if retired else 0.4) else Gender.FEMALE
        age = rng.randint(60, 88) if retired else rng.randint(23, 59)
        birth = dt.date(END_YEAR - age, rng.randint(1, 12), rng.randint(1, 28))
        roll = rng.random()
        category = (MemberCategory.FULL if retired or roll < 0.80 else MemberCategory.PROBATIONARY if roll < 0.84
                    else MemberCategory.CANDIDATE if roll < 0.87 else MemberCategory.ACTIVIST if roll < 0.93
                    else MemberCategory.APPLICANT)
        adult = dt.date(birth.year + 21, 7, 1)
        joined = full = applied = activist = candidate = None
        if category.is_party_member:
            joined = (_date(rng, adult, min(self.end, dt.date(birth.year + 45, 1, 1)))
                      if category == MemberCategory.FULL else _date(rng, dt.date(END_YEAR - 1, 1, 1), self.end))
            if category == MemberCategory.FULL:
                joined = min(joined, dt.date(END_YEAR - 1, 6, 30))
                full = dt.date(joined.year + 1, joined.month, min(joined.day, 28))
            candidate = joined - dt.timedelta(days=rng.randint(200, 330))
            activist = candidate - dt.timedelta(days=rng.randint(370, 500))
            applied = activist - dt.timedelta(days=rng.randint(60, 200))
        else:
            applied = _date(rng, dt.date(END_YEAR - 3, 1, 1), self.end)
            if category != MemberCategory.APPLICANT:
                activist = applied + dt.timedelta(days=rng.randint(60, 200))
            if category == MemberCategory.CANDIDATE:
                candidate = activist + dt.timedelta(days=rng.randint(370, 420))
        since = max(self.start, joined) if joined else self.end + dt.timedelta(days=1)
        if joined and rng.random() < 0.12:  # moved in from another school during the ten years
            since = max(since, _date(rng, self.start, self.end))
        status, until, note = MemberStatus.ACTIVE, None, ""
        roll = rng.random()
        if retired and roll < 0.06:
            status, note = MemberStatus.DECEASED, ""
        elif not retired and roll < 0.09:
            status, note = MemberStatus.TRANSFERRED_OUT, rng.choice(("青山县教育局", "邻县第一中学", "市实验学校"))
        elif roll < 0.093:
            status, note = MemberStatus.SUSPENDED, "长期未参加组织生活"
        if status != MemberStatus.ACTIVE:
            until = _date(rng, max(since, self.start) if since <= self.end else self.start, self.end)
        number = ""
        while not number or number in self.used_ids:
            number = idcard.make_number(rng.choice(REGIONS), birth,
                                        rng.randrange(0, 999, 2) + (1 if gender == Gender.MALE else 0))
        self.used_ids.add(number)
        name = _name(rng)
        pinyin, initials = pinyin_keys(name)
        group = rng.choice(branch.groups) if branch.groups else None
        # Most people rarely miss a meeting; a few often do (illness, duties elsewhere).
        absence = min(0.6, rng.betavariate(1.2, 14) * (1.8 if retired else 1.0))
        person = Person(self.new_id(), name, category, since, until, absence, retired, group.id if group else None)
        self.rows["member"].append(dict(
            id=person.id, school_id=school_id, name=name, name_pinyin=pinyin, name_initials=initials,
            gender=gender.value, ethnicity="汉族" if rng.random() < 0.94 else rng.choice(("回族", "满族", "蒙古族")),
            birth_date=birth, id_number=number, education=rng.choice(("大学本科", "大学本科", "大学专科",
                                                                      "硕士研究生", "中专")),
            category=category.value, branch_id=branch.id, group_id=person.group_id,
            phone="1" + rng.choice("3589") + "".join(rng.choice("0123456789") for _ in range(9)),
            applied_on=applied, activist_on=activist, candidate_on=candidate, joined_on=joined, full_on=full,
            job="退休教师" if retired else rng.choice(("教师", "班主任", "教研组长", "年级组长", "中层干部")),
            subject="" if retired else rng.choice(SUBJECTS), status=status.value, status_changed_on=until,
            status_note=note, created_at=_stamp(self.start), updated_at=_stamp(until or self.start)))
        branch.members.append(person)

    # --- posts and terms --------------------------------------------------------------------------------
    def posts(self, tops: list[Org]) -> None:
        for branch in self.branches:
            full = [p for p in branch.members if p.category == MemberCategory.FULL]
            if not full:
                continue
            kinds = [PostKind.SECRETARY]
            if len(full) >= 7:
                kinds += [PostKind.ORGANIZATION_OFFICER, PostKind.PUBLICITY_OFFICER, PostKind.DISCIPLINE_OFFICER]
            term = dt.date(self.start.year - 1, 9, 1)
            while term <= self.end:  # a committee per 3-year term: ten years are four terms
                end = dt.date(term.year + 3, 8, 31)
                for kind, person in zip(kinds, self.rng.sample(full, min(len(kinds), len(full))), strict=False):
                    self.post(branch.id, person, kind, term, end if end < self.end else None)
                for group in branch.groups:
                    members = [p for p in full if p.group_id == group.id] or full
                    self.post(group.id, self.rng.choice(members), PostKind.GROUP_LEADER, term,
                              end if end < self.end else None)
                term = dt.date(term.year + 3, 9, 1)
        for top in tops:
            if top.kind.is_branch:
                continue
            pool = [p for b in self.branches if b.parent_id == top.id for p in b.members
                    if p.category == MemberCategory.FULL and not p.retired and p.until is None]
            chosen = self.rng.sample(pool, 3)
            self.top_committees[top.id] = chosen
            for kind, person in zip((PostKind.SECRETARY, PostKind.DEPUTY_SECRETARY, PostKind.ORGANIZATION_OFFICER),
                                    chosen, strict=True):
                self.post(top.id, person, kind, dt.date(END_YEAR - 1, 9, 1), None, admin="校长"
                          if kind == PostKind.SECRETARY else "")

    def post(self, org_id: str, person: Person, kind: PostKind, start: dt.date, end: dt.date | None,
             admin: str = "") -> None:
        self.rows["post"].append(dict(
            id=self.new_id(), organization_id=org_id, member_id=person.id, holder_name=person.name,
            kind=kind.value, term_start=start, term_end=end, cross_appointment=bool(admin), admin_title=admin,
            created_at=_stamp(start), updated_at=_stamp(start)))

    # --- meetings and attendance ------------------------------------------------------------------------
    def meetings(self) -> None:
        secretaries = {r["organization_id"]: r["holder_name"] for r in self.rows["post"]
                       if r["kind"] == PostKind.SECRETARY.value}
        for branch in self.branches:
            has_committee = sum(p.category == MemberCategory.FULL for p in branch.members) >= 7
            committee = [p for p in branch.members if p.category == MemberCategory.FULL][:5]
            host = secretaries.get(branch.id, branch.members[0].name)
            for day, kind in self.calendar(has_committee, len(branch.groups) > 0):
                if kind == MeetingKind.COMMITTEE_MEETING:
                    self.meeting(branch.id, kind, day, host, [p for p in committee if self.on_roll(p, day)])
                elif kind == MeetingKind.GROUP_MEETING:
                    for group in branch.groups:
                        self.meeting(group.id, kind, day, host,
                                     [p for p in branch.members if p.group_id == group.id and self.on_roll(p, day)])
                elif kind == MeetingKind.TALK:
                    present = [p for p in branch.members if self.on_roll(p, day)]
                    if len(present) >= 2:
                        a, b = self.rng.sample(present, 2)
                        self.meeting(branch.id, kind, day, host, [a, b], talk=(a, b))
                else:
                    self.meeting(branch.id, kind, day, host, [p for p in branch.members if self.on_roll(p, day)])
        for top_id, committee in self.top_committees.items():  # the 党委/党总支 committee meets monthly
            for year in range(self.start.year, self.end.year + 1):
                for month in range(1, 13):
                    day = dt.date(year, month, self.rng.randint(1, 28))
                    self.meeting(top_id, MeetingKind.COMMITTEE_MEETING, day, committee[0].name,
                                 [p for p in committee if self.on_roll(p, day)])

    @staticmethod
    def on_roll(p: Person, day: dt.date) -> bool:
        return p.category.is_party_member and p.since <= day and (p.until is None or day < p.until)

    def calendar(self, has_committee: bool, has_groups: bool) -> Iterator[tuple[dt.date, MeetingKind]]:
        rng = self.rng
        for year in range(self.start.year, self.end.year + 1):
            for month in range(1, 13):
                yield dt.date(year, month, rng.randint(1, 10)), MeetingKind.THEME_DAY
                if has_committee:
                    yield dt.date(year, month, rng.randint(11, 20)), MeetingKind.COMMITTEE_MEETING
                if has_groups:
                    yield dt.date(year, month, rng.randint(21, 28)), MeetingKind.GROUP_MEETING
                if month % 3 == 0:
                    yield dt.date(year, month, rng.randint(11, 28)), MeetingKind.GENERAL_ASSEMBLY
                    yield dt.date(year, month, rng.randint(11, 28)), MeetingKind.PARTY_LECTURE
                for _ in range(rng.choice((3, 4, 4, 5))):  # 谈心谈话 through the year
                    yield dt.date(year, month, rng.randint(1, 28)), MeetingKind.TALK
            yield dt.date(year, 12, rng.randint(20, 30)), MeetingKind.LIFE_MEETING
            yield dt.date(year, 12, rng.randint(20, 30)), MeetingKind.MEMBER_REVIEW

    def meeting(self, org_id: str, kind: MeetingKind, day: dt.date, host: str, expected: list[Person],
                talk: tuple[Person, Person] | None = None) -> None:
        rng = self.rng
        meeting_id = self.new_id()
        present = 0
        for p in expected:
            absent = talk is None and rng.random() < p.absence_rate
            reason = None
            if absent:
                weights = (0.55, 0.2, 0.2, 0.05) if p.retired else (0.3, 0.3, 0.35, 0.05)
                reason = rng.choices(LEAVE_REASONS, weights)[0].value
            else:
                present += 1
            self.rows["attendance"].append(dict(
                id=self.new_id(), meeting_id=meeting_id, member_id=p.id,
                status=(AttendanceStatus.ABSENT if absent else AttendanceStatus.PRESENT).value,
                absence_reason=reason, created_at=_stamp(day), updated_at=_stamp(day)))
        theme = rng.choice(THEMES)
        title = f"{day.year}年{day.month}月{kind.label}" if kind != MeetingKind.TALK else f"谈心谈话（{day:%m月%d日}）"
        self.rows["meeting"].append(dict(
            id=meeting_id, organization_id=org_id, kind=kind.value, title=title, held_on=day,
            start_time="15:30", end_time="17:00", place=rng.choice(PLACES), host=host,
            recorder=expected[-1].name if expected else "", topics=f"{FIRST_TOPIC}\n{theme}",
            content=(f"会议由{host}主持。{FIRST_TOPIC}。围绕“{theme}”开展学习讨论，"
                     f"与会党员结合教育教学实际逐一发言，提出改进措施。") * rng.randint(1, 3),
            resolutions="会议议定事项按分工抓好落实。" if kind == MeetingKind.GENERAL_ASSEMBLY else "",
            theme=theme if kind == MeetingKind.THEME_DAY else "",
            lecturer=host if kind == MeetingKind.PARTY_LECTURE else "",
            lecture_title=theme if kind == MeetingKind.PARTY_LECTURE else "",
            talk_member_a_id=talk[0].id if talk else None, talk_member_b_id=talk[1].id if talk else None,
            expected_count=len(expected), present_count=present,
            created_at=_stamp(day), updated_at=_stamp(day)))

    def build(self) -> dict[str, list[dict]]:
        tops = self.schools()
        self.people()
        self.posts(tops)
        self.meetings()
        self.rules()
        self.point_catalogs()
        return self.rows

    # --- 党员积分: END_YEAR's catalog per school, and its manual entries (streamed: too many to hold) ---------
    def point_catalogs(self) -> None:
        """Each school's END_YEAR catalog from the default scheme, as services.points_catalog seeds it."""
        from app.domain.points_rules import DEFAULT_CATALOG

        for row in ("point_catalog", "point_rule"):
            self.rows.setdefault(row, [])
        self.manual_rules: dict[str, list[tuple[str, int, int | None]]] = {}
        stamp = _stamp(dt.date(END_YEAR, 1, 1))
        for school in self.rows["school"]:
            catalog_id = self.new_id()
            self.rows["point_catalog"].append(dict(
                id=catalog_id, school_id=school["id"], year=END_YEAR, version=1, frozen=False, excellent_min=90,
                qualified_min=70, basic_min=60, excellent_share_num=1, excellent_share_den=3, created_at=stamp,
                updated_at=stamp))
            for order, spec in enumerate(DEFAULT_CATALOG):
                rule_id = self.new_id()
                self.rows["point_rule"].append(dict(
                    id=rule_id, catalog_id=catalog_id, school_id=school["id"], code=spec.code,
                    category=spec.category.value, item=spec.item, points=spec.points, points_max=spec.points_max,
                    cap=spec.cap, awarded_by=spec.awarded_by, trigger=spec.trigger.value, active=True,
                    sort_order=order, created_at=stamp, updated_at=stamp))
                if spec.trigger.value == "manual" and spec.category.value != "veto":
                    self.manual_rules.setdefault(school["id"], []).append((rule_id, spec.points, spec.points_max))

    def point_entries(self, total: int, batch: int = 20_000) -> Iterator[list[dict]]:
        """`total` manual entries in END_YEAR over the year's Party members, in batches (own random stream)."""
        rng = random.Random(self.rng.random())
        new_id = Ids(random.Random(rng.getrandbits(64)))
        school_of = {r["id"]: r["school_id"] for r in self.rows["member"]}
        year_start, year_end = dt.date(END_YEAR, 1, 1), dt.date(END_YEAR, 12, 31)
        people = [p for b in self.branches for p in b.members
                  if p.category.is_party_member and p.since <= year_end and (p.until is None or p.until > year_start)]
        days = [year_start + dt.timedelta(days=i) for i in range(365)]
        reasons = ("志愿服务", "公开课", "论文发表", "获奖", "示范岗考核", "急难险重任务")
        out: list[dict] = []
        sums: dict[tuple[str, str], list[int]] = {}
        for _ in range(total):
            p = rng.choice(people)
            rule_id, low, high = rng.choice(self.manual_rules[school_of[p.id]])
            day = rng.choice(days)
            points = low if high is None else rng.randint(min(low, high), max(low, high))
            out.append(dict(id=new_id(), school_id=school_of[p.id], year=END_YEAR, member_id=p.id, rule_id=rule_id,
                            entered_on=day, points=points, sign=1, reason=rng.choice(reasons),
                            entered_by="支部书记", corrects_id=None, created_at=_stamp(day), updated_at=_stamp(day)))
            pair = sums.setdefault((p.id, rule_id), [0, 0])
            pair[0] += points
            pair[1] += 1
            if len(out) == batch:
                yield out
                out = []
        if out:
            yield out
        stamp = _stamp(year_end)  # the running totals the points service keeps beside the entries
        self.point_totals = [dict(id=new_id(), school_id=school_of[m], year=END_YEAR, member_id=m, rule_id=r,
                                  points=pts, entries=n, created_at=stamp, updated_at=stamp)
                             for (m, r), (pts, n) in sums.items()]

    def rules(self) -> None:
        """The default 三会一课 rules in the table, as services.compliance.ensure_default_rules leaves them."""
        from app.domain.compliance_rules import DEFAULT_RULES

        for rule in DEFAULT_RULES:
            self.rows["compliance_rule"].append(dict(
                id=self.new_id(), kind=rule.kind.value, applies_to=rule.applies_to, period=rule.period.value,
                required_count=rule.required_count, active=rule.active, created_at=_stamp(self.start),
                updated_at=_stamp(self.start)))


def build(path: Path, seed: int = DEFAULT_SEED, *, people: int = PEOPLE, years: int = YEARS,
          point_entries: int | None = None) -> dict[str, int]:
    """Write a new county store at `path` (must not exist); returns row counts per table.

    `people` and `years` shrink it for tests of the generator itself; the benchmark uses the defaults.
    `point_entries`: END_YEAR's manual points entries (default POINT_ENTRIES at full scale, 10 per person when
    shrunk)."""
    from app.store import models
    from app.store.engine import open_store, table_counts
    from app.store.migrate import upgrade

    builder = Builder(seed, people=people, years=years)
    rows = builder.build()
    if point_entries is None:
        point_entries = POINT_ENTRIES if people == PEOPLE else people * 10
    store = open_store(path)
    try:
        upgrade(store)
        tables = {"school": models.School, "organization": models.Organization, "member": models.Member,
                  "post": models.Post, "meeting": models.Meeting, "attendance": models.Attendance,
                  "compliance_rule": models.ComplianceRule, "point_catalog": models.PointCatalog,
                  "point_rule": models.PointRule}
        with store.engine.begin() as con:
            # Parents before children throughout (organizations, then people, posts, meetings, attendance).
            for name, model in tables.items():
                batch = rows[name]
                for i in range(0, len(batch), 20_000):
                    con.execute(insert(model), batch[i:i + 20_000])
            for entries in builder.point_entries(point_entries):
                con.execute(insert(models.PointEntry), entries)
            if builder.point_totals:
                con.execute(insert(models.PointTotal), builder.point_totals)
        counts = table_counts(store)
    finally:
        store.dispose()
    return counts


def cache_path(seed: int = DEFAULT_SEED) -> Path:
    from app.store.migrate import head_revision

    return CACHE_DIR / f"county-{seed}-v{GENERATOR_VERSION}-{head_revision()}.sqlite"


def cached_store(seed: int = DEFAULT_SEED, *, force: bool = False) -> tuple[Path, dict]:
    """The cached county store and its summary, built first if missing (into a .partial, then renamed)."""
    path = cache_path(seed)
    summary_path = path.with_suffix(".json")
    if path.exists() and summary_path.exists() and not force:
        return path, json.loads(summary_path.read_text(encoding="utf-8"))
    CACHE_DIR.mkdir(exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    upgraded = None if force else _upgrade_older(seed, partial)
    # Stores of older generator versions or schemas are 280 MB each and never used again.
    for stale in (path, summary_path, *CACHE_DIR.glob(partial.name + "-*"),
                  *CACHE_DIR.glob(f"county-{seed}-v*.sqlite*"), *CACHE_DIR.glob(f"county-{seed}-v*.json")):
        if stale != partial or upgraded is None:  # the upgraded copy is the one kept
            stale.unlink(missing_ok=True)
    if upgraded is not None:
        summary = upgraded
    else:
        t0 = time.perf_counter()
        counts = build(partial, seed)
        summary = {"seed": seed, "generator_version": GENERATOR_VERSION, "end_year": END_YEAR, "years": YEARS,
                   "counts": counts, "build_seconds": round(time.perf_counter() - t0, 1),
                   "sample_branch": _sample_branch(partial, END_YEAR)}
    partial.replace(path)
    summary_path.write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path, summary


def _upgrade_older(seed: int, partial: Path) -> dict | None:
    """A store of this generator version at an older schema, copied to `partial` and brought to the head by
    the app's own migrations (as a school's store is on upgrade): the same rows as a fresh build, in a
    minute instead of twenty. Its summary, or None when there is none (or the upgrade changed a count)."""
    import shutil
    import tempfile

    from app import paths
    from app.store import migrate
    from app.store.engine import open_store, table_counts

    for older in sorted(CACHE_DIR.glob(f"county-{seed}-v{GENERATOR_VERSION}-*.sqlite")):
        older_summary = older.with_suffix(".json")
        if older == cache_path(seed) or not older_summary.exists():
            continue
        summary = json.loads(older_summary.read_text(encoding="utf-8"))
        partial.unlink(missing_ok=True)
        shutil.copyfile(older, partial)
        previous = paths._override
        with tempfile.TemporaryDirectory() as scratch:  # the pre-migration safety copy goes there, then away
            paths.set_data_dir(Path(scratch))
            store = open_store(partial)
            try:
                migrate.upgrade(store)
                counts = table_counts(store)
            finally:
                store.dispose()
                paths.set_data_dir(previous)
        if counts != summary["counts"]:  # a migration never loses a row; if one did, build afresh
            partial.unlink()
            return None
        summary["upgraded_from"] = older.name
        return summary
    return None


def _sample_branch(path: Path, year: int) -> str:
    """The branch the benchmark prints a year of records for: the one closest to 60 records that year."""
    import sqlite3

    con = sqlite3.connect(path)
    try:
        rows = con.execute(
            "SELECT o.name, COUNT(*) FROM meeting m JOIN organization o ON o.id = m.organization_id "
            "WHERE o.kind IN ('branch', 'joint_branch') AND m.kind != 'talk' AND m.held_on BETWEEN ? AND ? "
            "GROUP BY o.id ORDER BY ABS(COUNT(*) - 60), o.name", (f"{year}-01-01", f"{year}-12-31")).fetchall()
    finally:
        con.close()
    # Names repeat across schools (高一年级党支部); prefer one that is unique in the county.
    names = [name for name, _n in rows]
    for name, _n in rows:
        if names.count(name) == 1:
            return name
    return rows[0][0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build or reuse the county-scale benchmark store.")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--force", action="store_true", help="rebuild even when cached")
    args = parser.parse_args(argv)
    path, summary = cached_store(args.seed, force=args.force)
    print(f"{path} ({path.stat().st_size / 2**20:.0f} MiB)")
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
