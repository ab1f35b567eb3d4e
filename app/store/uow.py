"""Unit of work: one transaction per user action, committed explicitly, rolled back by default."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Protocol

from sqlalchemy.orm import Session, sessionmaker

from app.domain.enums import Role
from app.store.dberrors import translate
from app.store.models import AuditLog


@dataclass(frozen=True)
class Actor:
    """Who performs an action: a logged-in account, or the CLI acting as the machine's administrator."""

    username: str
    role: Role = Role.ADMIN
    organization_id: str | None = None
    # Set by a login: every commit re-checks that account (UnitOfWork.commit). Not part of who acts.
    account_id: str | None = field(default=None, compare=False)

    @classmethod
    def cli(cls) -> Actor:
        return cls(username="命令行", role=Role.ADMIN)

    @classmethod
    def system(cls) -> Actor:
        return cls(username="系统", role=Role.ADMIN)


def _jsonable(values: dict[str, Any] | None) -> str:
    if not values:
        return ""
    return json.dumps(values, ensure_ascii=False, default=str, sort_keys=True)


class UnitOfWork:
    """`with UnitOfWork(factory, actor) as uow: ...; uow.commit()`. Leaving without commit rolls back."""

    session: Session

    def __init__(self, session_factory: sessionmaker[Session], actor: Actor | None = None) -> None:
        self._factory = session_factory
        self.actor = actor or Actor.system()

    def __enter__(self) -> UnitOfWork:
        self.session = self._factory()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        try:
            self.session.rollback()
        finally:
            self.session.close()
        if exc is not None and (known := translate(exc)) is not None:
            raise known from exc  # a full disk or locked file is a plain message, not a bug

    def commit(self) -> None:
        self.check_account()
        self.session.commit()

    def check_account(self) -> None:
        """A logged-in actor writes only while the account is active with the role it logged in with:
        a window left open after its account was deactivated or demoted loses its rights at once (on
        PostgreSQL every window is its own process, so nothing else would tell it)."""
        if self.actor.account_id is None:
            return
        from sqlalchemy import select

        from app.errors import PermissionDenied
        from app.store.models import UserAccount

        with self.session.no_autoflush:
            row = self.session.execute(select(UserAccount.active, UserAccount.role, UserAccount.organization_id)
                                       .where(UserAccount.id == self.actor.account_id)).first()
        if row is None or not row.active or row.role != self.actor.role.value \
                or row.organization_id != self.actor.organization_id:
            self.session.rollback()
            raise PermissionDenied("当前账号已被停用或权限已变更，刚才的操作没有保存。请重新登录。")

    def rollback(self) -> None:
        self.session.rollback()

    def audit(self, action: str, entity: str, entity_id: str = "", summary: str = "",
              old: dict[str, Any] | None = None, new: dict[str, Any] | None = None) -> None:
        """Record a change in the same transaction as the change itself."""
        self.session.add(AuditLog(
            username=self.actor.username, action=action, entity=entity, entity_id=entity_id,
            summary=summary, old_values=_jsonable(old), new_values=_jsonable(new),
        ))


class Ledger(Protocol):
    """What a use case needs from the running app: who acts, and a fresh unit of work per call.

    `AppContext` is one. A use case opens `with ledger.uow() as uow:`, does all of one user operation,
    and commits once; its caller (GUI or CLI) never commits and never sees a Session.
    """

    actor: Actor
    read_only: bool

    def uow(self) -> UnitOfWork: ...
