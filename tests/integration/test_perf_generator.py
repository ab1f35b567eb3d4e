"""The benchmark's county generator, at a small scale: reproducible, consistent, through the real schema."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from app.domain import idcard
from app.domain.search_keys import pinyin_keys
from tests.perf.generate import Builder


def test_same_seed_same_rows_other_seed_other_rows() -> None:
    a = Builder(7, people=400, years=1).build()
    b = Builder(7, people=400, years=1).build()
    c = Builder(8, people=400, years=1).build()
    assert a == b
    assert a["member"] != c["member"]


def test_small_county_store_is_consistent(small_county: tuple[Path, dict[str, int]]) -> None:
    store, counts = small_county
    assert counts["organization"] == 60
    assert counts["school"] == 12
    assert counts["member"] == 600
    assert counts["meeting"] > 1000 and counts["attendance"] > counts["meeting"]
    con = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    try:
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        # Denormalized counts agree with the attendance rows, as the meetings service keeps them.
        wrong = con.execute(
            "SELECT COUNT(*) FROM meeting m WHERE expected_count != (SELECT COUNT(*) FROM attendance a "
            "WHERE a.meeting_id = m.id) OR present_count != (SELECT COUNT(*) FROM attendance a "
            "WHERE a.meeting_id = m.id AND a.status = 'present')").fetchone()[0]
        assert wrong == 0
        people = con.execute("SELECT name, name_pinyin, name_initials, id_number FROM member").fetchall()
        for name, full, initials, number in people:
            assert (full, initials) == pinyin_keys(name)
            assert idcard.parse(number).number == number
        assert len({p[3] for p in people}) == len(people)
        reasons = {r[0] for r in con.execute("SELECT DISTINCT absence_reason FROM attendance WHERE status='absent'")}
        assert reasons <= {"sick_leave", "personal_leave", "official_leave", "unexcused"} and len(reasons) >= 3
        # Nobody attends after leaving the roster or before joining the Party.
        late = con.execute(
            "SELECT COUNT(*) FROM attendance a JOIN meeting m ON m.id = a.meeting_id "
            "JOIN member p ON p.id = a.member_id "
            "WHERE (p.status_changed_on IS NOT NULL AND m.held_on >= p.status_changed_on) "
            "OR (p.joined_on IS NOT NULL AND m.held_on < p.joined_on)").fetchone()[0]
        assert late == 0
    finally:
        con.close()
