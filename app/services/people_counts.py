"""The member counts every screen shows — 首页, the organization tree, the restore preview — from one query
and one rule (app.domain.member_counts.tally), so the same store gives the same numbers everywhere; the
organization counts of the restore preview and `check` likewise (app.domain.org_counts.tally_orgs, as 首页).

The live store is read through the ORM session; a backup file, which the restore preview opens with plain
sqlite3 before anything is replaced, runs the very same SQL text.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy import String, TextualSelect, text
from sqlalchemy.orm import Session

from app.domain.member_counts import PeopleCount, tally
from app.domain.org_counts import OrgCount, tally_orgs

# Every person by stage and roster status; `tally` decides who counts (在册 only) and as what.
# Written as SQL, not built with SQLAlchemy: the first run of a built statement in a process costs about
# 2 ms to compile, a text one a tenth of that, and these run in 首页's first view (docs/benchmark.md).
# Plain enough for SQLite and PostgreSQL alike; the backup preview runs the very same text through sqlite3.
BY_STAGE_SQL = "SELECT category, status, count(*) FROM member GROUP BY category, status"
ORG_COLUMNS = ("branch_id", "group_id")
# Every organization by kind, dissolved or not; `tally_orgs` decides what counts as a 党组织.
BY_KIND_SQL = ("SELECT kind, CASE WHEN dissolved_on IS NULL THEN 0 ELSE 1 END AS dissolved, count(*) "
               "FROM organization GROUP BY kind, CASE WHEN dissolved_on IS NULL THEN 0 ELSE 1 END")


def _select(sql: str) -> TextualSelect:
    """The text as a SELECT (`columns`): a plain text() counts as a write to the session's read caches
    (organizations._read_cache), which would be emptied by each count."""
    return text(sql).columns(category=String, status=String)


_BY_STAGE = _select(BY_STAGE_SQL)


def by_org_stage_sql(column: str) -> str:
    """One organization column's people by stage, in the order of its covering index (ix_member_branch_stage,
    ix_member_group_stage); grouped by the plain column: PostgreSQL wants GROUP BY what is selected."""
    if column not in ORG_COLUMNS:
        raise ValueError(column)
    return (f"SELECT {column}, category, status, count(*) FROM member WHERE {column} IS NOT NULL "
            f"GROUP BY {column}, category, status")


_BY_ORG_STAGE = {column: _select(by_org_stage_sql(column)) for column in ORG_COLUMNS}


def count_people(session: Session) -> PeopleCount:
    """The whole school: 党员 (正式, 预备) and 入党申请人等 on the roster, wherever they are placed."""
    return tally((category, status, n) for category, status, n in session.execute(_BY_STAGE))


def count_people_in(con: sqlite3.Connection) -> PeopleCount:
    """The same count in an SQLite file opened with sqlite3 (a backup, before it is restored)."""
    return tally(con.execute(BY_STAGE_SQL))


def count_people_by_org(session: Session) -> dict[str, PeopleCount]:
    """Each branch's and each party group's own people (a group's are also its branch's)."""
    rows: dict[str, list[tuple[str, str, int]]] = {}
    for column in ORG_COLUMNS:
        for org_id, category, status, n in session.execute(_BY_ORG_STAGE[column]):
            if org_id is not None:
                rows.setdefault(org_id, []).append((category, status, n))
    return {org_id: tally(found) for org_id, found in rows.items()}


def count_orgs(session: Session) -> OrgCount:
    """The school's 党组织 (and, apart, its 党小组) as 首页 counts them."""
    return tally_orgs(session.execute(text(BY_KIND_SQL)))


def count_orgs_in(con: sqlite3.Connection) -> OrgCount:
    """The same count in an SQLite file opened with sqlite3 (a backup, or `check`)."""
    return tally_orgs(con.execute(BY_KIND_SQL))
