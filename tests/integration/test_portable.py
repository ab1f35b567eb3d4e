"""Frozen layout and the portable variant: resources come from the bundle, data goes beside the program."""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys
import zipfile
from pathlib import Path

import pytest

from app import paths

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def frozen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fake one-folder bundle: program/dangjian.exe with its files in program/_internal (sys._MEIPASS)."""
    program = tmp_path / "program"
    internal = program / "_internal"
    internal.mkdir(parents=True)
    (program / "dangjian.exe").write_bytes(b"MZ")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(program / "dangjian.exe"))
    monkeypatch.setattr(sys, "_MEIPASS", str(internal), raising=False)
    monkeypatch.delenv("DANGJIAN_DATA_DIR", raising=False)
    # Without the marker the data would go to the user's data folder: point that at tmp, never at $HOME.
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "localappdata"))
    paths.set_data_dir(None)
    return program


def test_frozen_resources_come_from_meipass(frozen: Path) -> None:
    assert paths.resource_root() == frozen / "_internal"
    assert paths.migrations_dir() == frozen / "_internal" / "db"
    assert paths.fonts_dir() == frozen / "_internal" / "resources" / "fonts"
    assert paths.program_dir() == frozen


def test_portable_marker_puts_data_beside_the_program(frozen: Path) -> None:
    (frozen / "portable").write_bytes(b"")
    assert paths.data_dir() == frozen / "data"
    assert paths.default_store_path() == frozen / "data" / "dangjian.sqlite"
    assert paths.backups_dir() == frozen / "data" / "backups"
    assert paths.logs_dir().is_dir()


def test_installed_copy_keeps_data_out_of_the_program_folder(frozen: Path) -> None:
    data = paths.data_dir()
    assert frozen not in data.parents and data != frozen
    assert data.name == "DangjianLedger"


def test_frozen_layout_migrates_a_store(frozen: Path, tmp_path: Path) -> None:
    """Alembic finds env.py and versions/ where the spec puts them (_internal/db) and builds the schema."""
    shutil.copytree(ROOT / "db", frozen / "_internal" / "db", ignore=shutil.ignore_patterns("__pycache__"))
    (frozen / "portable").write_bytes(b"")
    from app.context import open_context
    from app.store.migrate import current_revision, head_revision

    ctx = open_context(tmp_path / "s.sqlite")
    try:
        assert current_revision(ctx.store) == head_revision() != ""
    finally:
        ctx.close()


def _load_make_portable():
    spec = importlib.util.spec_from_file_location("make_portable", ROOT / "resources/installer/make_portable.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def test_portable_zip_has_marker_and_no_data(tmp_path: Path) -> None:
    bundle = tmp_path / "dist" / "dangjian"
    (bundle / "_internal" / "db").mkdir(parents=True)
    (bundle / "dangjian.exe").write_bytes(b"MZ")
    (bundle / "_internal" / "db" / "env.py").write_text("# env\n")
    (bundle / "data").mkdir()
    (bundle / "data" / "dangjian.sqlite").write_bytes(b"secret ledger")  # a test run's leftovers
    out = _load_make_portable().make_zip(bundle, tmp_path / "p.zip")
    with zipfile.ZipFile(out) as zf:
        names = set(zf.namelist())
        assert zf.read("dangjian/portable") == b""
    assert {"dangjian/dangjian.exe", "dangjian/_internal/db/env.py", "dangjian/portable"} <= names
    assert not any("/data/" in n for n in names)


def test_installer_never_touches_the_data_folder() -> None:
    """The Inno Setup script installs per user and deletes nothing outside the program's own folder."""
    raw = (ROOT / "resources/installer/dangjian.iss").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM, or ISCC reads the Chinese as ANSI
    iss = raw.decode("utf-8-sig")
    assert re.search(r"^PrivilegesRequired=lowest$", iss, re.M)
    assert re.search(r"^DefaultDirName=\{localappdata\}\\Programs\\DangjianLedger$", iss, re.M)
    sections = re.split(r"^\[(\w+)\]$", iss, flags=re.M)
    body = dict(zip(sections[1::2], sections[2::2], strict=True))
    assert "UninstallDelete" not in body  # uninstall removes only what it installed
    deletes = [line for line in body.get("InstallDelete", "").splitlines() if line.startswith("Type:")]
    assert deletes and all('Name: "{app}\\_internal"' in line for line in deletes)
    # The data folder (%LOCALAPPDATA%\DangjianLedger, from platformdirs) is never named by a section entry.
    code_lines = [ln for ln in iss.splitlines() if ln and not ln.startswith(";")]
    assert not any(re.search(r"\{localappdata\}\\DangjianLedger", ln, re.I) for ln in code_lines)
    assert "{autodesktop}" in body["Icons"] and "{autoprograms}" in body["Icons"]
