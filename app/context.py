"""The running app's context: the open store and who is acting. Made in main(), passed down."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from app.store.engine import Store, open_store
from app.store.migrate import upgrade
from app.store.uow import Actor, UnitOfWork


@dataclass
class AppContext:
    store: Store
    actor: Actor = field(default_factory=Actor.cli)
    read_only: bool = False

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.store.session_factory, self.actor)

    def close(self) -> None:
        self.store.dispose()


def open_context(target: str | os.PathLike[str] | None = None, *, actor: Actor | None = None,
                 read_only: bool = False, migrate: bool = True) -> AppContext:
    """Open the store named by --db / DANGJIAN_DB / the default, bringing its schema up to date."""
    store = open_store(target, read_only=read_only)
    if migrate and not read_only:
        upgrade(store)
    return AppContext(store=store, actor=actor or Actor.cli(), read_only=read_only)
