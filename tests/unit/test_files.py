"""Save-to-temp-then-rename lives in one helper (app/files.py): fsync before the rename, nothing half-written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app import files

APP = Path(__file__).resolve().parents[2] / "app"


def test_writes_then_renames(tmp_path: Path) -> None:
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    assert files.write_text_atomically(target, "new") == target
    assert target.read_text(encoding="utf-8") == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    target = tmp_path / "out.pdf"
    target.write_bytes(b"finished")

    def half(tmp: Path) -> None:
        tmp.write_bytes(b"half of a new fi")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space"):
        files.write_atomically(target, half)
    assert target.read_bytes() == b"finished"
    assert [p.name for p in tmp_path.iterdir()] == ["out.pdf"]


def test_the_temporary_is_on_disk_before_it_gets_the_final_name(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.xlsx"
    events: list[str] = []
    real_fsync = files.fsync_file

    def fsync(path: Path) -> None:
        events.append(f"fsync {path.name == target.name} exists={target.exists()}")
        real_fsync(path)

    monkeypatch.setattr(files, "fsync_file", fsync)
    files.write_atomically(target, lambda tmp: tmp.write_bytes(b"x"))
    assert events == ["fsync False exists=False"]  # the temporary was flushed, the target not yet there
    assert target.read_bytes() == b"x"


def test_no_other_module_renames_files_into_place_by_itself() -> None:
    """One helper: new code that saves a file calls app.files, not its own os.replace."""
    allowed = {"files.py", "store/snapshot.py",  # the verified backup copy: integrity_check between fsync and rename
               "services/backup.py",  # replace_damaged renames a verified copy over a damaged store
               "store/migrate.py",  # a new store: built under a temporary name, fsynced, renamed complete
               "store/new_store.py"}  # a store made by an import: linked into place only when the import succeeds
    offenders = [str(p.relative_to(APP)) for p in APP.rglob("*.py")
                 if str(p.relative_to(APP)) not in allowed
                 and re.search(r"os\.replace\(|\.replace\((tmp|partial|target|path)\b", p.read_text(encoding="utf-8"))]
    assert offenders == []
