"""A small, fully known school for meeting tests: two branches, one party group, committee posts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.context import AppContext
from app.domain import idcard
from app.domain.enums import MemberCategory, OrgKind, PostKind
from app.domain.member_rules import MemberData
from app.services import members, organizations, posts

D = dt.date
LONG_AGO = D(2000, 1, 1)


@dataclass
class World:
    branch: str
    group: str
    other: str
    full: list[str]  # member ids, 6 正式党员 in 测试支部 (first three on the committee)
    probationary: list[str]  # 2 预备党员
    late: str  # joined 2025-05-20
    activist: str
    other_member: str


def build_world(ctx: AppContext) -> World:
    with ctx.uow() as uow:
        organizations.ensure_school(uow, "测试学校")
        total = organizations.create_organization(uow, name="测试党总支", kind=OrgKind.GENERAL_BRANCH)
        branch = organizations.create_organization(uow, name="测试支部", kind=OrgKind.BRANCH, parent_id=total.id,
                                                   established_on=D(2010, 1, 1))
        group = organizations.create_organization(uow, name="测试小组", kind=OrgKind.PARTY_GROUP,
                                                  parent_id=branch.id)
        other = organizations.create_organization(uow, name="其他支部", kind=OrgKind.BRANCH, parent_id=total.id,
                                                  established_on=D(2010, 1, 1))

        seq = iter(range(101, 999, 2))

        def person(name: str, category: MemberCategory, branch_name: str = "测试支部", group_name: str = "",
                   joined: dt.date | None = LONG_AGO) -> str:
            birth = D(1980, 3, 1)
            data = MemberData(name=name, category=category, birth_date=birth,
                              id_number=idcard.make_number("610330", birth, next(seq)), branch_name=branch_name,
                              group_name=group_name,
                              joined_on=joined if category.is_party_member else None,
                              full_on=D(2001, 1, 1) if category == MemberCategory.FULL else None)
            if category == MemberCategory.ACTIVIST:
                data.applied_on, data.activist_on = D(2023, 1, 1), D(2023, 6, 1)
            return members.create_member(uow, data)

        full = [person(n, MemberCategory.FULL, group_name="测试小组" if i < 3 else "")
                for i, n in enumerate(["王一", "李二", "张三", "刘四", "陈五", "杨六"])]
        prob = [person(n, MemberCategory.PROBATIONARY, joined=D(2024, 12, 1)) for n in ["赵七", "黄八"]]
        late = person("周九", MemberCategory.PROBATIONARY, joined=D(2025, 5, 20))
        activist = person("吴十", MemberCategory.ACTIVIST)
        other_member = person("郑十一", MemberCategory.FULL, branch_name="其他支部")
        for kind, mid in zip((PostKind.SECRETARY, PostKind.ORGANIZATION_OFFICER, PostKind.PUBLICITY_OFFICER),
                             full, strict=False):
            posts.add_post(uow, organization_id=branch.id, kind=kind, member_id=mid, term_start=D(2020, 1, 1),
                           reason="测试：6名正式党员仍设委员")
        uow.commit()
    return World(branch.id, group.id, other.id, full, prob, late, activist, other_member)
