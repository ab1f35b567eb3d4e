"""A tiny school for development tests: one branch, two full members (introducers), one applicant."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.domain import idcard
from app.domain.enums import MemberCategory, OrgKind
from app.domain.member_rules import MemberData
from app.services import members, organizations


@dataclass
class World:
    branch_id: str
    applicant: str  # born 1996-03-10, applied 2023-03-10
    introducer_a: str
    introducer_b: str
    young: str  # born 2008-03-10, no dates yet


def build(ctx) -> World:
    with ctx.uow() as uow:
        organizations.ensure_school(uow, "测试学校")
        branch = organizations.create_organization(uow, name="第一党支部", kind=OrgKind.BRANCH)
        seq = iter(range(11, 99, 2))

        def person(name: str, birth: dt.date, category: MemberCategory, **dates: dt.date) -> str:
            return members.create_member(uow, MemberData(
                name=name, id_number=idcard.make_number("610330", birth, next(seq)), category=category,
                branch_name="第一党支部", **dates))

        world = World(
            branch_id=branch.id,
            applicant=person("赵子涵", dt.date(1996, 3, 10), MemberCategory.APPLICANT,
                             applied_on=dt.date(2023, 3, 10)),
            introducer_a=person("王建国", dt.date(1975, 5, 1), MemberCategory.FULL,
                                joined_on=dt.date(2000, 7, 1), full_on=dt.date(2001, 7, 1)),
            introducer_b=person("李秀英", dt.date(1980, 5, 1), MemberCategory.FULL,
                                joined_on=dt.date(2010, 7, 1), full_on=dt.date(2011, 7, 1)),
            young=person("孙浩然", dt.date(2008, 3, 10), MemberCategory.APPLICANT),
        )
        uow.commit()
    return world
