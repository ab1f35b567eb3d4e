"""Find members by name, pinyin, initials or phone: the search of 组织设置's roster, for `dangjian find`."""

from __future__ import annotations

from app.services import members, organizations
from app.services.members import MemberQuery, MemberRow
from app.store.uow import Ledger


def find_members(ledger: Ledger, text: str, *, branch: str | None = None) -> list[MemberRow]:
    """The members the roster's search box shows for `text` (members on the roll, ordered by branch then
    name), within the branch or party group named `branch` when given (NotFoundError if there is none)."""
    with ledger.uow() as uow:
        branch_id = organizations.require_by_name(uow, branch, "党支部").id if branch else None
        return members.search_members(uow, MemberQuery(text=text, branch_id=branch_id))
