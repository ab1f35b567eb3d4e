"""The member counts every screen shows — 首页, the organization tree, the restore preview — from one query
and one rule (app.domain.member_counts.tally), so the same store gives the same numbers everywhere.

The live store is read through the ORM session; a backup file, which the restore preview opens with plain
sqlite3 before anything is replaced, runs the very same statement compiled for SQLite.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy import Select, func, select
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import InstrumentedAttribute, Session

from app.domain.member_counts import PeopleCount, tally
from app.store.models import Member

# Every person by stage and roster status; `tally` decides who counts (在册 only) and as what.
_BY_STAGE = select(Member.category, Member.status, func.count()).group_by(Member.category, Member.status)


def count_people(session: Session) -> PeopleCount:
    """The whole school: 党员 (正式, 预备) and 入党申请人等 on the roster, wherever they are placed."""
    return tally((category, status, n) for category, status, n in session.execute(_BY_STAGE))


def count_people_in(con: sqlite3.Connection) -> PeopleCount:
    """The same count in an SQLite file opened with sqlite3 (a backup, before it is restored)."""
    return tally(con.execute(str(_BY_STAGE.compile(dialect=sqlite.dialect()))))


def count_people_by_org(session: Session) -> dict[str, PeopleCount]:
    """Each branch's and each party group's own people (a group's are also its branch's)."""
    rows: dict[str, list[tuple[str, str, int]]] = {}
    for column in (Member.branch_id, Member.group_id):
        for org_id, category, status, n in session.execute(_by_org_stage(column)):
            if org_id is not None:
                rows.setdefault(org_id, []).append((category, status, n))
    return {org_id: tally(found) for org_id, found in rows.items()}


def _by_org_stage(column: InstrumentedAttribute[str | None]) -> Select[str | None, str, str, int]:
    """One organization column's people by stage, in the order of its covering index (ix_member_branch_stage,
    ix_member_group_stage); grouped by the plain column: PostgreSQL wants GROUP BY what is selected."""
    return (select(column, Member.category, Member.status, func.count())
            .where(column.is_not(None)).group_by(column, Member.category, Member.status))
