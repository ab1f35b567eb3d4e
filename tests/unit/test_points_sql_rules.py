"""The SQL form of the meeting rules (app/services/points_sql.py) agrees with the rules themselves
(app/domain/points_rules.py) over every combination of a record's main kind and also_kinds (合并召开), every
attendance status and whether the person was a Party member that day. Plain sqlite3, tables of the
columns the expressions read."""

from __future__ import annotations

import datetime as dt
import itertools
import sqlite3

from app.domain import points_rules as pr
from app.domain.enums import AbsenceReason, AttendanceStatus, MeetingKind
from app.services import points_sql

DAY = dt.date(2025, 6, 10)
KINDS = [k.value for k in MeetingKind]


def _con() -> sqlite3.Connection:
    con = sqlite3.connect(":memory:")
    con.execute("CREATE TABLE meeting (id INTEGER PRIMARY KEY, kind TEXT, also_kinds TEXT, held_on TEXT, "
                "title TEXT DEFAULT '')")
    con.execute("CREATE TABLE member (id TEXT PRIMARY KEY, category TEXT, joined_on TEXT)")
    con.execute("CREATE TABLE attendance (meeting_id INTEGER, member_id TEXT, status TEXT, absence_reason TEXT)")
    return con


def _records() -> list[tuple[str, tuple[str, ...]]]:
    """Every main kind with every set of other kinds (谈心谈话 combines with nothing: meeting_rules)."""
    out: list[tuple[str, tuple[str, ...]]] = [("talk", ())]
    for main in KINDS:
        if main == "talk":
            continue
        others = [k for k in KINDS if k not in (main, "talk")]
        for n in range(len(others) + 1):
            out += [(main, combo) for combo in itertools.combinations(others, n)]
    return out


def test_attendance_entries_lecture_and_absence_per_record_agree_with_the_domain() -> None:
    con = _con()
    records = _records()
    con.executemany("INSERT INTO meeting (id, kind, also_kinds, held_on) VALUES (?, ?, ?, ?)",
                    [(i, main, ",".join(also), DAY.isoformat()) for i, (main, also) in enumerate(records)])
    params, _cats, attend, absent, _scored, _party = points_sql.base_params(2025, [], iso_dates=True)
    sql = (f"SELECT id, {points_sql.attend_count_sql(attend)}, "
           f"CASE WHEN {points_sql.covers_sql(pr.LECTURE_KIND)} THEN 1 ELSE 0 END, "
           f"CASE WHEN mt.kind IN {absent} THEN 1 ELSE 0 END FROM meeting mt ORDER BY id")
    got = {i: (n, bool(lecture), bool(absence)) for i, n, lecture, absence in con.execute(sql, params)}
    for i, (main, also) in enumerate(records):
        entries = pr.meeting_entries(main, also, "present", None)
        absences = pr.meeting_entries(main, also, "absent", "unexcused")
        expected = (len(entries), pr.covers_lecture(main, also), absences == [(pr.Trigger.ABSENT_UNEXCUSED, None)])
        assert got[i] == expected, (main, also)
    assert max(n for n, _l, _a in got.values()) == 4  # a record covering all four scored kinds


def test_one_attendance_row_per_covered_kind_names_the_kind() -> None:
    con = _con()
    day = DAY.isoformat()
    con.executemany("INSERT INTO meeting VALUES (?, ?, ?, ?, ?)", [
        (1, "theme_day", "party_lecture", day, "会议1"), (2, "life_meeting", "general_assembly,member_review", day,
                                                        "会议2"), (3, "theme_day", "", day, "会议3")])
    sql = (f"WITH {points_sql.scored_kinds_cte()} SELECT mt.id, sk.kind, {points_sql.ATTEND_TEXT} "
           f"FROM meeting mt JOIN sk ON {points_sql._covers('sk.kind', 'sk.pattern')} ORDER BY mt.id, sk.kind")
    rows = list(con.execute(sql))
    assert rows == [(1, "party_lecture", "会议1（计为党课）"), (1, "theme_day", "会议1（计为主题党日）"),
                    (2, "general_assembly", "会议2（计为支部党员大会）"), (3, "theme_day", "会议3")]
    for mid, main, also in ((1, "theme_day", ["party_lecture"]), (2, "life_meeting", ["general_assembly"]),
                            (3, "theme_day", [])):
        assert [k for m, k, _t in rows if m == mid] == sorted(pr.attendance_kinds(main, also))


def test_who_attended_agrees_with_the_domain() -> None:
    con = _con()
    people = [("full", "2000-01-01"), ("full", None), ("probationary", "2025-06-10"), ("probationary", "2025-07-01"),
              ("activist", None), ("candidate", None), ("applicant", None)]
    con.executemany("INSERT INTO member VALUES (?, ?, ?)", [(f"p{i}", c, j) for i, (c, j) in enumerate(people)])
    con.execute("INSERT INTO meeting (id, kind, also_kinds, held_on) VALUES (1, 'general_assembly', '', ?)",
                (DAY.isoformat(),))
    lines = []
    for i, _person in enumerate(people):
        for status in AttendanceStatus:
            lines.append((1, f"p{i}", status.value, AbsenceReason.UNEXCUSED.value
                          if status == AttendanceStatus.ABSENT else None))
    con.executemany("INSERT INTO attendance VALUES (?, ?, ?, ?)", lines)
    params, _cats, _attend, _absent, _scored, party = points_sql.base_params(2025, [], iso_dates=True)
    sql = (f"SELECT a.member_id, a.status, CASE WHEN {points_sql.attended_sql(party)} THEN 1 ELSE 0 END "
           "FROM meeting mt JOIN attendance a ON a.meeting_id = mt.id")
    got = {(m, s): bool(v) for m, s, v in con.execute(sql, params)}
    assert len(got) == len(people) * len(AttendanceStatus)
    for i, (category, joined) in enumerate(people):
        member = pr.party_member_on(category, dt.date.fromisoformat(joined) if joined else None, DAY)
        for status in AttendanceStatus:
            assert got[(f"p{i}", status.value)] == pr.attended(status.value, member), (category, joined, status)
    assert got[("p4", "observer")] and not got[("p0", "observer")]
