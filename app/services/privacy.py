"""Sensitive personal information (PIPL): full ID numbers and phones are shown only on an audited request."""

from __future__ import annotations

from app.errors import ValidationError
from app.services.permissions import require_admin
from app.store.uow import UnitOfWork


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
