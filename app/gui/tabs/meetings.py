"""三会一课 tab: the year's compliance grid and due-soon list on top, the meeting list below."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app import paths
from app.domain import compliance_rules as cr
from app.domain.enums import MeetingKind
from app.gui import print_preview
from app.gui.dialogs.meeting_dialog import MeetingDialog
from app.gui.models.meeting_models import MeetingListModel
from app.gui.operations import Operation, run_now
from app.gui.tabs.compliance_view import ComplianceView
from app.services import meeting_ops
from app.services.meeting_list import MeetingQuery
from app.store.uow import Ledger

if TYPE_CHECKING:
    from app.documents.meeting_printing import LedgerExport


class MeetingsTab(QWidget):
    def __init__(self, ctx: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.grid_data: cr.ComplianceGrid | None = None
        self.grid_year: int | None = None
        outer = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.year = QSpinBox(minimum=2000, maximum=2100)
        self.year.setValue(dt.date.today().year)
        self.year.setSuffix(" 年")
        bar.addWidget(QLabel("年度"))
        bar.addWidget(self.year)
        bar.addStretch(1)
        self.plan_button = QPushButton("年度计划…")
        bar.addWidget(self.plan_button)
        self.rules_button = QPushButton("要求设置…")  # which rule binds which organization, and why
        bar.addWidget(self.rules_button)
        self.print_button = QPushButton("打印督查表")
        self.compilation_button = QPushButton("打印会议记录汇编")
        self.compilation_button.setToolTip("所选党支部（或全部党支部）全年的会议记录，带封面和目录")
        self.blank_button = QPushButton("打印空白表格")
        self.blank_button.setToolTip("手写用的空白会议记录和所选党支部的签到表")
        self.export_button = QPushButton("导出会议台账…")
        for b in (self.print_button, self.compilation_button, self.blank_button, self.export_button):
            bar.addWidget(b)
        outer.addLayout(bar)

        split = QSplitter(Qt.Orientation.Vertical)
        self.compliance_view = ComplianceView(self)
        self.compliance_view.branch_clicked.connect(self._branch_clicked)
        self.grid, self.due = self.compliance_view.grid, self.compliance_view.due
        split.addWidget(self.compliance_view)

        bottom = QWidget()
        bl = QVBoxLayout(bottom)
        bl.setContentsMargins(0, 0, 0, 0)
        filters = QHBoxLayout()
        self.branch = QComboBox()
        self.kind = QComboBox()
        self.kind.addItem("全部类型", None)
        for k in MeetingKind:
            self.kind.addItem(k.label, k.value)
        self.text = QLineEdit()
        self.text.setPlaceholderText("搜索会议名称、议题、主题")
        self.text.setMinimumWidth(230)
        self.text.setClearButtonEnabled(True)
        self.count_label = QLabel()
        self.new_button, self.edit_button, self.delete_button = (QPushButton("新建记录"), QPushButton("编辑"),
                                                                 QPushButton("删除"))
        self.new_button.setToolTip("Ctrl+N")
        for w in (QLabel("党组织"), self.branch, QLabel("类型"), self.kind, self.text):
            filters.addWidget(w)
        filters.addWidget(self.count_label)
        filters.addStretch(1)
        for w in (self.new_button, self.edit_button, self.delete_button):
            filters.addWidget(w)
        bl.addLayout(filters)
        self.model = MeetingListModel(ctx, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.view.horizontalHeader().setResizeContentsPrecision(50)  # fit widths to a page's first rows
        self.view.doubleClicked.connect(lambda index: self.edit(self.model.meeting_id(index.row())))
        bl.addWidget(self.view, 1)
        split.addWidget(bottom)
        split.setSizes([210, 490])
        outer.addWidget(split, 1)

        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._debounce.timeout.connect(self.refresh_list)
        self.text.textChanged.connect(self._debounce.start)
        self.branch.currentIndexChanged.connect(self.refresh_list)
        self.kind.currentIndexChanged.connect(self.refresh_list)
        self.year.valueChanged.connect(self.refresh)
        self.new_button.clicked.connect(lambda: self.new())
        self.edit_button.clicked.connect(self._edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.print_button.clicked.connect(self.print_compliance)
        self.compilation_button.clicked.connect(self.print_compilation)
        self.blank_button.clicked.connect(self.print_blank)
        self.rules_button.clicked.connect(self.open_rules)
        self.plan_button.clicked.connect(self.open_plan)
        self.export_button.clicked.connect(self.export_ledger)
        QShortcut(QKeySequence("Ctrl+N"), self, activated=self.new)
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self.view, activated=self.delete_selected)
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.view, activated=self._edit_selected)
        self._load_branches()
        self.refresh()

    # ---- data ----------------------------------------------------------------------------------
    def _load_branches(self) -> None:
        branches = meeting_ops.branches(self.ctx)
        self.branch.blockSignals(True)
        self.branch.clear()
        self.branch.addItem("全部党支部", None)
        for b in branches:
            self.branch.addItem(b.name, b.id)
        self.branch.blockSignals(False)

    def refresh(self) -> None:
        self.refresh_list()  # first: the grid's worker shares the interpreter with the GUI thread
        self.refresh_grid()

    def query(self) -> MeetingQuery:
        kind = self.kind.currentData()
        return MeetingQuery(organization_id=self.branch.currentData(), kind=MeetingKind(kind) if kind else None,
                            year=self.year.value(), text=self.text.text())

    def refresh_list(self) -> None:
        self.model.set_query(self.query())
        self.count_label.setText(f"共 {self.model.total} 条")
        for col in (0, 1, 2):
            self.view.resizeColumnToContents(col)

    def refresh_grid(self) -> None:
        """The year's grid is counted on a worker (ComplianceView.count), so the year box and the list answer
        at once. grid_year is the year the grid on screen shows (None while the first count runs)."""
        year = self.year.value()
        self.compliance_view.show_counting(year)

        def shown(grid: cr.ComplianceGrid) -> None:
            self.grid_data, self.grid_year = grid, year

        self.compliance_view.count(self.ctx, year, shown, quiet=True)

    def show_branch(self, branch_id: str) -> None:
        """Show one branch's records (from 首页's grid)."""
        self._branch_clicked(branch_id)

    def _branch_clicked(self, branch_id: str) -> None:
        i = self.branch.findData(branch_id)
        if i >= 0:
            self.branch.setCurrentIndex(i)

    # ---- actions -------------------------------------------------------------------------------
    def make_dialog(self, meeting_id: str | None = None) -> MeetingDialog:
        return MeetingDialog(self.ctx, meeting_id, organization_id=self.branch.currentData(), parent=self)

    def new(self) -> None:
        self._open_dialog(self.make_dialog())

    def edit(self, meeting_id: str | None) -> None:
        if meeting_id:
            self._open_dialog(self.make_dialog(meeting_id))

    def _open_dialog(self, dialog: MeetingDialog) -> None:
        dialog.exec()
        if dialog.saved:  # 保存 keeps the dialog open: a record saved before 取消 is still new here
            self.refresh()

    def _selected_id(self) -> str | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.meeting_id(rows[0].row()) if rows else None

    def _edit_selected(self) -> None:
        self.edit(self._selected_id())

    def confirm(self, title: str, text: str) -> bool:
        """One place for yes/no questions (tests replace it)."""
        return QMessageBox.question(self, title, text) == QMessageBox.StandardButton.Yes

    def delete_selected(self) -> None:
        meeting_id = self._selected_id()
        if not meeting_id or not self.confirm("删除会议记录",
                                              "确定删除这条会议记录及其出勤和附件吗？删除情况会记入操作日志。"):
            return
        if run_now(self, lambda: meeting_ops.delete_meeting(self.ctx, meeting_id) or True, title="无法删除"):
            self.refresh()

    def open_plan(self) -> None:
        from app.gui.dialogs.plan_dialog import PlanDialog

        PlanDialog(self.ctx, self.year.value(), self).exec()
        self.refresh()

    def _branch_name(self) -> str:
        return self.branch.currentText() if self.branch.currentData() else "全部党支部"

    def open_rules(self) -> None:
        from app.gui.dialogs.rules_dialog import RulesDialog

        day = min(dt.date.today(), dt.date(self.year.value(), 12, 31))
        RulesDialog(self.ctx, day, self).exec()
        self.refresh()

    def print_compliance(self) -> None:
        from app.documents import meeting_printing  # ReportLab and openpyxl load on first print

        year, branch_id = self.year.value(), self.branch.currentData()
        path = print_preview.pdf_path(f"三会一课督查表_{year}_{self._branch_name()}.pdf")
        Operation(self, lambda _p: meeting_printing.print_compliance_report(self.ctx, year, path, branch_id=branch_id),
                  title="打印督查表") \
            .success(lambda pdf: print_preview.show_pdf(self, pdf, title="三会一课督查表")).run()

    def print_compilation(self) -> None:
        """A whole year's 汇编 takes a while: progress, and 取消 leaves no file."""
        from app.documents import meeting_printing  # ReportLab and openpyxl load on first print

        year = self.year.value()
        branch = self.branch.currentText() if self.branch.currentData() else None
        path = print_preview.pdf_path(f"会议记录汇编_{year}_{self._branch_name()}.pdf")
        self.compilation = Operation(
            self, lambda progress: meeting_printing.print_compilation(self.ctx, year, path, branch_name=branch,
                                                                      progress=progress),
            title="打印会议记录汇编", label="正在生成会议记录汇编…", cancellable=True, commits=False) \
            .success(lambda pdf: print_preview.show_pdf(self, pdf, title="会议记录汇编")).run()

    def print_blank(self) -> None:
        from app.documents import meeting_printing  # ReportLab and openpyxl load on first print

        org_id = self.branch.currentData()
        path = print_preview.pdf_path(f"空白会议记录与签到表_{self._branch_name()}.pdf")
        Operation(self, lambda _p: meeting_printing.print_blank_forms(self.ctx, path, organization_id=org_id),
                  title="打印空白表格") \
            .success(lambda pdf: print_preview.show_pdf(self, pdf, title="空白会议记录与签到表")).run()

    def choose_export_path(self, default: str) -> str:
        """The save dialog (tests replace it)."""
        target, _ = QFileDialog.getSaveFileName(self, "导出会议台账", default, "Excel 文件 (*.xlsx)")
        return target

    def export_ledger(self) -> None:
        from app.documents import meeting_printing  # ReportLab and openpyxl load on first print

        year, org_id = self.year.value(), self.branch.currentData()
        target = self.choose_export_path(str(paths.exports_dir() / f"会议台账_{year}.xlsx"))
        if not target:
            return
        Operation(self, lambda progress: meeting_printing.export_meeting_ledger(
            self.ctx, year, Path(target), organization_id=org_id, progress=progress), title="导出会议台账") \
            .success(self._exported).run()

    def _exported(self, done: LedgerExport) -> None:
        QMessageBox.information(self, "导出完成", f"已导出 {done.meetings} 次会议：\n{done.path}")
