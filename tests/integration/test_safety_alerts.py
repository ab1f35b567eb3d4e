"""Safety alerts for 首页: service level, no Qt."""

from __future__ import annotations

import datetime as dt

from app.context import open_context
from app.services import accounts, backup, dashboard, safety_alerts


def _titles(ctx, today: dt.date | None = None) -> list[str]:
    with ctx.uow() as uow:
        return [a.title for a in dashboard.alerts(uow, today=today)]


def test_reminders_come_and_go(school_ctx) -> None:
    assert "尚未设置管理员密码" in _titles(school_ctx) and "超过7天没有备份" in _titles(school_ctx)
    with school_ctx.uow() as uow:
        accounts.set_initial_admin(uow, "secret-123")
        uow.commit()
    backup.safety_backup(school_ctx.store, backup.DAILY)
    today = dt.date.today()
    assert not {"尚未设置管理员密码", "超过7天没有备份"} & set(_titles(school_ctx, today))
    assert "超过7天没有备份" in _titles(school_ctx, today + dt.timedelta(days=7))


def test_store_path_of_a_read_only_store(school_ctx, store_path) -> None:
    reader = open_context(store_path, read_only=True)
    try:
        with reader.uow() as uow:
            assert safety_alerts.store_path(uow) == store_path
    finally:
        reader.close()
