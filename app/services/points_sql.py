"""The SQL that scores a year: every member's entries per rule, caps applied, vetoes found, ranked.

Automatic points are not stored; they are read from their records every time, so they follow a meeting
that is edited or deleted with no hook in the meeting use cases:
- the base: each base rule once per member scored in the year (dated 1 January);
- attendance: `attendance.status = 'present'` (or `observer`, 列席, for someone not yet a Party member that
  day) at a record of the year, one entry per 党员大会 / 党小组会 / 党课 / 主题党日 the record covers: a
  combined record (合并召开, its main kind and `also_kinds`) counts for each kind it covers;
- unexcused absence: `absent` with reason `unexcused` at any organizational-life meeting of the year, one
  per meeting whatever it covers;
- giving a 党课: a record covering a 党课 (main kind or also_kind) whose 主讲人 is the name of exactly one
  Party member of the school (a name two share gives nobody the points: the app cannot tell who gave it);
- commitments reviewed kept or broken (commitment.fulfilment).
Manual entries and their counter-entries are point_entry rows; the ranking reads their running totals
(point_total, kept in each entry's transaction: summing 1.5 million entries takes ~0.5 s here, the totals a
few thousand rows). Each source is aggregated on its own, the small results are added up per (member, rule),
each rule's cap applied (app.domain.points_rules.capped), then summed per member and ranked.

The rules themselves are app.domain.points_rules (meeting_entries, attendance_kinds, covers_lecture,
attended); the expressions below are their SQL form, checked against them over every combination of kinds
(tests/unit/test_points_sql_rules.py).

The text is plain SQL with named parameters (:name), so the benchmark runs the very same statement through
the raw sqlite3 module beside SQLAlchemy; it also runs on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from app.domain import points_rules as pr
from app.domain.enums import MeetingKind

SCORED_CATEGORIES = pr.SCORED_CATEGORIES  # docs/domain.md: 预备党员 and 积极分子 (发展对象 alike) are scored too


def _in(prefix: str, values: list[str] | tuple[str, ...], params: dict[str, Any]) -> str:
    names = []
    for i, v in enumerate(values):
        params[f"{prefix}{i}"] = v
        names.append(f":{prefix}{i}")
    return "(" + ", ".join(names or ["NULL"]) + ")"


def base_params(year: int, catalog_ids: list[str], *, iso_dates: bool = False) -> tuple[dict[str, Any], str, str,
                                                                                          str, str, str]:
    """Parameters shared by the statements, and the IN-lists (catalogs, attend kinds, absence kinds, scored
    categories, Party-member categories)."""
    d0, d1 = dt.date(year, 1, 1), dt.date(year, 12, 31)
    params: dict[str, Any] = {"year": year, "d0": d0.isoformat() if iso_dates else d0,
                              "d1": d1.isoformat() if iso_dates else d1, "yes": True}
    cats = _in("cat", catalog_ids, params)
    attend = _in("ak", pr.ATTEND_KINDS, params)
    absent = _in("bk", pr.ABSENCE_KINDS, params)
    scored = _in("sc", SCORED_CATEGORIES, params)
    party = _in("pc", pr.PARTY_CATEGORIES, params)
    return params, cats, attend, absent, scored, party


def population_sql(scored: str, party: str, member_filter: str = "") -> str:
    """Members scored in the year: on a branch, on the roster during the year, Party members joined by its
    end, 入党积极分子 and 发展对象 (docs/domain.md: scored, not graded) named activists by its end."""
    return (f"SELECT m.id AS member_id, m.school_id AS school_id, m.branch_id AS branch_id FROM member m "
            f"WHERE m.category IN {scored} AND m.branch_id IS NOT NULL "
            f"AND (m.joined_on IS NULL OR m.joined_on <= :d1) "
            f"AND (m.category IN {party} OR m.activist_on IS NULL OR m.activist_on <= :d1) "
            f"AND (m.status = 'active' OR (m.status_changed_on IS NOT NULL AND m.status_changed_on >= :d0))"
            f"{member_filter}")


# ---- the SQL form of app.domain.points_rules' meeting rules (mt = meeting, a = attendance) -------------------

def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _pattern(kind: str) -> str:
    """The LIKE pattern that finds `kind` in a comma-separated also_kinds (its underscores taken literally)."""
    return "%," + kind.replace("_", "\\_") + ",%"


def _covers(kind: str, pattern: str) -> str:
    """kind in pr.covered_kinds(mt.kind, mt.also_kinds), for SQL expressions of the kind and its pattern.
    also_kinds is stored normalized ("a,b", app/services/meetings.py _validate)."""
    return f"(mt.kind = {kind} OR (',' || mt.also_kinds || ',') LIKE {pattern} ESCAPE '\\')"


def covers_sql(kind: str) -> str:
    """Whether the record covers one fixed kind (pr.covers_lecture for the 党课)."""
    return _covers(_quote(kind), _quote(_pattern(kind)))


def attend_count_sql(attend: str) -> str:
    """len(pr.attendance_kinds(mt.kind, also_kinds)): the attendance entries one attended record earns. A
    record of one kind (the common case) is looked up by its kind alone."""
    per_kind = " + ".join(f"(CASE WHEN {covers_sql(k)} THEN 1 ELSE 0 END)" for k in pr.ATTEND_KINDS)
    return (f"(CASE WHEN mt.also_kinds = '' THEN (CASE WHEN mt.kind IN {attend} THEN 1 ELSE 0 END) "
            f"ELSE {per_kind} END)")


def attended_sql(party: str) -> str:
    """pr.attended(a.status, pr.party_member_on(category, joined_on, mt.held_on)): 出席, or 列席 for someone not
    yet a Party member that day (the member subquery runs for 列席 lines only)."""
    return ("(a.status = 'present' OR (a.status = 'observer' AND NOT EXISTS (SELECT 1 FROM member q "
            f"WHERE q.id = a.member_id AND q.category IN {party} "
            "AND (q.joined_on IS NULL OR q.joined_on <= mt.held_on))))")


ABSENT_SQL = "a.status = 'absent' AND a.absence_reason = 'unexcused'"


def scored_kinds_cte() -> str:
    """sk(kind, label, pattern): the attendance-bonus kinds, to give a record one attendance row per kind."""
    rows = ", ".join(f"({_quote(k)}, {_quote(MeetingKind(k).label)}, {_quote(_pattern(k))})"
                     for k in pr.ATTEND_KINDS)
    return f"sk(kind, label, pattern) AS (VALUES {rows})"


# An attendance row's text: the meeting's title, and for a combined record the kind the row counts for.
ATTEND_TEXT = "CASE WHEN mt.also_kinds = '' THEN mt.title ELSE mt.title || '（计为' || sk.label || '）' END"


def _rule_join(alias: str, school_expr: str, trigger: str, cats: str) -> str:
    return (f"JOIN point_rule {alias} ON {alias}.school_id = {school_expr} AND {alias}.trigger = '{trigger}' "
            f"AND {alias}.catalog_id IN {cats} AND {alias}.active = :yes")


def sources_sql(cats: str, attend: str, absent: str, party: str, *, aggregate: bool) -> list[str]:
    """One SELECT per source. aggregate=True: (member_id, pts, veto), one row per (member, rule) with the
    rule's cap applied and whether it is a veto that struck; False: one row per entry (member_id, rule_id,
    points, n, day, source, ref_id, ref_text, entered_by, reason, corrects_id).

    Each source is grouped by (member, rule) on its own and no (member, rule) comes from two sources: a rule's
    trigger names its one source and never changes (points_catalog), and manual entries are refused for
    automatic rules (points.add_entry). So the cap is applied inside each source and the ranking adds the
    rows per member with no second grouping by rule."""
    def shape(member: str, rule: str, points: str, n: str, day: str, source: str, ref: str, text: str,
              by: str = "'系统'", reason: str = "''", corrects: str = "NULL") -> str:
        if aggregate:
            return f"SELECT {member} AS member_id, {capped(f'SUM({points})')} AS pts, {veto(f'SUM({n})')} AS veto"
        return (f"SELECT {member} AS member_id, {rule} AS rule_id, {points} AS pts, {n} AS n, {day} AS day, "
                f"'{source}' AS source, {ref} AS ref_id, {text} AS ref_text, {by} AS entered_by, "
                f"{reason} AS reason, {corrects} AS corrects_id")

    group = " GROUP BY {m}, {r}" if aggregate else ""
    # Every record of the year with an attendance list (ABSENCE_KINDS: all kinds but 谈心谈话, which combines
    # with nothing, app.domain.meeting_rules.combined_problems), so the kind filter is pr.counts_for_absence.
    attend_where = (f" WHERE mt.held_on >= :d0 AND mt.held_on <= :d1 AND mt.kind IN {absent} "
                    f"AND {attended_sql(party)}")
    absent_where = f" WHERE mt.held_on >= :d0 AND mt.held_on <= :d1 AND mt.kind IN {absent} AND {ABSENT_SQL}"
    attended = (" FROM meeting mt JOIN attendance a ON a.meeting_id = mt.id "
                "JOIN organization o ON o.id = mt.organization_id ")
    if aggregate:
        # Manual entries: their running totals (point_total), a few rows per member. Attendance: counted per
        # (member, school) first, then joined to the school's rule once per member, not once per meeting.
        manual = (f"SELECT e.member_id AS member_id, {capped('e.points')} AS pts, {veto('e.entries')} AS veto "
                  "FROM point_total e JOIN point_rule r ON r.id = e.rule_id WHERE e.year = :year{entry_filter}")

        def counted(trigger: str, column: str) -> str:  # from the `att` CTE (attendance_cte), one pass
            return (f"SELECT x.member_id AS member_id, {capped(f'x.{column} * r.points')} AS pts, "
                    f"{veto(f'x.{column}')} AS veto FROM att x " + _rule_join("r", "x.school_id", trigger, cats)
                    + f" WHERE x.{column} > 0")

        heads = [manual, counted("attend", "k_attend"), counted("absent_unexcused", "k_absent")]
    else:
        heads = [
            shape("e.member_id", "e.rule_id", "e.points", "e.sign", "e.entered_on", "manual", "e.id", "''",
                  "e.entered_by", "e.reason", "e.corrects_id")
            + " FROM point_entry e WHERE e.year = :year{entry_filter}",
            # one row per attendance-bonus kind the record covers (sk, scored_kinds_cte)
            shape("a.member_id", "r.id", "r.points", "1", "mt.held_on", "meeting", "mt.id", ATTEND_TEXT)
            + attended + "JOIN sk ON " + _covers("sk.kind", "sk.pattern") + " "
            + _rule_join("r", "o.school_id", "attend", cats) + attend_where + "{attendance_filter}",
            shape("a.member_id", "r.id", "r.points", "1", "mt.held_on", "meeting", "mt.id", "mt.title")
            + attended + _rule_join("r", "o.school_id", "absent_unexcused", cats) + absent_where
            + "{attendance_filter}",
        ]
    out = [
        *heads,
        shape("p.id", "r.id", "r.points", "1", "mt.held_on", "meeting", "mt.id", "mt.lecture_title")
        + " FROM meeting mt JOIN organization o ON o.id = mt.organization_id "
          # the school's Party members by name, names two share left out: one pass over the roster
          f"JOIN (SELECT MIN(u.id) AS id, u.school_id AS school_id, u.name AS name FROM member u "
          f"WHERE u.category IN {party} GROUP BY u.school_id, u.name HAVING COUNT(*) = 1) p "
          "ON p.school_id = o.school_id AND p.name = TRIM(mt.lecturer) "
        + _rule_join("r", "o.school_id", "lecture_given", cats)
        + f" WHERE mt.kind IN {absent} AND {covers_sql(pr.LECTURE_KIND)} "
          "AND mt.held_on >= :d0 AND mt.held_on <= :d1 AND mt.lecturer != ''"
        + "{lecturer_filter}" + group.format(m="p.id", r="r.id"),
        shape("c.member_id", "r.id", "r.points", "1", "COALESCE(c.reviewed_on, c.deadline, :d1)", "commitment",
              "c.id", "c.text", "c.reviewed_by", "c.review_note")
        + " FROM commitment c JOIN point_rule r ON r.school_id = c.school_id AND r.catalog_id IN " + cats
        + " AND r.active = :yes AND r.trigger = CASE c.fulfilment WHEN 'kept' THEN 'commitment_kept' "
          "ELSE 'commitment_broken' END WHERE c.year = :year AND c.fulfilment IN ('kept', 'broken')"
        + "{commitment_filter}" + group.format(m="c.member_id", r="r.id"),
        shape("pop.member_id", "r.id", "r.points", "1", ":d0", "base", "NULL", "''")
        + " FROM pop " + _rule_join("r", "pop.school_id", "base", cats)
        + group.format(m="pop.member_id", r="r.id"),
    ]
    return out


def meetings_cte(attend: str, absent: str) -> str:
    """mk(id, school_id, held_on, k): the year's records with an attendance list, each with the number of
    attendance entries one attended line earns (attend_count_sql). MATERIALIZED: the per-record work is done
    once per record (about 1,400 a year in the county benchmark), not once per attendance line (70,000)."""
    return ("mk AS MATERIALIZED (SELECT mt.id AS id, o.school_id AS school_id, mt.held_on AS held_on, "
            f"{attend_count_sql(attend)} AS k FROM meeting mt JOIN organization o ON o.id = mt.organization_id "
            f"WHERE mt.held_on >= :d0 AND mt.held_on <= :d1 AND mt.kind IN {absent}{{school_filter}})")


def attendance_cte(party: str) -> str:
    """Attendance of the year counted per (member, school) in one pass over the lines of the records in mk
    (meetings_cte): attendance entries (one per attendance-bonus kind a record covers), and unexcused
    absences (one per meeting). Reads attendance through its covering index (models.Attendance)."""
    attended = attended_sql(party).replace("mt.held_on", "mk.held_on")
    return ("SELECT a.member_id AS member_id, mk.school_id AS school_id, "
            f"SUM(CASE WHEN {attended} THEN mk.k ELSE 0 END) AS k_attend, "
            f"SUM(CASE WHEN {ABSENT_SQL} THEN 1 ELSE 0 END) AS k_absent "
            "FROM mk JOIN attendance a ON a.meeting_id = mk.id GROUP BY a.member_id, mk.school_id")


def _filters(member_ids_in: str | None, school_in: str | None) -> dict[str, str]:
    f = {"entry_filter": "", "attendance_filter": "", "lecturer_filter": "", "commitment_filter": ""}
    if member_ids_in:
        f = {"entry_filter": f" AND e.member_id IN {member_ids_in}",
             "attendance_filter": f" AND a.member_id IN {member_ids_in}",
             "lecturer_filter": f" AND p.id IN {member_ids_in}",
             "commitment_filter": f" AND c.member_id IN {member_ids_in}"}
    if school_in:
        f["entry_filter"] += f" AND e.school_id IN {school_in}"
        f["attendance_filter"] += f" AND o.school_id IN {school_in}"
        f["lecturer_filter"] += f" AND o.school_id IN {school_in}"
        f["commitment_filter"] += f" AND c.school_id IN {school_in}"
    return f


def capped(points: str) -> str:
    """A (member, rule) total within the rule's cap (app.domain.points_rules.capped), rule alias r."""
    return (f"(CASE WHEN r.cap IS NULL THEN {points} WHEN {points} > r.cap THEN r.cap "
            f"WHEN {points} < -r.cap THEN -r.cap ELSE {points} END)")


def veto(entries: str) -> str:
    """1 when the rule (alias r) is a veto and the member has an entry of it (points_rules: 一票否决)."""
    return f"(CASE WHEN r.category = 'veto' AND {entries} > 0 THEN 1 ELSE 0 END)"


def ranking_sql(year: int, catalog_ids: list[str], *, school_ids: list[str] | None = None,
                iso_dates: bool = False) -> tuple[str, dict[str, Any]]:
    """(sql, params): one row per scored member — member_id, school_id, branch_id, total, vetoed,
    rank_school, rank_branch, name, category, status, branch_name — highest total first."""
    params, cats, attend, absent, scored, party = base_params(year, catalog_ids, iso_dates=iso_dates)
    school_in = _in("sch", school_ids, params) if school_ids else None
    pop = population_sql(scored, party, f" AND m.school_id IN {school_in}" if school_in else "")
    parts = [p.format(**_filters(None, school_in)) for p in sources_sql(cats, attend, absent, party,
                                                                        aggregate=True)]
    mk = meetings_cte(attend, absent).format(school_filter=f" AND o.school_id IN {school_in}" if school_in else "")
    sql = (
        f"WITH pop AS ({pop}), {mk}, att AS ({attendance_cte(party)}), "
        f"src AS ({' UNION ALL '.join(parts)}), "
        "totals AS (SELECT member_id, SUM(pts) AS total, MAX(veto) AS vetoed FROM src GROUP BY member_id), "
        "scored AS (SELECT pop.member_id AS member_id, pop.school_id AS school_id, pop.branch_id AS branch_id, "
        "COALESCE(t.total, 0) AS total, COALESCE(t.vetoed, 0) AS vetoed FROM pop "
        "LEFT JOIN totals t ON t.member_id = pop.member_id) "
        "SELECT s.member_id, s.school_id, s.branch_id, s.total, s.vetoed, "
        "RANK() OVER (PARTITION BY s.school_id ORDER BY s.total DESC) AS rank_school, "
        "RANK() OVER (PARTITION BY s.branch_id ORDER BY s.total DESC) AS rank_branch, "
        "m.name, m.category, m.status, b.name AS branch_name "
        "FROM scored s JOIN member m ON m.id = s.member_id LEFT JOIN organization b ON b.id = s.branch_id "
        "ORDER BY s.school_id, s.total DESC, m.name_pinyin, s.member_id"
    )
    return sql, params


def detail_sql(year: int, catalog_ids: list[str], member_ids: list[str] | None,
               school_ids: list[str] | None = None) -> tuple[str, dict[str, Any]]:
    """(sql, params): every entry of the year for the given members (all scored members when None), one row
    each: member_id, rule_id, pts, n, day, source, ref_id, ref_text, entered_by, reason, corrects_id."""
    params, cats, attend, absent, scored, party = base_params(year, catalog_ids)
    members_in = _in("mem", member_ids, params) if member_ids is not None else None
    school_in = _in("sch", school_ids, params) if school_ids else None
    member_filter = (f" AND m.id IN {members_in}" if members_in else "") + \
        (f" AND m.school_id IN {school_in}" if school_in else "")
    pop = population_sql(scored, party, member_filter)
    filters = _filters(members_in, school_in)
    parts = [p.format(**filters) for p in sources_sql(cats, attend, absent, party, aggregate=False)]
    sql = (f"WITH {scored_kinds_cte()}, pop AS ({pop}) SELECT u.* FROM ({' UNION ALL '.join(parts)}) u "
           "WHERE u.member_id IN (SELECT member_id FROM pop) "
           "ORDER BY u.member_id, u.day, u.source, u.ref_id, u.ref_text")
    return sql, params
