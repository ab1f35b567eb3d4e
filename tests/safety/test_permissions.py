"""Permissions are enforced in the services: a viewer and another branch's secretary are refused."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from app.domain import idcard
from app.domain.enums import MemberCategory, MemberStatus, OrgKind, PostKind, Role
from app.domain.member_rules import MemberData
from app.errors import PermissionDenied
from app.services import members, organizations, posts
from app.store.models import AuditLog, Member
from app.store.uow import Actor, UnitOfWork


@pytest.fixture
def setup(demo_ctx):
    with demo_ctx.uow() as uow:
        first, second = organizations.branches(uow)[:2]
        target = members.search_members(uow, members.MemberQuery(branch_id=first.id))[0]
    return demo_ctx, first, second, target


def _new_member(branch_name: str) -> MemberData:
    number = idcard.make_number("610330", dt.date(1990, 5, 6), 123)
    return MemberData(name="王新", gender=idcard.parse(number).gender, birth_date=dt.date(1990, 5, 6),
                      id_number=number, category=MemberCategory.APPLICANT, branch_name=branch_name,
                      applied_on=dt.date(2024, 3, 1))


def _actors(first, second) -> list[Actor]:
    return [Actor("查看员", Role.VIEWER), Actor("二支书记", Role.BRANCH_SECRETARY, second.id)]


def _counts(ctx) -> tuple[int, int]:
    with ctx.uow() as uow:
        return (uow.session.scalar(select(func.count()).select_from(Member)),
                uow.session.scalar(select(func.count()).select_from(AuditLog)))


def test_refused_writes_change_nothing(setup) -> None:
    ctx, first, second, target = setup
    before = _counts(ctx)
    new = _new_member(first.name)
    for actor in _actors(first, second):
        calls = [
            lambda uow: members.create_member(uow, new),
            lambda uow: members.update_member(uow, target.id, members.get_member_data(uow, target.id)),
            lambda uow: members.leave_roster(uow, target.id, MemberStatus.TRANSFERRED_OUT, dt.date.today(),
                                             "县教育局"),
            lambda uow: organizations.create_organization(uow, name="新支部", kind=OrgKind.BRANCH),
            lambda uow: posts.add_post(uow, organization_id=first.id, kind=PostKind.COMMITTEE_MEMBER,
                                       holder_name="王新"),
        ]
        for call in calls:
            with UnitOfWork(ctx.store.session_factory, actor) as uow:
                with pytest.raises(PermissionDenied):
                    call(uow)
                uow.commit()  # even a commit after the refusal must write nothing
    assert _counts(ctx) == before


def test_secretary_may_edit_own_branch(setup) -> None:
    ctx, first, _second, target = setup
    actor = Actor("一支书记", Role.BRANCH_SECRETARY, first.id)
    with UnitOfWork(ctx.store.session_factory, actor) as uow:
        data = members.get_member_data(uow, target.id)
        data.note = "本支部书记修改"
        members.update_member(uow, target.id, data)
        members.create_member(uow, _new_member(first.name))
        uow.commit()
    with ctx.uow() as uow:
        assert members.get_member_data(uow, target.id).note == "本支部书记修改"
        assert uow.session.scalar(select(AuditLog.username).where(AuditLog.summary == "添加人员 王新")) == "一支书记"


def test_secretary_cannot_move_a_member_into_another_branch(setup) -> None:
    ctx, first, second, target = setup
    actor = Actor("一支书记", Role.BRANCH_SECRETARY, first.id)
    with UnitOfWork(ctx.store.session_factory, actor) as uow:
        data = members.get_member_data(uow, target.id)
        data.branch_name, data.group_name = second.name, ""
        with pytest.raises(PermissionDenied):
            members.update_member(uow, target.id, data)


def test_viewer_and_secretary_cannot_export_full_id_numbers(demo_ctx, tmp_path) -> None:
    from app.documents.roster_files import export_roster
    from app.domain.enums import Role
    from app.errors import PermissionDenied
    from app.store.uow import Actor, UnitOfWork

    for role in (Role.VIEWER, Role.BRANCH_SECRETARY):
        with UnitOfWork(demo_ctx.store.session_factory, Actor("someone", role)) as uow, \
                pytest.raises(PermissionDenied):
            export_roster(uow, tmp_path / f"{role.value}.xlsx")
    assert not list(tmp_path.glob("*.xlsx"))
    with UnitOfWork(demo_ctx.store.session_factory, Actor("admin", Role.ADMIN)) as uow:
        export_roster(uow, tmp_path / "admin.xlsx")
    assert (tmp_path / "admin.xlsx").exists()


def test_school_name_can_be_corrected_by_an_admin_only(demo_ctx) -> None:
    from app.domain.enums import Role
    from app.errors import PermissionDenied, ValidationError
    from app.services import organizations
    from app.store.models import AuditLog
    from app.store.uow import Actor, UnitOfWork

    with UnitOfWork(demo_ctx.store.session_factory, Actor("viewer", Role.VIEWER)) as uow, \
            pytest.raises(PermissionDenied):
        organizations.update_school(uow, name="别的学校")
    with demo_ctx.uow() as uow, pytest.raises(ValidationError):
        organizations.update_school(uow, name="  ")
    with demo_ctx.uow() as uow:
        organizations.update_school(uow, name="青山镇中心学校（九年一贯制）")
        uow.commit()
    with demo_ctx.uow() as uow:
        assert organizations.get_school(uow).name == "青山镇中心学校（九年一贯制）"
        logged = uow.session.scalars(select(AuditLog).where(AuditLog.entity == "school",
                                                            AuditLog.action == "update")).all()
        assert len(logged) == 1 and "青山镇中心学校" in logged[0].old_values
