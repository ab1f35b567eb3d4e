"""Helpers for use-case tests: the same store seen by another actor, and a fingerprint of every table."""

from __future__ import annotations

from app.context import AppContext
from app.domain.enums import Role
from app.store.engine import table_counts
from app.store.uow import Actor

VIEWER = Actor("查看员", Role.VIEWER)


def acting_as(ctx: AppContext, actor: Actor) -> AppContext:
    """A ledger on the same open store for `actor` (never closed: it shares the fixture's store)."""
    return AppContext(store=ctx.store, actor=actor)


def secretary_of(branch_id: str) -> Actor:
    return Actor("支部书记", Role.BRANCH_SECRETARY, branch_id)


def fingerprint(ctx: AppContext) -> dict[str, int]:
    """Row counts of every table: equal before and after means nothing was written (audit log included)."""
    return table_counts(ctx.store)
