"""The windowed Windows executable has no console (sys.stdout/stderr are None): commands still exit cleanly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHILD = """
import runpy, sys
sys.argv = ["dangjian", *sys.argv[1:]]
sys.stdout = None
sys.stderr = None
try:
    runpy.run_module("app", run_name="__main__")
    code = 0
except SystemExit as exc:
    code = exc.code
sys.__stdout__.write(f"exit={code}\\n")
"""


def run_windowed(*args: str, data_dir: Path) -> str:
    env = dict(os.environ, DANGJIAN_DATA_DIR=str(data_dir), PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-c", CHILD, *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=60)
    return proc.stdout.strip()


def test_bad_arguments_exit_2_without_a_console(data_dir: Path) -> None:
    assert run_windowed("--no-such-option", data_dir=data_dir) == "exit=2"


def test_a_command_runs_without_a_console(tmp_path: Path, data_dir: Path) -> None:
    from app.context import open_context
    from app.services import organizations

    store = tmp_path / "s.sqlite"
    ctx = open_context(store)
    with ctx.uow() as uow:
        organizations.ensure_school(uow, "测试学校")
        uow.commit()
    ctx.close()
    # a command that prints a report, and one refused with a message (a year out of range)
    assert run_windowed("--db", str(store), "check", "--year", "2025", data_dir=data_dir) == "exit=0"
    assert run_windowed("--db", str(store), "check", "--year", "99999", data_dir=data_dir) == "exit=2"
