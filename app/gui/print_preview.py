"""The one entry point every 打印… action uses to show a finished PDF.

Every print action renders its PDF through a use case (on a worker thread, via
`app.gui.operations.Operation`) into `pdf_path(name)`, then calls `show_pdf`. Issue #17 replaces the
body of `show_pdf` with the in-app preview (pages, zoom, 打印…, 另存为 PDF…, 打开所在文件夹); the callers
do not change.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QWidget

from app import paths


def pdf_path(name: str) -> Path:
    """Where a print action writes its PDF before it is shown (the data folder's prints/)."""
    folder = paths.data_dir() / "prints"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name


def show_pdf(parent: QWidget | None, pdf: Path, *, title: str) -> None:
    """Show a printed document to the user."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(pdf)))
