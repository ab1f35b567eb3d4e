"""Use cases of 班子配备: appoint someone to a post, end a term; each one transaction (docs/architecture.md)."""

from __future__ import annotations

import datetime as dt

from app.domain.enums import PostKind
from app.services import posts
from app.services.posts import PostRow
from app.store.uow import Ledger


def load_current_posts(ledger: Ledger, *, with_history: bool = False) -> list[PostRow]:
    """Posts in tree order; with every ended term too when `with_history` (历届)."""
    with ledger.uow() as uow:
        return posts.list_posts(uow, current_only=not with_history)


def appoint(ledger: Ledger, *, organization_id: str, kind: PostKind, member_id: str | None = None,
            holder_name: str = "", term_start: dt.date | None = None, full_time: bool = False,
            cross_appointment: bool = False, admin_title: str = "", note: str = "", reason: str | None = None) -> str:
    """Record a post holder (admin only); returns the post's id.

    A post that breaks a rule (docs/domain.md, "Posts") raises PostRuleWarning unless `reason` is given."""
    with ledger.uow() as uow:
        post_id = posts.add_post(
            uow, organization_id=organization_id, kind=kind, member_id=member_id, holder_name=holder_name,
            term_start=term_start, full_time=full_time, cross_appointment=cross_appointment,
            admin_title=admin_title, note=note, reason=reason)
        uow.commit()
    return post_id


def end_term(ledger: Ledger, post_id: str, on: dt.date) -> str:
    """The day a term ended (换届, transfer); the post stays in history. Returns the post's id."""
    with ledger.uow() as uow:
        posts.end_post(uow, post_id, on)
        uow.commit()
    return post_id
