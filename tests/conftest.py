"""Shared fixtures. Qt runs offscreen; every test gets its own data directory and store."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
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


@pytest.fixture
def ctx(store_path: Path):
    """A migrated, empty store on a real SQLite file."""
    from app.context import open_context

    context = open_context(store_path)
    yield context
    context.close()


@pytest.fixture
def demo_ctx(ctx):
    """The whole demo school for the current year, with its year of meeting records."""
    import datetime as dt

    from app.services.demo import build_demo

    with ctx.uow() as uow:
        build_demo(uow, dt.date.today().year)
        uow.commit()
    return ctx


@pytest.fixture
def school_ctx(ctx):
    """The demo school (organizations, members, posts) without meeting records."""
    import datetime as dt

    from app.services.demo import build_demo

    with ctx.uow() as uow:
        build_demo(uow, dt.date.today().year, with_meetings=False)
        uow.commit()
    return ctx
