"""Rules that live in one place: what counts as a branch, and finding an organization a user named."""

from __future__ import annotations

import datetime as dt

import pytest

from app.domain import compliance_rules as cr
from app.domain import idcard
from app.domain.enums import BRANCH_KINDS, MemberCategory, OrgKind
from app.domain.member_rules import MemberData
from app.errors import NotFoundError
from app.services import members, organizations
from app.services.meeting_print_data import find_organization


def test_a_branch_is_a_party_branch_or_a_joint_branch() -> None:
    assert {k for k in OrgKind if k.is_branch} == set(BRANCH_KINDS) == {OrgKind.BRANCH, OrgKind.JOINT_BRANCH}
    assert "joint_branch" in BRANCH_KINDS and "general_branch" not in BRANCH_KINDS  # column values too
    rule = cr.Rule(cr.MeetingKind.THEME_DAY, cr.Period.MONTH)
    spans = {k: cr.OrgSpan("o", "组织", k.value, "o") for k in OrgKind}
    assert {k for k, span in spans.items() if cr.applies(rule, span)} == set(BRANCH_KINDS)


def _person(name: str, branch: str, group_name: str = "") -> MemberData:
    birth = dt.date(1980, 3, 1)
    return MemberData(name=name, category=MemberCategory.FULL, birth_date=birth, branch_name=branch,
                      group_name=group_name, id_number=idcard.make_number("610330", birth, 101),
                      joined_on=dt.date(2010, 1, 1), full_on=dt.date(2011, 1, 1))


@pytest.fixture
def orgs(ctx):
    with ctx.uow() as uow:
        organizations.ensure_school(uow, "测试学校")
        top = organizations.create_organization(uow, name="测试党总支", kind=OrgKind.GENERAL_BRANCH)
        joint = organizations.create_organization(uow, name="联合党支部", kind=OrgKind.JOINT_BRANCH, parent_id=top.id)
        gone = organizations.create_organization(uow, name="已撤销支部", kind=OrgKind.BRANCH, parent_id=top.id)
        from app.store.models import Organization

        uow.session.get(Organization, gone.id).dissolved_on = dt.date(2024, 1, 1)
        uow.commit()
    return joint


def test_joint_branch_counts_as_a_branch_everywhere(ctx, orgs) -> None:
    with ctx.uow() as uow:
        group = organizations.create_organization(uow, name="一组", kind=OrgKind.PARTY_GROUP, parent_id=orgs.id)
        member_id = members.create_member(uow, _person("张三", "联合党支部", group_name="一组"))
        assert member_id and group.parent_id == orgs.id
        assert [b.name for b in organizations.branches(uow)] == ["联合党支部"]


@pytest.mark.parametrize("name", ["无此支部", "已撤销支部"])
def test_one_not_found_message_wherever_an_organization_is_named(ctx, orgs, name: str) -> None:
    expected = f"党支部“{name}”不存在，请检查名称"
    messages = []
    with ctx.uow() as uow:
        with pytest.raises(NotFoundError) as info:
            organizations.require_by_name(uow, name, "党支部")
        messages.append(info.value.message)
        with pytest.raises(NotFoundError) as info:
            find_organization(uow, f" {name} ")
        messages.append(info.value.message.replace("党组织", "党支部"))
        messages += members.check(uow, _person("李四", name))
    assert messages == [expected] * 3


def test_a_named_organization_is_found_with_its_name_trimmed(ctx, orgs) -> None:
    with ctx.uow() as uow:
        assert organizations.require_by_name(uow, " 联合党支部\t").id == orgs.id
        assert find_organization(uow, "联合党支部 ").id == orgs.id
        assert organizations.find_by_name(uow, "已撤销支部") is None
