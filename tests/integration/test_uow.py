"""The unit of work on a real SQLite file (after cosmicpython's tests/integration/test_uow.py):
nothing is kept unless committed, and an error inside rolls everything back, audit row included."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.errors import StoreError
from app.store.models import AuditLog, School
from app.store.uow import Actor, UnitOfWork


def _count(ctx, model) -> int:
    with ctx.uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(model)) or 0


def _add_school(uow: UnitOfWork, name: str = "测试学校") -> None:
    uow.session.add(School(name=name))
    uow.audit("create", "school", "", f"创建学校 {name}")


def test_committed_work_is_kept(ctx) -> None:
    with ctx.uow() as uow:
        _add_school(uow)
        uow.commit()
    assert _count(ctx, School) == 1
    assert _count(ctx, AuditLog) == 1


def test_rolls_back_uncommitted_work_by_default(ctx) -> None:
    with ctx.uow() as uow:
        _add_school(uow)
        uow.session.flush()  # written to the database inside the transaction, not yet committed
    assert _count(ctx, School) == 0
    assert _count(ctx, AuditLog) == 0


def test_rolls_back_on_error(ctx) -> None:
    class Boom(Exception):
        pass

    with pytest.raises(Boom), ctx.uow() as uow:
        _add_school(uow)
        uow.session.flush()
        raise Boom()
    assert _count(ctx, School) == 0
    assert _count(ctx, AuditLog) == 0


def test_work_after_a_commit_is_rolled_back_on_error(ctx) -> None:
    with pytest.raises(RuntimeError), ctx.uow() as uow:
        _add_school(uow, "先提交")
        uow.commit()
        _add_school(uow, "后失败")
        uow.session.flush()
        raise RuntimeError("after the commit")
    with ctx.uow() as uow:
        assert list(uow.session.scalars(select(School.name))) == ["先提交"]


def test_a_database_error_becomes_a_plain_message_and_writes_nothing(ctx) -> None:
    with pytest.raises(StoreError), ctx.uow() as uow:
        uow.session.connection().exec_driver_sql("PRAGMA query_only = 1")  # the next write fails
        _add_school(uow)
        uow.session.flush()
    with ctx.uow() as uow:
        uow.session.connection().exec_driver_sql("PRAGMA query_only = 0")  # the pooled connection again
    assert _count(ctx, School) == 0


def test_audit_rows_name_the_actor_of_the_unit_of_work(ctx) -> None:
    with UnitOfWork(ctx.store.session_factory, Actor("王书记")) as uow:
        _add_school(uow)
        uow.commit()
    with ctx.uow() as uow:
        assert uow.session.scalar(select(AuditLog.username)) == "王书记"
