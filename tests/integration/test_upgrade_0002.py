"""Revision 0002 over a first-release store: 支委会 records are recomputed from the committee, nothing lost."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
import uuid
from pathlib import Path

from app.store.engine import open_store
from app.store.migrate import upgrade

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "store_rev0001.sqlite"


def _add_release1_committee_meeting(path: Path) -> tuple[str, set[str], int]:
    """A 支委会 as the first release saved it: every branch member expected, one non-member absent."""
    con = sqlite3.connect(path)
    try:
        branch_id = con.execute("SELECT id FROM organization WHERE kind='branch' ORDER BY sort_order").fetchone()[0]
        committee = {r[0] for r in con.execute(
            "SELECT member_id FROM post WHERE organization_id=? AND kind!='group_leader'", (branch_id,))}
        people = [r[0] for r in con.execute(
            "SELECT id FROM member WHERE branch_id=? AND category IN ('full','probationary') ORDER BY name",
            (branch_id,))]
        meeting_id = str(uuid.uuid4())
        now = dt.datetime(2025, 5, 6, 17, 0).isoformat(" ")
        con.execute(
            "INSERT INTO meeting (id, created_at, updated_at, organization_id, kind, title, held_on, start_time,"
            " end_time, place, host, recorder, topics, content, resolutions, follow_up, first_topic_material,"
            " first_topic_speaker, lecturer, lecture_title, lecture_type, theme, form, observers, expected_count,"
            " present_count) VALUES (?,?,?,?,'committee_meeting','5月支部委员会会议','2025-05-06','','','','','',"
            "'','','','','','','','','','','','',?,?)",
            (meeting_id, now, now, branch_id, len(people), len(people) - 1))
        outsider_absent = next(p for p in people if p not in committee)
        for p in people:
            con.execute("INSERT INTO attendance (id, created_at, updated_at, meeting_id, member_id, status,"
                        " absence_reason, note) VALUES (?,?,?,?,?,?,?,?)",
                        (str(uuid.uuid4()), now, now, meeting_id, p,
                         "absent" if p == outsider_absent else "present",
                         "sick_leave" if p == outsider_absent else None, "住院" if p == outsider_absent else ""))
        con.commit()
        return meeting_id, committee, len(people)
    finally:
        con.close()


def test_release1_committee_meeting_is_recomputed_and_nothing_is_lost(tmp_path: Path) -> None:
    path = tmp_path / "school.sqlite"
    shutil.copyfile(FIXTURE, path)
    meeting_id, committee, branch_size = _add_release1_committee_meeting(path)
    con = sqlite3.connect(path)
    before = {t: con.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0]
              for t in ("member", "meeting", "post", "compliance_rule", "attendance", "organization")}
    con.close()

    store = open_store(path)
    try:
        assert upgrade(store) is True
    finally:
        store.dispose()

    con = sqlite3.connect(path)
    try:
        assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] >= "0002"
        expected, present = con.execute("SELECT expected_count, present_count FROM meeting WHERE id=?",
                                        (meeting_id,)).fetchone()
        assert (expected, present) == (len(committee), len(committee))  # 4 支委, all present
        rows = dict(con.execute("SELECT member_id, status FROM attendance WHERE meeting_id=?", (meeting_id,)))
        assert {m for m, s in rows.items() if s != "observer"} == committee
        assert sum(1 for s in rows.values() if s == "observer") == branch_size - len(committee) - 1
        summary, old = con.execute("SELECT summary, old_values FROM audit_log WHERE entity_id=? AND action='migrate'",
                                   (meeting_id,)).fetchone()
        assert f"{branch_size} → {len(committee)}" in summary
        removed = json.loads(old)["attendance_removed"]
        assert len(removed) == 1 and removed[0]["absence_reason"] == "sick_leave" and removed[0]["note"] == "住院"
        after = {t: con.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in before}
        assert after == {**before, "attendance": before["attendance"] - 1}  # the one row now in the audit log
        # the 党员大会 records of the fixture are untouched
        assert con.execute("SELECT expected_count FROM meeting WHERE kind='general_assembly'").fetchall() \
            == [(17,)] * 4
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        con.close()
