"""meeting rules: combined meetings, vote kinds and written opinions, per-organization compliance rules,
留党察看 dates, the reason a post was saved despite a warning; 支委会 attendance recomputed

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 09:00:00

The first release counted every branch member as expected (应到) at a 支部委员会会议. Here each such
record is recomputed from the posts held on its day (docs/domain.md "Who is expected, and quorum"):
committee members keep their attendance; others marked present become 列席; others marked absent were
never expected, so their rows are removed from the attendance and kept, with every old value, in an
audit_log entry for that meeting (nothing is lost). A record whose organization had no committee post
recorded that day is left as it was.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

GROUP_LEADER = "group_leader"


def upgrade() -> None:
    with op.batch_alter_table('member') as batch:
        batch.add_column(sa.Column('party_probation_from', sa.Date(), nullable=True))
        batch.add_column(sa.Column('party_probation_until', sa.Date(), nullable=True))
    with op.batch_alter_table('post') as batch:
        batch.add_column(sa.Column('warning_reason', sa.Text(), nullable=False, server_default=''))
    with op.batch_alter_table('meeting') as batch:
        batch.add_column(sa.Column('also_kinds', sa.String(length=200), nullable=False, server_default=''))
        batch.add_column(sa.Column('vote_kind', sa.String(length=16), nullable=False, server_default=''))
        batch.add_column(sa.Column('written_for', sa.Integer(), nullable=False, server_default='0'))
        batch.add_column(sa.Column('written_against', sa.Integer(), nullable=False, server_default='0'))
    with op.batch_alter_table('compliance_rule') as batch:
        batch.add_column(sa.Column('organization_id', sa.String(length=36), nullable=True))
        batch.add_column(sa.Column('valid_from', sa.Date(), nullable=True))
        batch.create_foreign_key(batch.f('fk_compliance_rule_organization_id_organization'), 'organization',
                                 ['organization_id'], ['id'])
    recompute_committee_meetings(op.get_bind())


def _day(value: object) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value  # type: ignore[return-value]
    return dt.date.fromisoformat(str(value)[:10])


def recompute_committee_meetings(con: sa.engine.Connection) -> int:
    """Re-take 应到/实到 of every 支部委员会会议 from the committee posts held that day; returns how many changed."""
    posts: dict[str, list[tuple[str, dt.date | None, dt.date | None]]] = {}
    for org_id, member_id, start, end in con.execute(sa.text(
            "SELECT organization_id, member_id, term_start, term_end FROM post "
            "WHERE member_id IS NOT NULL AND kind != :leader"), {"leader": GROUP_LEADER}):
        posts.setdefault(org_id, []).append((member_id, _day(start), _day(end)))
    meetings = list(con.execute(sa.text(
        "SELECT id, organization_id, held_on, title, expected_count, present_count FROM meeting "
        "WHERE kind = 'committee_meeting'")))
    changed = 0
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    for meeting_id, org_id, held_on, title, old_expected, old_present in meetings:
        day = _day(held_on)
        assert day is not None
        committee = {m for m, s, e in posts.get(org_id, []) if (s is None or s <= day) and (e is None or day <= e)}
        if not committee:
            continue
        rows = list(con.execute(sa.text(
            "SELECT id, member_id, status, absence_reason, note FROM attendance WHERE meeting_id = :m"),
            {"m": meeting_id}))
        to_observer = [r for r in rows if r.member_id not in committee and r.status == "present"]
        removed = [r for r in rows if r.member_id not in committee and r.status == "absent"]
        for r in to_observer:
            con.execute(sa.text("UPDATE attendance SET status = 'observer' WHERE id = :i"), {"i": r.id})
        for r in removed:
            con.execute(sa.text("DELETE FROM attendance WHERE id = :i"), {"i": r.id})
        kept = [r for r in rows if r.member_id in committee]
        expected = sum(1 for r in kept if r.status in ("present", "absent"))
        present = sum(1 for r in kept if r.status == "present")
        if not to_observer and not removed and (expected, present) == (old_expected, old_present):
            continue
        con.execute(sa.text("UPDATE meeting SET expected_count = :e, present_count = :p WHERE id = :m"),
                    {"e": expected, "p": present, "m": meeting_id})
        old = {"expected_count": old_expected, "present_count": old_present,
               "attendance_now_observer": [r.member_id for r in to_observer],
               "attendance_removed": [{"id": r.id, "member_id": r.member_id, "status": r.status,
                                       "absence_reason": r.absence_reason, "note": r.note} for r in removed]}
        con.execute(sa.text(
            "INSERT INTO audit_log (id, at, username, action, entity, entity_id, summary, old_values, new_values) "
            "VALUES (:id, :at, 'system', 'migrate', 'meeting', :m, :summary, :old, :new)"),
            {"id": str(uuid.uuid4()), "at": now, "m": meeting_id,
             "summary": f"升级：{day:%Y-%m-%d}“{title}”应到人数按当天在任支委重算（{old_expected} → {expected}），"
                        f"非支委出席者改为列席 {len(to_observer)} 人，非支委缺席登记移出 {len(removed)} 条",
             "old": json.dumps(old, ensure_ascii=False),
             "new": json.dumps({"expected_count": expected, "present_count": present}, ensure_ascii=False)})
        changed += 1
    return changed


def downgrade() -> None:
    with op.batch_alter_table('compliance_rule') as batch:
        batch.drop_constraint(batch.f('fk_compliance_rule_organization_id_organization'), type_='foreignkey')
        batch.drop_column('valid_from')
        batch.drop_column('organization_id')
    with op.batch_alter_table('meeting') as batch:
        for name in ('written_against', 'written_for', 'vote_kind', 'also_kinds'):
            batch.drop_column(name)
    with op.batch_alter_table('post') as batch:
        batch.drop_column('warning_reason')
    with op.batch_alter_table('member') as batch:
        batch.drop_column('party_probation_until')
        batch.drop_column('party_probation_from')
