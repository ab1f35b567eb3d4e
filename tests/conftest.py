"""Shared fixtures. Qt runs offscreen; every test gets its own data directory and store."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

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


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "store.sqlite"


@pytest.fixture(scope="session")
def empty_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty store at the newest schema, made once per session by the app's own creation path
    (app.store.migrate.ensure_created runs every migration): a copy opens in 0.01 s, a creation takes 0.5 s."""
    from app.context import open_context

    folder = tmp_path_factory.mktemp("empty-template")
    previous = paths._override
    paths.set_data_dir(folder)
    try:
        open_context(folder / "empty.sqlite").close()
    finally:
        paths.set_data_dir(previous)
    assert not (folder / "empty.sqlite-wal").exists()
    return folder / "empty.sqlite"


@pytest.fixture
def ctx(empty_template: Path, store_path: Path):
    """A migrated, empty store on a real SQLite file (a copy of the session's empty template)."""
    context = _copied_ctx(empty_template, store_path)
    yield context
    context.close()


# The demo school's year, fixed so no assertion changes with the calendar: a full year of records.
DEMO_YEAR = 2025


def _build_template(folder: Path, with_meetings: bool) -> Path:
    """The demo school in a closed SQLite file (no WAL left), built once per test session."""
    from app.context import open_context
    from app.services.demo import build_demo

    path = folder / ("demo.sqlite" if with_meetings else "school.sqlite")
    data = folder / f"data-{path.stem}"
    data.mkdir(exist_ok=True)
    paths.set_data_dir(data)
    context = open_context(path)
    try:
        with context.uow() as uow:
            build_demo(uow, DEMO_YEAR, with_meetings=with_meetings)
            uow.commit()
    finally:
        context.close()
    for extra in ("-wal", "-shm", "-journal"):
        assert not path.with_name(path.name + extra).exists(), f"{path.name}{extra} left beside the template"
    return path


@pytest.fixture(scope="session")
def demo_templates(tmp_path_factory: pytest.TempPathFactory) -> Callable[[bool], Path]:
    """Builds each demo store at most once per session (on first use) and hands out its path."""
    # DANGJIAN_DEMO_CACHE=DIR keeps the templates across sessions (the mutation run starts hundreds).
    cache = os.environ.get("DANGJIAN_DEMO_CACHE")
    folder = Path(cache) if cache else tmp_path_factory.mktemp("demo-template")
    built: dict[bool, Path] = {}
    if cache:
        folder.mkdir(parents=True, exist_ok=True)
        built = {flag: path for flag, path in ((True, folder / "demo.sqlite"), (False, folder / "school.sqlite"))
                 if path.is_file()}

    def template(with_meetings: bool) -> Path:
        if with_meetings not in built:
            previous = paths._override
            try:
                built[with_meetings] = _build_template(folder, with_meetings)
            finally:
                paths.set_data_dir(previous)
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

