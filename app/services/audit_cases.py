"""Use cases of 审计日志: read it a page at a time, export it to .xlsx (admin only, the export recorded)."""

from __future__ import annotations

from pathlib import Path

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


def export_audit_log(ledger: Ledger, query: AuditQuery, output: Path) -> Path:
    """Every matching row to `output`; the export itself is recorded in the same transaction."""
    with ledger.uow() as uow:
        written = audit.export_audit_xlsx(uow, query, Path(output))
        uow.commit()
    return written
