"""Accounts and login: 管理员 / 支部书记 / 查看, scrypt password hashes, growing delay after failures.

Passwords are never stored, logged or audited in clear: only `scrypt$n$r$p$salt$hash` is kept. The
service never sleeps: a refused login carries the seconds the user must wait (`LoginRefused.wait_seconds`)
and `now` is injectable, so tests need no clock.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import func, select

from app.domain.enums import OrgKind, Role
from app.domain.text import clean_name
from app.errors import NotFoundError, PermissionDenied, ValidationError
from app.services.permissions import require_admin
from app.store.models import AuditLog, Organization, UserAccount, utcnow
from app.store.uow import Actor, UnitOfWork

SCRYPT_N = 2**17
SCRYPT_R = 8
SCRYPT_P = 1
SCRYPT_MAXMEM = 256 * 1024**2
MIN_PASSWORD_LENGTH = 6
FREE_ATTEMPTS = 2  # failures before any wait
MAX_WAIT_SECONDS = 300


class LoginRefused(PermissionDenied):
    """Wrong name or password, or too soon after failures; `wait_seconds` before the next try."""

    def __init__(self, message: str, wait_seconds: int = 0) -> None:
        super().__init__(message)
        self.wait_seconds = wait_seconds


@dataclass(frozen=True)
class AccountInfo:
    id: str
    username: str
    display_name: str
    role: Role
    organization_id: str | None
    organization_name: str
    active: bool


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str, *, n: int | None = None) -> str:
    """scrypt with a fresh 16-byte salt; the parameters travel with the hash so they can grow later."""
    n = n or SCRYPT_N
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=SCRYPT_R, p=SCRYPT_P,
                            maxmem=SCRYPT_MAXMEM, dklen=32)
    return f"scrypt${n}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r),
                                p=int(p), maxmem=SCRYPT_MAXMEM, dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def required_wait(failed_count: int, last_failed_at: dt.datetime | None, now: dt.datetime) -> int:
    """Seconds still to wait: none for the first FREE_ATTEMPTS failures, then 5, 10, 20 … up to 5 minutes."""
    if failed_count <= FREE_ATTEMPTS or last_failed_at is None:
        return 0
    delay = min(MAX_WAIT_SECONDS, 5 * 2 ** (failed_count - FREE_ATTEMPTS - 1))
    remaining = delay - (now - last_failed_at).total_seconds()
    return max(0, int(remaining + 0.999))


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(f"密码至少需要 {MIN_PASSWORD_LENGTH} 位")
    if password.strip() != password:
        raise ValidationError("密码首尾不能有空格")


def _info(uow: UnitOfWork, acc: UserAccount) -> AccountInfo:
    org = uow.session.get(Organization, acc.organization_id) if acc.organization_id else None
    return AccountInfo(acc.id, acc.username, acc.display_name, Role(acc.role), acc.organization_id,
                       org.name if org else "", acc.active)


def accounts_exist(uow: UnitOfWork) -> bool:
    """Once any active account exists the GUI asks for a login."""
    return bool(uow.session.scalar(select(func.count()).select_from(UserAccount).where(UserAccount.active)))


def needs_admin_password(uow: UnitOfWork) -> bool:
    """True while no active administrator account exists (首页 keeps reminding)."""
    return not uow.session.scalar(select(func.count()).select_from(UserAccount).where(
        UserAccount.active, UserAccount.role == Role.ADMIN.value))


def username_key(username: str) -> str:
    """What makes two usernames the same account: NFKC, no invisible characters, any letter case
    (`admin`, `Admin` and `admin` + U+200B are one name; README.md, 数据安全)."""
    return clean_name(username).casefold()


def _find(uow: UnitOfWork, username: str) -> UserAccount | None:
    """Accounts are few (a school has a handful): compared in Python, in normalised form, so names
    stored by release 1 in another case or with a zero-width space are found too."""
    key = username_key(username)
    if not key:
        return None
    return next((acc for acc in uow.session.scalars(select(UserAccount).order_by(UserAccount.created_at))
                 if username_key(acc.username) == key), None)


# A hash with the real parameters that no password matches: an unknown name costs one scrypt too, so the
# time of a refusal does not tell which names exist.
_NO_SUCH_ACCOUNT_SALT = base64.b64encode(bytes(16)).decode("ascii")


def _no_such_account_hash() -> str:
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_NO_SUCH_ACCOUNT_SALT}${base64.b64encode(bytes(32)).decode()}"


def _add(uow: UnitOfWork, username: str, password: str, role: Role, organization_id: str | None,
         display_name: str) -> AccountInfo:
    username = clean_name(username)
    if not username:
        raise ValidationError("用户名不能为空")
    if len(username) > 50:
        raise ValidationError("用户名过长")
    _check_password(password)
    if _find(uow, username) is not None:
        raise ValidationError(f"用户名“{username}”已存在")
    if role == Role.BRANCH_SECRETARY:
        org = uow.session.get(Organization, organization_id) if organization_id else None
        if org is None or not OrgKind(org.kind).is_branch:
            raise ValidationError("支部书记账号须指定所在党支部")
    else:
        organization_id = None
    acc = UserAccount(username=username, display_name=display_name.strip() or username, role=role.value,
                      organization_id=organization_id, password_hash=hash_password(password))
    uow.session.add(acc)
    uow.session.flush()
    uow.audit("create", "user_account", acc.id, f"新建账号 {username}（{role.label}）",
              new={"username": username, "role": role.value, "organization_id": organization_id})
    return _info(uow, acc)


def set_initial_admin(uow: UnitOfWork, password: str, username: str = "admin",
                      display_name: str = "管理员") -> AccountInfo:
    """First run: the administrator's password. Only while the store has no account at all."""
    if uow.session.scalar(select(func.count()).select_from(UserAccount)):
        raise PermissionDenied("已有账号，请由管理员在“账号管理”中设置。")
    return _add(uow, username, password, Role.ADMIN, None, display_name)


def create_account(uow: UnitOfWork, *, username: str, password: str, role: Role,
                   organization_id: str | None = None, display_name: str = "") -> AccountInfo:
    require_admin(uow.actor, "管理账号")
    return _add(uow, username, password, role, organization_id, display_name)


def list_accounts(uow: UnitOfWork) -> list[AccountInfo]:
    require_admin(uow.actor, "查看账号")
    rows = uow.session.scalars(select(UserAccount).order_by(UserAccount.role, UserAccount.username))
    return [_info(uow, acc) for acc in rows]


def set_password(uow: UnitOfWork, username: str, new_password: str, old_password: str | None = None) -> None:
    """An admin resets anyone's password; anyone else changes only their own, giving the old one."""
    acc = _find(uow, username)
    if acc is None:
        raise NotFoundError(f"账号“{username}”不存在")
    own = uow.actor.username == acc.username
    if not own or uow.actor.role != Role.ADMIN:
        if not own:
            require_admin(uow.actor, "重设他人密码")
        elif old_password is None or not verify_password(old_password, acc.password_hash):
            raise PermissionDenied("原密码不正确")
    _check_password(new_password)
    acc.password_hash = hash_password(new_password)
    acc.failed_count = 0
    acc.last_failed_at = None
    uow.audit("update", "user_account", acc.id, f"修改密码 {acc.username}")  # never the password itself


def set_active(uow: UnitOfWork, username: str, active: bool) -> None:
    require_admin(uow.actor, "管理账号")
    acc = _find(uow, username)
    if acc is None:
        raise NotFoundError(f"账号“{username}”不存在")
    if not active and acc.role == Role.ADMIN.value and acc.active:
        admins = uow.session.scalar(select(func.count()).select_from(UserAccount).where(
            UserAccount.active, UserAccount.role == Role.ADMIN.value))
        if (admins or 0) <= 1:
            raise ValidationError("不能停用最后一个管理员账号")
    old = {"active": acc.active}
    acc.active = active
    uow.audit("update", "user_account", acc.id, f"{'启用' if active else '停用'}账号 {acc.username}",
              old=old, new={"active": active})


def _log(uow: UnitOfWork, username: str, action: str, acc: UserAccount | None, summary: str) -> None:
    uow.session.add(AuditLog(username=username[:50], action=action, entity="user_account",
                             entity_id=acc.id if acc else "", summary=summary))


def login(uow: UnitOfWork, username: str, password: str, *, now: dt.datetime | None = None,
          record: bool = True) -> Actor:
    """Check a login; commits the audit row (and failure count) itself so a refusal is still recorded.

    `record=False` checks without writing (windows record through app.context.login_uow, read-only too).
    """
    now = now or utcnow()
    username = clean_name(username)
    acc = _find(uow, username)
    if acc is None or not acc.active:
        verify_password(password, acc.password_hash if acc is not None else _no_such_account_hash())
        if record:
            _log(uow, username, "login_failed", acc, f"登录失败：账号“{username}”不存在或已停用")
            uow.commit()
        raise LoginRefused("用户名或密码不正确。")
    wait = required_wait(acc.failed_count, acc.last_failed_at, now)
    if wait > 0:
        raise LoginRefused(f"密码错误次数过多，请 {wait} 秒后再试。", wait)
    if not verify_password(password, acc.password_hash):
        if record:
            acc.failed_count += 1
            acc.last_failed_at = now
            _log(uow, username, "login_failed", acc, f"登录失败：密码错误（第 {acc.failed_count} 次）")
            uow.commit()
        wait = required_wait(acc.failed_count, acc.last_failed_at, now)
        hint = f"请 {wait} 秒后再试。" if wait else "请重试。"
        raise LoginRefused(f"用户名或密码不正确，{hint}", wait)
    if record:
        acc.failed_count = 0
        acc.last_failed_at = None
        _log(uow, username, "login", acc, f"登录：{username}")
        uow.commit()
    return Actor(username=acc.username, role=Role(acc.role), organization_id=acc.organization_id,
                 account_id=acc.id)
