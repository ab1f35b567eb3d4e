"""The stores the tests copy instead of building: made once per run, shared by the xdist workers.

- `empty`: an empty store at the newest schema, made by the app's own creation path (every migration);
- `demo`: the demo school of DEMO_YEAR, with its year of meeting records (`with_meetings`) or without;
- `county`: the benchmark's county generator at a small scale (seed 7, 600 people, two years);
- `meeting_world`: the small school of the meeting tests (tests/integration/meeting_world.py), with the ids
  of its organizations and members beside it.

Each lies in a folder of its own under the run's folder (`run_folder`: the parent of each xdist worker's
base temp, or this session's base temp without xdist) and is made by the first process that asks, under a
file lock, then renamed into place, so no process ever sees a half-built template (`built_once`).

Under xdist the controller also starts `python -m tests.templates RUN_FOLDER` as the session starts
(tests/conftest.py, `pytest_sessionstart`): it builds them all while the workers start and collect, so the
first test that needs the demo school finds it built instead of one worker building it while the other
waits on the lock. A template that process has not finished when a worker needs it is waited for (or built
by the worker, if nobody is building it); a failed or killed build leaves only a `.partial` file, which the
next build removes.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.context import AppContext

# The demo school's year, fixed so no assertion changes with the calendar: a full year of records.
DEMO_YEAR = 2025


def run_folder(basetemp: Path) -> Path:
    """The folder all xdist workers of this run share: the parent of a worker's base temp; alone, this
    session's base temp (the xdist controller's base temp is its workers' parent)."""
    return basetemp.parent if os.environ.get("PYTEST_XDIST_WORKER") else basetemp


def _folder(run: Path, name: str) -> Path:
    folder = run / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def demo_folder(run: Path) -> Path:
    # DANGJIAN_DEMO_CACHE=DIR keeps the demo templates across sessions (the mutation run starts hundreds).
    cache = os.environ.get("DANGJIAN_DEMO_CACHE")
    if cache:
        Path(cache).mkdir(parents=True, exist_ok=True)
        return Path(cache)
    return _folder(run, "demo-template")


def built_once(path: Path, build: Callable[[Path], None]) -> Path:
    """`path`, made by `build(a temporary path beside it)` by the first process that asks (a file lock keeps
    the others waiting), then renamed into place: no process ever sees a half-built template."""
    from filelock import FileLock

    with FileLock(path.with_name(path.name + ".building")):  # not the app's own `<store>.lock`
        if not path.is_file():
            partial = path.with_name(f"{path.stem}.partial{path.suffix}")
            partial.unlink(missing_ok=True)
            build(partial)
            for extra in ("-wal", "-shm", "-journal"):
                assert not partial.with_name(partial.name + extra).exists(), f"{partial.name}{extra} left behind"
            partial.replace(path)
    return path


@contextlib.contextmanager
def app_data_dir(folder: Path) -> Iterator[Path]:
    """The app's data folder set to `folder` meanwhile (for module and session fixtures, which run before a
    test's own `data_dir`): their logs and backups stay there, never in the user's folder."""
    from app import paths

    previous = paths._override
    folder.mkdir(parents=True, exist_ok=True)
    paths.set_data_dir(folder)
    try:
        yield folder
    finally:
        paths.set_data_dir(previous)


def _filled(path: Path, data: Path, fill: Callable[[AppContext], None] = lambda _context: None) -> None:
    """A store made at `path` by the app's own creation path, its data folder (logs, backups) at `data`,
    filled by `fill(context)`, then closed: one file, no WAL left."""
    from app.context import open_context

    with app_data_dir(data):
        context = open_context(path)
        try:
            fill(context)
        finally:
            context.close()


def empty(run: Path) -> Path:
    """The empty store's template: a copy opens in 0.01 s, a creation takes 0.5 s."""
    folder = _folder(run, "empty-template")
    return built_once(folder / "empty.sqlite", lambda path: _filled(path, folder / "data"))


def _build_demo(path: Path, with_meetings: bool) -> None:
    """The demo school in a closed SQLite file at `path`."""
    from app.services.demo import build_demo

    def fill(context: AppContext) -> None:
        with context.uow() as uow:
            build_demo(uow, DEMO_YEAR, with_meetings=with_meetings)
            uow.commit()

    _filled(path, path.with_name(f"data-{path.stem}"), fill)


def demo(run: Path, with_meetings: bool) -> Path:
    folder = demo_folder(run)
    path = folder / ("demo.sqlite" if with_meetings else "school.sqlite")
    return built_once(path, lambda partial: _build_demo(partial, with_meetings))


def county(run: Path) -> tuple[Path, dict[str, int]]:
    """(template path, row counts). Copy it before opening it (opening a store writes beside it)."""
    from tests.perf.generate import build

    folder = _folder(run, "small-county")
    counts_file = folder / "counts.json"

    def make(partial: Path) -> None:
        counts_file.write_text(json.dumps(build(partial, 7, people=600, years=2)), encoding="utf-8")

    path = built_once(folder / "county.sqlite", make)
    return path, json.loads(counts_file.read_text(encoding="utf-8"))


def meeting_world(run: Path) -> tuple[Path, dict[str, object]]:
    """(template path, the World's fields): what `build_world` makes in an empty store, made once; about
    80 tests start from it (0.17 s each to build, 0.03 s to copy)."""
    from dataclasses import asdict

    from tests.integration.meeting_world import build_world

    folder = _folder(run, "meeting-world")
    fields_file = folder / "world.json"

    def fill(context: AppContext) -> None:
        fields_file.write_text(json.dumps(asdict(build_world(context))), encoding="utf-8")

    path = built_once(folder / "world.sqlite", lambda partial: _filled(partial, folder / "data", fill))
    return path, json.loads(fields_file.read_text(encoding="utf-8"))


def build_all(run: Path) -> None:
    """Every template, the demo school first (the first tests of both workers need it)."""
    demo(run, True)
    demo(run, False)
    empty(run)
    meeting_world(run)
    county(run)


if __name__ == "__main__":
    build_all(Path(sys.argv[1]))
