"""Use cases of 账号管理 and login; each one transaction (docs/architecture.md). Passwords are never logged."""

from __future__ import annotations

import datetime as dt

from app.domain.enums import Role
from app.services import accounts, organizations
from app.services.accounts import AccountInfo
from app.store.uow import Actor, Ledger


def log_in(ledger: Ledger, username: str, password: str, *, now: dt.datetime | None = None) -> Actor:
    """Check a login; success and refusal are both recorded, in a read-only window too, so the lockout is
    the same everywhere (a window's ledger offers `recording_uow`: a short writable connection for it).

    The step commits its own audit row, so a refused login stays in the log; LoginRefused says how long
    to wait.
    """
    opener = getattr(ledger, "recording_uow", None)
    if opener is None:  # a ledger that cannot write elsewhere: check, and record only if it may write
        with ledger.uow() as uow:
            return accounts.login(uow, username, password, now=now, record=not ledger.read_only)
    with opener() as uow:
        return accounts.login(uow, username, password, now=now)


def accounts_state(ledger: Ledger) -> tuple[bool, bool]:
    """(any active account exists → ask for a login, no active administrator yet → offer a password)."""
    with ledger.uow() as uow:
        return accounts.accounts_exist(uow), accounts.needs_admin_password(uow)


def set_first_admin_password(ledger: Ledger, password: str, username: str = "admin") -> AccountInfo:
    """First run: the administrator's account, only while the store has no account at all."""
    with ledger.uow() as uow:
        info = accounts.set_initial_admin(uow, password, username)
        uow.commit()
    return info


def load_accounts(ledger: Ledger) -> list[AccountInfo]:
    with ledger.uow() as uow:
        return accounts.list_accounts(uow)


def add_account(ledger: Ledger, *, username: str, password: str, role: Role, branch_id: str | None = None,
                branch_name: str | None = None, display_name: str = "") -> AccountInfo:
    """A new account (admin only); a branch secretary's branch by id (GUI) or by name (CLI)."""
    with ledger.uow() as uow:
        if branch_name:
            branch_id = organizations.require_by_name(uow, branch_name, "党支部").id
        info = accounts.create_account(uow, username=username, password=password, role=role,
                                       organization_id=branch_id, display_name=display_name)
        uow.commit()
    return info


def reset_password(ledger: Ledger, username: str, new_password: str, old_password: str | None = None) -> str:
    """An admin resets anyone's password; anyone else changes their own, giving the old one."""
    with ledger.uow() as uow:
        accounts.set_password(uow, username, new_password, old_password)
        uow.commit()
    return username


def set_account_active(ledger: Ledger, username: str, active: bool) -> str:
    """停用/启用 (admin only; never the last administrator)."""
    with ledger.uow() as uow:
        accounts.set_active(uow, username, active)
        uow.commit()
    return username
