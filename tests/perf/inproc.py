"""In-process measurements for the benchmark, run by tests.perf.bench as a fresh child process per run.

    python -m tests.perf.inproc WHAT --db STORE [--year Y] [--roster FILE.xlsx]   → one JSON object on stdout

WHAT is one of: tabs, members, meetings, compliance, import, preview, points, export (`export members` of a
store made by `people_store`). Each times the first time the user would do the thing in a session (a
fresh process per run, so nothing is warm that would not be), through the real
widgets and services. A missing name is an ImportError/AttributeError: the benchmark fails loudly rather
than printing a row it did not measure.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

MEMBER_QUERIES = ("王", "zs", "zhang", "ljy", "䶮", "138")
MEETING_QUERIES = ("主题党日", "dyt", "党课", "师德", "2025")


def timed(func: Callable[[], object]) -> tuple[float, object]:
    t0 = time.perf_counter()
    result = func()
    return time.perf_counter() - t0, result


def _as_if_in(year: int) -> None:
    """三会一课 opens on the current year; the county store's records end in END_YEAR. Let the tab believe
    it is the last day of that year, so its first view shows a full year's grid and list, as it would
    for a user in the middle of the records."""
    import datetime as dt
    import types

    from app.gui.tabs import meetings as meetings_tab

    class LastDayOf(dt.date):
        @classmethod
        def today(cls) -> dt.date:
            return dt.date(year, 12, 31)

    meetings_tab.dt = types.SimpleNamespace(date=LastDayOf, datetime=dt.datetime, timedelta=dt.timedelta)
    from app.gui.tabs import points as points_tab  # 党员积分 opens on that year too (its year of entries)

    points_tab.dt = meetings_tab.dt


def measure_tabs(db: str, year: int) -> dict:
    """Build the main window, then open each tab and let it paint, twice over:
    - as a user meets it: 首页 first (its page built while the store opened, as start-up does, then filled
      from the store); while the user reads it the window builds the other tabs ahead
      (MainWindow._prebuild_next); once they are built (the time that took is reported), each first click;
    - cold: in a second window whose tabs are clicked before any was built ahead (the build on a click), and
      whose 首页 is built and filled in one step."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    import app.gui.main_window as main_window
    from app.context import open_context
    from app.gui import after_paint, operations
    from app.gui.application import make_application
    from app.gui.main_window import MainWindow

    _as_if_in(year)
    app = make_application()

    class Paints(QObject):
        seen = 0

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                self.seen += 1
            return False

    def click_each(window: MainWindow, prefix: str, out: dict[str, float]) -> None:
        """The click, then one pass of the event loop as after a real click: the shown tab's layout, then its
        one paint. A repaint() forced before that pass painted the tab before its layout, and the pass then
        painted it again (two paints timed for one click); it is only forced when the pass painted nothing."""
        for i in range(1, window.tabs.count()):
            paints = Paints()
            window.tabs.widget(i).installEventFilter(paints)
            t0 = time.perf_counter()
            window.tabs.setCurrentIndex(i)
            QApplication.processEvents()
            if not paints.seen:
                window.repaint()
            out[prefix + window.tabs.tabText(i)] = time.perf_counter() - t0
            window.tabs.widget(i).removeEventFilter(paints)

    values: dict[str, float] = {}
    window = MainWindow(None)  # as at start-up (app.gui.application.run): the frame is painted first,
    window.show()
    QApplication.processEvents()
    window.prepare()  # then 首页's page is built while the store opens,
    ctx = open_context(db)
    t0 = time.perf_counter()
    window.attach(ctx)  # then the store is attached: 首页 reads it and fills its page
    window.repaint()  # the paint the user waits for, done now rather than at the next event loop pass
    QApplication.processEvents()
    values[window.tabs.tabText(0)] = time.perf_counter() - t0
    deadline = time.perf_counter() + 20

    def building_ahead() -> bool:
        """Tabs still to build, or their reads (三会一课's grid, the points ranking) still on a worker."""
        return len(window._built) < window.tabs.count() or bool(operations.running() or after_paint.waiting())

    while building_ahead() and time.perf_counter() < deadline:
        QApplication.processEvents()
        time.sleep(0.005)
    values["ahead: every tab built and read, after attach (s)"] = time.perf_counter() - t0
    click_each(window, "", values)
    window.close()

    main_window.PRELOAD_AFTER_MS = 10**9  # the second window: nothing is built ahead
    cold = MainWindow(None)
    cold.show()
    QApplication.processEvents()
    t0 = time.perf_counter()
    cold.attach(ctx)  # 首页 built and filled at once, its page not built while the store opened
    cold.repaint()
    QApplication.processEvents()
    values["cold: " + cold.tabs.tabText(0)] = time.perf_counter() - t0
    click_each(cold, "cold: ", values)
    cold.close()
    ctx.close()
    del app
    return {"status": "ok", "values": values,
            "note": f"first open of each tab, painted (三会一课 on {year}); 首页 from the store attached to its data "
                    "painted (its page built while the store opened, as start-up does), the others after 首页 was "
                    "read while they were built ahead; cold: clicked before any was built ahead (cold 首页: built "
                    "and filled in one step, in a second window on the same open store)"}


def measure_members(db: str) -> dict:
    """Type into 组织设置's roster search (the real RosterPanel and its lazy model): the time from the query
    to the repainted first page, per string. The 300 ms typing debounce is not counted."""
    from PySide6.QtWidgets import QApplication

    from app.context import open_context
    from app.gui.application import make_application
    from app.gui.tabs.org_setup import OrgSetupTab

    app = make_application()
    ctx = open_context(db)
    tab = OrgSetupTab(ctx)
    tab.resize(1200, 720)
    tab.show()
    QApplication.processEvents()
    values, shown = {}, {}
    try:
        for text in MEMBER_QUERIES:
            tab.roster.search.blockSignals(True)
            tab.roster.search.setText(text)
            tab.roster.search.blockSignals(False)
            t0 = time.perf_counter()
            tab.roster.apply_filters()
            tab.roster.table.viewport().repaint()
            QApplication.processEvents()
            values[text] = time.perf_counter() - t0
            shown[text] = tab.roster.model.rowCount()
    finally:
        tab.close()
        ctx.close()
        del app
    if not any(shown.values()):
        raise RuntimeError(f"no member matched any of {MEMBER_QUERIES}: the filter was not exercised")
    return {"status": "ok", "values": values,
            "note": "组织设置 roster: RosterPanel.apply_filters (count + first page) and repaint; rows "
                    + ", ".join(f"{k} {v}" for k, v in shown.items())}


def measure_meetings(db: str, year: int) -> dict:
    """Type into 三会一课's search box (the real MeetingsTab, its year set to the store's last year): query,
    count and repaint of the list, per string; also the year switch itself (grid and list)."""
    from PySide6.QtWidgets import QApplication

    from app.context import open_context
    from app.gui.application import make_application
    from app.gui.tabs.meetings import MeetingsTab

    app = make_application()
    ctx = open_context(db)
    tab = MeetingsTab(ctx)
    tab.resize(1200, 720)
    tab.show()
    QApplication.processEvents()
    values, shown = {}, {}
    try:
        deadline = time.perf_counter() + 30
        while tab.grid_year is None and time.perf_counter() < deadline:  # the opening year's count, done first
            QApplication.processEvents()
            time.sleep(0.002)
        t0 = time.perf_counter()
        tab.year.setValue(year)  # refreshes the list; the compliance grid is counted on a worker
        tab.view.viewport().repaint()
        QApplication.processEvents()
        values[f"switch year to {year} (list, grid counting)"] = time.perf_counter() - t0
        while tab.grid_year != year and time.perf_counter() - t0 < 30:
            QApplication.processEvents()
            time.sleep(0.002)
        tab.grid.viewport().repaint()
        values[f"switch year to {year}: grid shown"] = time.perf_counter() - t0
        for text in MEETING_QUERIES:
            tab.text.blockSignals(True)
            tab.text.setText(text)
            tab.text.blockSignals(False)
            t0 = time.perf_counter()
            tab.refresh_list()
            tab.view.viewport().repaint()
            QApplication.processEvents()
            values[text] = time.perf_counter() - t0
            shown[text] = tab.model.total
    finally:
        tab.close()
        ctx.close()
        del app
    if not any(shown.values()):
        raise RuntimeError(f"no meeting matched any of {MEETING_QUERIES}: the filter was not exercised")
    return {"status": "ok", "values": values,
            "note": "三会一课 list: MeetingsTab.refresh_list (count + first page) and repaint; matches "
                    + ", ".join(f"{k} {v}" for k, v in shown.items())}


def measure_compliance(db: str, year: int) -> dict:
    """services.compliance.compute: the year's grid for every branch and party group, counted in SQL."""
    from app.context import open_context
    from app.services.compliance import compute

    ctx = open_context(db)
    try:
        with ctx.uow() as uow:
            seconds, grid = timed(lambda: compute(uow, year))
    finally:
        ctx.close()
    if not grid.rows:
        raise RuntimeError(f"compliance grid for {year} is empty")
    return {"status": "ok", "values": {"grid": seconds},
            "note": f"services.compliance.compute, {len(grid.rows)} branch rows, {len(grid.missed)} missed"}


def measure_preview(db: str, year: int, branch: str) -> dict:
    """The print preview (app.gui.print_preview.show_pdf) on the year's 会议记录汇编 of one branch: from the
    call to the first page painted on screen. The PDF is printed first, untimed (its own row times that)."""
    import tempfile

    from PySide6.QtWidgets import QApplication

    from app.context import open_context
    from app.documents import meeting_printing
    from app.gui import print_preview
    from app.gui.application import make_application

    app = make_application()
    ctx = open_context(db)
    folder = Path(tempfile.mkdtemp())
    try:
        pdf = meeting_printing.print_compilation(ctx, year, folder / "records.pdf", branch_name=branch)
    finally:
        ctx.close()
    # As in a session: the main window loads the renderer when idle after building its tabs (warm_up); the
    # cold load is reported beside the row, for a print clicked within the first seconds.
    warm, _ = timed(print_preview.warm_up)
    t0 = time.perf_counter()
    preview = print_preview.show_pdf(None, pdf, title="会议记录汇编")
    while 0 not in preview.canvas.painted_pages:
        QApplication.processEvents()
        if time.perf_counter() - t0 > 30:
            raise RuntimeError("the preview did not paint its first page within 30 s")
    first = time.perf_counter() - t0
    pages = preview.page_count
    preview.close()
    del app
    return {"status": "ok", "values": {"first page": first, "renderer load": warm},
            "note": f"show_pdf to the first page painted, {branch} {year}, {pages} pages, the renderer loaded "
                    f"ahead (as the main window does when idle; that load took {warm * 1000:.0f} ms)"}


def measure_points(db: str, year: int, repeats: int = 5) -> dict:
    """The year's ranking over the county's entries: the same SQL statement (app.services.points_sql) through
    SQLAlchemy and through the raw sqlite3 module, interleaved, medians of `repeats` after one warm-up each;
    and the whole use case (services.points.year_ranking: catalogs, statement, rows)."""
    import sqlite3
    import statistics

    from sqlalchemy import text

    from app.context import open_context
    from app.services import points, points_sql
    from app.services.points_catalog import ensure_catalogs

    ctx = open_context(db)
    try:
        with ctx.uow() as uow:
            catalogs = list(ensure_catalogs(uow, year).values())
            uow.commit()
        sql, params = points_sql.ranking_sql(year, catalogs)
        raw_sql, raw_params = points_sql.ranking_sql(year, catalogs, iso_dates=True)
        con = sqlite3.connect(db)
        orm_times, raw_times, case_times = [], [], []
        try:
            for i in range(repeats + 1):
                with ctx.uow() as uow:
                    t_orm, rows = timed(lambda uow=uow: uow.session.execute(text(sql), params).all())
                t_raw, raw_rows = timed(lambda: con.execute(raw_sql, raw_params).fetchall())
                t_case, ranking = timed(lambda: points.year_ranking(ctx, year))
                if i:  # the first pass warms the OS file cache and SQLite's page cache for both alike
                    orm_times.append(t_orm)
                    raw_times.append(t_raw)
                    case_times.append(t_case)
            entries = con.execute("SELECT COUNT(*) FROM point_entry WHERE year = ?", (year,)).fetchone()[0]
        finally:
            con.close()
    finally:
        ctx.close()
    if [tuple(r) for r in rows] != raw_rows or not rows:
        raise RuntimeError("the ranking differs between SQLAlchemy and raw sqlite3, or is empty")
    return {"status": "ok", "values": {"ranking (SQLAlchemy)": statistics.median(orm_times),
                                       "ranking (raw sqlite3)": statistics.median(raw_times),
                                       "year_ranking use case": statistics.median(case_times)},
            "note": f"{len(rows)} members ranked over {entries} entries of {year} plus attendance, "
                    f"{len(ranking.rows)} in the use case"}


def measure_import(db: str, roster: Path) -> dict:
    """services.roster_import: read and validate every row (preview), then write them in one transaction."""
    from app.context import open_context
    from app.documents.roster_files import preview_import
    from app.services.roster_import import apply_import

    ctx = open_context(db)
    try:
        with ctx.uow() as uow:
            t_read, report = timed(lambda: preview_import(uow, roster))
            t_write, result = timed(lambda: (apply_import(uow, report), uow.commit())[0])
    finally:
        ctx.close()
    if result.imported != 5000 or report.invalid_rows:
        raise RuntimeError(f"imported {result.imported}, {len(report.invalid_rows)} invalid rows")
    return {"status": "ok", "values": {"import": t_read + t_write, "read and validate": t_read,
                                       "write and commit": t_write},
            "note": "documents.roster_files.preview_import + services.roster_import.apply_import, 5,000 valid rows"}


def people_store(path: Path, people: int) -> Path:
    """A store holding a school with `people` members over seven branches (for the export rows)."""
    import datetime as dt

    from sqlalchemy import insert

    from app.context import open_context
    from app.domain import idcard
    from app.domain.enums import OrgKind
    from app.services import organizations
    from app.store.models import Member, new_id, utcnow

    ctx = open_context(path)
    try:
        with ctx.uow() as uow:
            school = organizations.ensure_school(uow, "基准测试学校")
            branches = [organizations.create_organization(uow, name=f"第{i + 1}党支部", kind=OrgKind.BRANCH).id
                        for i in range(7)]
            now = utcnow()
            rows = []
            for i in range(people):
                birth = dt.date(1960 + i % 40, 1 + i % 12, 1 + i % 28)
                rows.append({"id": new_id(), "school_id": school.id, "name": f"张{chr(0x4E00 + i % 3000)}{i}",
                             "id_number": idcard.make_number(f"{610000 + i // 1000 % 1000:06d}", birth, i % 1000),
                             "phone": f"138{i:08d}", "category": "full", "status": "active",
                             "branch_id": branches[i % 7], "joined_on": dt.date(2000, 7, 1),
                             "created_at": now, "updated_at": now})
            uow.session.execute(insert(Member), rows)
            uow.commit()
    finally:
        ctx.close()
    return path


def measure_export(db: str) -> dict:
    """`export members`: services.roster_export.export_roster (query, MemberData, the .xlsx writer)."""
    from app.context import open_context
    from app.documents.roster_files import export_roster

    ctx = open_context(db)
    out = Path(db).with_suffix(".xlsx")
    try:
        with ctx.uow() as uow:
            seconds, (_path, counts) = timed(lambda: export_roster(uow, out))
            uow.commit()
    finally:
        ctx.close()
    count = counts.total  # both sheets: the 党员花名册 and the 入党申请人等
    return {"status": "ok", "values": {"export": seconds, "people": count},
            "note": f"services.roster_export.export_roster, {count} people, {out.stat().st_size / 2**20:.1f} MiB"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=["tabs", "members", "meetings", "compliance", "import", "preview",
                                         "points", "export"])
    parser.add_argument("--db", required=True)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--roster", type=Path)
    parser.add_argument("--branch", default="")
    args = parser.parse_args(argv)
    if args.what == "tabs":
        result = measure_tabs(args.db, args.year)
    elif args.what == "members":
        result = measure_members(args.db)
    elif args.what == "meetings":
        result = measure_meetings(args.db, args.year)
    elif args.what == "compliance":
        result = measure_compliance(args.db, args.year)
    elif args.what == "preview":
        result = measure_preview(args.db, args.year, args.branch)
    elif args.what == "points":
        result = measure_points(args.db, args.year)
    elif args.what == "export":
        result = measure_export(args.db)
    else:
        result = measure_import(args.db, args.roster)
    sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    # Leave without interpreter teardown: PySide 6.12 can abort while garbage-collecting a QApplication's
    # widgets at exit (none_dealloc), after the measurement is written. The app itself exits through
    # app.exec() and closes its windows first, so it is not affected.
    os._exit(code)
