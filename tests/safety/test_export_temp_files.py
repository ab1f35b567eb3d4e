"""A failed Excel export leaves none of its rows in the system's temp folder (app/excel/write_only.py).

openpyxl's write-only sheets keep their rows (names, ID numbers, phones) in `openpyxl.*` temporary files
until the workbook is saved, and remove them otherwise only when the process exits."""

from __future__ import annotations

import errno
import gc
import tempfile
from pathlib import Path

import pytest

from app.errors import KnownError
from app.excel import audit_log, meeting_ledger, points_export, roster_writer
from app.services import meeting_export, points_print_data, roster_export
from tests.conftest import DEMO_YEAR


def _disk_full(*_args: object, **_kwargs: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.fixture
def temp_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "system-temp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def _exports(ctx, out: Path):
    with ctx.uow() as uow:
        roster = roster_export.roster_for_export(uow)
        ledger = meeting_export.ledger(uow, DEMO_YEAR)
    book = points_print_data.workbook(ctx, DEMO_YEAR)
    return {
        "roster": (roster_writer, lambda: roster_writer.write_roster(out / "花名册.xlsx", roster)),
        "meetings": (roster_writer, lambda: meeting_ledger.write_ledger(ledger, out / "会议台账.xlsx")),
        "points": (roster_writer, lambda: points_export.write_points(book, out / "积分.xlsx")),
        "audit": (audit_log, lambda: audit_log.write_audit_xlsx(out / "审计.xlsx", ["时间", "内容"],
                                                                 [["2025-01-01", "张三 110101199001011234"]] * 50)),
    }


@pytest.mark.parametrize("which", ["roster", "meetings", "points", "audit"])
def test_a_failed_export_leaves_no_rows_in_the_temp_folder(demo_ctx, tmp_path: Path, temp_folder: Path,
                                                           monkeypatch: pytest.MonkeyPatch, which: str) -> None:
    module, export = _exports(demo_ctx, tmp_path)[which]
    export()  # a save that works leaves nothing behind either (openpyxl's own cleanup)
    assert list(temp_folder.iterdir()) == []
    monkeypatch.setattr(module, "write_atomically", _disk_full)
    with pytest.raises(KnownError):
        export()
    gc.collect()  # the failed workbook is gone, as in a program that goes on: its files must be too
    assert [p.name for p in temp_folder.iterdir()] == []
