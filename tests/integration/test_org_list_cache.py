"""The organization list is read once per unit of work, and never served stale after a write."""

from __future__ import annotations

from sqlalchemy import event, update

from app.domain.enums import OrgKind
from app.services import organizations
from app.store.models import Organization


def test_read_once_and_fresh_after_writes(ctx) -> None:
    with ctx.uow() as uow:
        organizations.ensure_school(uow, "测试学校")
        first = organizations.create_organization(uow, name="一支部", kind=OrgKind.BRANCH)
        uow.commit()
    statements: list[str] = []
    with ctx.uow() as uow:
        event.listen(uow.session.get_bind(), "before_cursor_execute",
                     lambda _c, _cur, sql, *_a: statements.append(sql))
        names = [o.name for o in organizations.list_organizations(uow)]
        reads = len(statements)
        assert [o.name for o in organizations.list_organizations(uow)] == names
        assert len(statements) == reads  # the second call asked the store nothing
        organizations.create_organization(uow, name="二支部", kind=OrgKind.BRANCH)  # ORM write
        assert "二支部" in [o.name for o in organizations.list_organizations(uow)]
        uow.session.execute(update(Organization).where(Organization.name == "二支部").values(name="三支部"))
        assert "三支部" in [o.name for o in organizations.list_organizations(uow)]  # bulk write
        org = uow.session.get(Organization, first.id if hasattr(first, "id") else first)
        org.name = "改名支部"  # pending, not yet flushed
        assert "改名支部" in [o.name for o in organizations.list_organizations(uow)]
        uow.rollback() if hasattr(uow, "rollback") else uow.session.rollback()
        assert "二支部" not in [o.name for o in organizations.list_organizations(uow)]
