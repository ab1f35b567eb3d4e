"""Who may change what. Enforced here, in the services, not only by hiding buttons."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.domain.enums import Role
from app.errors import PermissionDenied
from app.store.models import Organization
from app.store.uow import Actor


def require_admin(actor: Actor, what: str = "此操作") -> None:
    if actor.role != Role.ADMIN:
        raise PermissionDenied(f"当前账号（{actor.role.label}）无权{what}，需要管理员。")


def branch_of(session: Session, organization_id: str | None) -> str | None:
    """The branch an organization belongs to: itself, or a party group's parent branch."""
    if organization_id is None:
        return None
    org = session.get(Organization, organization_id)
    if org is None:
        return None
    if org.kind == "party_group" and org.parent_id:
        return org.parent_id
    return org.id


def require_edit(actor: Actor, session: Session, organization_id: str | None, what: str = "修改") -> None:
    """Admins edit everything; a branch secretary edits their own branch and its party groups."""
    if actor.role == Role.ADMIN:
        return
    if actor.role == Role.BRANCH_SECRETARY and actor.organization_id is not None:
        if branch_of(session, organization_id) == branch_of(session, actor.organization_id):
            return
        raise PermissionDenied(f"支部书记只能{what}本支部的记录。")
    raise PermissionDenied(f"当前账号（{actor.role.label}）为只读，无权{what}。")
