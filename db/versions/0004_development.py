"""development steps (发展党员全程纪实) with their attachments, and the 双培养 ledger

The first release kept five dates per person (申请入党, 积极分子, 发展对象, 入党, 转正); each becomes a step
of the person's timeline (steps 1, 4, 8, 15, 22), with a note saying where it came from. The member
columns stay as they are: nothing is lost, and the roster keeps showing them.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import datetime as dt
import uuid

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

# member column → (step number, outcome, note): see app/domain/development_rules.py STEPS
LEGACY_DATES = [
    ("applied_on", 1, "", "申请入党日期"),
    ("activist_on", 4, "", "确定入党积极分子日期"),
    ("candidate_on", 8, "", "确定发展对象日期"),
    ("joined_on", 15, "", "入党日期"),
    ("full_on", 22, "full", "转正日期"),
]


def upgrade() -> None:
    op.create_table('development_step',
    sa.Column('member_id', sa.String(length=36), nullable=False),
    sa.Column('step_no', sa.Integer(), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=False),
    sa.Column('decided_by', sa.String(length=32), nullable=False),
    sa.Column('meeting_id', sa.String(length=36), nullable=True),
    sa.Column('introducer_a_id', sa.String(length=36), nullable=True),
    sa.Column('introducer_b_id', sa.String(length=36), nullable=True),
    sa.Column('contact_a_id', sa.String(length=36), nullable=True),
    sa.Column('contact_b_id', sa.String(length=36), nullable=True),
    sa.Column('outcome', sa.String(length=32), nullable=False),
    sa.Column('extension_months', sa.Integer(), nullable=False),
    sa.Column('warnings', sa.Text(), nullable=False),
    sa.Column('override_reason', sa.Text(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['contact_a_id'], ['member.id'], name=op.f('fk_development_step_contact_a_id_member')),
    sa.ForeignKeyConstraint(['contact_b_id'], ['member.id'], name=op.f('fk_development_step_contact_b_id_member')),
    sa.ForeignKeyConstraint(['introducer_a_id'], ['member.id'], name=op.f('fk_development_step_introducer_a_id_member')),
    sa.ForeignKeyConstraint(['introducer_b_id'], ['member.id'], name=op.f('fk_development_step_introducer_b_id_member')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_development_step_meeting_id_meeting'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_development_step_member_id_member')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_development_step'))
    )
    with op.batch_alter_table('development_step', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_development_step_done_on'), ['done_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_development_step_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index('ix_development_step_member_step', ['member_id', 'step_no'], unique=False)

    op.create_table('development_attachment',
    sa.Column('step_id', sa.String(length=36), nullable=False),
    sa.Column('original_name', sa.String(length=255), nullable=False),
    sa.Column('stored_name', sa.String(length=255), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['step_id'], ['development_step.id'], name=op.f('fk_development_attachment_step_id_development_step'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_development_attachment'))
    )
    with op.batch_alter_table('development_attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_development_attachment_step_id'), ['step_id'], unique=False)

    op.create_table('dual_cultivation',
    sa.Column('member_id', sa.String(length=36), nullable=True),
    sa.Column('person_name', sa.String(length=50), nullable=False),
    sa.Column('direction', sa.String(length=32), nullable=False),
    sa.Column('level', sa.String(length=32), nullable=False),
    sa.Column('level_on', sa.Date(), nullable=True),
    sa.Column('started_on', sa.Date(), nullable=False),
    sa.Column('responsible', sa.String(length=50), nullable=False),
    sa.Column('progress', sa.Text(), nullable=False),
    sa.Column('completed_on', sa.Date(), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_dual_cultivation_member_id_member')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dual_cultivation'))
    )
    with op.batch_alter_table('dual_cultivation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dual_cultivation_member_id'), ['member_id'], unique=False)

    _steps_from_legacy_dates()


def _steps_from_legacy_dates() -> None:
    bind = op.get_bind()
    member = sa.table('member', sa.column('id', sa.String), *(sa.column(c, sa.Date) for c, *_ in LEGACY_DATES))
    step = sa.table(
        'development_step', sa.column('id', sa.String), sa.column('member_id', sa.String),
        sa.column('step_no', sa.Integer), sa.column('done_on', sa.Date), sa.column('decided_by', sa.String),
        sa.column('outcome', sa.String), sa.column('extension_months', sa.Integer),
        sa.column('warnings', sa.Text), sa.column('override_reason', sa.Text), sa.column('note', sa.Text),
        sa.column('created_at', sa.DateTime), sa.column('updated_at', sa.DateTime))
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    rows = []
    for record in bind.execute(sa.select(member)).mappings():
        for column, number, outcome, label in LEGACY_DATES:
            if record[column] is None:
                continue
            rows.append({
                'id': str(uuid.uuid4()), 'member_id': record['id'], 'step_no': number,
                'done_on': record[column], 'decided_by': '', 'outcome': outcome, 'extension_months': 0,
                'warnings': '', 'override_reason': '', 'note': f'由第一版“{label}”转入',
                'created_at': now, 'updated_at': now,
            })
    if rows:
        op.bulk_insert(step, rows)


def downgrade() -> None:
    op.drop_table('dual_cultivation')
    op.drop_table('development_attachment')
    op.drop_table('development_step')
