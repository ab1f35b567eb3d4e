"""The 清廉学校 tab: lists edited and published as versions, the decision register and its dialog, printing
through the one preview, and a viewer who sees but cannot write."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.domain.clean_school import DecisionCategory, ListKind, RiskLevel
from app.domain.enums import Role
from app.gui import operations, print_preview
from app.gui.dialogs.clean_school_dialogs import DecisionDialog
from app.gui.models.clean_school_models import ActivityTableModel, DecisionTableModel, ListRowsModel
from app.gui.tabs.clean_school import CleanSchoolTab
from app.services import clean_lists, major_decisions
from app.store.uow import Actor
from tests.conftest import DEMO_YEAR


@pytest.fixture
def tab(qtbot, demo_ctx) -> CleanSchoolTab:
    widget = CleanSchoolTab(demo_ctx)
    qtbot.addWidget(widget)
    widget.resize(1366, 640)
    widget._year.setValue(DEMO_YEAR)  # the demo school's year (tests/conftest.py)
    return widget


def test_models_pass_qt_model_tests(qtmodeltester, tab) -> None:
    qtmodeltester.check(tab.lists.model)
    qtmodeltester.check(tab.decisions.model)
    qtmodeltester.check(tab.activities.model)
    for model in (ListRowsModel(), DecisionTableModel(), ActivityTableModel()):
        qtmodeltester.check(model)


def test_the_demo_year_shows_its_lists_decisions_and_activities(tab) -> None:
    assert tab.lists.model.rowCount() == 18
    assert tab.decisions.model.rowCount() >= 1
    assert "三重一大事项" in tab.decisions.summary.text()
    assert tab.activities.model.rowCount() >= 1


def test_an_edit_is_published_as_a_new_version_and_the_old_stays(tab, demo_ctx) -> None:
    model = tab.lists.model
    name = model.index(0, 0)
    assert model.setData(name, "招生入学（含插班）")
    level = model.index(0, 5)
    assert not model.setData(level, "很高"), "an unknown risk level is refused"
    assert model.setData(level, "高")
    tab.lists.publish()
    year = DEMO_YEAR
    doc = clean_lists.load_list(demo_ctx, ListKind.POWER, year)
    assert doc.version == 2 and doc.rows[0].name == "招生入学（含插班）"
    assert doc.rows[0].risk_level is RiskLevel.HIGH
    assert tab.lists.version.count() == 2
    tab.lists.version.setCurrentIndex(1)
    tab.lists.version.activated.emit(1)
    assert model.data(model.index(0, 0)) == "招生入学"


def test_a_decision_is_recorded_from_the_dialog_with_its_flag_shown_as_typed(qtbot, tab, demo_ctx) -> None:
    year = DEMO_YEAR
    dialog = DecisionDialog(demo_ctx, year, parent=tab)
    qtbot.addWidget(dialog)
    dialog.category.setCurrentIndex(dialog.category.findData(DecisionCategory.ORDINARY.value))
    dialog.topic.setText("购置办公桌椅")
    dialog.amount.setText("8,000")
    assert "三重一大" in dialog.flags.text()
    dialog.accept()
    assert dialog.saved is not None and dialog.saved.flags
    topics = [r.topic for r in major_decisions.decision_register(demo_ctx, year).rows]
    assert "购置办公桌椅" in topics


def test_a_bad_amount_is_said_beside_the_form_and_nothing_is_saved(qtbot, tab, demo_ctx) -> None:
    year = DEMO_YEAR
    before = len(major_decisions.decision_register(demo_ctx, year).rows)
    dialog = DecisionDialog(demo_ctx, year, parent=tab)
    qtbot.addWidget(dialog)
    dialog.topic.setText("维修")
    dialog.amount.setText("三千元")
    dialog.accept()
    assert "金额应为数字" in dialog.errors.text() and dialog.result() == 0
    assert len(major_decisions.decision_register(demo_ctx, year).rows) == before


def test_printing_goes_through_the_preview(qtbot, tab, monkeypatch) -> None:
    shown: list[Path] = []
    monkeypatch.setattr(print_preview, "show_pdf", lambda _parent, path, *, title: shown.append(path))
    tab.lists.print_flowcharts()
    tab.decisions.print_records()
    qtbot.waitUntil(lambda: operations.running() == 0 and len(shown) == 2, timeout=20_000)
    assert all(p.exists() and p.stat().st_size > 1000 for p in shown)


def test_a_viewer_sees_the_lists_but_every_write_button_is_off(qtbot, demo_ctx) -> None:
    viewer = dataclasses.replace(demo_ctx, actor=Actor("查看员", Role.VIEWER))
    widget = CleanSchoolTab(viewer)
    qtbot.addWidget(widget)
    widget._year.setValue(DEMO_YEAR)
    assert widget.lists.model.rowCount() == 18
    assert not widget.lists.model.flags(widget.lists.model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable
    buttons = widget.lists.write_buttons + widget.decisions.write_buttons + widget.activities.write_buttons
    assert not any(b.isEnabled() for b in buttons) and not widget.import_button.isEnabled()


def test_steps_keep_their_lines_when_edited_in_a_cell(qtbot, tab) -> None:
    from PySide6.QtWidgets import QPlainTextEdit, QStyleOptionViewItem

    view, model = tab.lists.view, tab.lists.model
    index = model.index(0, 3)
    delegate = view.itemDelegate()
    editor = delegate.createEditor(view.viewport(), QStyleOptionViewItem(), index)
    assert isinstance(editor, QPlainTextEdit)
    delegate.setEditorData(editor, index)
    editor.setPlainText(editor.toPlainText() + "\n归档")
    delegate.setModelData(editor, model, index)
    steps = model.rows()[0].steps.splitlines()
    assert len(steps) == 7 and steps[-1] == "归档"


def test_the_register_filters_by_category_and_by_flag(tab) -> None:
    page = tab.decisions
    total = page.model.rowCount()
    page.only_flagged.setChecked(True)
    assert 0 < page.model.rowCount() < total
    assert all(page.model.row_at(i).flags for i in range(page.model.rowCount()))
    page.only_flagged.setChecked(False)
    page.category.setCurrentIndex(page.category.findData(DecisionCategory.CADRE_APPOINTMENT.value))
    assert page.model.rowCount() == 1
