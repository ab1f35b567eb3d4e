"""ranking covering indexes

The year's points ranking (app/services/points_sql.py) reads every attendance line of the year's meetings and
the year's point_total rows; these indexes hold every column it reads, so SQLite answers from the index alone
instead of one table lookup per row (docs/benchmark.md). The attendance index replaces the one on meeting_id
alone (its first column is meeting_id, so every lookup by meeting still uses it). Indexes only: no row moves.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 14:30:17.936181
"""

from __future__ import annotations

from alembic import op


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_attendance_meeting_cover', 'attendance',
                    ['meeting_id', 'member_id', 'status', 'absence_reason'], unique=False)
    op.drop_index('ix_attendance_meeting_id', table_name='attendance')
    op.create_index('ix_point_total_year_cover', 'point_total',
                    ['year', 'member_id', 'rule_id', 'points', 'entries'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_point_total_year_cover', table_name='point_total')
    op.create_index('ix_attendance_meeting_id', 'attendance', ['meeting_id'], unique=False)
    op.drop_index('ix_attendance_meeting_cover', table_name='attendance')
