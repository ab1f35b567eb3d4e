"""首页 alerts of 清廉学校: integrity risks past their review date (registered with the dashboard on import)."""

from __future__ import annotations

import datetime as dt

from app.services import dashboard
from app.services.clean_risk_review import overdue_risks_in
from app.store.uow import UnitOfWork


def risk_review_alerts(uow: UnitOfWork, today: dt.date, limits: dashboard.Thresholds) -> list[dashboard.Alert]:
    risks = overdue_risks_in(uow, today)
    if not risks:
        return []
    first = risks[0]
    more = f"等 {len(risks)} 个风险点" if len(risks) > 1 else ""
    return [dashboard.Alert(dashboard.WARNING, "廉政风险点已过复查日期",
                            f"“{first.subject}”{more}应于 {first.review_on:%Y-%m-%d} 前复查，"
                            "请复查后发布新版风险点清单。", "清廉学校")]


dashboard.register_alert_source(risk_review_alerts)
