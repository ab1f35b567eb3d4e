"""What 首页 shows, read in one unit of work: counts, alerts, branches and coming dates (dashboard.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.services import dashboard
from app.store.uow import Ledger


@dataclass(frozen=True)
class HomeOverview:
    summary: dashboard.Summary
    alerts: list[dashboard.Alert]
    branches: list[dashboard.BranchLine]
    milestones: list[dashboard.Milestone]


def home_overview(ledger: Ledger, today: dt.date | None = None) -> HomeOverview:
    today = today or dt.date.today()
    with ledger.uow() as uow:
        return HomeOverview(dashboard.summary(uow), dashboard.alerts(uow, today=today),
                            dashboard.branch_overview(uow), dashboard.upcoming(uow, today=today))
