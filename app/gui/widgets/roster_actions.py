"""Roster import, export and printing from the 组织设置 tab.

Each heavy module (openpyxl, ReportLab) is imported inside its action, so start-up stays light.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app import paths
from app.errors import KnownError

if TYPE_CHECKING:
    from app.context import AppContext
    from app.gui.widgets.roster_panel import RosterPanel


def _save_path(parent: QWidget, title: str, name: str, filter_: str) -> Path | None:
    folder = paths.exports_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path, _ = QFileDialog.getSaveFileName(parent, title, str(folder / name), filter_)
    return Path(path) if path else None


def import_roster(panel: RosterPanel) -> None:
    from app.gui.dialogs.import_dialog import ImportDialog

    dialog = ImportDialog(panel.ctx, parent=panel, path=None)
    dialog.exec()
    panel.reload()
    panel.changed.emit()


def export_roster(panel: RosterPanel) -> None:
    """Export for filing: the file carries FULL ID numbers, so the user is told and the export is audited."""
    answer = QMessageBox.question(
        panel, "导出花名册",
        "导出的 Excel 花名册含完整身份证号和手机号码，用于报送和存档。\n请妥善保管文件，不要随意传播。是否继续？")
    if answer != QMessageBox.StandardButton.Yes:
        return
    path = _save_path(panel, "导出花名册", f"党员花名册_{dt.date.today():%Y%m%d}.xlsx", "Excel 工作簿 (*.xlsx)")
    if path is None:
        return
    try:
        result, count = write_roster_file(panel.ctx, path)
    except (KnownError, OSError) as exc:
        QMessageBox.warning(panel, "导出花名册", f"导出失败：{exc}")
        return
    QMessageBox.information(panel, "导出花名册", f"已导出 {count} 人到：\n{result}")


def write_roster_file(ctx: AppContext, path: Path) -> tuple[Path, int]:
    from app.services.roster_export import export_roster as export_service

    with ctx.uow() as uow:
        result = export_service(uow, path)
        uow.commit()
    return result


def print_roster(panel: RosterPanel) -> None:
    """The 党员花名册 PDF for the chosen branch (or all), through the same entry point as `dangjian print`."""
    branch = panel.org.name if panel.org and panel.org.kind.is_branch else None
    name = f"党员花名册_{branch or '全部'}_{dt.date.today():%Y%m%d}.pdf"
    print_pdf(panel, "app.printing.roster", "print_roster_cmd", "打印花名册", name, branch)


def print_pdf(parent: QWidget, module_name: str, func: str, what: str, name: str, branch: str | None = None) -> None:
    from app.gui import print_preview

    path = print_preview.pdf_path(name)  # the preview offers 另存为 PDF…
    module = importlib.import_module(module_name)
    args = argparse.Namespace(db=None, year=None, branch=branch, output=path)
    try:
        result = Path(getattr(module, func)(parent.ctx, args, path) or path)  # type: ignore[attr-defined]
    except (KnownError, OSError) as exc:
        QMessageBox.warning(parent, what, f"生成失败：{exc}")
        return
    print_preview.show_pdf(parent, result, title=what)
