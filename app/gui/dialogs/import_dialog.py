"""导入花名册: pick an .xlsx, preview every row with its errors, then import through the service."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.errors import KnownError
from app.gui.models.import_preview import ImportPreviewModel
from app.services.backup import BEFORE_IMPORT, safety_backup
from app.services.roster_export import export_template
from app.services.roster_import import ImportReport, ImportResult, import_roster, preview_import

MAX_LISTED = 15


class Cancelled(KnownError):
    """The user stopped reading a long file; nothing was written."""


class ImportDialog(QDialog):
    """Nothing is written until 「导入」; with errors it stays disabled unless 「跳过错误行」 is ticked."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, path: str | Path | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.path: Path | None = None
        self.report: ImportReport | None = None
        self.result: ImportResult | None = None
        self.safety: Path | None = None
        self.setWindowTitle("导入党员花名册")
        self.resize(1100, 640)

        self.file_label = QLabel("尚未选择文件")
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choose_button = QPushButton("选择文件…")
        self.choose_button.clicked.connect(self.choose_file)
        self.template_button = QPushButton("下载空白模板…")
        self.template_button.clicked.connect(self.save_template)
        top = QHBoxLayout()
        top.addWidget(QLabel("Excel 文件："))
        top.addWidget(self.file_label, 1)
        top.addWidget(self.choose_button)
        top.addWidget(self.template_button)

        self.summary = QLabel("请选择要导入的花名册（.xlsx），也可以把文件拖到这里。"
                              "程序会先检查每一行，确认无误后才写入。")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.model = ImportPreviewModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(False)

        self.skip_box = QCheckBox("跳过错误行，只导入正确的行")
        self.skip_box.toggled.connect(self._update_buttons)
        self.only_errors_box = QCheckBox("只显示有错误的行")
        self.only_errors_box.toggled.connect(self._fill_table)
        options = QHBoxLayout()
        options.addWidget(self.skip_box)
        options.addWidget(self.only_errors_box)
        options.addStretch(1)

        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton("导入", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.do_import)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(options)
        layout.addWidget(self.buttons)
        self._update_buttons()
        self.setAcceptDrops(True)  # a file dragged from the desktop or a folder window
        if path is not None:
            self.load(Path(path))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls()
        if len(urls) == 1 and urls[0].isLocalFile():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        urls = event.mimeData().urls()
        if len(urls) == 1 and urls[0].isLocalFile():
            event.acceptProposedAction()
            self.load(Path(urls[0].toLocalFile()))

    # --- file and preview ---------------------------------------------------------------------------------
    def choose_file(self) -> None:
        start = str(self.path.parent) if self.path else str(Path.home())
        name, _filter = QFileDialog.getOpenFileName(self, "选择党员花名册", start,
                                                    "Excel 工作簿 (*.xlsx);;所有文件 (*)")
        if name:
            self.load(Path(name))

    def save_template(self) -> None:
        suggested = str(Path.home() / "党员花名册导入模板.xlsx")
        name, _filter = QFileDialog.getSaveFileName(self, "保存空白导入模板", suggested, "Excel 工作簿 (*.xlsx)")
        if not name:
            return
        try:
            with self.ctx.uow() as uow:
                written = export_template(uow, name)
        except KnownError as exc:
            QMessageBox.warning(self, "保存模板", str(exc))
            return
        QMessageBox.information(self, "保存模板", f"已保存空白导入模板：\n{written}")

    @contextmanager
    def _working(self, text: str) -> Iterator[Callable[[int], None]]:
        """Wait cursor, and for a long file a progress window with 取消 (shown after half a second)."""
        box = QProgressDialog(text, "取消", 0, 0, self)
        box.setWindowTitle(self.windowTitle())
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setMinimumDuration(500)
        box.setAutoReset(False)

        def tick(rows: int) -> None:
            box.setLabelText(f"{text}（已读到第 {rows} 行）")
            box.setValue(0)
            QApplication.processEvents()
            if box.wasCanceled():
                raise Cancelled("已取消，没有导入任何数据。")

        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            yield tick
        finally:
            QGuiApplication.restoreOverrideCursor()
            box.close()
            box.deleteLater()

    def load(self, path: Path) -> None:
        """Read and check the whole file (nothing is written), then show every row."""
        self.path = path
        self.report = None
        self.file_label.setText(str(path))
        try:
            with self._working("正在读取并检查文件…") as tick, self.ctx.uow() as uow:
                self.report = preview_import(uow, path, progress=tick)
        except Cancelled as exc:
            self._show_summary(str(exc), error=True)
        except KnownError as exc:
            self._show_summary(f"无法导入：{exc}", error=True)
        self._fill_table()
        if self.report is not None:
            self._show_summary(self._describe(self.report), error=bool(self.report.invalid_rows))
        self._update_buttons()

    def _describe(self, report: ImportReport) -> str:
        if not report.rows:
            return (f"工作表“{report.sheet_name}”第{report.header_row}行是表头，但下面没有人员数据"
                    "（空白模板或只有表头），无需导入。")
        lines = [report.summary()]
        if report.school_name:
            lines.append(f"数据库中还没有学校，将新建学校“{report.school_name}”。")
        if report.new_branches:
            lines.append("将新建党支部：" + "、".join(report.new_branches))
        if report.new_groups:
            lines.append("将新建党小组：" + "、".join(f"{g}（{b}）" for g, b in report.new_groups))
        if report.ignored:
            lines.append("未导入的列：" + "、".join(report.ignored))
        if report.invalid_rows:
            lines.append("请改正 Excel 文件中标红的行后重新选择文件，或勾选“跳过错误行”只导入正确的行。")
        return "\n".join(lines)

    def _show_summary(self, text: str, *, error: bool) -> None:
        self.summary.setText(text)
        self.summary.setStyleSheet("color: #b00020;" if error else "color: #2e7d32;")

    def _fill_table(self) -> None:
        if self.report is None:
            self.model.set_rows([], {})
            return
        rows = self.report.invalid_rows if self.only_errors_box.isChecked() else self.report.rows
        self.model.set_rows(rows, self.report.columns)
        header = self.table.horizontalHeader()
        self.table.resizeColumnsToContents()
        header.resizeSection(1, min(max(header.sectionSize(1), 120), 420))

    def _update_buttons(self) -> None:
        report = self.report
        can = (report is not None and bool(report.valid_rows) and not self.ctx.read_only
               and (not report.invalid_rows or self.skip_box.isChecked()))
        self.import_button.setEnabled(can)
        self.skip_box.setEnabled(report is not None and bool(report.invalid_rows) and bool(report.valid_rows))
        if self.ctx.read_only:
            self.import_button.setToolTip("数据库以只读方式打开，不能导入")
        elif report is None or not report.rows:
            self.import_button.setToolTip("没有可导入的数据")
        elif report.invalid_rows and not self.skip_box.isChecked():
            self.import_button.setToolTip("有错误的行：请改正文件，或勾选“跳过错误行”")
        else:
            self.import_button.setToolTip("")

    # --- import -------------------------------------------------------------------------------------------
    def do_import(self) -> None:
        if self.path is None or not self.import_button.isEnabled():
            return
        try:
            with self._working("正在备份并导入…") as tick:
                self.safety = safety_backup(self.ctx.store, BEFORE_IMPORT)  # a failed backup stops the import
                with self.ctx.uow() as uow:
                    result = import_roster(uow, self.path, skip_invalid=self.skip_box.isChecked(), progress=tick)
                    uow.commit()
        except Cancelled as exc:
            QMessageBox.information(self, "导入已取消", str(exc))
            return
        except KnownError as exc:
            details = exc.details[:MAX_LISTED] + (["……"] if len(exc.details) > MAX_LISTED else [])
            QMessageBox.warning(self, "导入未完成", "\n".join([exc.message, *details]))
            self.load(self.path)  # the store may have changed since the preview
            return
        self.result = result
        text = self._result_text(result)
        if self.safety is not None:
            text += f"\n\n导入前的数据已备份到：\n{self.safety}"
        QMessageBox.information(self, "导入完成", text)
        self.accept()

    @staticmethod
    def _result_text(result: ImportResult) -> str:
        lines = [f"已导入 {result.imported} 人。"]
        if result.school_created:
            lines.append(f"已新建学校：{result.school_created}（可在“组织设置”中修改名称）")
        if result.new_branches:
            lines.append("新建党支部：" + "、".join(result.new_branches))
        if result.new_groups:
            lines.append("新建党小组：" + "、".join(g for g, _b in result.new_groups))
        if result.skipped:
            lines.append(f"跳过有错误的行 {len(result.skipped)} 行：")
            lines += [r.message() for r in result.skipped[:MAX_LISTED]]
            if len(result.skipped) > MAX_LISTED:
                lines.append("……")
        return "\n".join(lines)
