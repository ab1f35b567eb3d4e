"""党员积分 tab: the year's ranking (filter by branch) beside the selected member's ledger, where a 会议记录
row opens its meeting; quick entry for many members, corrections as counter-entries, the 年初承诺 editor,
the 年底评议 screen, printing (公示, 积分卡, 承诺书, 测评表) and the Excel export.

The ranking is read on a worker thread (app/gui/operations.py): over a county's year of entries it takes a
few hundred milliseconds, and the tab paints at once with 「正在计算…」.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.gui import print_preview
from app.gui.models.points_models import LedgerModel, RankingModel
from app.gui.operations import Operation, run_now
from app.gui.widgets.forms import can_write
from app.services import points
from app.services.points import MemberLedger, Ranking


class PointsTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.today = today
        self.ranking: Ranking | None = None
        self.ledger_data: MemberLedger | None = None
        self._pending: Operation | None = None
        outer = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.year = QSpinBox(minimum=2000, maximum=2100)
        self.year.setValue((today or dt.date.today()).year)
        self.year.setSuffix(" 年")
        self.branch = QComboBox()
        self.branch.addItem("全部党支部", None)
        self.branch.setMinimumWidth(180)
        self.status = QLabel()
        self.status.setObjectName("muted")
        self.entry_button = QPushButton("快速录入…")
        self.entry_button.setToolTip("一个积分项目，同时录入多名党员")
        self.commit_button = QPushButton("年初承诺…")
        self.review_button = QPushButton("年底评议…")
        self.catalog_button = QPushButton("积分细则…")
        self.print_button = QPushButton("打印")  # a QPushButton like every other 打印…, its menu on click
        menu = QMenu(self.print_button)
        self.print_actions = {
            "notice": menu.addAction("积分及评议结果公示", lambda: self.print_doc("notice")),
            "cards": menu.addAction("党员积分卡", lambda: self.print_doc("cards")),
            "commitments": menu.addAction("党员承诺书", lambda: self.print_doc("commitments")),
            "ballots": menu.addAction("民主测评表", lambda: self.print_doc("ballots")),
        }
        self.print_button.setMenu(menu)
        self.export_button = QPushButton("导出 Excel…")
        # 「43 人参加积分，一票否决 2 人」 sits above the ranking it counts, not in the bar: there it left the
        # bar wider than a 1024-wide window, and the squeezed label drew over the 党支部 drop-down
        for w in (QLabel("年度"), self.year, QLabel("党支部"), self.branch):
            bar.addWidget(w)
        bar.addStretch(1)
        for w in (self.entry_button, self.commit_button, self.review_button, self.catalog_button, self.print_button,
                  self.export_button):
            bar.addWidget(w)
        outer.addLayout(bar)

        split = QSplitter(Qt.Orientation.Horizontal)
        self.model = RankingModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        fm = self.view.fontMetrics()

        def fit(sample: str) -> int:  # the style sheet pads cells: leave room for it
            return fm.horizontalAdvance(sample) + 34

        for col, sample in ((0, "排名"), (1, "欧阳建国"), (3, "入党积极分子"), (4, "总分"), (5, "支部排名"),
                            (6, "不评定等次")):
            self.view.setColumnWidth(col, fit(sample))
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.status)
        ll.addWidget(self.view, 1)
        split.addWidget(left)

        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel("选择左侧党员，查看积分明细")
        self.heading.setObjectName("sectionTitle")
        rl.addWidget(self.heading)
        self.status.setMinimumHeight(self.heading.sizeHint().height())  # both tables start on one line
        self.ledger_model = LedgerModel(self)
        self.ledger_view = QTableView()
        self.ledger_view.setModel(self.ledger_model)
        self.ledger_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.ledger_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.ledger_view.verticalHeader().setVisible(False)
        self.ledger_view.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        for col, sample in ((0, "2025-12-31"), (1, "基础分"), (2, "参加党员大会"), (3, "+10"),
                            (4, "年初基础分"), (6, "录入人")):
            self.ledger_view.setColumnWidth(col, fit(sample))
        rl.addWidget(self.ledger_view, 1)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("录入积分…")
        self.correct_button = QPushButton("更正所选…")
        self.open_button = QPushButton("打开会议记录")
        hint = QLabel("双击「会议记录」行可打开该次会议")
        hint.setObjectName("muted")
        for w in (self.add_button, self.correct_button, self.open_button, hint):
            buttons.addWidget(w)
        self.view.horizontalHeader().setSectionResizeMode(6, QHeaderView.ResizeMode.Interactive)
        buttons.addStretch(1)
        rl.addLayout(buttons)
        split.addWidget(right)
        split.setSizes([620, 740])
        outer.addWidget(split, 1)

        writable = can_write(ctx)
        for w in (self.entry_button, self.add_button, self.correct_button):
            w.setEnabled(writable)
        self.year.valueChanged.connect(lambda _v: self.refresh())
        self.branch.currentIndexChanged.connect(lambda _i: self.model.set_branch(self.branch.currentData()))
        self.view.selectionModel().currentRowChanged.connect(lambda cur, _prev: self.show_member(cur.row()))
        self.ledger_view.doubleClicked.connect(lambda index: self.open_meeting(index.row()))
        self.entry_button.clicked.connect(lambda: self.enter(quick=True))
        self.add_button.clicked.connect(lambda: self.enter(quick=False))
        self.correct_button.clicked.connect(self.correct_selected)
        self.open_button.clicked.connect(lambda: self.open_meeting(self.ledger_view.currentIndex().row()))
        self.commit_button.clicked.connect(self.open_commitments)
        self.review_button.clicked.connect(self.open_review)
        self.catalog_button.clicked.connect(self.open_catalog)
        self.export_button.clicked.connect(self.export)
        self.refresh()

    # ---- data ----------------------------------------------------------------------------------
    def refresh(self, keep: str | None = None) -> None:
        """Read the year's ranking on a worker thread; the list fills when it arrives. Quiet: the status line
        says 正在计算积分…, and no progress dialog may pop up while the tab is built ahead behind 首页."""
        year = self.year.value()
        self.status.setText("正在计算积分…")
        op = Operation(self, lambda _p: points.year_ranking(self.ctx, year), title="党员积分", quiet=True)
        self._pending = op
        op.success(lambda ranking: self._show(ranking, op, keep)).failure(lambda exc: self._failed(exc, op)).run()

    def _failed(self, exc: BaseException, op: Operation) -> None:
        if op is self._pending:
            self.status.setText("积分未能读取")
        from app.gui.operations import report_error

        report_error(exc, self, "党员积分")

    def _show(self, ranking: Ranking, op: Operation, keep: str | None) -> None:
        if op is not self._pending or ranking.year != self.year.value():
            return  # a later refresh (another year) is on its way
        self.ranking = ranking
        current = self.branch.currentData()
        self.branch.blockSignals(True)
        self.branch.clear()
        self.branch.addItem("全部党支部", None)
        for bid, name in ranking.branches:
            self.branch.addItem(name, bid)
        self.branch.setCurrentIndex(max(0, self.branch.findData(current)))
        self.branch.blockSignals(False)
        self.model.set_branch(self.branch.currentData())
        self.model.set_rows(ranking.rows)
        vetoed = sum(r.vetoed for r in ranking.rows)
        self.status.setText(f"{len(ranking.rows)} 人参加积分" + (f"，一票否决 {vetoed} 人" if vetoed else ""))
        row = self.model.row_of(keep) if keep else -1
        if row >= 0:
            self.view.selectRow(row)
        elif self.ledger_data is not None:
            self.ledger_model.set_rows([])
            self.ledger_data = None
            self.heading.setText("选择左侧党员，查看积分明细")

    def selected_ids(self) -> list[str]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [r.member_id for i in rows if (r := self.model.row_at(i)) is not None]

    def show_member(self, row: int) -> None:
        r = self.model.row_at(row)
        if r is None:
            return
        data = run_now(self, lambda: points.member_ledger(self.ctx, r.member_id, self.year.value()))
        if data is None:
            return
        self.ledger_data = data
        self.ledger_model.set_rows(data.rows)
        veto = "，一票否决" if data.vetoed else ""
        self.heading.setText(f"{data.name}（{data.branch_name}）{data.year} 年度积分明细：合计 {data.total} 分，"
                             f"全校第 {r.rank_school} 名{veto}")

    # ---- actions -------------------------------------------------------------------------------
    def _current_member(self) -> str | None:
        return self.ledger_data.member_id if self.ledger_data else None

    def enter(self, *, quick: bool) -> None:
        from app.gui.dialogs.points_entry_dialog import EntryDialog

        if self.ranking is None:
            return
        chosen = self.selected_ids() if quick else [m for m in [self._current_member()] if m]
        people = [r for r in self.ranking.rows if self.branch.currentData() in (None, r.branch_id)]
        dialog = EntryDialog(self.ctx, self.year.value(), people, chosen, self, today=self.today)
        if dialog.exec():
            self.refresh(keep=self._current_member())

    def correct_selected(self) -> None:
        row = self.ledger_model.row_at(self.ledger_view.currentIndex().row())
        if row is None or row.source != "manual" or row.corrected:
            QMessageBox.information(self, "更正积分", "请选择一条尚未更正的手工录入积分。自动积分请修改相应的会议记录"
                                    "或承诺评议。")
            return
        reason, ok = QInputDialog.getText(self, "更正积分", f"更正“{row.item} {row.points:+d} 分”的理由"
                                          "（原记录保留，另记一条冲销记录）：")
        if not ok:
            return
        if run_now(self, lambda: points.correct_entry(self.ctx, row.ref_id or "", reason, today=self.today),
                   title="无法更正") is not None:
            self.refresh(keep=self._current_member())

    def open_meeting(self, row: int) -> None:
        detail = self.ledger_model.row_at(row)
        if detail is None or detail.meeting_id is None:
            return
        self.make_meeting_dialog(detail.meeting_id).exec()
        self.refresh(keep=self._current_member())  # the record may have been edited: its points follow

    def make_meeting_dialog(self, meeting_id: str) -> QDialog:
        from app.gui.dialogs.meeting_dialog import MeetingDialog

        return MeetingDialog(self.ctx, meeting_id, parent=self)

    def open_commitments(self) -> None:
        from app.gui.dialogs.commitment_dialog import CommitmentDialog

        if self.ranking is None:
            return
        people = [r for r in self.ranking.rows if self.branch.currentData() in (None, r.branch_id)
                  and r.category.is_party_member]  # the 承诺书 is a Party member's (as printed)
        CommitmentDialog(self.ctx, self.year.value(), people, self._current_member(), self).exec()
        self.refresh(keep=self._current_member())

    def open_review(self) -> None:
        from app.gui.dialogs.review_dialog import ReviewDialog

        branches = self.ranking.branches if self.ranking else []
        ReviewDialog(self.ctx, self.year.value(), branches, self, today=self.today).exec()
        self.refresh(keep=self._current_member())

    def open_catalog(self) -> None:
        from app.gui.dialogs.catalog_dialog import CatalogDialog

        if CatalogDialog(self.ctx, self.year.value(), self).exec():
            self.refresh(keep=self._current_member())

    def _doc(self, what: str) -> tuple[str, Callable[[Path], Path]]:
        from app.documents import points_files as files

        year, branch = self.year.value(), self.branch.currentData()
        docs: dict[str, tuple[str, Callable[[Path], Path]]] = {
            "notice": ("积分公示", lambda p: files.print_notice(self.ctx, year, p, branch)),
            "cards": ("积分卡", lambda p: files.print_cards(self.ctx, year, p, branch)),
            "commitments": ("承诺书", lambda p: files.print_commitments(self.ctx, year, p, branch)),
            "ballots": ("民主测评表", lambda p: files.print_ballots(self.ctx, year, p, branch)),
        }
        return docs[what]

    def print_doc(self, what: str) -> None:
        title, render = self._doc(what)
        path = print_preview.pdf_path(f"{title}_{self.year.value()}.pdf")
        Operation(self, lambda _p: render(path), title=f"打印{title}") \
            .success(lambda p: print_preview.show_pdf(self, p, title=title)).run()

    def export(self) -> None:
        from app import paths
        from app.documents.points_files import export_points

        year, branch = self.year.value(), self.branch.currentData()
        default = str(paths.exports_dir() / f"党员积分_{year}.xlsx")
        target, _ = QFileDialog.getSaveFileName(self, "导出党员积分", default, "Excel 文件 (*.xlsx)")
        if not target:
            return
        Operation(self, lambda _p: export_points(self.ctx, year, Path(target), branch), title="导出党员积分") \
            .success(lambda result: QMessageBox.information(self, "导出完成", f"已导出 {len(result[1].summary)} 人、"
                                                            f"明细 {len(result[1].details)} 条：\n{target}")) \
            .run()
