"""`dangjian check`: integrity and compliance together; a damaged or foreign file exits non-zero, untouched."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main
from tests import forked


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_check_healthy_store_reports_integrity_and_compliance(store_path: Path, capsys, demo_templates) -> None:
    shutil.copyfile(demo_templates(True), store_path)  # what `demo --year 2025` builds (DEMO_YEAR)
    capsys.readouterr()
    assert main(["--db", str(store_path), "check", "--year", "2025"]) == 0
    out = capsys.readouterr().out
    assert "完整性检查：通过" in out
    assert "第一党支部" in out


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04" + b"x" * 4000, bytes(range(256)) * 64])
def test_check_refuses_non_database_without_traceback(tmp_path: Path, capsys, content: bytes) -> None:
    path = tmp_path / "bad.sqlite"
    path.write_bytes(content)
    before = _sha(path)
    code = main(["--db", str(path), "check"])
    captured = capsys.readouterr()
    assert code != 0
    assert "完整性检查：未通过" in captured.out
    assert "Traceback" not in captured.out + captured.err
    assert _sha(path) == before


def test_check_truncated_store_exits_non_zero(store_path: Path, capsys, demo_templates) -> None:
    shutil.copyfile(demo_templates(True), store_path)  # what `demo --year 2025` builds (DEMO_YEAR)
    data = store_path.read_bytes()
    for suffix in ("-wal", "-shm"):
        Path(str(store_path) + suffix).unlink(missing_ok=True)
    store_path.write_bytes(data[: len(data) // 2])
    capsys.readouterr()
    before = _sha(store_path)
    assert main(["--db", str(store_path), "check"]) != 0
    assert "未通过" in capsys.readouterr().out
    assert _sha(store_path) == before


def test_reading_commands_work_while_another_window_holds_the_store(store_path: Path, tmp_path: Path,
                                                                     capsys, demo_templates) -> None:
    """check, export meetings and print read without the lock; export members (audited) still refuses."""
    import subprocess
    import sys

    shutil.copyfile(demo_templates(True), store_path)  # what `demo --year 2025` builds (DEMO_YEAR)
    root = Path(__file__).resolve().parents[2]
    holder = forked.Popen(
        [sys.executable, "-c", "import sys; from app.store import lock; lock.acquire(sys.argv[1]); "
         "print('held', flush=True); sys.stdin.read()", str(store_path)],
        cwd=root, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        capsys.readouterr()
        assert main(["--db", str(store_path), "check", "--year", "2025"]) == 0
        assert main(["--db", str(store_path), "export", "meetings", "--year", "2025",
                     "-o", str(tmp_path / "m.xlsx")]) == 0
        assert (tmp_path / "m.xlsx").exists()
        assert main(["--db", str(store_path), "export", "members", "-o", str(tmp_path / "r.xlsx")]) == 4
        assert "正被另一个" in capsys.readouterr().err
        assert not (tmp_path / "r.xlsx").exists()
    finally:
        holder.communicate("", timeout=30)


def _app(*args: str, data_dir: Path, **kwargs):
    """`python -m app ARGS` in a child process with its own data folder and no DANGJIAN_DB."""
    env = {k: v for k, v in os.environ.items() if k != "DANGJIAN_DB"}
    env.update(DANGJIAN_DATA_DIR=str(data_dir), PYTHONIOENCODING="utf-8")
    return forked.Popen([sys.executable, "-m", "app", *args], cwd=Path(__file__).resolve().parents[2], env=env,
                        **kwargs)


def test_check_without_a_store_creates_nothing_and_names_the_default(tmp_path: Path) -> None:
    """No --db and no default store: refused (exit 2) without a log file or data folder, and the message
    names the default path instead of telling the user to check a --db they never gave."""
    empty = tmp_path / "data-empty"
    empty.mkdir()
    proc = _app("check", data_dir=empty, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                encoding="utf-8")
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode == 2
    assert list(empty.iterdir()) == []
    assert f"默认数据文件不存在：{empty / 'dangjian.sqlite'}" in err
    assert "--db 指定的路径" not in err


def test_check_into_a_reader_that_stops_early_ends_quietly(store_path: Path, tmp_path: Path,
                                                           demo_templates) -> None:
    """`dangjian check | head -1`: the closed pipe is no 程序遇到意外错误, only the usual quiet end."""
    shutil.copyfile(demo_templates(True), store_path)
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader has gone before the first line is written
    try:
        proc = _app("--db", str(store_path), "check", "--year", "2025", data_dir=tmp_path / "data",
                    stdout=write_end, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    finally:
        os.close(write_end)
    _out, err = proc.communicate(timeout=120)
    assert err == ""
    assert proc.returncode in (0, 141)
