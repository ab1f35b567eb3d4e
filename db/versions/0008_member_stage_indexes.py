"""member stage covering indexes

Every people count (app/services/people_counts.py: 首页, the organization tree, the restore preview) groups the
roster by (branch or party group, category, status). With an index on the first column alone SQLite looked up
each member's wide row for the other two and sorted in a temporary B-tree; on a county store these three
queries took most of 首页's reading time (docs/benchmark.md). Each new index starts with the column of the one
it replaces, so every lookup by that column still uses it. Indexes only: no row moves.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 20:00:00
"""

from __future__ import annotations

from alembic import op


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

# (new index, its columns, the index on its first column that it replaces)
REPLACED = [
    ('ix_member_stage', ['category', 'status'], 'ix_member_category', ['category']),
    ('ix_member_branch_stage', ['branch_id', 'category', 'status'], 'ix_member_branch_id', ['branch_id']),
    ('ix_member_group_stage', ['group_id', 'category', 'status'], 'ix_member_group_id', ['group_id']),
]


def upgrade() -> None:
    for new, columns, old, _old_columns in REPLACED:
        op.create_index(new, 'member', columns, unique=False)
        op.drop_index(old, table_name='member')


def downgrade() -> None:
    for new, _columns, old, old_columns in REPLACED:
        op.create_index(old, 'member', old_columns, unique=False)
        op.drop_index(new, table_name='member')
