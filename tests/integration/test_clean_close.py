"""Start-up skips quick_check only for a file exactly as a clean close left it (app.store.clean_close),
and Alembic loads only when an upgrade is due."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.context import open_context
from app.errors import StoreDamaged
from app.store import clean_close, engine
from app.store.migrate import head_revision, head_revision_fast

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every quick_check start-up runs, recorded (and still run for real)."""
    seen: list[Path] = []
    real = engine.quick_check

    def counting(path: Path) -> list[str]:
        seen.append(path)
        return real(path)

    monkeypatch.setattr(engine, "quick_check", counting)
    return seen


def _closed_store(store_path: Path) -> Path:
    ctx = open_context(store_path)
    ctx.close()
    return store_path


def test_a_clean_close_spares_the_next_check(store_path: Path, checks: list[Path]) -> None:
    _closed_store(store_path)
    assert clean_close.record_path(store_path).exists()
    checks.clear()
    ctx = open_context(store_path)
    assert checks == []
    assert not clean_close.record_path(store_path).exists()  # the session has begun: a crash means a check
    ctx.close()
    assert clean_close.record_path(store_path).exists()


def test_a_session_that_never_closed_means_a_check(store_path: Path, checks: list[Path]) -> None:
    _closed_store(store_path)
    crashed = open_context(store_path)
    crashed.store.dispose()  # as if the process died: no close(), no record
    crashed.lock.release()
    checks.clear()
    open_context(store_path).close()
    assert checks == [store_path]


def test_any_change_to_the_file_means_a_check(store_path: Path, checks: list[Path]) -> None:
    _closed_store(store_path)
    with store_path.open("r+b") as fh:  # one byte in the last page, same size
        fh.seek(-10, os.SEEK_END)
        byte = fh.read(1)
        fh.seek(-10, os.SEEK_END)
        fh.write(bytes([byte[0] ^ 0xFF]))
    checks.clear()
    with contextlib.suppress(StoreDamaged):  # what quick_check makes of the byte does not matter: that it ran does
        open_context(store_path).close()
    assert checks == [store_path]


def test_damage_after_a_clean_close_is_still_refused_untouched(store_path: Path) -> None:
    _closed_store(store_path)
    data = store_path.read_bytes()
    store_path.write_bytes(data[: len(data) // 2])
    before = store_path.read_bytes()
    with pytest.raises(StoreDamaged):
        open_context(store_path)
    assert store_path.read_bytes() == before


def test_an_old_check_is_repeated(store_path: Path, checks: list[Path]) -> None:
    _closed_store(store_path)
    record = clean_close.record_path(store_path)
    data = json.loads(record.read_text(encoding="utf-8"))
    data["checked"] = (dt.date.today() - dt.timedelta(days=clean_close.CHECK_EVERY_DAYS)).isoformat()
    record.write_text(json.dumps(data), encoding="utf-8")
    checks.clear()
    open_context(store_path).close()
    assert checks == [store_path]
    refreshed = json.loads(record.read_text(encoding="utf-8"))
    assert refreshed["checked"] == dt.date.today().isoformat()


def test_a_garbled_record_means_a_check(store_path: Path, checks: list[Path]) -> None:
    _closed_store(store_path)
    clean_close.record_path(store_path).write_text("{not json", encoding="utf-8")
    checks.clear()
    open_context(store_path).close()
    assert checks == [store_path]


def test_no_record_while_another_session_of_the_process_holds_the_store(store_path: Path) -> None:
    _closed_store(store_path)
    first = open_context(store_path)
    second = open_context(store_path)  # the lock is shared within a process
    second.close()
    assert not clean_close.record_path(store_path).exists()  # `first` still has the file open
    first.close()
    assert clean_close.record_path(store_path).exists()


def test_read_only_sessions_never_write_the_record(store_path: Path) -> None:
    _closed_store(store_path)
    clean_close.forget(store_path)
    open_context(store_path, read_only=True).close()
    assert not clean_close.record_path(store_path).exists()


def test_fast_head_revision_agrees_with_alembic() -> None:
    assert head_revision_fast() and head_revision_fast() == head_revision()


def test_an_up_to_date_store_opens_without_importing_alembic(store_path: Path, data_dir: Path) -> None:
    _closed_store(store_path)
    child = ("import sys, json; from app.context import open_context; open_context(sys.argv[1]).close(); "
             "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic')))")
    env = dict(os.environ, DANGJIAN_DATA_DIR=str(data_dir), PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-c", child, str(store_path)], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == []
