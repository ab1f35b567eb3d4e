"""清廉学校: the three lists (edited as tables, published as versions), the 三重一大 register with its
flags, and the 警示教育 log; every print through the one print preview, Excel out and lists back in."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.domain.clean_school import DecisionCategory, ListKind
from app.domain.clean_school_docs import ActivityRow, DecisionRow
from app.gui import print_preview, style
from app.gui.dialogs.clean_school_dialogs import ActivityDialog, DecisionDialog
from app.gui.models.clean_school_models import (
    ActivityTableModel,
    DecisionTableModel,
    ListRowsModel,
    RecordTableModel,
)
from app.gui.operations import Operation, run_now
from app.gui.widgets.forms import can_write
from app.services import clean_lists, major_decisions, warning_education


def _table(model) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setWordWrap(True)
    view.setAlternatingRowColors(True)
    view.horizontalHeader().setStretchLastSection(True)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.verticalHeader().setMaximumSectionSize(120)
    return view


class MultilineDelegate(QStyledItemDelegate):
    """Cells edited in a multi-line box: a flow's steps are one per line, and Qt's default one-line
    editor would join them into one step. Enter starts a new line; leaving the cell keeps the text."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index) -> QWidget:
        editor = QPlainTextEdit(parent)
        editor.setTabChangesFocus(True)
        return editor

    def setEditorData(self, editor: QWidget, index) -> None:
        if isinstance(editor, QPlainTextEdit):
            editor.setPlainText(str(index.data(Qt.ItemDataRole.EditRole) or ""))

    def setModelData(self, editor: QWidget, model, index) -> None:
        if isinstance(editor, QPlainTextEdit):
            model.setData(index, editor.toPlainText(), Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index) -> None:
        rect = option.rect
        rect.setHeight(max(rect.height(), 110))
        editor.setGeometry(rect)


def _button(text: str, slot, *, primary: bool = False, tip: str = "") -> QPushButton:
    button = QPushButton(text)
    if primary:
        button.setObjectName("primary")
    if tip:
        button.setToolTip(tip)
    button.clicked.connect(slot)
    return button


def _print(parent: QWidget, title: str, name: str, render) -> None:
    """Render on a worker thread, then show the preview."""
    path = print_preview.pdf_path(name)
    Operation(parent, lambda _progress: render(path), title=title, label=f"正在生成{title}…") \
        .success(lambda result: print_preview.show_pdf(parent, Path(result), title=title)).run()


class ListsPage(QWidget):
    """One list at a time: pick the list and version, edit the rows, publish them as the next version."""

    def __init__(self, tab: CleanSchoolTab) -> None:
        super().__init__(tab)
        self.tab = tab
        self.model = ListRowsModel(self)
        self.kind = QComboBox()
        for kind in ListKind:
            self.kind.addItem(kind.label, kind.value)
        self.version = QComboBox()
        self.version.setMinimumWidth(260)
        self.info = QLabel()
        self.view = _table(self.model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.view.setItemDelegate(MultilineDelegate(self.view))
        top = QHBoxLayout()
        top.addWidget(QLabel("清单"))
        top.addWidget(self.kind)
        top.addWidget(QLabel("版本"))
        top.addWidget(self.version)
        top.addStretch(1)
        self.write_buttons = [
            _button("新增一项", self.add_row), _button("删除", self.remove_row),
            _button("上移", lambda: self.move(-1)), _button("下移", lambda: self.move(1)),
            _button("采用默认清单", self.adopt_defaults, tip="本年度还没有的清单，采用系统提供的默认清单"),
            _button("发布为新版本", self.publish, primary=True, tip="旧版本保留，可随时查看和打印"),
        ]
        for b in self.write_buttons:
            top.addWidget(b)
        bottom = QHBoxLayout()
        bottom.addWidget(self.info, 1)
        self.paper = QComboBox()
        self.paper.addItem("A3 纵向海报", "A3")
        self.paper.addItem("A4 横向", "A4")
        bottom.addWidget(self.paper)
        bottom.addWidget(_button("打印清单…", self.print_poster))
        self.flow_button = _button("打印流程图…", self.print_flowcharts)
        bottom.addWidget(self.flow_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        self.kind.currentIndexChanged.connect(lambda: self.refresh())
        self.version.activated.connect(lambda: self.load_version())

    def current_kind(self) -> ListKind:
        return ListKind(self.kind.currentData())

    def refresh(self, select_id: str | None = None) -> None:
        kind = self.current_kind()
        versions = run_now(self, lambda: clean_lists.list_versions(self.tab.ctx, kind)) or []
        self.version.clear()
        for v in versions:
            self.version.addItem(f"{v.year}年度 第{v.version}版（{v.adopted_on:%Y-%m-%d}，{v.rows}项）", v.id)
        if select_id:
            self.version.setCurrentIndex(max(0, self.version.findData(select_id)))
        else:
            of_year = [i for i, v in enumerate(versions) if v.year == self.tab.year()]
            self.version.setCurrentIndex(of_year[0] if of_year else 0)
        self.flow_button.setVisible(kind is ListKind.POWER)
        self.load_version()

    def load_version(self) -> None:
        kind, version_id = self.current_kind(), self.version.currentData()
        writable = can_write(self.tab.ctx)
        if not version_id:
            self.model.set_rows(kind, [], editable=writable)
            self.info.setText(f"{self.tab.year()}年度还没有{kind.label}：可“采用默认清单”，或“新增一项”后发布。")
        else:
            doc = run_now(self, lambda: clean_lists.load_list(self.tab.ctx, kind, self.tab.year(),
                                                               version_id=version_id))
            if doc is None:
                return
            self.model.set_rows(kind, doc.rows, editable=writable)
            self.info.setText(f"{doc.title}：{doc.year}年度第{doc.version}版，{len(doc.rows)}项。"
                              "双击单元格修改，改完后“发布为新版本”。")
        for b in self.write_buttons:
            b.setEnabled(writable)
        self.view.resizeColumnsToContents()
        for col in range(self.model.columnCount()):
            self.view.setColumnWidth(col, min(max(self.view.columnWidth(col), 70), 260))

    def add_row(self) -> None:
        current = self.view.currentIndex()
        row = self.model.add_row(current.row() + 1 if current.isValid() else None)
        index = self.model.index(row, 0)
        self.view.setCurrentIndex(index)
        self.view.edit(index)

    def remove_row(self) -> None:
        if (index := self.view.currentIndex()).isValid():
            self.model.remove_row(index.row())

    def move(self, by: int) -> None:
        if (index := self.view.currentIndex()).isValid():
            row = self.model.move_row(index.row(), by)
            self.view.setCurrentIndex(self.model.index(row, index.column()))

    def publish(self) -> None:
        kind, rows = self.current_kind(), self.model.rows()
        version = run_now(self, lambda: clean_lists.publish_list(self.tab.ctx, kind, self.tab.year(), rows),
                          "发布清单")
        if version is not None:
            self.refresh(select_id=version.id)
            self.tab.status(f"已发布{version.year}年度{kind.label}第{version.version}版（{version.rows}项）。")

    def adopt_defaults(self) -> None:
        adopted = run_now(self, lambda: clean_lists.adopt_defaults(self.tab.ctx, self.tab.year()), "采用默认清单")
        if adopted is None:
            return
        self.refresh()
        names = "、".join(v.kind.label for v in adopted)
        self.tab.status(f"已采用默认的{names}。" if adopted else f"{self.tab.year()}年度三份清单都已存在，未作改动。")

    def print_poster(self) -> None:
        from app.documents.clean_school_files import print_poster

        kind, version_id, year = self.current_kind(), self.version.currentData(), self.tab.year()
        a4 = self.paper.currentData() == "A4"
        _print(self, kind.label, f"{kind.label}_{year}.pdf", lambda path: print_poster(
            self.tab.ctx, kind, year, path, version_id=version_id, a4=a4))

    def print_flowcharts(self) -> None:
        from app.documents.clean_school_files import print_flowcharts

        version_id, year = self.version.currentData(), self.tab.year()
        _print(self, "权力运行流程图", f"权力运行流程图_{year}.pdf", lambda path: print_flowcharts(
            self.tab.ctx, year, path, version_id=version_id))


class RecordPage(QWidget):
    """A year's records in a table with 登记/修改/删除 and a print button; subclasses say which records."""

    add_text = "登记…"
    print_text = "打印…"

    def __init__(self, tab: CleanSchoolTab, model: RecordTableModel) -> None:
        super().__init__(tab)
        self.tab = tab
        self.model = model
        self.view = _table(self.model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.doubleClicked.connect(lambda _i: self.edit())
        self.summary = QLabel()
        self.top = QHBoxLayout()
        self.top.addWidget(self.summary, 1)
        self.write_buttons = [_button(self.add_text, self.add, primary=True), _button("修改…", self.edit),
                              _button("删除", self.delete)]
        for b in self.write_buttons:
            self.top.addWidget(b)
        self.top.addWidget(_button(self.print_text, self.print_records))
        layout = QVBoxLayout(self)
        layout.addLayout(self.top)
        layout.addWidget(self.view, 1)

    def show_rows(self, rows: list, summary: str) -> None:
        self.model.set_rows(rows)
        self.summary.setText(summary)
        for b in self.write_buttons:
            b.setEnabled(can_write(self.tab.ctx))
        self.view.resizeColumnsToContents()
        for col in range(self.model.columnCount()):
            self.view.setColumnWidth(col, min(max(self.view.columnWidth(col), 80), 280))

    def dialog(self, row: object | None) -> QDialog:
        raise NotImplementedError

    def add(self) -> None:
        if self.dialog(None).exec():
            self.refresh()

    def edit(self) -> None:
        row = self.model.row_at(self.view.currentIndex().row())
        if row is not None and can_write(self.tab.ctx) and self.dialog(row).exec():
            self.refresh()

    def delete(self) -> None:
        row = self.model.row_at(self.view.currentIndex().row())
        if row is None:
            return
        name = getattr(row, "topic", None) or getattr(row, "title", "")
        answer = QMessageBox.question(self, "删除记录", f"确定删除“{name}”吗？删除会记入审计日志。")
        if answer == QMessageBox.StandardButton.Yes:
            run_now(self, lambda: self.remove(row.id), "删除")
            self.refresh()

    def refresh(self) -> None:
        raise NotImplementedError

    def remove(self, record_id: str) -> None:
        raise NotImplementedError

    def print_records(self) -> None:
        raise NotImplementedError


class DecisionsPage(RecordPage):
    add_text, print_text = "登记事项…", "打印登记表…"

    def __init__(self, tab: CleanSchoolTab) -> None:
        super().__init__(tab, DecisionTableModel())
        self.category = QComboBox()
        self.category.addItem("全部类别", "")
        for category in DecisionCategory:
            self.category.addItem(category.label, category.value)
        self.only_flagged = QCheckBox("只看需要注意的")
        self.category.currentIndexChanged.connect(lambda: self.refresh())
        self.only_flagged.toggled.connect(lambda: self.refresh())
        self.top.insertWidget(0, self.only_flagged)
        self.top.insertWidget(0, self.category)

    def refresh(self) -> None:
        register = run_now(self, lambda: major_decisions.decision_register(self.tab.ctx, self.tab.year()))
        if register is None:
            return
        category = self.category.currentData()
        shown = [r for r in register.rows if (not category or r.category.value == category)
                 and (r.flags or not self.only_flagged.isChecked())]
        flagged = sum(1 for r in register.rows if r.flags)
        self.show_rows(shown, f"{register.year}年度三重一大事项 {len(register.rows)} 项"
                       + (f"，其中 {flagged} 项需要注意（见“提示”列）" if flagged else "")
                       + f"；大额资金标准 {register.threshold:,.0f} 元。")

    def dialog(self, row: object | None) -> QDialog:
        return DecisionDialog(self.tab.ctx, self.tab.year(), row if isinstance(row, DecisionRow) else None, self)

    def remove(self, record_id: str) -> None:
        major_decisions.delete_decision(self.tab.ctx, record_id)

    def print_records(self) -> None:
        from app.documents.clean_school_files import print_decisions

        year = self.tab.year()
        _print(self, "三重一大事项登记表", f"三重一大事项登记表_{year}.pdf",
               lambda path: print_decisions(self.tab.ctx, year, path))


class ActivitiesPage(RecordPage):
    add_text, print_text = "登记活动…", "打印活动记录…"

    def __init__(self, tab: CleanSchoolTab) -> None:
        super().__init__(tab, ActivityTableModel())

    def refresh(self) -> None:
        log = run_now(self, lambda: warning_education.activity_log(self.tab.ctx, self.tab.year()))
        if log is not None:
            self.show_rows(log.rows, f"{log.year}年度开展警示教育和廉政文化活动 {len(log.rows)} 次。")

    def dialog(self, row: object | None) -> QDialog:
        return ActivityDialog(self.tab.ctx, self.tab.year(), row if isinstance(row, ActivityRow) else None, self)

    def remove(self, record_id: str) -> None:
        warning_education.delete_activity(self.tab.ctx, record_id)

    def print_records(self) -> None:
        from app.documents.clean_school_files import print_activities

        year = self.tab.year()
        _print(self, "警示教育活动记录", f"警示教育活动记录_{year}.pdf",
               lambda path: print_activities(self.tab.ctx, year, path))


class CleanSchoolTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        style.apply()
        self.ctx = ctx
        self._year = QSpinBox()
        self._year.setRange(2000, 2100)
        self._year.setValue(dt.date.today().year)
        self._year.setSuffix(" 年度")
        self.message = QLabel()
        self.message.setObjectName("hint")
        top = QHBoxLayout()
        top.addWidget(QLabel("年度"))
        top.addWidget(self._year)
        top.addWidget(self.message, 1)
        self.import_button = _button("从 Excel 导入清单…", self.import_lists,
                                     tip="在 Excel 或 WPS 中修改导出的清单后导入，作为新版本发布")
        top.addWidget(_button("导出 Excel…", self.export_workbook))
        top.addWidget(self.import_button)
        self.pages = QTabWidget(self)
        self.pages.setDocumentMode(True)
        self.lists, self.decisions, self.activities = ListsPage(self), DecisionsPage(self), ActivitiesPage(self)
        self.pages.addTab(self.lists, "小微权力·负面清单·风险点")
        self.pages.addTab(self.decisions, "三重一大")
        self.pages.addTab(self.activities, "警示教育")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 12)
        layout.addLayout(top)
        layout.addWidget(self.pages, 1)
        self._year.valueChanged.connect(lambda _v: self.refresh())
        self.import_button.setEnabled(can_write(ctx))
        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self, activated=self.refresh,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.refresh()

    def year(self) -> int:
        return self._year.value()

    def status(self, text: str) -> None:
        self.message.setText(text)

    def refresh(self) -> None:
        self.lists.refresh()
        self.decisions.refresh()
        self.activities.refresh()

    def export_workbook(self) -> None:
        from app.documents.clean_school_files import export_workbook

        year = self.year()
        name, _ = QFileDialog.getSaveFileName(self, "导出清廉学校台账", f"清廉学校台账_{year}.xlsx",
                                              "Excel 文件 (*.xlsx)")
        if not name:
            return
        Operation(self, lambda _p: export_workbook(self.ctx, year, Path(name)),
                  title="导出 Excel").success(lambda done: self.status(f"已导出{done.summary}：{done.path}")).run()

    def import_lists(self) -> None:
        from app.documents.clean_school_files import import_lists

        name, _ = QFileDialog.getOpenFileName(self, "导入清廉学校清单", "", "Excel 文件 (*.xlsx)")
        if not name:
            return
        year = self.year()

        def work(_progress):
            return import_lists(self.ctx, year, Path(name))

        def done(published) -> None:
            self.refresh()
            self.status("已导入：" + "，".join(f"{v.kind.label}第{v.version}版（{v.rows}项）" for v in published))

        Operation(self, work, title="导入清单").success(done).run()
