"""导入花名册: pick an .xlsx, preview every row with its errors, then import through the service."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.documents.roster_file_cases import (
    RosterImported,
    import_roster_file,
    preview_roster_file,
    save_import_template,
)
from app.errors import KnownError
from app.gui.models.import_preview import ImportPreviewModel
from app.gui.operations import Operation, report_error, run_now
from app.services.progress import Cancelled
from app.services.roster_import import ImportReport, ImportResult

MAX_LISTED = 15


class ImportDialog(QDialog):
    """Nothing is written until 「导入」; with errors it stays disabled unless 「跳过错误行」 is ticked."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, path: str | Path | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.path: Path | None = None
        self.report: ImportReport | None = None
        self.result: ImportResult | None = None
        self.safety: Path | None = None
        self.operation: Operation | None = None  # the read or the import running now
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
        written = run_now(self, lambda: save_import_template(self.ctx, Path(name)), "保存模板")
        if written is not None:
            QMessageBox.information(self, "保存模板", f"已保存空白导入模板：\n{written}")

    def load(self, path: Path) -> Operation[ImportReport]:
        """Read and check the whole file on a worker thread (nothing is written), then show every row.

        A long file shows progress with 取消; what went wrong is said in the summary line."""
        self.path = path
        self.report = None
        self.file_label.setText(str(path))
        self._fill_table()
        self._show_summary("正在读取并检查文件…", error=False)
        self._update_buttons()
        self.operation = Operation(
            self, lambda progress: preview_roster_file(self.ctx, path, progress=progress),
            title=self.windowTitle(), label="正在读取并检查文件…", cancellable=True, commits=False,
        ).success(self._previewed).failure(self._preview_failed).run()
        return self.operation

    def _previewed(self, report: ImportReport) -> None:
        self.report = report
        self._fill_table()
        self._show_summary(self._describe(report), error=bool(report.invalid_rows))
        self._update_buttons()

    def _preview_failed(self, exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            self._show_summary("已取消，没有导入任何数据。", error=True)
        elif isinstance(exc, KnownError):
            self._show_summary(f"无法导入：{exc}", error=True)
        else:
            self._show_summary("读取文件时程序出错。", error=True)
            report_error(exc, self)

    def _describe(self, report: ImportReport) -> str:
        if not report.rows:
            heads = "、".join(f"工作表“{s.name}”第{s.header_row}行" for s in report.sheets)
            return f"{heads}是表头，但下面没有人员数据（空白模板或只有表头），无需导入。"
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
        self.model.set_rows(rows, self.report.columns, name_sheets=len(self.report.sheets) > 1)
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
    def do_import(self) -> Operation[RosterImported] | None:
        """Safety backup, then every row in one transaction, on a worker thread with progress and 取消."""
        if self.path is None or not self.import_button.isEnabled():
            return None
        path, skip = self.path, self.skip_box.isChecked()
        self.import_button.setEnabled(False)
        self.operation = Operation(
            self, lambda progress: import_roster_file(self.ctx, path, skip_invalid=skip, progress=progress),
            title="导入党员花名册", label="正在备份并导入…", cancellable=True,
        ).success(self._imported).failure(self._import_failed).run()
        return self.operation

    def _imported(self, done: RosterImported) -> None:
        self.result, self.safety = done.result, done.safety_backup
        text = self._result_text(done.result)
        if self.safety is not None:
            text += f"\n\n导入前的数据已备份到：\n{self.safety}"
        QMessageBox.information(self, "导入完成", text)
        self.accept()

    def _import_failed(self, exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            self._show_summary("导入已取消，没有导入任何数据。", error=True)
            self._update_buttons()
            return
        if isinstance(exc, KnownError):  # a long list of rows is cut short; the file itself lists them all
            details = exc.details[:MAX_LISTED] + (["……"] if len(exc.details) > MAX_LISTED else [])
            exc = KnownError(exc.message, details=details)
        report_error(exc, self, "导入未完成")
        if self.path is not None:
            self.load(self.path)  # the store may have changed since the preview

    @staticmethod
    def _result_text(result: ImportResult) -> str:
        lines = [f"{result.describe()}。"]
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
