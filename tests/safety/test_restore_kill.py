"""A restore killed at the point it reports between replacing the store and writing its audit row.

`dangjian restore` runs in a subprocess with DANGJIAN_KILL_AT=restore.replaced (app/store/checkpoints.py).
"""

from __future__ import annotations

import os
import signal
import sqlite3
import sys
from pathlib import Path

import pytest

from app.services import backup
from app.services.integrity import check_store
from tests import forked

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.slow, pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")]


def _counts(path: Path) -> tuple[int, int]:
    con = sqlite3.connect(path)
    try:
        members = con.execute("select count(*) from member").fetchone()[0]
        restores = con.execute("select count(*) from audit_log where action = 'restore'").fetchone()[0]
        return members, restores
    finally:
        con.close()


@pytest.fixture(scope="module")
def killed_restore(demo_templates, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of 45 members backed up, then grown to 5,045, then a restore of the backup killed: once for
    this module (its tests only read the outcome). The set-up runs in this process; the restore is killed in
    its own, at the point it reports."""
    import shutil

    from tests.conftest import app_data_dir
    from tests.safety import fault_helper

    folder = tmp_path_factory.mktemp("killed-restore")
    live = folder / "store.sqlite"
    shutil.copyfile(demo_templates(True), live)
    data = folder / "data"
    with app_data_dir(data):
        saved = backup.backup_file(live, folder)
        fault_helper.bulk(str(live), 5000)
    env = {k: v for k, v in os.environ.items() if k != "DANGJIAN_KILL_AT"}
    proc = forked.run([sys.executable, "-m", "app", "--db", str(live), "restore", str(saved)], cwd=ROOT,
                      env={**env, "PYTHONPATH": str(ROOT), "DANGJIAN_DATA_DIR": str(data),
                           "DANGJIAN_KILL_AT": "restore.replaced", "DANGJIAN_CHECKPOINTS": "1"},
                      capture_output=True, text=True, encoding="utf-8", timeout=180)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert proc.stderr.rstrip().endswith("checkpoint restore.replaced")
    return live


def test_store_killed_mid_restore_opens_whole(killed_restore: Path) -> None:
    report = check_store(killed_restore)
    assert report.ok, report.describe()
    members, _restores = _counts(killed_restore)
    assert members in (45, 5045), f"neither the backup's content nor the store's: {members} members"


def test_restore_and_its_audit_row_are_together_or_neither(killed_restore: Path) -> None:
    members, restores = _counts(killed_restore)
    assert (members, restores) in ((5045, 0), (45, 1))
