"""组织设置 → 发展党员: everyone in development with what is due next, a person's 25-step timeline,
recording steps, the 双培养 ledger, and the printed forms."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QBrush, QColor, QDesktopServices, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain import development_rules as rules
from app.domain.dates import fmt
from app.gui import print_preview, style
from app.gui.dialogs.development_step_dialog import StepDialog
from app.gui.dialogs.dual_dialog import DualDialog
from app.gui.operations import Operation, run_now
from app.gui.widgets.forms import can_write
from app.services import development
from app.services.development import PersonSummary, StepRow, Timeline

PEOPLE_COLUMNS = ["姓名", "所在党支部", "阶段", "下一步", "日期", "问题"]
STEP_COLUMNS = ["步骤", "日期", "决定机关及会议", "有关人员、情况", "程序提示"]


def _table(columns: list[str], parent: QWidget) -> QTableWidget:
    table = QTableWidget(0, len(columns), parent)
    table.setHorizontalHeaderLabels(columns)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(True)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setHighlightSections(False)
    return table


def _item(text: str, warn: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setToolTip(text)
    if warn:
        item.setForeground(QBrush(QColor(style.DANGER)))
    return item


class DevelopmentPanel(QFrame):
    def __init__(self, ctx, parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.today = today
        self.setObjectName("panel")
        self.people: list[PersonSummary] = []
        self.line: Timeline | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 8)
        head = QHBoxLayout()
        title = QLabel("发展党员全程纪实")
        title.setObjectName("sectionTitle")
        head.addWidget(title)
        note = QLabel("5个阶段25个步骤；不符合程序或时间要求的步骤须说明原因")
        note.setObjectName("muted")
        head.addWidget(note)
        head.addStretch(1)
        head.addWidget(QLabel("年度"))
        self.year = QSpinBox(self)
        self.year.setRange(2000, 2100)
        self.year.setValue((today or dt.date.today()).year)
        head.addWidget(self.year)
        self.ledger_button = QPushButton("打印工作台账…")
        self.dual_button = QPushButton("双培养台账…")
        head.addWidget(self.ledger_button)
        head.addWidget(self.dual_button)
        layout.addLayout(head)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.setChildrenCollapsible(False)
        self.people_table = _table(PEOPLE_COLUMNS, split)
        people_header = self.people_table.horizontalHeader()
        people_header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        people_header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 66), (1, 112), (2, 100), (4, 104), (5, 48)):
            self.people_table.setColumnWidth(column, width)
        right = QWidget(split)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(6, 0, 0, 0)
        person_head = QHBoxLayout()
        self.person_label = QLabel("请在左侧选择人员")
        self.person_label.setObjectName("sectionTitle")
        self.person_label.setWordWrap(True)
        person_head.addWidget(self.person_label, 1)
        right_layout.addLayout(person_head)
        self.due_label = QLabel()
        self.due_label.setWordWrap(True)
        right_layout.addWidget(self.due_label)
        actions = QHBoxLayout()
        self.add_button = QPushButton("记录步骤…")
        self.add_button.setObjectName("primary")
        self.edit_button = QPushButton("修改…")
        self.delete_button = QPushButton("删除")
        self.files_button = QPushButton("附件")
        self.files_button.setToolTip("扫描件：入党申请书、政审材料、入党志愿书等")
        self.files_menu = QMenu(self.files_button)
        self.files_button.setMenu(self.files_menu)
        self.files_menu.aboutToShow.connect(self._fill_files_menu)
        self.dossier_button = QPushButton("打印全程纪实表…")
        self.notice_button = QPushButton("打印公示…")
        for b in (self.add_button, self.edit_button, self.delete_button, self.files_button):
            actions.addWidget(b)
        actions.addStretch(1)
        actions.addWidget(self.dossier_button)
        actions.addWidget(self.notice_button)
        right_layout.addLayout(actions)
        self.steps_table = _table(STEP_COLUMNS, right)
        header = self.steps_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((196, 104, 100, 170)):
            self.steps_table.setColumnWidth(column, width)
        right_layout.addWidget(self.steps_table, 1)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([640, 680])
        layout.addWidget(split, 1)
        self.footer = QLabel()
        self.footer.setObjectName("muted")
        layout.addWidget(self.footer)

        self.people_table.itemSelectionChanged.connect(self._person_selected)
        self.steps_table.itemSelectionChanged.connect(self._update_buttons)
        self.steps_table.doubleClicked.connect(lambda _i: self.edit_step())
        self.add_button.clicked.connect(lambda: self.add_step())
        self.edit_button.clicked.connect(self.edit_step)
        self.delete_button.clicked.connect(self.delete_step)
        self.dossier_button.clicked.connect(self.print_dossier)
        self.notice_button.clicked.connect(self.print_notice)
        self.ledger_button.clicked.connect(self.print_ledger)
        self.dual_button.clicked.connect(self.open_dual)
        self._stale = True
        self._update_buttons()

    # ---- loading ----
    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        self._stale = False
        keep = self.current_member()
        today = self.today or dt.date.today()
        self.people = run_now(self, lambda: development.people(self.ctx, today=today)) or []
        self.people_table.setRowCount(len(self.people))
        for r, p in enumerate(self.people):
            due = p.due
            overdue = bool(due and due.overdue)
            values = [p.name, p.branch_name, p.standing.label if p.standing.value != "none" else p.category.label,
                      due.text if due else "", fmt(due.on) if due else "", f"{p.problems} 处" if p.problems else ""]
            for c, text in enumerate(values):
                self.people_table.setItem(r, c, _item(text, warn=(c in (3, 4) and overdue) or (c == 5)))
        self.people_table.resizeRowsToContents()
        late = sum(1 for p in self.people if p.due and p.due.overdue)
        self.footer.setText(f"在发展中 {len(self.people)} 人" + (f"，逾期待办 {late} 项" if late else ""))
        if keep:
            self.select_member(keep)
        self._load_timeline()

    def current_member(self) -> str | None:
        rows = self.people_table.selectionModel().selectedRows()
        return self.people[rows[0].row()].member_id if rows else None

    def select_member(self, member_id: str) -> None:
        for r, p in enumerate(self.people):
            if p.member_id == member_id:
                self.people_table.selectRow(r)
                return

    def _person_selected(self) -> None:
        self._load_timeline()

    def _load_timeline(self) -> None:
        member = self.current_member()
        today = self.today or dt.date.today()
        self.line = run_now(self, lambda: development.timeline(self.ctx, member, today=today)) if member else None
        line = self.line
        self.steps_table.setRowCount(len(line.steps) if line else 0)
        if line is None:
            self.person_label.setText("请在左侧选择人员")
            self.due_label.setText("")
            self._update_buttons()
            return
        p = line.person
        self.person_label.setText(f"{p.name}　{p.branch_name}　{p.standing.label}")
        due = p.due
        when = f"（{fmt(due.on)}）" if due and fmt(due.on) not in due.text else ""
        self.due_label.setText(f"下一步：{due.text}{when}" if due else "下一步：—")
        self.due_label.setStyleSheet(f"color: {style.WARNING};" if due and due.overdue else "")
        for r, step in enumerate(line.steps):
            decided = step.decided_by.label if step.decided_by.value else ""
            basis = " ".join(x for x in (decided, step.meeting_label) if x)
            people = "；".join(x for x in (
                "介绍人：" + "、".join(step.introducers) if step.introducers else "",
                "联系人：" + "、".join(step.contacts) if step.contacts else "",
                step.outcome.label if step.outcome.value else "", step.note,
                f"附件 {len(step.files)} 个" if step.files else "") if x)
            problems = "；".join(step.problems) + (f"（原因：{step.reason}）" if step.reason else "")
            short = rules.step_def(step.number).short
            values = [f"第{step.number}步 {short}", fmt(step.on), basis, people, problems]
            for c, text in enumerate(values):
                self.steps_table.setItem(r, c, _item(text, warn=c == 4 and bool(step.problems)))
            self.steps_table.item(r, 0).setToolTip(f"第{step.number}步 {step.title}")
        self.steps_table.resizeRowsToContents()
        self._update_buttons()

    def selected_step(self) -> StepRow | None:
        rows = self.steps_table.selectionModel().selectedRows()
        return self.line.steps[rows[0].row()] if self.line and rows else None

    def _update_buttons(self) -> None:
        writable = can_write(self.ctx)
        has_person = self.line is not None
        has_step = self.selected_step() is not None
        self.add_button.setEnabled(writable and has_person)
        self.edit_button.setEnabled(writable and has_step)
        self.delete_button.setEnabled(writable and has_step)
        self.files_button.setEnabled(has_step)
        self.dossier_button.setEnabled(has_person)
        self.notice_button.setEnabled(has_person)

    # ---- writing ----
    def add_step(self, number: int | None = None) -> None:
        if self.line is None:
            return
        if number is None and self.line.person.due is not None and self.line.person.due.next_step:
            number = self.line.person.due.next_step
        dialog = StepDialog(self.ctx, self.line.person.member_id, self.line.person.name, self, number=number,
                            today=self.today)
        if dialog.exec():
            self.refresh()

    def edit_step(self) -> None:
        step = self.selected_step()
        if step is None or self.line is None or not can_write(self.ctx):
            return
        if StepDialog(self.ctx, self.line.person.member_id, self.line.person.name, self, step=step,
                      today=self.today).exec():
            self.refresh()

    def confirm(self, text: str) -> bool:
        """One place for the yes/no question (tests replace it)."""
        answer = QMessageBox.question(self, "删除", text)
        return answer == QMessageBox.StandardButton.Yes

    def delete_step(self) -> None:
        step = self.selected_step()
        if step is None or not self.confirm(f"删除“第{step.number}步 {step.title}”（{fmt(step.on)}）？\n"
                                            "删除会记入操作日志。"):
            return

        def work() -> bool:
            development.delete_step(self.ctx, step.id)
            return True

        if run_now(self, work):
            self.refresh()

    def _fill_files_menu(self) -> None:
        from app.services import development_files

        self.files_menu.clear()
        step = self.selected_step()
        if step is None:
            return
        add = self.files_menu.addAction("添加附件…")
        add.setEnabled(can_write(self.ctx))
        add.triggered.connect(lambda: self.add_files(step.id))
        found = run_now(self, lambda: development_files.files(self.ctx, step.id)) or []
        if found:
            self.files_menu.addSeparator()
        for f in found:
            self.files_menu.addAction(f"打开 {f.original_name}").triggered.connect(
                lambda _c=False, path=f.path: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))
        if found and can_write(self.ctx):
            remove = self.files_menu.addMenu("删除附件")
            for f in found:
                remove.addAction(f.original_name).triggered.connect(
                    lambda _c=False, file_id=f.id, name=f.original_name: self.remove_file(file_id, name))

    def add_files(self, step_id: str, chosen: list[str] | None = None) -> None:
        from app.services import development_files

        if chosen is None:
            chosen, _filter = QFileDialog.getOpenFileNames(self, "添加附件", "",
                                                           "扫描件 (*.jpg *.jpeg *.png *.pdf);;所有文件 (*)")
        if not chosen:
            return
        paths = [Path(c) for c in chosen]
        Operation(self, lambda _p: development_files.attach(self.ctx, step_id, paths), title="添加附件") \
            .success(lambda _r: self._load_timeline()).run()

    def remove_file(self, file_id: str, name: str) -> None:
        from app.services import development_files

        if not self.confirm(f"删除附件“{name}”？"):
            return

        def work() -> bool:
            development_files.remove(self.ctx, file_id)
            return True

        if run_now(self, work):
            self._load_timeline()

    # ---- printing ----
    def _print(self, name: str, title: str, work: Callable[[Path], Path]) -> None:
        target = print_preview.pdf_path(name)
        Operation(self, lambda _p: work(target), title=title) \
            .success(lambda p: print_preview.show_pdf(self, p, title=title)).run()

    def print_dossier(self) -> None:
        from app.documents.development_print import print_dossier

        if self.line is None:
            return
        member, name = self.line.person.member_id, self.line.person.name
        self._print(f"发展党员全程纪实表_{name}.pdf", "打印发展党员全程纪实表",
                    lambda path: print_dossier(self.ctx, member, path, today=self.today))

    def print_notice(self) -> None:
        from app.documents.development_print import print_notice
        from app.gui.dialogs.notice_dialog import NoticeDialog

        if self.line is None:
            return
        member, name = self.line.person.member_id, self.line.person.name
        kind = "full" if self.line.person.standing.value == "probationary" else "candidate"
        dialog = NoticeDialog(name, kind, self, today=self.today)
        if not dialog.exec():
            return
        options = dialog.values()
        self._print(f"发展党员公示_{name}.pdf", "打印公示",
                    lambda path: print_notice(self.ctx, member, path, **options))  # type: ignore[arg-type]

    def print_ledger(self) -> None:
        from app.documents.development_print import print_ledger

        year = self.year.value()
        self._print(f"发展党员工作台账_{year}.pdf", "打印发展党员工作台账",
                    lambda path: print_ledger(self.ctx, year, path))

    def open_dual(self) -> None:
        DualDialog(self.ctx, self, year=self.year.value()).exec()

    def show_member(self, member_id: str) -> None:
        """Open a person's timeline (from a 首页 item)."""
        if self._stale:
            self.refresh()
        self.select_member(member_id)
