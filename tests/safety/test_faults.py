"""Fault injection with real processes, real files and real OS limits (see docs/reliability.md)."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.context import open_context
from app.errors import StoreDamaged, StoreLocked
from app.services.integrity import check_store
from app.store.snapshot import integrity_problems

HELPER = Path(__file__).with_name("fault_helper.py")
ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(os.name != "posix", reason="SIGKILL and RLIMIT_FSIZE are POSIX")]


def _helper(*args: str, stdin=subprocess.DEVNULL) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(HELPER), *args], stdin=stdin, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, encoding="utf-8")


def _cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT, env=env, timeout=120)


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


def test_kill_during_a_large_write_is_all_or_nothing(demo_store: Path) -> None:
    rng = random.Random(6)
    count = _members(demo_store)
    outcomes = []
    for _ in range(10):
        proc = _helper("bulk", str(demo_store), "5000")
        assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
        time.sleep(rng.uniform(0.0, 0.6))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        report = check_store(demo_store)
        assert report.ok, report.describe()
        now = _members(demo_store)
        assert now in (count, count + 5000), f"partial write: {count} → {now}"
        outcomes.append(now > count)
        count = now
    print("committed before the kill:", outcomes)


def test_second_process_is_told_the_store_is_in_use(demo_store: Path) -> None:
    holder = _helper("hold", str(demo_store), stdin=subprocess.PIPE)
    try:
        assert holder.stdout.readline().strip() == "ready", holder.stderr.read()
        second = _cli("--db", str(demo_store), "demo")
        assert second.returncode == StoreLocked.exit_code
        assert "数据文件正被另一个党建台账窗口使用" in second.stderr and "Traceback" not in second.stderr
        with pytest.raises(StoreLocked, match="只读方式"):
            open_context(demo_store)
        usb = demo_store.parent / "usb"
        usb.mkdir()
        copy = _cli("--db", str(demo_store), "backup", "-o", str(usb))  # a reader needs no write lock
        assert copy.returncode == 0 and len(list(usb.glob("*.sqlite"))) == 1, copy.stderr
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


def test_disk_full_during_a_backup_leaves_no_backup(demo_store: Path, tmp_path: Path) -> None:
    bulk = _helper("bulk", str(demo_store), "5000")
    bulk.communicate(timeout=60)
    out = tmp_path / "usb"
    out.mkdir()
    sha = _sha(demo_store)
    proc = _helper("backup", str(demo_store), str(out), "--fsize", str(demo_store.stat().st_size // 2))
    _o, err = proc.communicate(timeout=60)
    assert proc.returncode == 4 and "空间不足" in err, err
    assert list(out.iterdir()) == []
    assert _sha(demo_store) == sha and check_store(demo_store).ok


def test_kill_during_backup_never_leaves_an_incomplete_finished_file(demo_store: Path, tmp_path: Path) -> None:
    _helper("bulk", str(demo_store), "5000").communicate(timeout=60)
    rng = random.Random(7)
    out = tmp_path / "usb"
    out.mkdir()
    sha = _sha(demo_store)
    for _ in range(6):
        proc = _helper("backup", str(demo_store), str(out))
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.25))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    finished = list(out.glob("*.sqlite"))
    for path in finished:
        assert integrity_problems(path) == []
        con = sqlite3.connect(path)
        assert con.execute("select count(*) from member").fetchone()[0] == 5045
        con.close()
    assert _sha(demo_store) == sha


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
def test_damaged_store_is_refused_untouched(demo_store: Path, kind: str) -> None:
    _helper("bulk", str(demo_store), "2000").communicate(timeout=60)  # enough pages to hit a real one
    _damage(kind, demo_store, random.Random(kind))
    sha = _sha(demo_store)
    report = check_store(demo_store)
    assert not report.ok and report.exit_code != 0 and report.problems
    with pytest.raises(StoreDamaged):
        open_context(demo_store)
    run = _cli("--db", str(demo_store), "demo")
    assert run.returncode == 4 and "Traceback" not in run.stderr
    assert any(w in run.stderr for w in ("损坏", "不是台账数据文件", "空文件")), run.stderr
    assert _sha(demo_store) == sha
