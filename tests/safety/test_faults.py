"""Fault injection with real processes, real files and real OS limits (see docs/reliability.md)."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app.context import open_context
from app.errors import StoreDamaged, StoreLocked
from app.services.integrity import check_store
from app.store.snapshot import integrity_problems
from tests import forked

HELPER = Path(__file__).with_name("fault_helper.py")
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(os.name != "posix", reason="SIGKILL and RLIMIT_FSIZE are POSIX")]


def _helper(*args: str, stdin=subprocess.DEVNULL, kill_at: str = "") -> subprocess.Popen:
    """fault_helper.py in a subprocess; `kill_at` names a checkpoint (app/store/checkpoints.py) to die at."""
    env = {k: v for k, v in os.environ.items() if k not in ("DANGJIAN_KILL_AT", "DANGJIAN_CHECKPOINTS")}
    if kill_at:
        env.update(DANGJIAN_KILL_AT=kill_at, DANGJIAN_CHECKPOINTS="1")
    return forked.Popen([sys.executable, str(HELPER), *args], stdin=stdin, stdout=subprocess.PIPE,
                        stderr=subprocess.PIPE, text=True, encoding="utf-8", env=env)


def _members(path: Path) -> int:
    ctx = open_context(path)
    try:
        with ctx.store.engine.connect() as con:
            return con.exec_driver_sql("select count(*) from member").scalar_one()
    finally:
        ctx.close()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def demo_store(demo_ctx) -> Path:
    path = demo_ctx.store.path
    demo_ctx.close()
    return path


def _grown_template(tmp_path_factory: pytest.TempPathFactory, demo_templates, n: int) -> Path:
    """The demo school plus `n` members written by fault_helper's bulk mode, in this process (the set-up of
    a fault test needs no process of its own; only the fault does)."""
    import shutil

    from tests.conftest import app_data_dir
    from tests.safety import fault_helper

    folder = tmp_path_factory.mktemp(f"grown{n}")
    path = folder / "store.sqlite"
    shutil.copyfile(demo_templates(True), path)
    with app_data_dir(folder / "data"):
        fault_helper.bulk(str(path), n)
    return path


@pytest.fixture(scope="module")
def grown_2000(tmp_path_factory: pytest.TempPathFactory, demo_templates) -> Path:
    return _grown_template(tmp_path_factory, demo_templates, 2000)


@pytest.fixture(scope="module")
def grown_5000(tmp_path_factory: pytest.TempPathFactory, demo_templates) -> Path:
    return _grown_template(tmp_path_factory, demo_templates, 5000)


def _copy(template: Path, store_path: Path) -> Path:
    import shutil

    shutil.copyfile(template, store_path)
    return store_path


def _cli_here(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """A command run in this process, as `dangjian` runs it (app.cli.main): exit code and its stderr."""
    from tests.cli_run import exit_code

    capsys.readouterr()
    code = exit_code(*args)
    return code, capsys.readouterr().err


def test_kill_during_a_large_write_is_all_or_nothing(demo_store: Path) -> None:
    """Killed after the 1st, 5th and 10th (last) batch of rows reached the file: none of them is kept."""
    count = _members(demo_store)
    for nth in (1, 5, 10):
        proc = _helper("bulk", str(demo_store), "5000", kill_at=f"bulk.flushed#{nth}")
        _out, err = proc.communicate(timeout=120)
        assert proc.returncode == -signal.SIGKILL, err
        assert err.rstrip().endswith("checkpoint bulk.flushed"), err[-300:]
        report = check_store(demo_store)
        assert report.ok, report.describe()
        assert _members(demo_store) == count, f"partial write kept after batch {nth}"
    from tests.safety import fault_helper

    fault_helper.bulk(str(demo_store), 5000)  # the same write not killed (in this process) keeps every row
    assert _members(demo_store) == count + 5000


def test_second_process_is_told_the_store_is_in_use(demo_store: Path, capsys) -> None:
    """The store is held by another process; this one is the second (its commands run as `dangjian` runs them)."""
    holder = _helper("hold", str(demo_store), stdin=subprocess.PIPE)
    try:
        assert holder.stdout.readline().strip() == "ready", holder.stderr.read()
        code, err = _cli_here(capsys, "--db", str(demo_store), "demo")
        assert code == StoreLocked.exit_code
        assert "数据文件正被另一个党建台账窗口使用" in err and "Traceback" not in err
        with pytest.raises(StoreLocked, match="只读方式"):
            open_context(demo_store)
        usb = demo_store.parent / "usb"
        usb.mkdir()
        code, err = _cli_here(capsys, "--db", str(demo_store), "backup", "-o", str(usb))  # a reader needs no lock
        assert code == 0 and len(list(usb.glob("*.sqlite"))) == 1, err
        ro = open_context(demo_store, read_only=True)  # read-only is offered and works meanwhile
        with ro.store.engine.connect() as con:
            assert con.exec_driver_sql("select count(*) from member").scalar_one() == 45
        ro.close()
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    assert holder.returncode == 0
    ctx = open_context(demo_store)  # the lock is free again, and the first window's write is there
    with ctx.store.engine.connect() as con:
        assert con.exec_driver_sql("select count(*) from audit_log where summary='第一个窗口的修改'").scalar_one()
    ctx.close()


def test_disk_full_during_a_write_rolls_back_with_a_message(demo_store: Path) -> None:
    before = _members(demo_store)
    limit = demo_store.stat().st_size + 64 * 1024
    proc = _helper("bulk", str(demo_store), "5000", "--fsize", str(limit))
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 4, err
    assert "磁盘空间不足" in err and "Traceback" not in err
    assert check_store(demo_store).ok
    assert _members(demo_store) == before


def test_disk_full_during_a_backup_leaves_no_backup(grown_5000: Path, store_path: Path, tmp_path: Path) -> None:
    demo_store = _copy(grown_5000, store_path)
    out = tmp_path / "usb"
    out.mkdir()
    sha = _sha(demo_store)
    proc = _helper("backup", str(demo_store), str(out), "--fsize", str(demo_store.stat().st_size // 2))
    _o, err = proc.communicate(timeout=60)
    assert proc.returncode == 4 and "空间不足" in err, err
    assert list(out.iterdir()) == []
    assert _sha(demo_store) == sha and check_store(demo_store).ok


def _copy_steps(demo_store: Path, out: Path, capfd: pytest.CaptureFixture[str],
                monkeypatch: pytest.MonkeyPatch) -> int:
    """How many copy steps a backup in steps of 4 pages takes (fault_helper's backup mode, run in this process,
    counting the checkpoints it reports)."""
    from tests.safety import fault_helper

    monkeypatch.setenv("DANGJIAN_CHECKPOINTS", "1")
    monkeypatch.delenv("DANGJIAN_KILL_AT", raising=False)
    capfd.readouterr()
    fault_helper.backup(str(demo_store), str(out))
    monkeypatch.delenv("DANGJIAN_CHECKPOINTS")
    return capfd.readouterr().err.count("checkpoint backup.copying")


def test_kill_during_backup_never_leaves_an_incomplete_finished_file(grown_5000: Path, store_path: Path,
                                                                     tmp_path: Path, capfd, monkeypatch) -> None:
    """Killed at the first, a middle and the last step of the copy: no file under a finished backup's name."""
    demo_store = _copy(grown_5000, store_path)
    reference = tmp_path / "reference"
    reference.mkdir()
    steps = _copy_steps(demo_store, reference, capfd, monkeypatch)
    assert steps > 10, "the copy should run in many steps"
    out = tmp_path / "usb"
    out.mkdir()
    sha = _sha(demo_store)
    for nth in (1, steps // 2, steps):
        proc = _helper("backup", str(demo_store), str(out), kill_at=f"backup.copying#{nth}")
        _o, err = proc.communicate(timeout=120)
        assert proc.returncode == -signal.SIGKILL, err
        assert err.rstrip().endswith("checkpoint backup.copying"), err[-300:]
        assert list(out.glob("*.sqlite")) == [], f"killed at copy step {nth}: a finished name is taken"
    assert _sha(demo_store) == sha
    from tests.safety import fault_helper

    fault_helper.backup(str(demo_store), str(out))  # in this process: a later backup (the same mode, not killed)
    [path] = out.glob("*.sqlite")  # still works beside the leftovers of killed ones
    assert integrity_problems(path) == []
    con = sqlite3.connect(path)
    assert con.execute("select count(*) from member").fetchone()[0] == 5045
    con.close()


def _xlsx(path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["姓名", "身份证号"])
    wb.save(path)


def _damage(kind: str, path: Path, rng: random.Random) -> None:
    data = path.read_bytes()
    if kind == "half":
        path.write_bytes(data[: len(data) // 2])
    elif kind == "page":
        page = 4096
        middle = (len(data) // page // 2) * page
        path.write_bytes(data[:middle] + rng.randbytes(page * 4) + data[middle + page * 4:])
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "xlsx":
        path.unlink()
        _xlsx(path)
    elif kind == "random":
        path.write_bytes(rng.randbytes(len(data)))


@pytest.mark.parametrize("kind", ["half", "page", "empty", "xlsx", "random"])
def test_damaged_store_is_refused_untouched(grown_2000: Path, store_path: Path, kind: str, capsys) -> None:
    demo_store = _copy(grown_2000, store_path)  # 2,000 more members: enough pages to hit a real one
    _damage(kind, demo_store, random.Random(kind))
    sha = _sha(demo_store)
    report = check_store(demo_store)
    assert not report.ok and report.exit_code != 0 and report.problems
    with pytest.raises(StoreDamaged):
        open_context(demo_store)
    code, err = _cli_here(capsys, "--db", str(demo_store), "demo")
    assert code == 4 and "Traceback" not in err
    assert any(w in err for w in ("损坏", "不是台账数据文件", "空文件")), err
    assert _sha(demo_store) == sha
