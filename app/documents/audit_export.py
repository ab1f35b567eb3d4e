"""Exporting the 审计日志 to .xlsx (admin only, the export recorded): app.services.audit builds the rows and
the audit entry, app.excel.audit_log writes the file."""

from __future__ import annotations

from pathlib import Path

from app.excel.audit_log import check_output, write_audit_xlsx
from app.services import audit
from app.services.audit import AuditQuery
from app.store.uow import Ledger, UnitOfWork


def export_audit_xlsx(uow: UnitOfWork, q: AuditQuery, output: Path) -> Path:
    """Every matching row (paging ignored) to an .xlsx; records the export. The caller commits."""
    output = check_output(output)
    rows = audit.export_rows(uow, q)
    write_audit_xlsx(output, audit.HEADERS, rows)
    audit.record_export(uow, output, len(rows))
    return output


def export_audit_log(ledger: Ledger, query: AuditQuery, output: Path) -> Path:
    """Every matching row to `output`; the export itself is recorded in the same transaction."""
    with ledger.uow() as uow:
        written = export_audit_xlsx(uow, query, Path(output))
        uow.commit()
    return written
