"""审计日志: filter, browse (paged), see old and new values, export to Excel. Administrators only."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME, paths
from app.context import AppContext
from app.documents import audit_export
from app.gui.models.audit_model import AuditTableModel
from app.gui.operations import Operation
from app.gui.widgets.date_edit import RequiredDateEdit
from app.services import audit
from app.services.audit import ACTION_LABELS, ENTITY_LABELS, AuditQuery


def _combo(labels: dict[str, str]) -> QComboBox:
    combo = QComboBox()
    combo.addItem("全部", "")
    for key, label in labels.items():
        combo.addItem(label, key)
    return combo


class AuditDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.notify = lambda text, warn=False: (QMessageBox.warning if warn else QMessageBox.information)(
            self, APP_NAME, text)
        self.setWindowTitle("审计日志")
        self.resize(1000, 640)
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.text = QLineEdit(placeholderText="搜索摘要、账号、原值或新值")
        self.action = _combo(ACTION_LABELS)
        self.entity = _combo(ENTITY_LABELS)
        self.by_date = QCheckBox("日期")
        today = QDate.currentDate()
        self.since, self.until = RequiredDateEdit(today.addMonths(-1)), RequiredDateEdit(today)
        for widget in (QLabel("操作"), self.action, QLabel("对象"), self.entity, self.by_date, self.since,
                       QLabel("至"), self.until):
            bar.addWidget(widget)
        bar.insertWidget(0, self.text, 1)
        layout.addLayout(bar)
        self.model = AuditTableModel(ctx, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for col, width in enumerate((150, 100, 80, 90)):
            self.table.setColumnWidth(col, width)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.detail = QPlainTextEdit(readOnly=True)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setSizes([460, 140])
        layout.addWidget(splitter, 1)
        bottom = QHBoxLayout()
        self.status = QLabel()
        self.export_button = QPushButton("导出Excel…")
        close = QPushButton("关闭")
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.export_button)
        bottom.addWidget(close)
        layout.addLayout(bottom)
        self.text.textChanged.connect(self.refresh)
        for combo in (self.action, self.entity):
            combo.currentIndexChanged.connect(self.refresh)
        self.by_date.toggled.connect(self.refresh)
        self.since.dateChanged.connect(self.refresh)
        self.until.dateChanged.connect(self.refresh)
        self.table.selectionModel().currentRowChanged.connect(self._show_detail)
        self.export_button.clicked.connect(self.export)
        close.clicked.connect(self.accept)
        self.refresh()

    def query(self) -> AuditQuery:
        since = until = None
        if self.by_date.isChecked():
            since, until = self.since.date().toPython(), self.until.date().toPython()
        return AuditQuery(text=self.text.text(), action=self.action.currentData() or "",
                          entity=self.entity.currentData() or "", since=since, until=until)

    def refresh(self) -> None:
        self.model.set_query(self.query())
        self.status.setText(f"共 {self.model.total} 条")
        self.detail.clear()

    def _show_detail(self, current, _previous=None) -> None:
        row = self.model.row_at(current.row())
        if row is None:
            self.detail.clear()
            return
        self.detail.setPlainText(
            f"{row.at:%Y-%m-%d %H:%M:%S}  账号：{row.username}  操作：{row.action_label}  对象：{row.entity_label}\n"
            f"{row.summary}\n"
            f"原值：{audit.readable(row.old_values) or '（无）'}\n新值：{audit.readable(row.new_values) or '（无）'}")

    def export(self, path: str | None = None) -> Operation[Path] | None:
        """Every matching row to .xlsx on a worker thread; the export is recorded in the log itself."""
        if path is None:
            default = paths.exports_dir() / f"审计日志-{dt.date.today():%Y%m%d}.xlsx"
            path, _filter = QFileDialog.getSaveFileName(self, "导出审计日志", str(default), "Excel 文件 (*.xlsx)")
            if not path:
                return None
        query, output = self.query(), Path(path)
        return Operation(self, lambda _progress: audit_export.export_audit_log(self.ctx, query, output),
                         title="导出审计日志", label="正在导出…").success(self._exported).run()

    def _exported(self, out: Path) -> None:
        self.notify(f"已导出：{out}")
        self.refresh()
