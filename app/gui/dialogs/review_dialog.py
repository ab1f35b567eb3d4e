"""年底评议: evaluate the year (suggested grades; the catalog freezes), enter the 民主测评 counts, and record
the branch's decision, with a reason when it differs from the suggestion."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.points_rules import Grade
from app.errors import NotFoundError
from app.gui import screen_fit
from app.gui.models.points_models import ReviewModel
from app.gui.operations import Operation, run_now
from app.gui.widgets.forms import enum_combo, enum_value, set_combo_data
from app.services import points_review
from app.services.points_review import ReviewInfo, ReviewRow
from app.store.uow import Ledger


class ReviewDialog(QDialog):
    def __init__(self, ledger: Ledger, year: int, branches: list[tuple[str, str]],
                 parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.year = year
        self.today = today
        self.info: ReviewInfo | None = None
        self.setWindowTitle(f"{year} 年度民主评议党员")
        screen_fit.fit(self, 1180, 620)  # within the screen it opens on (issue #17)
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.status = QLabel()
        self.status.setWordWrap(True)  # a long status wraps instead of widening the dialog past 1024
        self.branch = QComboBox()
        self.branch.addItem("全部党支部", None)
        for bid, name in branches:
            self.branch.addItem(name, bid)
        self.evaluate_button = QPushButton("进行年度评议…")
        self.evaluate_button.setObjectName("primary")
        bar.addWidget(self.status, 1)
        bar.addWidget(QLabel("党支部"))
        bar.addWidget(self.branch)
        bar.addWidget(self.evaluate_button)
        layout.addLayout(bar)
        self.model = ReviewModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.verticalHeader().setVisible(False)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.horizontalHeader().setSectionResizeMode(10, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 56), (1, 90), (2, 190), (3, 60), (4, 110), (5, 70), (6, 70), (7, 96), (8, 80),
                           (9, 90)):
            self.view.setColumnWidth(col, width)
        layout.addWidget(self.view, 1)

        box = QGroupBox("所选党员：测评票数与支部评定")
        grid = QGridLayout(box)
        self.who = QLabel("（请在上表中选择党员）")
        self.votes = [QSpinBox(minimum=0, maximum=999) for _ in range(4)]
        self.grade = enum_combo(Grade, empty="按建议等次")
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("评定等次与建议不同时须填写理由，如：支部党员大会表决")
        self.save_button = QPushButton("保存")
        self.save_button.setObjectName("primary")
        grid.addWidget(self.who, 0, 0, 1, 10)
        for i, label in enumerate(("优秀", "合格", "基本合格", "不合格")):
            grid.addWidget(QLabel(f"{label}票"), 1, 2 * i)
            grid.addWidget(self.votes[i], 1, 2 * i + 1)
        grid.addWidget(QLabel("评定等次"), 2, 0)
        grid.addWidget(self.grade, 2, 1)
        grid.addWidget(QLabel("理由"), 2, 2)
        grid.addWidget(self.reason, 2, 3, 1, 5)
        grid.addWidget(self.save_button, 2, 8)
        layout.addWidget(box)
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)

        self.branch.currentIndexChanged.connect(lambda _i: self.load())
        self.view.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._select(cur.row()))
        self.evaluate_button.clicked.connect(self.evaluate)
        self.save_button.clicked.connect(self.save)
        self.load()

    def load(self, keep: str | None = None) -> None:
        try:
            self.info = points_review.review_of(self.ledger, self.year, self.branch.currentData())
        except NotFoundError:
            self.info = None
        evaluated = self.info is not None
        self.evaluate_button.setVisible(not evaluated)
        self.save_button.setEnabled(evaluated)
        if self.info is None:
            self.status.setText(f"{self.year} 年度尚未评议。年底（12 月起）点「进行年度评议」：按积分给出建议等次，"
                                "并锁定本年度积分细则。")
            self.model.set_rows([])
            return
        graded = sum(1 for r in self.info.rows if r.graded)
        self.status.setText(f"{self.info.evaluated_on:%Y-%m-%d} 已评议：{len(self.info.rows)} 人参加，{graded} 人定等次"
                            "（优秀按支部不超过三分之一，预备党员、入党积极分子和发展对象不定等次，一票否决为不合格）。")
        self.model.set_rows(self.info.rows)
        if keep:
            i = next((i for i, r in enumerate(self.model.rows) if r.member_id == keep), -1)
            if i >= 0:
                self.view.selectRow(i)

    def _select(self, row: int) -> None:
        r = self.model.rows[row] if 0 <= row < len(self.model.rows) else None
        if r is None:
            return
        self.who.setText(f"{r.name}（{r.branch_name}）总分 {r.total}，建议等次："
                         f"{r.suggested.label if r.suggested else '不定等次'}")
        for spin, v in zip(self.votes, r.votes, strict=True):
            spin.setValue(v)
            spin.setEnabled(r.on_ballot)  # 入党积极分子、发展对象 are not on the 民主测评表
        set_combo_data(self.grade, r.decided)
        self.reason.setText(r.reason)
        self.grade.setEnabled(r.graded and not r.vetoed)

    def current(self) -> ReviewRow | None:
        row = self.view.currentIndex().row()
        return self.model.rows[row] if 0 <= row < len(self.model.rows) else None

    def save(self) -> None:
        r = self.current()
        if r is None:
            return
        votes = (self.votes[0].value(), self.votes[1].value(), self.votes[2].value(), self.votes[3].value())
        grade = enum_value(self.grade, Grade)

        if run_now(self, lambda: points_review.save_review_line(self.ledger, self.year, r.member_id, votes, grade,
                                                               self.reason.text()), title="无法保存评定") is not None:
            self.load(keep=r.member_id)

    def evaluate(self) -> None:
        answer = QMessageBox.question(
            self, "进行年度评议", f"按 {self.year} 年度积分计算建议等次，并锁定本年度积分细则和积分录入。"
            "评议后仍可录入测评票数和支部评定。继续吗？")
        if answer != QMessageBox.StandardButton.Yes:
            return
        Operation(self, lambda _p: points_review.evaluate_year(self.ledger, self.year, today=self.today),
                  title="年度评议").success(lambda _info: self.load()).run()
