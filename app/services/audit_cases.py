"""Use cases of 审计日志: read it a page at a time (the .xlsx export is app.documents.audit_export)."""

from __future__ import annotations

from app.services import audit
from app.services.audit import AuditQuery, AuditRow
from app.store.uow import Ledger


def load_audit_page(ledger: Ledger, query: AuditQuery) -> tuple[int, list[AuditRow]]:
    """(how many rows match, the page `query` asks for)."""
    with ledger.uow() as uow:
        return audit.count_audit(uow, query), audit.list_audit(uow, query)


def load_audit_rows(ledger: Ledger, query: AuditQuery) -> list[AuditRow]:
    with ledger.uow() as uow:
        return audit.list_audit(uow, query)


def audit_usernames(ledger: Ledger) -> list[str]:
    with ledger.uow() as uow:
        return audit.usernames(uow)
