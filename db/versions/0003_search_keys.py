"""search keys: every reading of a name (polyphonic surnames); covering indexes for everyday reads (issue #17)

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 08:50:00

`member.name_pinyin` / `member.name_initials` are recomputed with every reading of each character
(曾佳 → "zengjia cengjia" / "zj cj", see app/domain/search_keys.py), and three covering indexes are added (member
counts per branch and group, the year's compliance grid: see docs/benchmark.md). No table, column or row is
added or removed; downgrade drops the indexes and puts back the single reading the earlier release stored.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

member = sa.table('member', sa.column('id', sa.String), sa.column('name', sa.String),
                  sa.column('name_pinyin', sa.String), sa.column('name_initials', sa.String))


def _rewrite(keys) -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.select(member.c.id, member.c.name)).all()
    updates = [{"b_id": row.id, "p": keys(row.name)[0], "i": keys(row.name)[1]} for row in rows]
    if updates:
        bind.execute(member.update().where(member.c.id == sa.bindparam("b_id"))
                     .values(name_pinyin=sa.bindparam("p"), name_initials=sa.bindparam("i")), updates)


INDEXES = {
    "ix_member_status_branch": ("member", ["status", "branch_id"]),
    "ix_member_status_group": ("member", ["status", "group_id"]),
    "ix_meeting_year_grid": ("meeting", ["held_on", "organization_id", "kind", "expected_count", "present_count"]),
}


def upgrade() -> None:
    from app.domain.search_keys import pinyin_keys

    _rewrite(pinyin_keys)
    for name, (table, columns) in INDEXES.items():
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    from app.domain.search_keys import pinyin_keys

    def first_reading(name: str) -> tuple[str, str]:
        full, initials = pinyin_keys(name)
        return full.split(" ")[0], initials.split(" ")[0]

    _rewrite(first_reading)
    for name, (table, _columns) in INDEXES.items():
        op.drop_index(name, table_name=table)
