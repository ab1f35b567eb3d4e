"""首页 alerts about the data's safety: no administrator password yet, no recent backup.

Registered with the dashboard on import; `target_id` starting with "action:" names a button on 首页.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import func, select

from app.services import accounts, backup, dashboard
from app.store.models import Organization
from app.store.uow import UnitOfWork

BACKUP_DAYS = 7
SET_PASSWORD = "action:set_admin_password"
BACKUP_NOW = "action:backup"


def store_path(uow: UnitOfWork) -> Path | None:
    """The SQLite file this unit of work writes to; None for a server database (backed up by its owner)."""
    bind = uow.session.get_bind()
    database = getattr(bind, "url", bind.engine.url).database or ""
    if bind.dialect.name != "sqlite" or database in ("", ":memory:"):
        return None
    return Path(database.removeprefix("file:"))  # a read-only store is opened as a file: URI


def password_alerts(uow: UnitOfWork, _today: dt.date, _limits: dashboard.Thresholds) -> list[dashboard.Alert]:
    if not accounts.needs_admin_password(uow):
        return []
    return [dashboard.Alert(dashboard.WARNING, "尚未设置管理员密码",
                            "台账含有党员身份证号等个人信息。设置密码后，打开程序需要登录，"
                            "还可以为支部书记和查看人员分别建立账号。", "设置密码…", SET_PASSWORD)]


def backup_alerts(uow: UnitOfWork, today: dt.date, _limits: dashboard.Thresholds) -> list[dashboard.Alert]:
    path = store_path(uow)
    if path is None or not uow.session.scalar(select(func.count()).select_from(Organization)):
        return []  # a server database, or nothing entered yet: nothing to lose
    last = backup.last_backup(path)
    if last is not None and (today - last.taken_at.date()).days < BACKUP_DAYS:
        return []
    since = f"上次备份是 {last.taken_at:%Y-%m-%d %H:%M}。" if last else "还没有任何备份。"
    return [dashboard.Alert(dashboard.WARNING, f"超过{BACKUP_DAYS}天没有备份",
                            since + "请立即备份；再用「数据」→「备份到U盘」另存一份，防止电脑损坏丢失台账。",
                            "立即备份", BACKUP_NOW)]


dashboard.register_alert_source(password_alerts)
dashboard.register_alert_source(backup_alerts)
