"""The xdist workers share pytest's assertion rewriting of the test modules instead of each doing all of it.

Every worker imports every test module to collect it, and pytest rewrites each module's asserts on import
(parse, rewrite, compile): about 6 s of CPU per worker on a fresh clone, the same work twice. pytest keeps
the rewritten code in a pyc beside the module, but this machine's shell sets PYTHONDONTWRITEBYTECODE, so
none is written and every run, every worker, starts again (docs/benchmark.md, the suite).

Here each worker, before it collects, rewrites every n-th module (worker k of n: the k-th, the k+n-th…)
and writes pytest's own pyc for it (hash-checked, written to a temporary name, then renamed) into a folder
of this run; the import hook is pointed at that folder, so collection then reads the pycs the workers
wrote and rewrites only what is not there yet. Nothing is written into the checkout and nothing outlives
the run. A pyc is pytest's to check: it is used only when its hash matches the module's source.

This uses pytest's private helpers (`_rewrite_test`, `_write_pyc`, `get_cache_dir`; pytest is pinned in
constraints.txt). If they are not there, or anything here fails, the run goes on as before, each worker
rewriting everything itself.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def share(session: pytest.Session, run: Path) -> None:
    """In an xdist worker, before collection: rewrite this worker's share of the test modules into `run`."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    count = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1") or 1)
    if not worker.startswith("gw") or count < 2:
        return
    config = session.config
    try:
        from _pytest.assertion import rewrite

        state = config.stash[rewrite.assertstate_key]
        helpers = (rewrite._rewrite_test, rewrite._write_pyc, rewrite.get_cache_dir, rewrite.PYC_TAIL)
    except (ImportError, AttributeError, KeyError):
        return
    if getattr(state, "mode", "") != "rewrite" or not all(helpers):
        return
    root = config.rootpath
    folder = run / "rewritten-asserts"

    def cache_dir(file_path: Path) -> Path:
        try:
            return folder / file_path.parent.relative_to(root)
        except ValueError:  # outside the repository (a plugin's module): where pytest would put it
            return original(file_path)

    original = rewrite.get_cache_dir
    rewrite.get_cache_dir = cache_dir
    index = int(worker[2:] or 0)
    modules = sorted(root.joinpath("tests").rglob("test_*.py"))
    for source in modules[index::count]:
        pyc = cache_dir(source) / (source.name[:-3] + rewrite.PYC_TAIL)
        if pyc.exists():
            continue
        try:
            pyc.parent.mkdir(parents=True, exist_ok=True)
            source_hash, code = rewrite._rewrite_test(source, config)
            rewrite._write_pyc(state, code, source_hash, pyc)
        except (OSError, SyntaxError):
            continue  # collection rewrites it (and reports a syntax error) as it always did
