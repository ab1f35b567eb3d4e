"""The audit log: filters, paging, .xlsx export (text cells only), admin only, export recorded."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.documents import audit_export
from app.domain.enums import Role
from app.errors import PermissionDenied, ValidationError
from app.services import audit
from app.services.audit import AuditQuery
from app.store.uow import Actor, UnitOfWork


def test_filters_and_paging(demo_ctx) -> None:
    with demo_ctx.uow() as uow:
        total = audit.count_audit(uow)
        assert total > 50
        page1 = audit.list_audit(uow, AuditQuery(limit=20))
        page2 = audit.list_audit(uow, AuditQuery(offset=20, limit=20))
        assert len(page1) == 20 and not {r.id for r in page1} & {r.id for r in page2}
        assert page1[0].at >= page1[-1].at
        orgs = audit.list_audit(uow, AuditQuery(entity="organization", limit=None))
        assert orgs and all(r.entity_label == "党组织" for r in orgs)
        assert audit.count_audit(uow, AuditQuery(text="党总支")) >= 1
        today = dt.date.today()
        assert audit.count_audit(uow, AuditQuery(since=today, until=today)) == total
        assert audit.count_audit(uow, AuditQuery(until=today - dt.timedelta(days=1))) == 0
        assert audit.usernames(uow) == ["命令行"]


def test_viewer_cannot_read_the_log(demo_ctx) -> None:
    with UnitOfWork(demo_ctx.store.session_factory, Actor("v", Role.VIEWER)) as uow, \
            pytest.raises(PermissionDenied):
        audit.list_audit(uow)


def test_export_xlsx_is_text_and_recorded(demo_ctx, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    with demo_ctx.uow() as uow:
        uow.audit("update", "member", "x", "=HYPERLINK(\"http://evil\")", old={"a": 1}, new={"a": 2})
        uow.commit()
    out = tmp_path / "审计.xlsx"
    with demo_ctx.uow() as uow:
        n = audit.count_audit(uow)
        audit_export.export_audit_xlsx(uow, AuditQuery(limit=5), out)
        uow.commit()
    ws = load_workbook(out).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == tuple(audit.HEADERS) and len(rows) == n + 1  # paging ignored
    evil = next(r for r in rows if str(r[4]).startswith("=HYPERLINK"))
    assert evil[5] == "a：1" and evil[6] == "a：2"
    assert next(c for c in ws.iter_rows() if str(c[4].value).startswith("=HYPERLINK"))[4].data_type == "s"
    with demo_ctx.uow() as uow:
        assert audit.list_audit(uow, AuditQuery(action="export"))[0].summary.startswith("导出审计日志")
        with pytest.raises(ValidationError):
            audit_export.export_audit_xlsx(uow, AuditQuery(), tmp_path / "nope" / "a.xlsx")


def test_readable_values_are_chinese_and_masked() -> None:
    import json

    from app.services.audit import readable

    text = readable(json.dumps({"id_number": "11010519491231002X", "phone": "13912345678", "gender": "female",
                                "category": "probationary", "name": "张三", "full_time": True}))
    assert "公民身份号码：110105********002X" in text
    assert "139****5678" in text
    assert "女" in text and "预备党员" in text and "专职：是" in text
    assert "11010519491231002X" not in text and "female" not in text and "id_number" not in text
