"""A Ledger that also hands out its store file: what backup, restore and import use cases need."""

from __future__ import annotations

from typing import Protocol

from app.store.engine import Store
from app.store.uow import Ledger


class StoreLedger(Ledger, Protocol):
    """`AppContext` is one: the actor, a unit of work per call, and the open store (for verified copies)."""

    store: Store
