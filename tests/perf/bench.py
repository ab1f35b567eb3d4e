"""The benchmark: `python -m tests.perf.bench [--runs N] [--json FILE] [--no-bundle]`.

Builds or reuses the county-scale store (tests.perf.generate), works on a copy of it, runs each measurement
N times (whole-process timings in a fresh subprocess each time; in-process ones in tests.perf.inproc, also a
fresh process per run), and prints the medians beside issue 12's targets and the baselines measured in the
same run (a bare PySide6 window with five empty tabs). Writes everything as JSON (docs/benchmark-results.json
by default). A benchmark, not a test: nothing here fails on a slow machine; rows say "met" or "MISSED".
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from tests.perf import generate

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_JSON = ROOT / "docs" / "benchmark-results.json"
EXE = ".exe" if os.name == "nt" else ""

BARE_WINDOW = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTabWidget, QWidget
app = QApplication(sys.argv[:1])
window = QMainWindow()
tabs = QTabWidget(window)
window.setCentralWidget(tabs)
for i in range(5):
    tabs.addTab(QWidget(), f"标签{i + 1}")
window.resize(1200, 760)
import time
from PySide6.QtCore import QEvent, QObject
class FirstPaint(QObject):  # the same moment the app reports (app.gui.application.FirstPaint)
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and not hasattr(self, "seen"):
            self.seen = True
            QTimer.singleShot(0, lambda: print(f"startup painted {time.time():.6f}", file=sys.stderr, flush=True))
        return False
first_paint = FirstPaint()
window.installEventFilter(first_paint)
window.show()
def done():
    for i in range(tabs.count()):
        tabs.setCurrentIndex(i)
        app.processEvents()
    window.close()
    app.quit()
QTimer.singleShot(0, done)
app.exec()
"""


@dataclass
class Row:
    key: str
    label: str
    target: str
    unit: str = "s"
    median: float | None = None
    runs: list[float] = field(default_factory=list)
    detail: dict[str, float] = field(default_factory=dict)  # per-tab / per-query medians
    baseline: str = ""
    status: str = "n/a"  # met | MISSED | n/a | info
    note: str = ""


@dataclass
class Proc:
    spawned: float  # time.time() just before the spawn, to turn the child's stage times into durations
    seconds: float
    peak_mb: float
    returncode: int
    stdout: str
    stderr: str


# The measured program is started by this small launcher, not forked from the benchmark itself: on Linux a
# child's ru_maxrss keeps the high-water mark of the process it was forked from, so a child of this
# benchmark (hundreds of MB after generating the county store) reported that figure for the GUI and the bare
# window alike. The launcher is a fresh, small interpreter; what it forks starts from its ~10 MB, so the
# ru_maxrss it reads with wait4 is the measured program's own peak. It also takes the start time and the wall
# time itself, so its own start-up is not counted.
LAUNCHER = """
import json, os, sys, time
report, cmd = sys.argv[1], sys.argv[2:]
spawned, t0 = time.time(), time.perf_counter()
pid = os.posix_spawnp(cmd[0], cmd, os.environ)
_pid, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - t0
with open(report, "w") as f:
    json.dump({"spawned": spawned, "seconds": seconds, "maxrss": usage.ru_maxrss,
               "code": os.waitstatus_to_exitcode(status)}, f)
"""


def run_process(cmd: list[str], env: dict[str, str], cwd: Path = ROOT, timeout: float = 600) -> Proc:
    """Wall time from spawn to exit, and the program's own peak resident memory (through LAUNCHER on POSIX)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.TemporaryDirectory() as folder:
        if hasattr(os, "posix_spawnp") and hasattr(os, "wait4"):
            report = Path(folder) / "report.json"
            launcher = subprocess.run([sys.executable, "-c", LAUNCHER, str(report), *cmd], env=env, cwd=cwd,
                                      stdout=out, stderr=err, timeout=timeout)
            if not report.exists():
                raise RuntimeError(f"the launcher failed ({launcher.returncode}) for {' '.join(cmd)}")
            data = json.loads(report.read_text())
            spawned, seconds, code = data["spawned"], data["seconds"], data["code"]
            peak = data["maxrss"] / 1024 if sys.platform != "darwin" else data["maxrss"] / 2**20
        else:  # pragma: no cover - Windows: no per-child rusage
            spawned, t0 = time.time(), time.perf_counter()
            child = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=out, stderr=err)
            child.wait(timeout)
            seconds, peak, code = time.perf_counter() - t0, float("nan"), child.returncode
        out.seek(0)
        err.seek(0)
        return Proc(spawned, seconds, peak, code, out.read().decode("utf-8", "replace"),
                    err.read().decode("utf-8", "replace"))


def stage_times(proc: Proc) -> dict[str, float]:
    """Seconds from spawn to each `startup <stage> <epoch>` line the child wrote (DANGJIAN_STARTUP_TIMES)."""
    times = {}
    for line in proc.stderr.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] == "startup":
            times[parts[1]] = float(parts[2]) - proc.spawned
    return times


class Bench:
    def __init__(self, runs: int, tmp: Path, seed: int) -> None:
        self.runs = runs
        self.tmp = tmp
        self.seed = seed
        self.env = dict(os.environ, QT_QPA_PLATFORM="offscreen", DANGJIAN_DATA_DIR=str(tmp / "data"),
                        PYTHONPATH=str(ROOT), DANGJIAN_STARTUP_TIMES="1")
        self.env.pop("DANGJIAN_DB", None)
        # An installed program runs from compiled modules (the bundle, or __pycache__ after the first run);
        # a shell that sets PYTHONDONTWRITEBYTECODE would make every run compile the app from source.
        self.env.pop("PYTHONDONTWRITEBYTECODE", None)
        self.rows: list[Row] = []

    # --- preparation ------------------------------------------------------------------------------------
    def prepare(self) -> dict:
        os.environ["DANGJIAN_DATA_DIR"] = str(self.tmp / "data")  # the stores made here log into tmp
        t0 = time.perf_counter()
        cached, summary = generate.cached_store(self.seed)
        log(f"county store: {cached.name} ({cached.stat().st_size / 2**20:.0f} MiB, "
            f"{time.perf_counter() - t0:.1f} s to build or find)")
        self.county = self.tmp / "county.sqlite"
        shutil.copyfile(cached, self.county)  # commands may write (audit log); the cache stays pristine
        self.year = summary["end_year"]
        self.branch = summary["sample_branch"]
        from app.context import open_context

        self.empty = self.tmp / "empty.sqlite"
        open_context(self.empty).close()  # migrated once here, so no run pays for the schema
        return summary

    def cmd(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "app", *args]

    def repeat(self, cmd: list[str], warmup: bool = True) -> list[Proc]:
        if warmup:
            run_process(cmd, self.env)  # fills the OS file cache, as on any second start of the day
        results = [run_process(cmd, self.env) for _ in range(self.runs)]
        failed = [p for p in results if p.returncode != 0]
        if failed:
            raise RuntimeError(f"{' '.join(cmd)} exited {failed[0].returncode}:\n{failed[0].stderr[-2000:]}")
        return results

    def add(self, row: Row) -> Row:
        self.rows.append(row)
        shown = "n/a" if row.median is None else f"{row.median:.3f} {row.unit}"
        log(f"{row.label}: {shown} {row.status} {row.note}")
        return row

    # --- measurements -----------------------------------------------------------------------------------
    def startup(self) -> None:
        """Process start to the first painted window (bare window and app alike), to the window showing the
        store's data (首页 filled), and the whole smoke test (every tab, exit). Interleaved (bare, county,
        empty, county after an unclean end, bare, ...) so that a busy moment weighs on all alike."""
        from app.store import clean_close

        smoke = ["gui", "--smoke-test"]
        commands = {"bare": [sys.executable, "-c", BARE_WINDOW],
                    "county": self.cmd("--db", str(self.county), *smoke),
                    "empty": self.cmd("--db", str(self.empty), *smoke),
                    "unclean": self.cmd("--db", str(self.county), *smoke)}
        for command in commands.values():
            run_process(command, self.env)  # warm-up: the OS file cache and today's daily backups, as on any
            # later start of the day; the app's clean close leaves the record that spares the next quick_check
        runs: dict[str, list[Proc]] = {name: [] for name in commands}
        for _ in range(self.runs):
            for name, command in commands.items():
                if name == "unclean":
                    clean_close.forget(self.county)  # as after a crash or a power cut: quick_check runs
                proc = run_process(command, self.env)
                if proc.returncode != 0:
                    raise RuntimeError(f"{' '.join(command)} exited {proc.returncode}:\n{proc.stderr[-2000:]}")
                runs[name].append(proc)

        def stage(name: str, key: str) -> list[float]:
            values = [stage_times(p).get(key) for p in runs[name]]
            if None in values:
                raise RuntimeError(f"{name}: no 'startup {key}' line from the child (DANGJIAN_STARTUP_TIMES)")
            return values  # type: ignore[return-value]

        b_runs = stage("bare", "painted")
        b = statistics.median(b_runs)
        self.bare_seconds, self.bare_mb = b, max(p.peak_mb for p in runs["bare"])
        self.add(Row("baseline_bare_window", "baseline: bare PySide6 window, five empty tabs, to first paint",
                     "(about 0.14 s here)", median=b, runs=b_runs, status="info",
                     note=f"whole process {statistics.median(p.seconds for p in runs['bare']):.3f} s"))
        painted = {n: stage(n, "painted") for n in ("county", "empty", "unclean")}
        ready = {n: stage(n, "ready") for n in ("county", "empty", "unclean")}
        c = statistics.median(painted["county"])
        self.add(Row("startup_county", "start-up to painted main window (gui --smoke-test), county store",
                     "≤ 1.0 s and ≤ 3× bare (aim 2×)", median=c, runs=painted["county"],
                     baseline=f"{c / b:.1f}× bare", status=met(c <= 1.0 and c <= 3 * b)))
        e = statistics.median(painted["empty"])
        self.add(Row("startup_empty", "start-up to painted main window, empty store", "(reference)", median=e,
                     runs=painted["empty"], baseline=f"{e / b:.1f}× bare", status="info"))
        rc, re_ = statistics.median(ready["county"]), statistics.median(ready["empty"])
        self.add(Row("ready_county", "start-up to the first tab showing the store's data, county store",
                     "≤ 1.0 s", median=rc, runs=ready["county"], baseline=f"{rc / b:.1f}× bare",
                     status=met(rc <= 1.0)))
        self.add(Row("ready_empty", "start-up to the first tab showing data, empty store", "(reference)",
                     median=re_, runs=ready["empty"], baseline=f"{re_ / b:.1f}× bare", status="info"))
        self.add(Row("startup_county_vs_empty", "start-up, county store vs empty store (painted; data shown)",
                     "within 20%", unit="×", median=max(c / e, rc / re_),
                     baseline=f"painted {c / e:.2f}×, data {rc / re_:.2f}×", status=met(max(c / e, rc / re_) <= 1.2)))
        ru = statistics.median(ready["unclean"])
        self.add(Row("ready_county_unclean", "start-up to data after an unclean end (quick_check runs), county",
                     "(reference)", median=ru, runs=ready["unclean"], baseline=f"{ru / rc:.2f}× a clean start",
                     status="info"))
        first = []  # the first start of a day: the daily backup (verified copy of the whole store) comes first
        for _ in range(min(self.runs, 3)):
            for old in (self.tmp / "data" / "backups").glob(f"{self.county.stem}_*"):
                old.unlink()
            proc = run_process(commands["county"], self.env)
            if proc.returncode != 0:
                raise RuntimeError(f"first start of the day exited {proc.returncode}:\n{proc.stderr[-2000:]}")
            first.append(stage_times(proc)["ready"])
        rf = statistics.median(first)
        self.add(Row("ready_county_first_of_day", "start-up to data, first start of the day (daily backup), county",
                     "(reference)", median=rf, runs=first, baseline=f"{rf / rc:.1f}× a later start", status="info",
                     note="the window is painted at once; the store opens after the backup"))
        whole = [p.seconds for p in runs["county"]]
        self.add(Row("smoke_county_whole", "smoke test, whole process (every tab opened, exit), county store",
                     "(reference)", median=statistics.median(whole), runs=whole, status="info",
                     note=f"empty store {statistics.median(p.seconds for p in runs['empty']):.3f} s"))
        peak = max(p.peak_mb for p in runs["county"])
        self.add(Row("gui_peak_memory", "peak memory of the GUI, county store, every tab opened",
                     "≤ 200 MB (bare about 52 MB)", unit="MB", median=peak, runs=[p.peak_mb for p in runs["county"]],
                     baseline=f"bare {self.bare_mb:.0f} MB", status=met(peak <= 200)))

    def inproc(self, what: str, *extra: str, db: Path | None = None, fresh_copy_of: Path | None = None) -> dict:
        """N fresh child processes of tests.perf.inproc; per-key medians."""
        per_key: dict[str, list[float]] = {}
        last: dict = {}
        for i in range(self.runs):
            target = db or self.county
            if fresh_copy_of is not None:
                target = self.tmp / f"{what}-{i}.sqlite"
                shutil.copyfile(fresh_copy_of, target)
            proc = run_process([sys.executable, "-m", "tests.perf.inproc", what, "--db", str(target), *extra],
                               self.env)
            if proc.returncode != 0:
                raise RuntimeError(f"inproc {what} failed:\n{proc.stderr[-3000:]}")
            last = json.loads(proc.stdout.strip().splitlines()[-1])
            if last["status"] != "ok":
                raise RuntimeError(f"inproc {what}: {last}")
            for key, value in last["values"].items():
                per_key.setdefault(key, []).append(value)
        return {"status": "ok", "note": last.get("note", ""),
                "medians": {k: statistics.median(v) for k, v in per_key.items()}}

    def interactive(self) -> None:
        for what, label in (("tabs", "open each tab (first view, painted)"),
                            ("members", "filter the member list by a typed string (pinyin initials too)"),
                            ("meetings", f"filter the meeting list by a typed string ({self.year})")):
            result = self.inproc(what, "--year", str(self.year))  # tabs: 三会一课 opens on that year
            row = Row(f"{what}_ms", label, "≤ 100 ms each", unit="ms")
            if what == "tabs" and result["status"] == "ok":
                result["medians"] = self.tabs_extra(result["medians"])
            if result["status"] == "ok":
                medians = {k: v * 1000 for k, v in result["medians"].items()}
                row.detail = {k: round(v, 1) for k, v in medians.items()}
                row.median = max(medians.values())
                worst = max(medians, key=medians.get)
                row.baseline = f"worst: {worst}"
                row.status = met(row.median <= 100)
            row.note = result["note"]
            self.add(row)

    def tabs_extra(self, medians: dict[str, float]) -> dict[str, float]:
        """Split the tabs measurement: the clicks a user makes after reading 首页 (the row), and the reference
        rows: how long building the other tabs ahead took, and each tab's cold build on a click."""
        ahead = {k: v for k, v in medians.items() if k.startswith("ahead: ")}
        cold = {k.removeprefix("cold: "): v * 1000 for k, v in medians.items() if k.startswith("cold: ")}
        for seconds in ahead.values():
            self.add(Row("tabs_built_ahead_s",
                         "open each tab: the other tabs built ahead and their reads done, after attach", "(reference)",
                         median=seconds, status="info",
                         note="MainWindow._prebuild_next: one tab per timer tick while 首页 is read"))
        if cold:
            worst = max(cold, key=cold.get)
            self.add(Row("tabs_cold_ms", "open each tab before it was built ahead (clicked at once)", "(reference)",
                         unit="ms", median=cold[worst], baseline=f"worst: {worst}", status="info",
                         detail={k: round(v, 1) for k, v in cold.items()}))
        return {k: v for k, v in medians.items() if not k.startswith(("ahead: ", "cold: "))}

    def preview(self) -> None:
        result = self.inproc("preview", "--year", str(self.year), "--branch", self.branch)
        row = Row("preview_first_page_ms", f"print preview: first page shown ({self.branch} {self.year} 会议记录汇编)",
                  "≤ 100 ms", unit="ms", note=result["note"])
        if result["status"] == "ok":
            row.median = result["medians"]["first page"] * 1000
            row.status = met(row.median <= 100)
            row.baseline = f"renderer loaded ahead in {result['medians']['renderer load'] * 1000:.0f} ms"
        self.add(row)

    def compliance(self) -> None:
        result = self.inproc("compliance", "--year", str(self.year))
        row = Row("compliance_grid", "compliance grid, 60 organizations × 12 months", "≤ 200 ms, in SQL", unit="ms",
                  note=result["note"])
        if result["status"] == "ok":
            row.median = result["medians"]["grid"] * 1000
            row.status = met(row.median <= 200)
        self.add(row)

    def points(self) -> None:
        """Issue 19: the year's ranking of 3,000 members over 1.5 million entries, in SQL, beside raw sqlite3."""
        result = self.inproc("points", "--year", str(self.year))
        medians = {k: v * 1000 for k, v in result["medians"].items()}
        orm, raw = medians["ranking (SQLAlchemy)"], medians["ranking (raw sqlite3)"]
        self.add(Row("points_ranking", f"党员积分: the {self.year} ranking, 3,000 members, 1.5 M entries (SQL)",
                     "≤ 300 ms", unit="ms", median=orm, detail={k: round(v, 1) for k, v in medians.items()},
                     baseline=f"raw sqlite3 {raw:.0f} ms", status=met(orm <= 300), note=result["note"]))
        self.add(Row("points_ranking_vs_raw", "党员积分 ranking: SQLAlchemy vs the same statement in raw sqlite3",
                     "within 2×", unit="×", median=orm / raw, baseline=f"{orm:.0f} / {raw:.0f} ms",
                     status=met(orm <= 2 * raw)))

    def import_roster(self) -> None:
        from tests.perf.roster_file import write_roster

        row = Row("import_roster_5000", "import a 5,000-member roster with full validation", "≤ 3 s")
        template = self.tmp / "import-template.sqlite"
        if not template.exists():
            from app.context import open_context
            from app.services.demo import build_demo

            ctx = open_context(template)
            with ctx.uow() as uow:
                build_demo(uow, self.year)
                uow.commit()
            ctx.close()
        roster = self.tmp / "roster-5000.xlsx"
        branches = ["第一党支部（小学部）", "第二党支部（初中部）", "退休教师党支部"]
        write_roster(roster, 5000, branches, seed=self.seed)
        result = self.inproc("import", "--roster", str(roster), fresh_copy_of=template)
        row.note = result["note"]
        if result["status"] == "ok":
            row.median = result["medians"].pop("import")
            row.detail = {k: round(v, 3) for k, v in result["medians"].items()}
            row.status = met(row.median <= 3)
        self.add(row)

    def export_members(self) -> None:
        """Issue 15: `export members` was quadratic (40,045 people still running after 12 minutes)."""
        from tests.perf.inproc import people_store

        per_thousand: dict[int, float] = {}
        for people in (3000, 30000, 40000):
            store = people_store(self.tmp / f"people-{people}.sqlite", people)
            result = self.inproc("export", db=store)
            seconds = result["medians"]["export"]
            per_thousand[people] = seconds / people * 1000
            if people == 40000:
                self.add(Row("export_members_40000", "export members: 40,000 people to .xlsx", "≤ 5 s",
                             median=seconds, status=met(seconds <= 5), note=result["note"]))
        growth = per_thousand[30000] / per_thousand[3000]
        self.add(Row("export_members_growth", "export members: time per 1,000 people at 30,000 vs 3,000",
                     "≤ 1.5× (linear)", unit="×", median=growth, status=met(growth <= 1.5),
                     detail={f"{n} people, s per 1,000": round(v, 3) for n, v in per_thousand.items()}))

    def whole_process(self, key: str, label: str, target: str, limit: float, args: list[str],
                      output: Path) -> None:
        row = Row(key, label, target)
        procs = self.repeat(self.cmd("--db", str(self.county), *args))
        if not output.is_file() or output.stat().st_size == 0:
            raise RuntimeError(f"{' '.join(args)} wrote no {output}")
        row.runs = [p.seconds for p in procs]
        row.median = statistics.median(row.runs)
        row.status = met(row.median <= limit)
        row.note = f"whole process, {output.stat().st_size / 1024:.0f} KiB written"
        self.add(row)

    def outputs(self) -> None:
        xlsx, pdf_roster, pdf_book = (self.tmp / n for n in ("ledger.xlsx", "roster.pdf", "book.pdf"))
        for words in (("export", "meetings"), ("print",)):
            if not cli_has(*words):
                raise RuntimeError(f"CLI `{' '.join(words)}` is missing")
        for target in ("roster", "meetings"):
            if not print_target(target):
                raise RuntimeError(f"print target {target!r} is missing")
        self.whole_process("export_year_ledger", f"export the {self.year} meeting ledger, all branches, to .xlsx",
                           "≤ 3 s", 3, ["export", "meetings", "--year", str(self.year), "-o", str(xlsx)], xlsx)
        self.whole_process("print_roster", "print the roster of 3,000 members (whole process)",
                           "≤ 2.5 s (ReportLab alone ≈ 1.5 s)", 2.5, ["print", "roster", "-o", str(pdf_roster)],
                           pdf_roster)
        self.whole_process("print_meeting_book", f"print a year's 会议记录汇编 for one branch ({self.branch})",
                           "≤ 5 s", 5, ["print", "meetings", "--year", str(self.year), "--branch", self.branch,
                                        "-o", str(pdf_book)], pdf_book)

    def bundle(self) -> None:
        program = ROOT / "dist" / "dangjian" / f"dangjian{EXE}"
        if not program.is_file():
            self.add(Row("bundle_startup", "bundle: start-up (frozen gui --smoke-test), county store", "≤ 1.0 s",
                         note="no dist/dangjian: run .ci/build_bundle.py first"))
            return
        procs = self.repeat([str(program), "--db", str(self.county), "gui", "--smoke-test"])
        median = statistics.median(p.seconds for p in procs)
        self.add(Row("bundle_startup", "bundle: start-up (frozen gui --smoke-test), county store", "≤ 1.0 s",
                     median=median, runs=[p.seconds for p in procs], status=met(median <= 1.0),
                     baseline=f"{median / self.bare_seconds:.1f}× bare"))
        size = sum(p.stat().st_size for p in program.parent.rglob("*") if p.is_file() and not p.is_symlink())
        self.add(Row("bundle_size", "bundle: size of dist/dangjian", "≤ 150 MB, or explained", unit="MiB",
                     median=size / 2**20, status=met(size / 2**20 <= 150),
                     note="see docs/benchmark.md, section Bundle"))


def met(ok: bool) -> str:
    return "met" if ok else "MISSED"


def log(msg: str) -> None:
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def cli_has(*words: str) -> bool:
    """Whether `dangjian WORD1 WORD2 ...` exists, asking the real parser."""
    import argparse

    from app.cli import build_parser

    parser = build_parser()
    for word in words:
        actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if actions and word in actions[0].choices:
            parser = actions[0].choices[word]
            continue
        positional = [a for a in parser._actions if not a.option_strings and a.choices and word in a.choices]
        if not positional:
            return False
    return True


def print_target(name: str) -> bool:
    """Whether `print NAME` exists and its function can be found (imported, so a typo fails here)."""
    import importlib

    from app.cli.print_cmd import TARGETS

    if name not in TARGETS:
        return False
    module_name, func_name = TARGETS[name][1].split(":")
    return callable(getattr(importlib.import_module(module_name), func_name))


def machine() -> dict:
    info = {"platform": platform.platform(), "python": platform.python_version(), "cpus": os.cpu_count()}
    try:
        mem = Path("/proc/meminfo").read_text().split("\n")[0].split()[1]
        info["memory_gib"] = round(int(mem) / 2**20, 1)
        info["cpu"] = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                           if line.startswith("model name"))
        info["os"] = next(line.split("=", 1)[1].strip('"') for line in Path("/etc/os-release").read_text().splitlines()
                          if line.startswith("PRETTY_NAME"))
    except (OSError, StopIteration, IndexError, ValueError):
        pass
    try:
        import PySide6

        info["pyside6"] = PySide6.__version__
    except ImportError:
        pass
    return info


def width(text: str) -> int:
    """Columns a string takes in a terminal: CJK characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, columns: int, right: bool = False) -> str:
    gap = " " * max(0, columns - width(text))
    return gap + text if right else text + gap


def table(rows: list[Row]) -> str:
    lines = [f"{pad('measurement', 70)} {pad('target', 36)} {pad('median', 12, True)}  {pad('baseline / ratio', 22)} "
             "result", "-" * 156]
    for r in rows:
        value = "n/a" if r.median is None else (f"{r.median:.3f} s" if r.unit == "s" else f"{r.median:.1f} {r.unit}")
        note = f"  ({r.note})" if r.status == "n/a" and r.note else ""
        lines.append(f"{pad(r.label, 70)} {pad(r.target, 36)} {pad(value, 12, True)}  {pad(r.baseline, 22)} "
                     f"{r.status}{note}")
        for key, v in r.detail.items():
            lines.append(f"    {pad(key, 66)} {pad('', 36)} {pad(f'{v:.1f} {r.unit}', 12, True)}")
    return "\n".join(lines)


def load() -> list[float]:
    """1/5/15-minute load averages: a busy machine explains a slow run."""
    return [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else []


def git_commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark against issue 12's targets.")
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (median reported)")
    parser.add_argument("--seed", type=int, default=generate.DEFAULT_SEED)
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help="results file")
    parser.add_argument("--no-json", action="store_true")
    parser.add_argument("--no-bundle", action="store_true", help="skip the frozen program even if built")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    load_before = load()
    with tempfile.TemporaryDirectory(prefix="dangjian-bench-") as tmp_name:
        bench = Bench(args.runs, Path(tmp_name), args.seed)
        summary = bench.prepare()
        bench.startup()
        bench.interactive()
        bench.preview()
        bench.import_roster()
        bench.outputs()
        bench.export_members()
        bench.compliance()
        bench.points()
        if not args.no_bundle:
            bench.bundle()
    print(table(bench.rows))
    print(f"load average before/after: {load_before} / {load()}; {args.runs} runs per row, medians")
    result = {"date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "commit": git_commit(),
              "machine": machine(), "load_average_before": load_before, "load_average_after": load(),
              "runs": args.runs, "store": summary,
              "seconds_total": round(time.perf_counter() - started, 1), "rows": [asdict(r) for r in bench.rows]}
    if not args.no_json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        log(f"results written to {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
