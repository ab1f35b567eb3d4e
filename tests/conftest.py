"""Shared fixtures. Qt runs offscreen; every test gets its own data directory and store."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil
import subprocess
import sys
import weakref
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app import paths
from tests import templates
from tests.templates import DEMO_YEAR, app_data_dir

__all__ = ["DEMO_YEAR", "app_data_dir"]  # imported from here by tests


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


@pytest.fixture(autouse=True)
def stores_start_as_copies(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """A store the test's own process opens at a path where there is none starts as a copy of the empty
    template, which the app's own creation path made (app.store.migrate.ensure_created: every migration,
    0.3 s a store, some 45 stores a run). A test of creation itself is marked `creates_store` and gets the
    real thing; so does every child process (tests/forked.py, subprocesses), which this cannot reach."""
    if request.node.get_closest_marker("creates_store"):
        return
    import app.context
    from app.files import write_atomically

    template = request.getfixturevalue("empty_template")
    create = app.context.ensure_created

    def copy_or_create(path: Path) -> bool:
        if os.path.lexists(path):  # an existing file: blank, half-made, foreign, a store: the real checks
            return create(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, lambda building: shutil.copyfile(template, building))
        return True

    monkeypatch.setattr(app.context, "ensure_created", copy_or_create)


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "store.sqlite"


@pytest.fixture(scope="session")
def empty_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty store at the newest schema, made once per run (shared by the xdist workers) by the app's own
    creation path (app.store.migrate.ensure_created runs every migration): a copy opens in 0.01 s, a creation
    takes 0.5 s."""
    return templates.empty(templates.run_folder(tmp_path_factory.getbasetemp()))


@pytest.fixture
def ctx(request: pytest.FixtureRequest, empty_template: Path, store_path: Path):
    """A migrated, empty store on a real SQLite file (a copy of the session's empty template); in a test
    that also asks for `meeting_world`, a copy of that world's template instead."""
    template = (request.getfixturevalue("_meeting_world_template")[0]
                if "meeting_world" in request.fixturenames else empty_template)
    context = _copied_ctx(template, store_path)
    yield context
    context.close()


@pytest.fixture(scope="session")
def _meeting_world_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    return templates.meeting_world(templates.run_folder(tmp_path_factory.getbasetemp()))


@pytest.fixture
def meeting_world(ctx, _meeting_world_template):
    """The small school of the meeting tests (tests/integration/meeting_world.py) in `ctx`, which is a copy
    of the store `build_world` filled once per run: what `build_world(ctx)` returns, without building it."""
    from tests.integration.meeting_world import World

    return World(**_meeting_world_template[1])  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def small_county(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    """The benchmark's county generator at a small scale (seed 7, 600 people, two years), built once per run
    for the tests of the generator and of the ranking on its data: (template path, row counts). Copy it
    before opening it (opening a store writes beside it)."""
    return templates.county(templates.run_folder(tmp_path_factory.getbasetemp()))


@pytest.fixture(scope="session")
def demo_templates(tmp_path_factory: pytest.TempPathFactory) -> Callable[[bool], Path]:
    """Builds each demo store at most once per run (on first use; the xdist workers share it) and hands out
    its path. Tests copy it (demo_ctx, school_ctx) and never open the template itself for writing."""
    run = templates.run_folder(tmp_path_factory.getbasetemp())
    built: dict[bool, Path] = {}

    def template(with_meetings: bool) -> Path:
        if with_meetings not in built:
            built[with_meetings] = templates.demo(run, with_meetings)
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



@pytest.fixture(autouse=True)
def _widgets_live_until_teardown(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """qtbot keeps only weak references to the test's widgets. Once the test function returns, a widget held
    only by a cycle of Python objects (its wrapper, a closure, an event filter's list of watched widgets)
    is garbage, and a collection that starts inside one of its own Python event handlers deletes it in the
    middle of delivering that event and crashes (a few lines show it: a parentless widget in a cycle with
    its own event filter, a low collection threshold, one processEvents). That is most likely the crash CI
    met in a 首页 test: in pytest-qt's processEvents after the test, on an unshown HomeTab whose after-paint
    filter (a cycle with it) was still installed. Held here until the teardown below deletes them through
    Qt."""
    if "qtbot" not in request.fixturenames:
        return
    from pytestqt.qtbot import QtBot

    kept: list[object] = request.node.__dict__.setdefault("_kept_widgets", [])
    add = QtBot.addWidget

    def add_and_keep(self, widget, *args, **kwargs):
        kept.append(widget)
        return add(self, widget, *args, **kwargs)

    monkeypatch.setattr(QtBot, "addWidget", add_and_keep)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_teardown(item: pytest.Item):
    """As the program does before it closes its store (app.gui.application.run): every operation has
    called back before the test's store is closed, so no worker of this test still reads it while the
    next test runs; one still running after wait_for_all's 10 s fails the teardown of the test that started
    it (after the fixtures' own teardown; no later test is blamed for it), where it used to go unseen. Then
    the windows the test closed are deleted now, in its own teardown: pytest-qt only asks for their
    deletion, which otherwise happens in some later test's event loop."""
    operations = sys.modules.get("app.gui.operations")
    left_running = 0
    if operations is not None and any(op not in _blamed for op in list(operations._running)):
        operations.wait_for_all()
        left = [op for op in list(operations._running) if op not in _blamed]  # not an earlier test's
        _blamed.update(left)
        left_running = len(left)
    kept = item.__dict__.get("_kept_widgets")
    if kept:  # the ones Qt deleted already (closed with WA_DeleteOnClose): pytest-qt skips them if let go
        import shiboken6

        kept[:] = [widget for widget in kept if shiboken6.isValid(widget)]
    result = yield
    if operations is not None:
        from PySide6.QtCore import QEvent
        from PySide6.QtWidgets import QApplication

        if QApplication.instance() is not None:
            QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    item.__dict__.pop("_kept_widgets", None)
    _collect_and_freeze()  # in the test's own teardown: what its garbage raises as it is freed is its own
    if left_running:
        pytest.fail(f"{left_running} operation(s) of app.gui.operations still running 10 s after the test",
                    pytrace=False)
    return result


_blamed: weakref.WeakSet[object] = weakref.WeakSet()  # operations a teardown already failed for


_builder: subprocess.Popen[bytes] | None = None


def pytest_sessionstart(session: pytest.Session) -> None:
    """Under xdist, the controller starts building the templates (tests/templates.py) in a process of its
    own before it starts the workers, so they are ready, or nearly, when the workers finish collecting."""
    global _builder
    config = session.config
    if not config.pluginmanager.has_plugin("dsession"):  # not the controller of a distributed run
        return
    run = templates.run_folder(config._tmp_path_factory.getbasetemp())  # type: ignore[attr-defined]
    log = (run / "templates.log").open("wb")
    with log:
        _builder = subprocess.Popen([sys.executable, "-m", "tests.templates", str(run)], cwd=config.rootpath,
                                    stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """A run that ends before the builder does (a few tests) does not wait for it."""
    if _builder is not None and _builder.poll() is None:
        _builder.kill()
    if _builder is not None:
        _builder.wait()


def pytest_collection(session: pytest.Session) -> None:
    """Each xdist worker rewrites its share of the test modules' asserts for all of them (tests/rewrite_share.py)."""
    from tests import rewrite_share

    rewrite_share.share(session, templates.run_folder(session.config._tmp_path_factory.getbasetemp()))  # type: ignore[attr-defined]


def pytest_collection_finish(session: pytest.Session) -> None:
    """What collection imported (PySide6, SQLAlchemy, ReportLab, every test module) lives until the run ends:
    frozen (`gc.freeze`), the collector never walks it again. Unfrozen, every full collection walked all of
    it, about half a second each time, some 20 times per worker."""
    _collect_and_freeze()


def _collect_and_freeze() -> None:
    """At the end of each test's teardown (pytest_runtest_teardown above): its garbage collected now, then
    what it left alive frozen like the imports. A full collection then only walks one test's objects, a
    few milliseconds, instead of everything every earlier test left alive (module caches, pytest's
    reports): about 40 s of CPU over a run (docs/benchmark.md, the suite). The garbage of a test is freed
    at its end, outside any Qt event, and an error raised as it is freed is reported as that test's."""
    import gc

    gc.collect()
    gc.freeze()
