"""清廉学校 risks past their review date: a 首页 alert and a line of `check`.

Apart from clean_lists (the lists and their documents) because 首页 needs only this query: importing the
lists' module and its document rows cost 首页's first view about 20 ms."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from app.domain.clean_school import ListKind, RiskLevel, risk_overdue
from app.store.models import CleanList, RiskPoint
from app.store.uow import Ledger, UnitOfWork


@dataclass(frozen=True)
class OverdueRisk:
    subject: str
    risk: str
    level: RiskLevel
    person: str
    review_on: dt.date


def overdue_risks(ledger: Ledger, today: dt.date) -> list[OverdueRisk]:
    """Risks of the newest risk list whose review date has passed (an alert on 首页 and in `check`)."""
    with ledger.uow() as uow:
        return overdue_risks_in(uow, today)


def overdue_risks_in(uow: UnitOfWork, today: dt.date) -> list[OverdueRisk]:
    newest = uow.session.scalar(select(CleanList).where(CleanList.kind == ListKind.RISK.value)
                                .order_by(CleanList.year.desc(), CleanList.version.desc()).limit(1))
    if newest is None:
        return []
    items = uow.session.scalars(select(RiskPoint).where(RiskPoint.list_id == newest.id)
                                .order_by(RiskPoint.review_on, RiskPoint.position)).all()
    return [OverdueRisk(i.subject, i.risk, RiskLevel(i.level), i.person, i.review_on) for i in items
            if i.review_on is not None and risk_overdue(i.review_on, today)]
