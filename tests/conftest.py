"""Shared fixtures. Qt runs offscreen; every test gets its own data directory and store."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import contextlib
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app import paths


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test writes logs, backups and attachments under its own tmp folder."""
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv("DANGJIAN_DATA_DIR", str(folder))
    monkeypatch.delenv("DANGJIAN_DB", raising=False)
    paths.set_data_dir(folder)
    yield folder
    paths.set_data_dir(None)


@pytest.fixture(autouse=True)
def fast_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fast password hashing in every test (2**10 instead of 2**17: 0.3 s and 128 MB per hash); one test
    checks the real parameters (tests/safety/test_accounts.py)."""
    from app.services import accounts

    monkeypatch.setattr(accounts, "SCRYPT_N", 2**10)


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "store.sqlite"


def _shared_folder(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """A folder all xdist workers of this run share (the parent of each worker's base temp); alone, this session's."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        folder = tmp_path_factory.getbasetemp().parent / name
    else:
        folder = tmp_path_factory.getbasetemp() / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _built_once(path: Path, build: Callable[[Path], None]) -> Path:
    """`path`, made by `build(a temporary path beside it)` by the first worker that asks (a file lock keeps the
    others waiting), then renamed into place: no worker ever sees a half-built template."""
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
    previous = paths._override
    folder.mkdir(parents=True, exist_ok=True)
    paths.set_data_dir(folder)
    try:
        yield folder
    finally:
        paths.set_data_dir(previous)


def _in_data_dir(folder: Path, make: Callable[[], None]) -> None:
    with app_data_dir(folder):
        make()


@pytest.fixture(scope="session")
def empty_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty store at the newest schema, made once per run (shared by the xdist workers) by the app's own
    creation path (app.store.migrate.ensure_created runs every migration): a copy opens in 0.01 s, a creation
    takes 0.5 s."""
    from app.context import open_context

    folder = _shared_folder(tmp_path_factory, "empty-template")
    return _built_once(folder / "empty.sqlite",
                       lambda path: _in_data_dir(folder / "data", lambda: open_context(path).close()))


@pytest.fixture
def ctx(empty_template: Path, store_path: Path):
    """A migrated, empty store on a real SQLite file (a copy of the session's empty template)."""
    context = _copied_ctx(empty_template, store_path)
    yield context
    context.close()


# The demo school's year, fixed so no assertion changes with the calendar: a full year of records.
DEMO_YEAR = 2025


def _build_demo(path: Path, with_meetings: bool) -> None:
    """The demo school in a closed SQLite file at `path` (no WAL left)."""
    from app.context import open_context
    from app.services.demo import build_demo

    def make() -> None:
        context = open_context(path)
        try:
            with context.uow() as uow:
                build_demo(uow, DEMO_YEAR, with_meetings=with_meetings)
                uow.commit()
        finally:
            context.close()

    _in_data_dir(path.with_name(f"data-{path.stem}"), make)


@pytest.fixture(scope="session")
def small_county(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    """The benchmark's county generator at a small scale (seed 7, 600 people, two years), built once per run
    for the tests of the generator and of the ranking on its data: (template path, row counts). Copy it
    before opening it (opening a store writes beside it)."""
    import json

    from tests.perf.generate import build

    folder = _shared_folder(tmp_path_factory, "small-county")
    counts_file = folder / "counts.json"

    def make(partial: Path) -> None:
        counts_file.write_text(json.dumps(build(partial, 7, people=600, years=2)), encoding="utf-8")

    path = _built_once(folder / "county.sqlite", make)
    return path, json.loads(counts_file.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def demo_templates(tmp_path_factory: pytest.TempPathFactory) -> Callable[[bool], Path]:
    """Builds each demo store at most once per run (on first use; the xdist workers share it) and hands out
    its path. Tests copy it (demo_ctx, school_ctx) and never open the template itself for writing."""
    # DANGJIAN_DEMO_CACHE=DIR keeps the templates across sessions (the mutation run starts hundreds).
    cache = os.environ.get("DANGJIAN_DEMO_CACHE")
    folder = Path(cache) if cache else _shared_folder(tmp_path_factory, "demo-template")
    folder.mkdir(parents=True, exist_ok=True)
    built: dict[bool, Path] = {}

    def template(with_meetings: bool) -> Path:
        if with_meetings not in built:
            path = folder / ("demo.sqlite" if with_meetings else "school.sqlite")
            built[with_meetings] = _built_once(path, lambda partial: _build_demo(partial, with_meetings))
        return built[with_meetings]

    return template


def _copied_ctx(template: Path, store_path: Path):
    from app.context import open_context

    shutil.copyfile(template, store_path)
    return open_context(store_path)


@pytest.fixture
def demo_ctx(demo_templates, store_path: Path, data_dir: Path):
    """The whole demo school of DEMO_YEAR with its year of meeting records (a copy of a session template)."""
    context = _copied_ctx(demo_templates(True), store_path)
    yield context
    context.close()


@pytest.fixture
def school_ctx(demo_templates, store_path: Path, data_dir: Path):
    """The demo school of DEMO_YEAR (organizations, members, posts) without meeting records."""
    context = _copied_ctx(demo_templates(False), store_path)
    yield context
    context.close()

