"""Roster import, export and printing from the 组织设置 tab.

Each heavy module (openpyxl, ReportLab) is imported inside its action, so start-up stays light.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app import paths
from app.errors import KnownError
from app.services import members
from app.services.members import MemberQuery

if TYPE_CHECKING:
    from app.context import AppContext
    from app.gui.widgets.roster_panel import RosterPanel


def _optional_module(parent: QWidget, name: str, what: str):
    """The module, or None with a plain message when that part is not installed in this build."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name:
            raise
        QMessageBox.information(parent, what, f"本版本尚未包含“{what}”功能。")
        return None


def _save_path(parent: QWidget, title: str, name: str, filter_: str) -> Path | None:
    folder = paths.exports_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path, _ = QFileDialog.getSaveFileName(parent, title, str(folder / name), filter_)
    return Path(path) if path else None


def import_roster(panel: RosterPanel) -> None:
    module = _optional_module(panel, "app.gui.dialogs.import_dialog", "导入花名册")
    if module is None:
        return
    dialog = module.ImportDialog(panel.ctx, parent=panel, path=None)
    dialog.exec()
    panel.reload()
    panel.changed.emit()


def export_roster(panel: RosterPanel) -> None:
    path = _save_path(panel, "导出花名册", f"党员花名册_{dt.date.today():%Y%m%d}.xlsx", "Excel 工作簿 (*.xlsx)")
    if path is None:
        return
    writer = _optional_module(panel, "app.excel.roster_writer", "导出花名册")
    if writer is None:
        return
    try:
        result = write_roster_file(panel.ctx, writer, path)
    except (KnownError, OSError) as exc:
        QMessageBox.warning(panel, "导出花名册", f"导出失败：{exc}")
        return
    QMessageBox.information(panel, "导出花名册", f"已导出到：\n{result}")


def write_roster_file(ctx: AppContext, writer, path: Path) -> Path:
    """Call the Excel adapter: `export_members(ctx, path)` if it offers one, else `write_roster(rows, path)`."""
    if hasattr(writer, "export_members"):
        return Path(writer.export_members(ctx, path) or path)
    with ctx.uow() as uow:
        rows = members.search_members(uow, MemberQuery())
    return Path(writer.write_roster(rows, path) or path)


def print_roster(panel: RosterPanel) -> None:
    """The 党员花名册 PDF for the chosen branch (or all), through the same entry point as `dangjian print`."""
    branch = panel.org.name if panel.org and panel.org.kind.is_branch else None
    name = f"党员花名册_{branch or '全部'}_{dt.date.today():%Y%m%d}.pdf"
    print_pdf(panel, "app.printing.roster", "print_roster_cmd", "打印花名册", name, branch)


def print_pdf(parent: QWidget, module_name: str, func: str, what: str, name: str, branch: str | None = None) -> None:
    path = _save_path(parent, what, name, "PDF 文件 (*.pdf)")
    if path is None:
        return
    module = _optional_module(parent, module_name, what)
    if module is None:
        return
    args = argparse.Namespace(db=None, year=None, branch=branch, output=path)
    try:
        result = Path(getattr(module, func)(parent.ctx, args, path) or path)  # type: ignore[attr-defined]
    except (KnownError, OSError) as exc:
        QMessageBox.warning(parent, what, f"生成失败：{exc}")
        return
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(result)))
