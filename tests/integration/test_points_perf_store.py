"""The benchmark generator's year of points (small scale): entries valid for their rules, and the ranking
statement gives the same rows through SQLAlchemy and through raw sqlite3 (what the benchmark compares)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from sqlalchemy import text

from app.context import open_context
from app.services import points, points_sql
from app.services.points_catalog import ensure_catalogs
from tests.perf.generate import END_YEAR


def test_generated_points_rank_the_same_raw_and_through_sqlalchemy(small_county: tuple[Path, dict[str, int]],
                                                                  tmp_path: Path) -> None:
    template, counts = small_county
    store = tmp_path / "county.sqlite"
    shutil.copyfile(template, store)
    assert counts["point_entry"] == 6000 and counts["point_catalog"] == 12 and counts["point_total"] > 1000
    con = sqlite3.connect(store)
    try:
        bad = con.execute("SELECT COUNT(*) FROM point_entry e JOIN point_rule r ON r.id = e.rule_id "
                          "WHERE r.school_id != e.school_id OR r.trigger != 'manual' OR e.points < MIN(r.points, "
                          "COALESCE(r.points_max, r.points)) OR e.points > MAX(r.points, "
                          "COALESCE(r.points_max, r.points))").fetchone()[0]
        assert bad == 0
    finally:
        con.close()
    ctx = open_context(store)
    try:
        with ctx.uow() as uow:
            catalogs = ensure_catalogs(uow, END_YEAR)
            assert uow.session.info.get("points_catalog_seeded") is None  # the generator made them
            assert points.total_problems(uow) == []  # its running totals agree with its entries
            sql, params = points_sql.ranking_sql(END_YEAR, list(catalogs.values()))
            orm = [tuple(r) for r in uow.session.execute(text(sql), params)]
        ranking = points.year_ranking(ctx, END_YEAR)
    finally:
        ctx.close()
    raw_sql, raw_params = points_sql.ranking_sql(END_YEAR, list(catalogs.values()), iso_dates=True)
    con = sqlite3.connect(store)
    try:
        raw = con.execute(raw_sql, raw_params).fetchall()
    finally:
        con.close()
    assert raw == orm and len(raw) == len(ranking.rows) > 400
    assert max(r.total for r in ranking.rows) > 60
    # The ranking reads attendance lines and the running totals from their covering indexes alone
    # (migration 0007, docs/benchmark.md): a change that loses that goes back to a table lookup per line.
    con = sqlite3.connect(store)
    try:
        plan = " | ".join(r[3] for r in con.execute("EXPLAIN QUERY PLAN " + raw_sql, raw_params))
    finally:
        con.close()
    assert "COVERING INDEX ix_attendance_meeting_cover" in plan
    assert "COVERING INDEX ix_point_total_year_cover" in plan
    assert "MATERIALIZE mk" in plan  # per-record work once per record, not once per attendance line
