"""Roster import, export and printing from the 组织设置 tab, each through a use case.

Export and printing run on a worker thread (app.gui.operations.Operation); a print is rendered to
print_preview.pdf_path(name) and shown with print_preview.show_pdf. Heavy modules (openpyxl, ReportLab)
load inside the use cases, so start-up stays light.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app import paths
from app.gui import print_preview
from app.gui.operations import Operation
from app.services.progress import Progress

if TYPE_CHECKING:
    from app.documents.roster_file_cases import RosterExported
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


def export_roster(panel: RosterPanel) -> Operation[RosterExported] | None:
    """Export for filing: the file carries FULL ID numbers, so the user is told and the export is audited."""
    answer = QMessageBox.question(
        panel, "导出花名册",
        "导出的 Excel 花名册含完整身份证号和手机号码，用于报送和存档。\n请妥善保管文件，不要随意传播。是否继续？")
    if answer != QMessageBox.StandardButton.Yes:
        return None
    path = _save_path(panel, "导出花名册", f"党员花名册_{dt.date.today():%Y%m%d}.xlsx", "Excel 工作簿 (*.xlsx)")
    if path is None:
        return None
    from app.documents import roster_file_cases

    def exported(done: RosterExported) -> None:
        QMessageBox.information(panel, "导出花名册", f"已导出{done.describe()}到：\n{done.path}\n\n"
                                "党员在“党员花名册”工作表，入党申请人、入党积极分子、发展对象在“入党申请人等”工作表。")

    return Operation(panel, lambda _progress: roster_file_cases.export_roster_file(panel.ctx, path),
                     title="导出花名册", label="正在导出花名册…").success(exported).run()


def print_roster(panel: RosterPanel) -> Operation[Path]:
    """The 党员花名册 PDF for the chosen branch (or all): the same use case as `dangjian print roster`."""
    from app.documents import print_cases

    branch = panel.org.name if panel.org and panel.org.kind.is_branch else None
    return print_and_show(
        panel, "打印花名册", f"党员花名册_{branch or '全部'}_{dt.date.today():%Y%m%d}.pdf",
        lambda output, progress: print_cases.print_roster(panel.ctx, output, branch_name=branch, progress=progress))


def print_and_show(parent: QWidget, title: str, name: str,
                   render: Callable[[Path, Progress], Path]) -> Operation[Path]:
    """Every print action: render to print_preview.pdf_path(name) off the GUI thread, then show it."""
    output = print_preview.pdf_path(name)
    return Operation(parent, lambda progress: render(output, progress), title=title, label="正在生成…").success(
        lambda pdf: print_preview.show_pdf(parent, pdf, title=title)).run()
