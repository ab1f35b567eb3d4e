"""党员积分 tab: the models pass Qt's model tester, the ranking filters by branch, a ledger row opens its meeting,
quick entry writes for many members, a correction leaves a counter-entry, the review screen needs reasons."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from app.domain.enums import MeetingKind, MemberCategory
from app.domain.points_rules import Fulfilment, Grade, RuleCategory
from app.gui import operations
from app.gui.dialogs import meeting_dialog
from app.gui.dialogs.commitment_dialog import CommitmentDialog
from app.gui.dialogs.meeting_dialog import MeetingDialog
from app.gui.dialogs.points_entry_dialog import EntryDialog
from app.gui.dialogs.review_dialog import ReviewDialog
from app.gui.models.points_models import LedgerModel, RankingModel, ReviewModel
from app.gui.tabs.points import PointsTab
from app.services import commitments, points
from app.services.points import DetailRow, RankRow
from app.services.points_review import ReviewRow
from tests.conftest import DEMO_YEAR

YEAR = 2025
TODAY = dt.date(2025, 12, 31)


@pytest.fixture(autouse=True)
def no_dialogs(monkeypatch) -> list[str]:
    """An error dialog would block the test: errors are collected instead."""
    shown: list[str] = []
    monkeypatch.setattr(operations, "report_error", lambda exc, parent=None, title="": shown.append(str(exc)))
    return shown


@pytest.fixture
def school2025(school_ctx):
    """The demo school without its records: the year is open for entries (a copy of the run's template)."""
    assert DEMO_YEAR == YEAR
    return school_ctx


@pytest.fixture
def demo2025(demo_ctx):
    """The whole demo school of YEAR (a copy of the run's demo template)."""
    assert DEMO_YEAR == YEAR
    return demo_ctx


def _tab(qtbot, ctx) -> PointsTab:
    tab = PointsTab(ctx, today=TODAY)
    qtbot.addWidget(tab)
    tab.resize(1366, 640)
    tab.show()
    operations.wait_for_all()
    return tab


def test_models_pass_the_model_tester(qtmodeltester) -> None:
    rows = [RankRow(f"m{i}", f"党员{i}", "s", "b1" if i % 2 else "b2", "一支部" if i % 2 else "二支部",
                    MemberCategory.FULL, True, 60 + i, i == 3, i + 1, i // 2 + 1) for i in range(7)]
    model = RankingModel()
    model.set_rows(rows)
    qtmodeltester.check(model)
    model.set_branch("b1")
    qtmodeltester.check(model)
    assert model.rowCount() == 3 and model.data(model.index(0, 1)) == "党员1"
    assert model.data(model.index(1, 6)) == "一票否决"
    ledger = LedgerModel()
    ledger.set_rows([DetailRow(dt.date(2025, 1, 1), "m1", RuleCategory.BASE, "政治素质", 20, "base", "", "系统", "r")])
    qtmodeltester.check(ledger)
    assert ledger.data(ledger.index(0, 3)) == "+20"
    review = ReviewModel()
    review.set_rows([ReviewRow("m1", "党员1", "b1", "一支部", 95, 1, 1, True, False, Grade.EXCELLENT, (3, 1, 0, 0),
                               Grade.QUALIFIED, "支部大会表决")])
    qtmodeltester.check(review)
    assert review.data(review.index(0, 9)) == "合格"


def test_tab_ranks_filters_by_branch_and_shows_a_ledger(qtbot, demo2025) -> None:
    tab = _tab(qtbot, demo2025)
    assert tab.model.rowCount() == len(tab.ranking.rows) > 30
    assert "一票否决 1 人" in tab.status.text()
    branch_index = tab.branch.findText("退休教师党支部")
    tab.branch.setCurrentIndex(branch_index)
    shown = {tab.model.row_at(i).branch_name for i in range(tab.model.rowCount())}
    assert shown == {"退休教师党支部"}
    tab.branch.setCurrentIndex(0)
    tab.view.selectRow(0)
    assert tab.ledger_model.rowCount() > 3
    total = sum(tab.ledger_model.row_at(i).points for i in range(tab.ledger_model.rowCount()))
    assert str(total) in tab.heading.text() and str(tab.model.row_at(0).total) in tab.heading.text()
    tab.grab().save(str(demo2025.store.path.parent / "points_tab.png"))


def test_a_meeting_row_opens_its_meeting(qtbot, demo2025, monkeypatch) -> None:
    tab = _tab(qtbot, demo2025)
    tab.view.selectRow(0)
    row = next(i for i in range(tab.ledger_model.rowCount()) if tab.ledger_model.row_at(i).source == "meeting")
    opened = []

    class FakeDialog:
        def __init__(self, meeting_id: str) -> None:
            opened.append(meeting_id)

        def exec(self) -> int:
            return 0

    monkeypatch.setattr(tab, "make_meeting_dialog", FakeDialog)
    tab.ledger_view.doubleClicked.emit(tab.ledger_model.index(row, 0))
    assert opened == [tab.ledger_model.row_at(row).meeting_id]
    operations.wait_for_all()
    real = PointsTab.make_meeting_dialog(tab, opened[0])  # the real dialog opens on that record
    qtbot.addWidget(real)
    assert real.meeting_id == opened[0]


def test_quick_entry_for_many_then_correct_one(qtbot, school2025, monkeypatch) -> None:
    demo2025 = school2025
    tab = _tab(qtbot, demo2025)
    people = tab.ranking.rows
    chosen = [people[5].member_id, people[6].member_id, people[7].member_id]
    before = {r.member_id: r.total for r in people}
    dialog = EntryDialog(demo2025, YEAR, people, chosen, tab, today=TODAY)
    qtbot.addWidget(dialog)
    i = next(i for i in range(dialog.rule.count()) if "通报批评" in dialog.rule.itemText(i))
    dialog.rule.setCurrentIndex(i)
    dialog.reason.setText("全县通报批评")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.saved == 3
    after = {r.member_id: r.total for r in points.year_ranking(demo2025, YEAR).rows}
    assert all(after[m] == before[m] - 10 for m in chosen)
    # The new entry is corrected from the ledger: a counter-entry, the entry stays.
    tab.refresh(keep=chosen[0])
    operations.wait_for_all()
    tab.view.selectRow(tab.model.row_of(chosen[0]))
    row = next(i for i in range(tab.ledger_model.rowCount()) if tab.ledger_model.row_at(i).item == "通报批评")
    tab.ledger_view.selectRow(row)
    monkeypatch.setattr("app.gui.tabs.points.QInputDialog.getText", lambda *a, **k: ("录错了", True))
    tab.correct_selected()
    operations.wait_for_all()
    ledger = points.member_ledger(demo2025, chosen[0], YEAR)
    mine = [r for r in ledger.rows if r.item == "通报批评"]
    assert [(r.points, r.source) for r in mine] == [(-10, "manual"), (10, "correction")]


def test_entry_without_reason_shows_the_error_and_writes_nothing(qtbot, school2025, no_dialogs) -> None:
    shown = no_dialogs
    demo2025 = school2025
    tab = _tab(qtbot, demo2025)
    dialog = EntryDialog(demo2025, YEAR, tab.ranking.rows, [tab.ranking.rows[0].member_id], tab, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.accept()
    assert shown and "事由" in shown[0] and dialog.saved == 0


def test_commitment_editor_saves_and_reviews(qtbot, school2025) -> None:
    ctx = school2025
    ranking = points.year_ranking(ctx, YEAR)
    member = ranking.rows[0].member_id
    dialog = CommitmentDialog(ctx, YEAR, ranking.rows, member)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 0
    dialog.fill()
    assert dialog.table.rowCount() == 4
    dialog.table.item(0, 1).setText("按时参加组织生活，带头学习")
    assert dialog.save()
    assert commitments.list_commitments(ctx, member, YEAR)[0].text == "按时参加组织生活，带头学习"
    combo = dialog.table.cellWidget(1, 3)
    combo.setCurrentIndex(combo.findData(Fulfilment.BROKEN.value))
    assert points.member_ledger(ctx, member, YEAR).total == 55
    dialog.resize(1120, 600)
    dialog.show()
    dialog.grab().save(str(ctx.store.path.parent / "commitments.png"))


def test_review_screen_requires_a_reason_for_an_override(qtbot, demo2025, no_dialogs) -> None:
    shown = no_dialogs
    dialog = ReviewDialog(demo2025, YEAR, [], today=TODAY)
    qtbot.addWidget(dialog)
    assert dialog.info is not None and not dialog.evaluate_button.isVisible()
    row = next(i for i, r in enumerate(dialog.model.rows) if r.graded and not r.vetoed and not r.decided
               and r.suggested == Grade.QUALIFIED)
    dialog.view.selectRow(row)
    member = dialog.model.rows[row].member_id
    dialog.grade.setCurrentIndex(dialog.grade.findData(Grade.BASICALLY_QUALIFIED.value))
    dialog.reason.setText("")
    dialog.save()
    assert shown and "须填写理由" in shown[-1]
    dialog.reason.setText("多次无故缺席，支部大会表决")
    for spin, value in zip(dialog.votes, (0, 2, 1, 4), strict=True):
        spin.setValue(value)
    dialog.save()
    saved = next(r for r in dialog.model.rows if r.member_id == member)
    assert saved.final == Grade.BASICALLY_QUALIFIED and saved.votes == (0, 2, 1, 4), shown


def test_catalog_editor_changes_points_and_keeps_one_third(qtbot, school2025) -> None:
    from app.gui.dialogs.catalog_dialog import CatalogDialog
    from app.services import points_catalog

    dialog = CatalogDialog(school2025, YEAR)
    qtbot.addWidget(dialog)
    row = next(i for i in range(dialog.table.rowCount()) if dialog.table.item(i, 1).text() == "志愿服务")
    dialog.table.item(row, 2).setText("2")
    dialog.table.item(row, 4).setText("")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    saved = points_catalog.get_catalog(school2025, YEAR)
    rule = next(r for r in saved.rules if r.spec.item == "志愿服务")
    assert (rule.spec.points, rule.spec.cap) == (2, None)
    assert (saved.bands.excellent_share_num, saved.bands.excellent_share_den) == (1, 3)


def test_ranking_lists_activists_and_candidates_not_graded_and_filters_them_by_branch(qtbot, demo2025) -> None:
    tab = _tab(qtbot, demo2025)
    others = [r for r in tab.ranking.rows if r.category in (MemberCategory.ACTIVIST, MemberCategory.CANDIDATE)]
    assert {r.category for r in others} == {MemberCategory.ACTIVIST, MemberCategory.CANDIDATE}
    for r in others:
        i = tab.model.row_of(r.member_id)
        assert tab.model.data(tab.model.index(i, 3)) == r.category.label
        assert tab.model.data(tab.model.index(i, 6)) == "不评定等次"
        tip = tab.model.data(tab.model.index(i, 6), Qt.ItemDataRole.ToolTipRole)
        assert tip == f"{r.category.label}，计积分不评定等次"
    one = others[0]
    tab.branch.setCurrentIndex(tab.branch.findData(one.branch_id))
    shown = [tab.model.row_at(i) for i in range(tab.model.rowCount())]
    assert {r.branch_id for r in shown} == {one.branch_id} and one.member_id in {r.member_id for r in shown}
    tab.view.selectRow(tab.model.row_of(one.member_id))
    assert tab.ledger_data is not None and tab.ledger_data.member_id == one.member_id
    assert tab.ledger_data.total == one.total >= 60
    tab.grab().save(str(demo2025.store.path.parent / "points_tab_activist.png"))


def test_meeting_editor_offers_the_lecture_fields_when_the_record_also_counts_as_a_lecture(qtbot, school2025) -> None:
    dialog = MeetingDialog(school2025, kind=MeetingKind.THEME_DAY)
    qtbot.addWidget(dialog)
    dialog.ask_keep_draft = lambda: meeting_dialog.DISCARD  # closing at teardown asks nothing
    dialog.show()
    assert not dialog.lecture_box.isVisible()
    dialog.also.boxes[MeetingKind.PARTY_LECTURE.value].setChecked(True)
    assert dialog.lecture_box.isVisible()
    dialog.lecturer.setText("王书记")
    dialog.lecture_type.setCurrentText("专题党课")
    data = dialog.collect()
    assert (data.also_kinds, data.lecturer, data.lecture_type) == ("party_lecture", "王书记", "专题党课")
    dialog.also.boxes[MeetingKind.PARTY_LECTURE.value].setChecked(False)
    assert not dialog.lecture_box.isVisible() and dialog.collect().lecture_type == ""
