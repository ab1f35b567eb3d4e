"""The same schema and services on a PostgreSQL server (skipped unless DANGJIAN_TEST_PG_URL is set).

`.ci/run` installs and starts a local server and sets the URL, so CI always runs these.
"""

from __future__ import annotations

import os

import pytest
from sqlalchemy import create_engine, make_url, text

from app.context import open_context
from app.services import members, organizations
from app.services.demo import build_demo
from app.services.members import MemberQuery
from app.store import migrate

SERVER_URL = os.environ.get("DANGJIAN_TEST_PG_URL", "")
needs_server = pytest.mark.skipif(not SERVER_URL, reason="DANGJIAN_TEST_PG_URL not set (no PostgreSQL server)")
pytestmark = [pytest.mark.postgres]
# One schema per pytest-xdist worker, so that workers running these at once never share tables.
SCHEMA = "dj_" + os.environ.get("PYTEST_XDIST_WORKER", "main")
PG_URL = make_url(SERVER_URL).update_query_dict({"options": f"-csearch_path={SCHEMA}"}).render_as_string(
    hide_password=False) if SERVER_URL else ""


@pytest.fixture
def pg_ctx():
    engine = create_engine(SERVER_URL)
    with engine.begin() as con:
        con.execute(text(f'DROP SCHEMA IF EXISTS "{SCHEMA}" CASCADE'))
        con.execute(text(f'CREATE SCHEMA "{SCHEMA}"'))
    engine.dispose()
    ctx = open_context(PG_URL)
    yield ctx
    ctx.close()


@needs_server
def test_migrations_and_demo_on_postgres(pg_ctx) -> None:
    assert migrate.current_revision(pg_ctx.store) == migrate.head_revision()
    with pg_ctx.uow() as uow:
        build_demo(uow, 2025)
        uow.commit()
    with pg_ctx.uow() as uow:
        assert len(organizations.list_organizations(uow)) == 8
        total = members.count_members(uow)
        assert total == 45
        first = members.search_members(uow, MemberQuery(limit=1))[0]
        initials = members.search_members(uow, MemberQuery(text=first.name[:1]))
        assert any(r.id == first.id for r in initials)


@needs_server
def test_failed_write_rolls_back_on_postgres(pg_ctx) -> None:
    from app.errors import ValidationError

    with pg_ctx.uow() as uow:
        organizations.ensure_school(uow, "测试学校")
        uow.commit()
    with pytest.raises(ValidationError), pg_ctx.uow() as uow:
        organizations.ensure_school(uow, "测试学校")  # exists: returns it, no write
        organizations.create_organization(uow, name="", kind=organizations.OrgKind.BRANCH)
    with pg_ctx.uow() as uow:
        assert organizations.list_organizations(uow) == []


@needs_server
def test_meetings_compliance_and_audit_on_postgres(pg_ctx) -> None:
    """The SQL-side features (grouped compliance, filtered meeting list, audit paging) on a server."""
    from app.services import audit, compliance, meeting_list

    with pg_ctx.uow() as uow:
        build_demo(uow, 2025)
        uow.commit()
    with pg_ctx.uow() as uow:
        text = compliance.summary_text(uow, 2025)
        assert "第一党支部" in text
        total = meeting_list.count_meetings(uow, meeting_list.MeetingQuery(year=2025))
        assert total > 100
        found = meeting_list.list_meetings(uow, meeting_list.MeetingQuery(year=2025, text="主题党日", limit=5))
        assert found and len(found) <= 5
        assert audit.count_audit(uow) > 0


def test_unreachable_server_is_a_plain_message_without_the_password(capsys, tmp_path) -> None:
    """Runs everywhere: nothing listens on this port."""
    from app.cli import main

    url = "postgresql+psycopg://dj:secretpw@127.0.0.1:1/dj"
    for command in (["check"], ["print", "roster", "-o", str(tmp_path / "r.pdf")]):
        assert main(["--db", url, *command]) == 4
        captured = capsys.readouterr()
        text = captured.out + captured.err
        assert "无法连接数据库服务器" in text
        assert "secretpw" not in text and "Traceback" not in text
    assert not (tmp_path / "r.pdf").exists()


def test_sql_errors_are_not_mistaken_for_connection_failures() -> None:
    from sqlalchemy.exc import ProgrammingError

    from app.store.dberrors import translate

    bug = ProgrammingError("SELECT x FROM nowhere", {}, Exception('relation "nowhere" does not exist'))
    assert translate(bug) is None
    missing_db = ProgrammingError("connect", {}, Exception('database "dj2" does not exist'))
    assert translate(missing_db) is not None
