"""Sensitive personal information (PIPL): full ID numbers and phones are shown only on an audited request."""

from __future__ import annotations

from dataclasses import dataclass

from app.errors import NotFoundError, ValidationError
from app.services.permissions import require_admin, require_edit
from app.store.models import Member
from app.store.uow import UnitOfWork


@dataclass(frozen=True)
class MemberSensitive:
    id_number: str
    phone: str


def reveal_sensitive(uow: UnitOfWork, reason: str, *, what: str = "身份证号、手机号码",
                     scope: str = "党员花名册") -> None:
    """Allow an admin to see full numbers, recording who, when and why. The caller commits.

    Refused for every other role here, in the service, so hiding the button is not the only guard.
    """
    require_admin(uow.actor, f"查看完整{what}")
    reason = reason.strip()
    if not reason:
        raise ValidationError("请填写查看原因")
    uow.audit("reveal", "member", "", summary=f"显示完整{what}（{scope}）：{reason}",
              new={"what": what, "scope": scope, "reason": reason})


def reveal_member(uow: UnitOfWork, member_id: str, reason: str = "编辑党员信息") -> MemberSensitive:
    """Full ID and phone of one member, for a user allowed to edit that member; audited. The caller commits."""
    member = uow.session.get(Member, member_id)
    if member is None:
        raise NotFoundError("人员不存在")
    require_edit(uow.actor, uow.session, member.branch_id, "查看完整身份证号")
    uow.audit("reveal", "member", member.id, summary=f"显示{member.name}的完整身份证号、手机号码：{reason}",
              new={"reason": reason})
    return MemberSensitive(member.id_number or "", member.phone or "")
