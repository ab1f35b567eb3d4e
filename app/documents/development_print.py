"""Print use cases for 发展党员: app.services.development_print builds the plain data, app.printing.development
renders it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from app.printing import development as forms
from app.services.development import school_rules, timeline
from app.services.development_print import dossier_doc, dual_doc, ledger_doc, notice_doc, school_of
from app.store.uow import Ledger


def print_dossier(ledger: Ledger, member_id: str, path: Path, *, today: dt.date | None = None) -> Path:
    doc = dossier_doc(timeline(ledger, member_id, today=today), school_of(ledger), today)
    return forms.render_dossier(doc, path)


def print_notice(ledger: Ledger, member_id: str, path: Path, *, kind: str | None = None,
                 starts_on: dt.date | None = None, contact_person: str = "", contact_phone: str = "") -> Path:
    with ledger.uow() as uow:
        days = school_rules(uow).publicity_working_days
    doc = notice_doc(timeline(ledger, member_id), school_of(ledger), kind=kind, starts_on=starts_on,
                     contact_person=contact_person, contact_phone=contact_phone, working_days=days)
    return forms.render_notice(doc, path)


def print_ledger(ledger: Ledger, year: int, path: Path, *, branch_name: str | None = None) -> Path:
    return forms.render_ledger(ledger_doc(ledger, year, branch_name=branch_name), path)


def print_dual(ledger: Ledger, year: int, path: Path, *, branch_name: str | None = None) -> Path:
    return forms.render_dual(dual_doc(ledger, year, branch_name=branch_name), path)
