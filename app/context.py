"""The running app's context: the open store and who is acting. Made in main(), passed down."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field

from sqlalchemy.orm import configure_mappers

from app.errors import StoreLocked
from app.store import clean_close
from app.store import lock as store_lock
from app.store.engine import Store, open_store, sqlite_path
from app.store.migrate import ensure_created, upgrade
from app.store.uow import Actor, UnitOfWork


@dataclass
class AppContext:
    store: Store
    actor: Actor = field(default_factory=Actor.cli)
    read_only: bool = False
    lock: store_lock.StoreLock | None = None

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.store.session_factory, self.actor)

    def relock(self) -> StoreLocked | None:
        """Take the write lock again (after a login prompt that did not hold it). If another window took
        it meanwhile, this context goes on read-only and the refusal is returned for the user to read."""
        assert self.store.path is not None
        try:
            self.lock = store_lock.acquire(self.store.path)
        except StoreLocked as exc:
            self.lock = None
            self.store.dispose()
            self.store = open_store(self.store.path, read_only=True)
            self.read_only = True
            return exc
        return None

    def recording_uow(self) -> AbstractContextManager[UnitOfWork]:
        """A unit of work that can record a login attempt or an audit row even in a read-only window
        (a short writable connection of its own; see `login_uow`)."""
        return login_uow(self)

    def close(self) -> None:
        self.store.dispose()
        if self.lock is not None:
            if self.store.path is not None and self.store.checked_on is not None and self.lock.sole_holder():
                clean_close.mark_clean(self.store.path, self.store.checked_on)
            self.lock.release()


def open_context(target: str | os.PathLike[str] | None = None, *, actor: Actor | None = None,
                 read_only: bool = False, migrate: bool = True) -> AppContext:
    """Open the store named by --db / DANGJIAN_DB / the default, bringing its schema up to date.

    A writable SQLite store is locked for the session first, so a second instance is told at once.
    """
    path = sqlite_path(target)
    lock = store_lock.acquire(path) if path is not None and not read_only else None
    try:
        if lock is not None and path is not None and migrate:
            ensure_created(path)  # a new store is built whole under a temporary name, then renamed
            lock.hold_identity()
        store = open_store(target, read_only=read_only)
        if lock is not None and path is not None:
            clean_close.forget(path)  # a crash from here on means a check at the next start
        if migrate and not read_only:
            upgrade(store)
        elif path is None:
            store.engine.connect().close()  # a server URL: say now, plainly, if it cannot be reached
    except BaseException as exc:
        if lock is not None:
            lock.release()
        from app.store.dberrors import translate

        plain = translate(exc)
        if plain is not None:
            raise plain from None
        raise
    configure_mappers()  # once, as the store opens: not inside the first tab's first query (docs/benchmark.md)
    return AppContext(store=store, actor=actor or Actor.cli(), read_only=read_only, lock=lock)


def open_for_reading(target: str | os.PathLike[str] | None = None, *,
                     actor: Actor | None = None) -> AppContext:
    """For commands that only read (print, export, check): they also work while a GUI window holds
    the store, reading it without the write lock when its schema is current.
    """
    from app.store.migrate import head_revision, head_revision_fast, stored_revision

    try:
        return open_context(target, actor=actor)
    except StoreLocked as locked:
        ctx = open_context(target, actor=actor, read_only=True)
        try:
            current = stored_revision(ctx.store) == (head_revision_fast() or head_revision())
        except BaseException:
            ctx.close()
            raise
        if not current:
            ctx.close()
            raise StoreLocked(locked.message + "该数据文件需要先升级，请关闭其他窗口后重试。") from None
        return ctx


@contextmanager
def login_uow(ctx: AppContext) -> Iterator[UnitOfWork]:
    """A unit of work that can record a login attempt (failure count, audit row) in any window.

    A read-only window - another window holds the store - still records its logins through a short
    writable connection of its own (SQLite serialises the write), so the lockout is the same everywhere
    (README.md, 数据安全); the session's write lock is not needed for that one row.
    """
    if not ctx.read_only or ctx.store.path is None:
        with ctx.uow() as uow:
            yield uow
        return
    store = open_store(ctx.store.path, check=False)
    try:
        with UnitOfWork(store.session_factory, ctx.actor) as uow:
            yield uow
    finally:
        store.dispose()


@contextmanager
def writing_context(target: str | os.PathLike[str] | None = None, *,
                    actor: Actor | None = None) -> Iterator[AppContext]:
    """A writing session for a command that may start a new store (`import`).

    On an existing store, or a server, it is open_context. On a SQLite path with no file yet, the store is
    built and written out of sight and put in place only when the block ends without an exception, so a
    command that fails (a missing or bad input file, rows that fail their checks) or is killed leaves
    nothing behind (app.store.new_store)."""
    from app.store.new_store import NewStorePlace

    path = sqlite_path(target)
    if path is None or os.path.lexists(path):
        ctx = open_context(target, actor=actor)
        try:
            yield ctx
        finally:
            ctx.close()
        return
    place = NewStorePlace(path)
    try:
        ctx = open_context(place.building, actor=actor)
        try:
            yield ctx
        finally:
            ctx.close()
        place.publish()
    finally:
        place.discard()
