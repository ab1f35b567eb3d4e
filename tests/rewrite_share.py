"""The xdist workers share pytest's assertion rewriting of the test modules instead of each doing all of it.

Every worker imports every test module it collects, and pytest rewrites each module's asserts on import
(parse, rewrite, compile): about 6 s of CPU per worker for the whole suite on a fresh clone, the same work
twice. pytest would keep the rewritten code in a pyc beside the module, but with PYTHONDONTWRITEBYTECODE
(this machine's shell sets it) none is written, so every run and every worker starts again
(docs/benchmark.md, the suite). Only then does this step in; with bytecode allowed, pytest's own cache in
`__pycache__` already shares the work across runs and nothing here changes.

Each worker, before it collects, rewrites every n-th of the modules the run collects (worker k of n: the
k-th, the k+n-th…) and writes pytest's own pyc for it (hash-checked, written to a temporary name, then
renamed) into a folder of the run's temporary folder; the import hook is pointed at that folder, so
collection then reads the pycs the workers wrote and rewrites only what is not there yet. A pyc is used only
when its hash matches the module's source. Nothing is written into the checkout; the folder goes when pytest
removes its old temporary folders. A module whose rewriting warns (an assert on a tuple, always true) is
left to collection, which reports the warning on that module as it always did.

This uses pytest's private helpers (`_rewrite_test`, `_write_pyc`, `get_cache_dir`; pytest is pinned in
constraints.txt). If they are not there, or anything here fails, the run goes on as before, each worker
rewriting what it collects itself.
"""

from __future__ import annotations

import fnmatch
import os
import sys
import warnings
from pathlib import Path

import pytest


def share(session: pytest.Session, run: Path) -> None:
    """In an xdist worker, before collection: rewrite this worker's share of the run's test modules."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    count = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1") or 1)
    if not worker.startswith("gw") or count < 2 or not sys.dont_write_bytecode:
        return
    config = session.config
    try:
        from _pytest.assertion import rewrite

        state = config.stash[rewrite.assertstate_key]
        rewrite_test, write_pyc, original, tail = (rewrite._rewrite_test, rewrite._write_pyc,
                                                   rewrite.get_cache_dir, rewrite.PYC_TAIL)
    except Exception:  # another pytest: nothing shared
        return
    if getattr(state, "mode", "") != "rewrite":
        return
    root = config.rootpath
    folder = run / "rewritten-asserts"

    def shared_dir(file_path: Path) -> Path | None:
        try:
            return folder / file_path.parent.relative_to(root)
        except ValueError:  # outside the repository (a plugin's module)
            return None

    def cache_dir(file_path: Path) -> Path:  # what pytest's import hook asks: ours, or where pytest would look
        return shared_dir(file_path) or original(file_path)

    modules = collected_modules(config)
    if not modules:
        return
    rewrite.get_cache_dir = cache_dir
    index = int(worker[2:] or 0)
    for source in modules[index % count::count]:
        place = shared_dir(source)
        if place is None:
            continue  # never written outside the run's folder
        pyc = place / (source.name[:-3] + tail)
        try:
            with warnings.catch_warnings(record=True) as warned:
                warnings.simplefilter("always")
                source_hash, code = rewrite_test(source, config)
            if warned:
                continue  # collection rewrites it and reports the warning on the module
            pyc.parent.mkdir(parents=True, exist_ok=True)
            write_pyc(state, code, source_hash, pyc)
        except Exception:
            continue  # collection rewrites it (and reports what went wrong) as it always did


def collected_modules(config: pytest.Config) -> list[Path]:
    """The test modules under the paths this run collects (`tests`, or the files and folders given), in
    one order for every worker."""
    patterns = config.getini("python_files")
    found: set[Path] = set()
    for arg in config.args:
        path = Path(os.path.normpath(Path(config.invocation_params.dir, arg.split("::")[0])))
        if path.is_dir():
            candidates = list(path.rglob("*.py"))
        elif path.is_file():
            candidates = [path]
        else:
            continue
        found.update(p for p in candidates if any(fnmatch.fnmatch(p.name, pattern) for pattern in patterns))
    return sorted(found)
