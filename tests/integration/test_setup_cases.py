"""Use cases of 组织设置, the roster and accounts: each commits once, refuses the wrong role, and writes
nothing (not even an audit row) when it refuses or the input is bad."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.documents import audit_export
from app.domain import idcard
from app.domain.enums import MemberCategory, MemberStatus, OrgKind, PostKind, Role
from app.domain.member_rules import MemberData
from app.errors import PermissionDenied, ValidationError
from app.services import account_cases, audit_cases, demo_cases, member_cases, org_cases, organizations, post_cases
from app.services.audit import AuditQuery
from app.services.members import MemberQuery
from app.store.models import AuditLog
from app.store.uow import Actor, UnitOfWork
from tests.integration.case_helpers import VIEWER, acting_as, fingerprint, secretary_of

BORN = dt.date(1990, 5, 6)


def _newcomer(branch_name: str, seq: int = 123) -> MemberData:
    number = idcard.make_number("610330", BORN, seq)
    return MemberData(name="王新", gender=idcard.parse(number).gender, birth_date=BORN, id_number=number,
                      category=MemberCategory.APPLICANT, branch_name=branch_name, applied_on=dt.date(2024, 3, 1))


def _audit_summaries(ctx) -> list[str]:
    with ctx.uow() as uow:
        return list(uow.session.scalars(select(AuditLog.summary).order_by(AuditLog.at, AuditLog.id)))


@pytest.fixture
def school(school_ctx):
    with school_ctx.uow() as uow:
        first, second = organizations.branches(uow)[:2]
    target = member_cases.find_members(school_ctx, MemberQuery(branch_id=first.id))[0]
    return school_ctx, first, second, target


# --- the school ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("actor", [VIEWER, Actor("书记", Role.BRANCH_SECRETARY, "某支部")])
def test_ensure_school_refuses_everyone_but_an_admin(ctx, actor: Actor) -> None:
    before = fingerprint(ctx)
    with pytest.raises(PermissionDenied), UnitOfWork(ctx.store.session_factory, actor) as uow:
        organizations.ensure_school(uow, "偷建学校")
    with pytest.raises(PermissionDenied):
        org_cases.set_up_school(acting_as(ctx, actor), "偷建学校")
    assert fingerprint(ctx) == before


def test_set_up_school_creates_it_once_and_audits_it(ctx) -> None:
    made = org_cases.set_up_school(ctx, "  青山小学 ", county="青山县")
    again = org_cases.set_up_school(ctx, "别的名字")
    assert made == again and made.name == "青山小学"
    assert org_cases.load_school(ctx) == made
    assert _audit_summaries(ctx) == ["创建学校 青山小学"]


def test_set_up_school_with_no_name_writes_nothing(ctx) -> None:
    with pytest.raises(ValidationError):
        org_cases.set_up_school(ctx, "   ")
    assert fingerprint(ctx)["school"] == 0 and fingerprint(ctx)["audit_log"] == 0


def test_correct_school_and_organizations(school) -> None:
    ctx, first, _second, _target = school
    org_cases.correct_school(ctx, name="青山镇中心学校（九年一贯制）")
    added = org_cases.add_organization(ctx, name="第四党支部", kind=OrgKind.BRANCH, parent_id=first.parent_id,
                                       term_start=dt.date(2025, 9, 1))
    changed = org_cases.change_organization(ctx, added.id, name="第四党支部（幼儿园）", term_years=5)
    tree = org_cases.load_org_tree(ctx)
    assert tree.school is not None and tree.school.name == "青山镇中心学校（九年一贯制）"
    assert changed.name in [o.name for o in tree.organizations] and changed.term_years == 5
    assert _audit_summaries(ctx)[-3:] == ["修改学校信息 青山镇中心学校 → 青山镇中心学校（九年一贯制）",
                                         "新建党支部 第四党支部", "修改党组织 第四党支部（幼儿园）"]


def test_a_duplicate_organization_writes_nothing(school) -> None:
    ctx, first, _second, _target = school
    before = fingerprint(ctx)
    with pytest.raises(ValidationError, match="已有名为"):
        org_cases.add_organization(ctx, name=first.name, kind=OrgKind.BRANCH, parent_id=first.parent_id)
    assert fingerprint(ctx) == before


# --- every write refuses a viewer and another branch's secretary, writing nothing ---------------------------
def _writes(first, second, target):
    return {
        "correct_school": lambda led: org_cases.correct_school(led, name="改名学校"),
        "add_organization": lambda led: org_cases.add_organization(led, name="新支部", kind=OrgKind.BRANCH),
        "change_organization": lambda led: org_cases.change_organization(led, first.id, name="改名"),
        "appoint": lambda led: post_cases.appoint(led, organization_id=first.id, kind=PostKind.COMMITTEE_MEMBER,
                                                  holder_name="王新"),
        "add_member": lambda led: member_cases.add_member(led, _newcomer(first.name)),
        "edit_member": lambda led: member_cases.edit_member(led, target.id, member_cases.load_member(led, target.id)),
        "record_leaving": lambda led: member_cases.record_leaving(led, target.id, MemberStatus.TRANSFERRED_OUT,
                                                                  dt.date(2025, 8, 31), "县教育局"),
        "reveal_member_numbers": lambda led: member_cases.reveal_member_numbers(led, target.id),
        "reveal_roster_numbers": lambda led: member_cases.reveal_roster_numbers(led, "核对"),
        "add_account": lambda led: account_cases.add_account(led, username="x1", password="secret-123",
                                                             role=Role.VIEWER),
        "set_account_active": lambda led: account_cases.set_account_active(led, "nobody", False),
        "make_demo_school": lambda led: demo_cases.make_demo_school(led, 2025),
    }


@pytest.mark.parametrize("who", ["viewer", "other branch's secretary"])
def test_every_write_refuses_the_wrong_role_and_writes_nothing(school, who: str) -> None:
    ctx, first, second, target = school
    actor = VIEWER if who == "viewer" else secretary_of(second.id)
    ledger = acting_as(ctx, actor)
    before = fingerprint(ctx)
    refused = []
    for name, write in _writes(first, second, target).items():
        with pytest.raises(PermissionDenied):
            write(ledger)
        refused.append(name)
    assert fingerprint(ctx) == before
    assert len(refused) == 12


def test_a_branch_secretary_edits_their_own_branch(school) -> None:
    ctx, first, _second, target = school
    ledger = acting_as(ctx, secretary_of(first.id))
    new_id = member_cases.add_member(ledger, _newcomer(first.name))
    numbers = member_cases.reveal_member_numbers(ledger, target.id)
    assert numbers.id_number == member_cases.load_member(ctx, target.id).id_number
    member_cases.record_leaving(ledger, new_id, MemberStatus.TRANSFERRED_OUT, dt.date(2025, 8, 31), "县教育局")
    assert member_cases.load_member(ctx, new_id).status == MemberStatus.TRANSFERRED_OUT
    assert _audit_summaries(ctx)[-3:] == [
        "添加人员 王新", f"显示{target.name}的完整身份证号、手机号码：编辑党员信息", "王新 转出"]


# --- members -----------------------------------------------------------------------------------------------
def test_bad_member_data_is_refused_and_nothing_is_written(school) -> None:
    ctx, first, _second, target = school
    bad = _newcomer(first.name)
    bad.id_number = bad.id_number[:-1] + ("0" if bad.id_number[-1] != "0" else "1")  # wrong check digit
    before = fingerprint(ctx)
    assert member_cases.problems_with(ctx, bad)
    with pytest.raises(ValidationError):
        member_cases.add_member(ctx, bad)
    clash = member_cases.load_member(ctx, target.id)
    clash.name = "冒名"
    with pytest.raises(ValidationError):
        member_cases.add_member(ctx, clash)  # the same ID number as an existing member
    with pytest.raises(ValidationError):
        member_cases.record_leaving(ctx, target.id, MemberStatus.TRANSFERRED_OUT, dt.date(2025, 8, 31), " ")
    assert fingerprint(ctx) == before


def test_edit_member_changes_and_audits_only_what_changed(school) -> None:
    ctx, _first, _second, target = school
    data = member_cases.load_member(ctx, target.id)
    data.job = "校团委书记"
    member_cases.edit_member(ctx, target.id, data)
    assert member_cases.load_member(ctx, target.id).job == "校团委书记"
    with ctx.uow() as uow:
        new_values = uow.session.scalar(select(AuditLog.new_values).where(
            AuditLog.action == "update", AuditLog.entity_id == target.id))
    assert new_values == '{"job": "校团委书记"}'



def test_posts_appoint_and_end_a_term(school) -> None:
    ctx, first, _second, target = school
    post_id = post_cases.appoint(ctx, organization_id=first.id, kind=PostKind.COMMITTEE_MEMBER,
                                 member_id=target.id, term_start=dt.date(2024, 9, 1),
                                 reason="支部调整，经上级党组织同意")  # whoever the target is, a rule may warn
    assert post_id in [p.id for p in post_cases.load_current_posts(ctx)]
    with pytest.raises(ValidationError):
        post_cases.end_term(ctx, post_id, dt.date(2023, 1, 1))  # before the term started
    post_cases.end_term(ctx, post_id, dt.date(2025, 8, 31))
    assert post_id not in [p.id for p in post_cases.load_current_posts(ctx)]


# --- accounts and the audit log ----------------------------------------------------------------------------
def test_accounts_use_cases(school) -> None:
    ctx, first, _second, _target = school
    admin = account_cases.set_first_admin_password(ctx, "secret-123")
    assert account_cases.accounts_state(ctx) == (True, False)
    ledger = acting_as(ctx, Actor(admin.username, Role.ADMIN))
    account_cases.add_account(ledger, username="sec1", password="secret-123", role=Role.BRANCH_SECRETARY,
                              branch_name=first.name)
    account_cases.reset_password(ledger, "sec1", "another-456")
    account_cases.set_account_active(ledger, "sec1", False)
    rows = {a.username: a for a in account_cases.load_accounts(ledger)}
    assert rows["sec1"].organization_id == first.id and not rows["sec1"].active
    with pytest.raises(ValidationError, match="最后一个管理员"):
        account_cases.set_account_active(ledger, "admin", False)
    with pytest.raises(PermissionDenied):
        account_cases.log_in(ctx, "sec1", "another-456")  # deactivated
    assert account_cases.log_in(ctx, "admin", "secret-123").role == Role.ADMIN
    assert all("secret" not in s and "another" not in s for s in _audit_summaries(ctx))


def test_a_branch_secretary_needs_a_branch_and_nothing_is_written(school) -> None:
    ctx, _first, _second, _target = school
    before = fingerprint(ctx)
    with pytest.raises(ValidationError):
        account_cases.add_account(ctx, username="sec2", password="secret-123", role=Role.BRANCH_SECRETARY)
    assert fingerprint(ctx) == before


def test_audit_export_is_admin_only_and_recorded(school, tmp_path) -> None:
    ctx, _first, _second, _target = school
    out = tmp_path / "审计.xlsx"
    before = fingerprint(ctx)
    with pytest.raises(PermissionDenied):
        audit_export.export_audit_log(acting_as(ctx, VIEWER), AuditQuery(), out)
    assert not out.exists() and fingerprint(ctx) == before
    written = audit_export.export_audit_log(ctx, AuditQuery(), out)
    assert written == out and out.stat().st_size > 0
    total, rows = audit_cases.load_audit_page(ctx, AuditQuery(limit=1))
    assert total == before["audit_log"] + 1 and rows[0].action == "export"


def test_demo_school_only_in_an_empty_store(demo_ctx, tmp_path) -> None:
    """Refused in a store that holds data, nothing written. Its build in an empty store is `dangjian demo`
    (tests/integration/test_store.py), which runs this use case: the demo school is built once there, not
    twice (3.5 s each)."""
    from app.context import open_context

    empty = open_context(tmp_path / "empty.sqlite")
    try:
        assert not demo_cases.has_data(empty)
    finally:
        empty.close()
    assert demo_cases.has_data(demo_ctx)
    before = fingerprint(demo_ctx)
    with pytest.raises(ValidationError, match="已有数据"):
        demo_cases.make_demo_school(demo_ctx, 2025)
    assert fingerprint(demo_ctx) == before
