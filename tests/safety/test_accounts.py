"""Accounts: hashing, first admin, roles, failed logins with a growing wait, never a password in the log."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.domain.enums import Role
from app.errors import PermissionDenied, ValidationError
from app.services import accounts, organizations
from app.services.accounts import LoginRefused
from app.store.models import AuditLog, UserAccount
from app.store.uow import Actor, UnitOfWork

PASSWORD = "s3cret-Pw!"


def _uow(ctx, actor: Actor | None = None) -> UnitOfWork:
    return UnitOfWork(ctx.store.session_factory, actor or ctx.actor)


def test_real_scrypt_parameters_and_round_trip(monkeypatch) -> None:
    assert accounts.hash_password("same") != accounts.hash_password("same")  # fresh salt (at the tests' cost)
    monkeypatch.setattr(accounts, "SCRYPT_N", 2**17)
    stored = accounts.hash_password("密码abc123")
    scheme, n, r, p, salt, _digest = stored.split("$")
    assert (scheme, n, r, p) == ("scrypt", str(2**17), "8", "1")
    assert len(accounts.base64.b64decode(salt)) == 16
    assert "密码abc123" not in stored
    assert accounts.verify_password("密码abc123", stored)
    assert not accounts.verify_password("密码abc124", stored)


def test_garbage_hash_never_verifies() -> None:
    assert not accounts.verify_password("x", "")
    assert not accounts.verify_password("x", "md5$abc")


def test_new_store_needs_admin_then_login_gives_actor(ctx) -> None:
    with ctx.uow() as uow:
        assert accounts.needs_admin_password(uow)
        assert not accounts.accounts_exist(uow)
        accounts.set_initial_admin(uow, PASSWORD)
        uow.commit()
    with ctx.uow() as uow:
        assert not accounts.needs_admin_password(uow)
        assert accounts.accounts_exist(uow)
        with pytest.raises(PermissionDenied):
            accounts.set_initial_admin(uow, "another-password")
        actor = accounts.login(uow, "admin", PASSWORD)
    assert actor == Actor("admin", Role.ADMIN, None)


def test_short_password_is_refused(ctx) -> None:
    with ctx.uow() as uow, pytest.raises(ValidationError, match="至少"):
        accounts.set_initial_admin(uow, "12345")


def test_failed_logins_grow_a_wait_and_are_audited_without_the_password(ctx) -> None:
    with ctx.uow() as uow:
        accounts.set_initial_admin(uow, PASSWORD)
        uow.commit()
    t0 = dt.datetime(2026, 1, 1, 8, 0, 0)
    waits = []
    now = t0
    for i in range(6):
        with ctx.uow() as uow, pytest.raises(LoginRefused) as info:
            accounts.login(uow, "admin", f"wrong-guess-{i}", now=now)
        waits.append(info.value.wait_seconds)
        now += dt.timedelta(seconds=info.value.wait_seconds)
    assert waits[:2] == [0, 0]
    assert waits[2:] == sorted(waits[2:]) and waits[2] > 0 and waits[-1] > waits[2]
    # Too soon: refused even with the right password, and the wait is named.
    with ctx.uow() as uow, pytest.raises(LoginRefused, match="秒后再试"):
        accounts.login(uow, "admin", PASSWORD, now=now - dt.timedelta(seconds=1))
    with ctx.uow() as uow:
        assert accounts.login(uow, "admin", PASSWORD, now=now).role == Role.ADMIN
    with ctx.uow() as uow:
        rows = uow.session.scalars(select(AuditLog).where(AuditLog.entity == "user_account")).all()
        assert sum(r.action == "login_failed" for r in rows) == 6
        assert any(r.action == "login" for r in rows)
        text = " ".join(f"{r.summary}{r.old_values}{r.new_values}" for r in rows)
        assert "wrong-guess" not in text and PASSWORD not in text
        acc = uow.session.scalars(select(UserAccount)).one()
        assert acc.failed_count == 0
        assert PASSWORD not in acc.password_hash


def test_unknown_user_is_refused_and_logged(ctx) -> None:
    with ctx.uow() as uow, pytest.raises(LoginRefused, match="不正确"):
        accounts.login(uow, "nobody", "whatever")
    with ctx.uow() as uow:
        assert uow.session.scalars(select(AuditLog.action)).all() == ["login_failed"]


def test_account_management_requires_admin(demo_ctx) -> None:
    ctx = demo_ctx
    with ctx.uow() as uow:
        accounts.set_initial_admin(uow, PASSWORD)
        branch = organizations.branches(uow)[0]
        accounts.create_account(uow, username="sec1", password=PASSWORD, role=Role.BRANCH_SECRETARY,
                                organization_id=branch.id)
        accounts.create_account(uow, username="view1", password=PASSWORD, role=Role.VIEWER)
        uow.commit()
    for actor in (Actor("view1", Role.VIEWER), Actor("sec1", Role.BRANCH_SECRETARY, branch.id)):
        with _uow(ctx, actor) as uow:
            with pytest.raises(PermissionDenied):
                accounts.create_account(uow, username="x", password=PASSWORD, role=Role.ADMIN)
            with pytest.raises(PermissionDenied):
                accounts.list_accounts(uow)
            with pytest.raises(PermissionDenied):
                accounts.set_active(uow, "admin", False)
            with pytest.raises(PermissionDenied):
                accounts.set_password(uow, "admin", "new-password")
    with _uow(ctx, Actor("view1", Role.VIEWER)) as uow:
        with pytest.raises(PermissionDenied, match="原密码"):
            accounts.set_password(uow, "view1", "new-password", old_password="bad")
        accounts.set_password(uow, "view1", "new-password", old_password=PASSWORD)
        uow.commit()
    with ctx.uow() as uow:
        assert accounts.login(uow, "view1", "new-password").role == Role.VIEWER
        assert [a.username for a in accounts.list_accounts(uow)] == ["admin", "sec1", "view1"]
        with pytest.raises(ValidationError, match="最后一个管理员"):
            accounts.set_active(uow, "admin", False)
        with pytest.raises(ValidationError, match="党支部"):
            accounts.create_account(uow, username="sec2", password=PASSWORD, role=Role.BRANCH_SECRETARY)
        with pytest.raises(ValidationError, match="已存在"):
            accounts.create_account(uow, username="view1", password=PASSWORD, role=Role.VIEWER)


def test_login_to_a_branch_secretary_carries_the_branch(demo_ctx) -> None:
    with demo_ctx.uow() as uow:
        branch = organizations.branches(uow)[1]
        accounts.create_account(uow, username="sec", password=PASSWORD, role=Role.BRANCH_SECRETARY,
                                organization_id=branch.id)
        uow.commit()
    with demo_ctx.uow() as uow:
        actor = accounts.login(uow, "sec", PASSWORD)
    assert actor.organization_id == branch.id and actor.role == Role.BRANCH_SECRETARY
