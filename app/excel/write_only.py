"""Write-only workbooks whose temporary files go with them when an export fails."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from openpyxl import Workbook


@contextlib.contextmanager
def write_only_workbook() -> Iterator[Workbook]:
    """A `Workbook(write_only=True)` for the `with` block, removed from disk if the block fails.

    openpyxl keeps each write-only sheet's rows in a temporary file (`openpyxl.*`, in the system's temp
    folder) until the workbook is saved; otherwise it removes it only when the program exits. After a failed
    export (the file open in Excel or WPS, a missing folder, a full disk, a cancel) those rows, names and ID
    numbers among them, stayed on disk as long as the program ran, and for good after a crash or a power cut.
    """
    workbook = Workbook(write_only=True)
    try:
        yield workbook
    except BaseException:
        discard(workbook)
        raise


def discard(workbook: Workbook) -> None:
    """Close each write-only sheet's temporary file and remove it (a saved sheet's is already gone)."""
    for sheet in workbook.worksheets:
        writer = getattr(sheet, "_writer", None)
        if writer is None:
            continue
        rows = getattr(sheet, "_rows", None)
        if rows is not None:
            with contextlib.suppress(Exception):  # ends the sheet's XML stream, which may already be closed
                rows.close()
        with contextlib.suppress(Exception):
            writer.close()
        with contextlib.suppress(OSError, ValueError):  # removed already, or not openpyxl's to forget
            writer.cleanup()
