"""Use case of `dangjian demo`: fill an EMPTY store with the fictional demo school, in one transaction."""

from __future__ import annotations

from app.errors import ValidationError
from app.services.demo import build_demo, store_is_empty
from app.services.permissions import require_admin
from app.store.uow import Ledger


def has_data(ledger: Ledger) -> bool:
    with ledger.uow() as uow:
        return not store_is_empty(uow)


def make_demo_school(ledger: Ledger, year: int) -> str:
    """Admin only; refuses a store that already holds data. Returns the one-line summary."""
    require_admin(ledger.actor, "生成示范学校")
    with ledger.uow() as uow:
        if not store_is_empty(uow):
            raise ValidationError("数据文件中已有数据，示范学校只能生成在空数据文件中。")
        summary = build_demo(uow, year)
        uow.commit()
    return summary
