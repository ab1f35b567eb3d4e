"""A store at revision 0001 migrates to the points tables (0005) without losing rows, and its existing
meeting records score at once: automatic points are read from attendance, nothing to back-fill."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from app.context import open_context
from app.services import points
from tests.integration.test_upgrade import DERIVED, FIXTURE, snapshot


def test_rev0001_store_gets_points_tables_and_scores_its_meetings(tmp_path: Path) -> None:
    target = tmp_path / "old.sqlite"
    shutil.copyfile(FIXTURE, target)
    con = sqlite3.connect(target)
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' "
                                        "AND name NOT LIKE 'sqlite_%' AND name != 'alembic_version'")]
    columns = {t: [r[1] for r in con.execute(f'PRAGMA table_info("{t}")')
                   if (t, r[1]) not in DERIVED] for t in tables}  # search keys are recomputed (0003)
    attended = con.execute("SELECT COUNT(*) FROM attendance a JOIN meeting m ON m.id = a.meeting_id "
                           "WHERE a.status = 'present' AND m.kind IN ('general_assembly', 'group_meeting', "
                           "'party_lecture', 'theme_day')").fetchone()[0]
    con.close()
    before = snapshot(target, columns)
    ctx = open_context(target)
    try:
        ranking = points.year_ranking(ctx, 2025)
    finally:
        ctx.close()
    assert snapshot(target, columns) == before
    assert ranking.rows and all(r.total >= 60 - 20 for r in ranking.rows)
    assert attended > 0 and sum(r.total - 60 for r in ranking.rows if r.total > 60) > 0, [r.total for r in ranking.rows]
    con = sqlite3.connect(target)
    try:
        assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] != "0001"
        assert con.execute("SELECT COUNT(*) FROM point_rule").fetchone()[0] > 0  # the year's catalog, seeded
    finally:
        con.close()
