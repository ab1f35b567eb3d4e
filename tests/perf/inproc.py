"""In-process measurements for the benchmark, run by tests.perf.bench as a fresh child process per run.

    python -m tests.perf.inproc WHAT --db STORE [--year Y] [--roster FILE.xlsx]   → one JSON object on stdout

WHAT is one of: tabs, members, meetings, compliance, import. Each times the first time the user would do
the thing in a session (a fresh process per run, so nothing is warm that would not be). A feature that is
not in this build answers {"status": "n/a", "note": "..."}: the lead wires the real names after merging
(see FEATURES below).
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Where each feature is expected to live once its branch is merged: module, candidate function names.
FEATURES: dict[str, tuple[str, tuple[str, ...]]] = {
    "import": ("app.services.roster_import", ("import_roster",)),
    "meetings": ("app.services.meetings", ("search_meetings", "list_meetings")),
    "compliance": ("app.services.compliance", ("compliance_grid", "grid", "build_grid", "monthly_grid")),
}
MEMBER_QUERIES = ("王", "zs", "zhang", "ljy", "䶮", "138")
MEETING_QUERIES = ("主题党日", "dyt", "党课", "2025")


def find_feature(name: str) -> tuple[Callable | None, str]:
    module_name, candidates = FEATURES[name]
    if importlib.util.find_spec(module_name) is None:
        return None, f"not built: {module_name}"
    module = importlib.import_module(module_name)
    for candidate in candidates:
        if callable(func := getattr(module, candidate, None)):
            return func, f"{module_name}.{candidate}"
    return None, f"wire me: {module_name} has none of {', '.join(candidates)}"


def timed(func: Callable[[], object]) -> tuple[float, object]:
    t0 = time.perf_counter()
    result = func()
    return time.perf_counter() - t0, result


def measure_tabs(db: str) -> dict:
    """Build the main window, then open each tab (built lazily on first view) and let it paint."""
    from PySide6.QtWidgets import QApplication

    from app.context import open_context
    from app.gui.application import make_application
    from app.gui.main_window import MainWindow

    app = make_application()
    ctx = open_context(db)
    window = MainWindow(ctx)
    window.show()
    QApplication.processEvents()
    tabs = {}
    for i in range(window.tabs.count()):
        title = window.tabs.tabText(i)
        t0 = time.perf_counter()
        window.tabs.setCurrentIndex(i)
        window.tabs.currentWidget().grab()  # forces the paint the user waits for
        QApplication.processEvents()
        tabs[title] = time.perf_counter() - t0
    window.close()
    ctx.close()
    del app
    return {"status": "ok", "values": tabs, "note": "first open of each tab, painted"}


def measure_members(db: str) -> dict:
    """Filter the roster as the member list does: one page of rows plus the total, per typed string."""
    from app.context import open_context
    from app.services.members import MemberQuery, count_members, search_members

    ctx = open_context(db)
    values = {}
    try:
        for text in MEMBER_QUERIES:
            with ctx.uow() as uow:
                q = MemberQuery(text=text, limit=200)
                seconds, _ = timed(lambda q=q, uow=uow: (search_members(uow, q), count_members(uow, q)))
            values[text] = seconds
    finally:
        ctx.close()
    return {"status": "ok", "values": values, "note": "services.members.search_members(limit=200) + count"}


def measure_meetings(db: str) -> dict:
    func, where = find_feature("meetings")
    if func is None:
        return {"status": "n/a", "note": where}
    from app.context import open_context

    ctx = open_context(db)
    values = {}
    try:
        for text in MEETING_QUERIES:
            with ctx.uow() as uow:
                seconds, _ = timed(lambda uow=uow, text=text: func(uow, text=text))
            values[text] = seconds
    except TypeError as exc:
        return {"status": "n/a", "note": f"wire me: {where}(uow, text=...) failed: {exc}"}
    finally:
        ctx.close()
    return {"status": "ok", "values": values, "note": where}


def measure_compliance(db: str, year: int) -> dict:
    func, where = find_feature("compliance")
    if func is None:
        return {"status": "n/a", "note": where}
    from app.context import open_context

    ctx = open_context(db)
    try:
        with ctx.uow() as uow:
            seconds, _ = timed(lambda: func(uow, year=year))
    except TypeError as exc:
        return {"status": "n/a", "note": f"wire me: {where}(uow, year=...) failed: {exc}"}
    finally:
        ctx.close()
    return {"status": "ok", "values": {"grid": seconds}, "note": where}


def measure_import(db: str, roster: Path) -> dict:
    func, where = find_feature("import")
    if func is None:
        return {"status": "n/a", "note": where}
    from app.context import open_context

    ctx = open_context(db)
    try:
        with ctx.uow() as uow:
            seconds, _ = timed(lambda: (func(uow, roster, skip_invalid=False), uow.commit()))
    finally:
        ctx.close()
    return {"status": "ok", "values": {"import": seconds}, "note": where}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=["tabs", "members", "meetings", "compliance", "import"])
    parser.add_argument("--db", required=True)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--roster", type=Path)
    args = parser.parse_args(argv)
    if args.what == "tabs":
        result = measure_tabs(args.db)
    elif args.what == "members":
        result = measure_members(args.db)
    elif args.what == "meetings":
        result = measure_meetings(args.db)
    elif args.what == "compliance":
        result = measure_compliance(args.db, args.year)
    else:
        result = measure_import(args.db, args.roster)
    sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
