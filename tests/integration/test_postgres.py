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


def _url(schema: str) -> str:
    return make_url(SERVER_URL).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
        hide_password=False)


PG_URL = _url(SCHEMA) if SERVER_URL else ""


def _fresh_schema(schema: str):
    """An empty schema of that name, opened by the app (every migration runs)."""
    engine = create_engine(SERVER_URL)
    with engine.begin() as con:
        con.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        con.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    return open_context(_url(schema))


@pytest.fixture
def pg_ctx():
    ctx = _fresh_schema(SCHEMA)
    yield ctx
    ctx.close()


@pytest.fixture(scope="module")
def pg_demo():
    """The demo school of 2025 built on the server once for this module's tests, which only read it (in a
    schema of its own, so that pg_ctx's tests never drop it)."""
    if not SERVER_URL:
        pytest.skip("DANGJIAN_TEST_PG_URL not set (no PostgreSQL server)")
    ctx = _fresh_schema(SCHEMA + "_demo")
    try:
        assert migrate.current_revision(ctx.store) == migrate.head_revision()
        with ctx.uow() as uow:
            build_demo(uow, 2025)
            uow.commit()
        yield ctx
    finally:
        ctx.close()


@needs_server
def test_migrations_and_demo_on_postgres(pg_demo) -> None:
    assert migrate.current_revision(pg_demo.store) == migrate.head_revision()
    with pg_demo.uow() as uow:
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
def test_meetings_compliance_and_audit_on_postgres(pg_demo) -> None:
    """The SQL-side features (grouped compliance, filtered meeting list, audit paging) on a server."""
    from app.services import audit, compliance, meeting_list

    with pg_demo.uow() as uow:
        text = compliance.summary_text(uow, 2025)
        assert "第一党支部" in text
        total = meeting_list.count_meetings(uow, meeting_list.MeetingQuery(year=2025))
        assert total > 100
        found = meeting_list.list_meetings(uow, meeting_list.MeetingQuery(year=2025, text="主题党日", limit=5))
        assert found and len(found) <= 5
        assert audit.count_audit(uow) > 0


@needs_server
def test_home_reads_the_same_on_postgres_as_in_sqlite(pg_demo, demo_ctx) -> None:
    """首页's reads written as SQL (people_counts, organizations, dashboard) give on the server what they give
    in the SQLite file, for the same demo school: counts, alerts, branches, coming dates."""
    import datetime as dt

    from app.services.home_view import home_overview
    from app.services.safety_alerts import BACKUP_NOW

    def seen(ctx) -> tuple:
        home = home_overview(ctx, dt.date(2025, 12, 1))
        return (home.summary, [(a.level, a.title, a.detail) for a in home.alerts if a.target_id != BACKUP_NOW],
                [(b.name, b.full, b.probationary, b.developing, b.next_election_due) for b in home.branches],
                home.milestones)

    on_server = seen(pg_demo)
    assert on_server == seen(demo_ctx)  # a backup reminder is the file's alone
    assert on_server[0].people.party == 39 and on_server[2] and on_server[3]


@needs_server
def test_points_rank_and_detail_agree_on_postgres(pg_demo) -> None:
    """党员积分: the ranking and detail statements give the same totals."""
    from app.services import points, points_print_data

    ranking = points.year_ranking(pg_demo, 2025)
    assert sum(r.category.is_party_member for r in ranking.rows) == 39 and len(ranking.rows) == 43  # + activists
    assert sum(r.vetoed for r in ranking.rows) == 1
    book = points_print_data.workbook(pg_demo, 2025)
    sums: dict[tuple[str, str], int] = {}
    for d in book.details:
        sums[(d.name, d.branch)] = sums.get((d.name, d.branch), 0) + d.points
    assert all(sums[(s.name, s.branch)] == s.total for s in book.summary)


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
