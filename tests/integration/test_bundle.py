"""The frozen program, built from a clean clone, runs demo, smoke test and print offscreen.

Takes a minute or more and needs PyInstaller, so it runs only when asked: DANGJIAN_TEST_BUNDLE=1.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.bundle,
    pytest.mark.skipif(os.environ.get("DANGJIAN_TEST_BUNDLE") != "1", reason="set DANGJIAN_TEST_BUNDLE=1 to build"),
]


def test_bundle_builds_and_runs(tmp_path: Path) -> None:
    result = tmp_path / "bundle.json"
    proc = subprocess.run(
        [sys.executable, str(ROOT / ".ci" / "build_bundle.py"), "--clean-clone", "--python", sys.executable,
         "--json", str(result)],
        cwd=ROOT, text=True, capture_output=True, timeout=1800,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    assert "[bundle] OK" in proc.stdout
    assert result.is_file()
