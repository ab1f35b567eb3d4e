"""A realistic fictional rural school for `dangjian demo`: a 党总支, three branches, ~45 people, posts."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import func, select

from app.domain import idcard
from app.domain.enums import BackboneLevel, Gender, MemberCategory, OrgKind, PostKind
from app.domain.member_rules import MemberData
from app.services import members, organizations, posts
from app.services.demo_clean_school import build_demo_clean_school
from app.store.models import Member, Organization
from app.store.uow import UnitOfWork

SCHOOL_NAME = "青山镇中心学校"
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
# Given names that fit the sex the ID number records (its 17th digit: odd male, even female).
GIVEN_MALE = ["建国", "志强", "文博", "国栋", "晓东", "振华", "明轩", "立新", "德胜", "永刚", "昇", "堃", "喆",
              "镕", "浩然", "思远", "俊杰", "学军", "宏伟", "卫东", "建华", "海涛", "国强", "少华"]
GIVEN_FEMALE = ["秀英", "丽娟", "海燕", "静怡", "红梅", "春花", "玉兰", "桂芳", "雪梅", "慧敏", "珺", "玥", "琇",
                "子涵", "欣怡", "雅琴", "淑珍", "凤英", "晓燕", "丽萍", "美玲", "翠兰", "婷婷", "秀梅"]
SUBJECTS = ["语文", "数学", "英语", "物理", "化学", "道德与法治", "历史", "地理", "生物", "音乐", "体育", "美术",
            "信息技术", "科学"]
JOBS = ["教师", "班主任", "教研组长", "年级组长", "教务主任", "德育主任", "总务主任", "副校长", "校长"]
EDUCATION = ["大学本科", "大学本科", "大学本科", "大学专科", "硕士研究生", "中专"]
REGIONS = ["610330", "610331", "610322", "610329"]


def store_is_empty(uow: UnitOfWork) -> bool:
    return not uow.session.scalar(select(func.count()).select_from(Organization)) and not uow.session.scalar(
        select(func.count()).select_from(Member))


def _name(rng: random.Random, used: set[str], gender: Gender) -> str:
    given = GIVEN_MALE if gender == Gender.MALE else GIVEN_FEMALE
    while True:
        name = rng.choice(SURNAMES) + rng.choice(given)
        if name not in used:
            used.add(name)
            return name


def build_demo(uow: UnitOfWork, year: int, *, seed: int = 20240701, with_meetings: bool = True) -> str:
    """Fill an empty store; returns a one-line Chinese summary. Reproducible for a given seed.

    with_meetings=False stops after the organizations, people and posts (tests that seed their own records).
    """
    rng = random.Random(seed)
    today = min(dt.date.today(), dt.date(year, 12, 31))
    organizations.ensure_school(uow, SCHOOL_NAME, county="青山县", address="青山县青山镇学府路1号")
    total = organizations.create_organization(
        uow, name="青山镇中心学校党总支", kind=OrgKind.GENERAL_BRANCH,
        established_on=dt.date(2006, 7, 1), term_start=dt.date(year - 2, 9, 1), term_years=3)
    layout = [
        ("第一党支部（小学部）", dt.date(year - 1, 3, 1), 17, ["第一党小组", "第二党小组"], False),
        ("第二党支部（初中部）", dt.date(year - 3, 6, 1), 17, ["第三党小组", "第四党小组"], False),
        ("退休教师党支部", dt.date(year - 2, 9, 1), 11, [], True),
    ]
    used: set[str] = set()
    seq = 100
    people = 0
    for index, (branch_name, term_start, size, groups, retired) in enumerate(layout):
        branch = organizations.create_organization(
            uow, name=branch_name, kind=OrgKind.BRANCH, parent_id=total.id,
            established_on=dt.date(2006, 7, 1), term_start=term_start, term_years=3, sort_order=index + 1)
        group_ids = [organizations.create_organization(
            uow, name=g, kind=OrgKind.PARTY_GROUP, parent_id=branch.id, sort_order=i).id
            for i, g in enumerate(groups)]
        group_names = groups
        categories = ([MemberCategory.FULL] * (size - 5) + [MemberCategory.PROBATIONARY] * 2
                      + [MemberCategory.CANDIDATE, MemberCategory.ACTIVIST, MemberCategory.APPLICANT])
        if retired:
            categories = [MemberCategory.FULL] * size
        branch_members: list[tuple[str, str, MemberCategory]] = []
        full_since: dict[str, dt.date] = {}
        for i, category in enumerate(categories):
            seq += 2
            gender = Gender.MALE if rng.random() < 0.45 else Gender.FEMALE
            age = rng.randint(62, 80) if retired else rng.randint(24, 58)
            birth = dt.date(year - age, rng.randint(1, 12), rng.randint(1, 28))
            sequence = seq + (1 if gender == Gender.MALE else 0)
            number = idcard.make_number(rng.choice(REGIONS), birth, sequence % 1000)
            data = MemberData(
                name=_name(rng, used, gender), gender=gender, ethnicity="汉族" if rng.random() < 0.93 else "回族",
                birth_date=birth, id_number=number, education=rng.choice(EDUCATION),
                category=category, branch_name=branch_name,
                group_name=group_names[i % len(group_names)] if group_names else "",
                phone="1" + rng.choice("3589") + "".join(rng.choice("0123456789") for _ in range(9)),
                job="退休教师" if retired else rng.choice(JOBS[:5]),
                professional_title="" if retired else rng.choice(["一级教师", "二级教师", "高级教师"]),
                subject="" if retired else rng.choice(SUBJECTS),
            )
            _development_dates(rng, data, category, birth, today)
            if not retired and category == MemberCategory.FULL and rng.random() < 0.3:
                data.backbone_level = rng.choice([BackboneLevel.SCHOOL, BackboneLevel.COUNTY, BackboneLevel.CITY])
                data.model_post = rng.choice(["党员示范岗", "党员责任区：初三年级", "党员示范岗：课后服务"])
            member_id = members.create_member(uow, data)
            branch_members.append((member_id, data.name, category))
            if data.full_on:
                full_since[member_id] = data.full_on
            people += 1
        # committee posts go to the longest-standing 正式党员 (a 书记 needs a year since 转正, docs/domain.md)
        full = sorted((m for m in branch_members if m[2] == MemberCategory.FULL),
                      key=lambda m: full_since.get(m[0], dt.date.max))
        kinds = [PostKind.SECRETARY, PostKind.ORGANIZATION_OFFICER, PostKind.PUBLICITY_OFFICER]
        if len(full) >= 7:
            kinds.append(PostKind.DISCIPLINE_OFFICER)
        for kind, (member_id, _n, _c) in zip(kinds, full, strict=False):
            posts.add_post(uow, organization_id=branch.id, kind=kind, member_id=member_id,
                           term_start=term_start, cross_appointment=kind == PostKind.SECRETARY and not retired,
                           admin_title="副校长" if kind == PostKind.SECRETARY and not retired else "")
        for gid, (member_id, _n, _c) in zip(group_ids, reversed(full), strict=False):
            posts.add_post(uow, organization_id=gid, kind=PostKind.GROUP_LEADER, member_id=member_id,
                           term_start=term_start)
        if index == 0:
            first_full = full[0][0]
            posts.add_post(uow, organization_id=total.id, kind=PostKind.SECRETARY, member_id=first_full,
                           term_start=total.term_start, full_time=False, cross_appointment=True,
                           admin_title="校长")
        elif index == 1:
            posts.add_post(uow, organization_id=total.id, kind=PostKind.DEPUTY_SECRETARY, member_id=full[0][0],
                           term_start=total.term_start, cross_appointment=True, admin_title="副校长")
            posts.add_post(uow, organization_id=total.id, kind=PostKind.DISCIPLINE_OFFICER,
                           member_id=full[1][0], term_start=total.term_start)
    from app.services.compliance import ensure_default_rules
    from app.services.demo_development import build_demo_development
    from app.services.demo_meetings import build_demo_meetings
    from app.services.demo_points import build_demo_points

    uow.session.flush()
    ensure_default_rules(uow)
    meetings = build_demo_meetings(uow, year, today=today) if with_meetings else 0
    build_demo_development(uow, year, today=today)
    if with_meetings:
        build_demo_clean_school(uow, year, today)
    points_line = build_demo_points(uow, year, today=today) if with_meetings else ""
    orgs = len(layout) + 1
    return (f"已生成示范学校“{SCHOOL_NAME}”：{orgs} 个党组织（另有党小组 4 个），{people} 名人员，"
            f"{meetings} 条会议记录，{year} 年度。" + (f"\n{points_line}" if points_line else ""))


def _development_dates(rng: random.Random, data: MemberData, category: MemberCategory, birth: dt.date,
                       today: dt.date) -> None:
    """Dates along 申请 → 积极分子 → 发展对象 → 预备党员 → 正式党员, consistent with the category."""
    # Joined at 22 or later: the application 2-3 years before it is then after the 18th birthday (docs/domain.md)
    adult = dt.date(birth.year + 22, 6, 1)
    if category == MemberCategory.FULL:
        joined = adult + dt.timedelta(days=rng.randint(0, 365 * 10))
        joined = min(joined, today - dt.timedelta(days=800))
        data.applied_on = joined - dt.timedelta(days=rng.randint(800, 1200))
        data.activist_on = data.applied_on + dt.timedelta(days=rng.randint(90, 200))
        data.candidate_on = data.activist_on + dt.timedelta(days=rng.randint(370, 500))
        data.joined_on = joined
        data.full_on = dt.date(joined.year + 1, joined.month, min(joined.day, 28))
    elif category == MemberCategory.PROBATIONARY:
        # One admitted 13 months ago: past due for full membership, so 首页 has an alert to show.
        back = rng.choice([200, 400])
        data.joined_on = today - dt.timedelta(days=back)
        data.candidate_on = data.joined_on - dt.timedelta(days=rng.randint(200, 300))
        data.activist_on = data.candidate_on - dt.timedelta(days=rng.randint(370, 420))
        data.applied_on = data.activist_on - dt.timedelta(days=rng.randint(60, 120))
    elif category == MemberCategory.CANDIDATE:
        data.candidate_on = today - dt.timedelta(days=rng.randint(30, 200))
        data.activist_on = data.candidate_on - dt.timedelta(days=rng.randint(370, 420))
        data.applied_on = data.activist_on - dt.timedelta(days=rng.randint(60, 120))
    elif category == MemberCategory.ACTIVIST:
        data.activist_on = today - dt.timedelta(days=rng.randint(30, 300))
        data.applied_on = data.activist_on - dt.timedelta(days=rng.randint(60, 120))
    else:
        data.applied_on = today - dt.timedelta(days=rng.randint(10, 200))
