"""Drafts: typed text survives a dialog that never closed properly and is offered back."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from app.gui.drafts import DraftKeeper


class NoteDialog(QDialog):
    def __init__(self, key: str, answer: bool | None = None) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        self.title = QLineEdit(objectName="title")
        self.body = QPlainTextEdit(objectName="body")
        self.place = QComboBox(objectName="place", editable=True)
        self.place.addItems(["会议室", "党员活动室"])
        self.held_on = QDateEdit(QDate(2026, 1, 1), objectName="held_on")
        self.unnamed = QLineEdit()  # no objectName: not kept
        self.crash = QPushButton("保存")
        self.crash.clicked.connect(self._boom)
        for w in (self.title, self.body, self.place, self.held_on, self.unnamed, self.crash):
            layout.addWidget(w)
        self.asked: list[str] = []

        def ask(_parent, saved_at: str) -> bool:
            self.asked.append(saved_at)
            return bool(answer)

        self.keeper = DraftKeeper(self, key, delay_ms=10, ask=ask)

    def _boom(self) -> None:
        raise RuntimeError("bug in a slot")


def _type(qtbot, dlg: NoteDialog) -> None:
    qtbot.keyClicks(dlg.title, "Q1 ")  # QTest types ASCII only; Chinese goes in as an input method would
    dlg.title.insert("第一季度党员大会")
    qtbot.keyClicks(dlg.body, "<b>&")
    dlg.body.insertPlainText("议题：学习 😀")
    dlg.place.setCurrentText("操场")
    dlg.held_on.setDate(QDate(2026, 3, 15))


def test_draft_survives_a_crash_and_comes_back(qtbot) -> None:
    first = NoteDialog("meeting:new")
    qtbot.addWidget(first)
    assert first.asked == []
    _type(qtbot, first)
    qtbot.waitUntil(lambda: first.keeper.path.exists())
    path = first.keeper.path
    with qtbot.captureExceptions() as errors:
        qtbot.mouseClick(first.crash, Qt.MouseButton.LeftButton)
    assert errors and path.exists()
    first.keeper.save()
    # A new dialog with the same key: the draft is offered and, on yes, every field comes back.
    second = NoteDialog("meeting:new", answer=True)
    qtbot.addWidget(second)
    assert len(second.asked) == 1 and second.keeper.restored
    assert second.title.text() == "Q1 第一季度党员大会"
    assert second.body.toPlainText() == "<b>&议题：学习 😀"
    assert second.place.currentText() == "操场"
    assert second.held_on.date() == QDate(2026, 3, 15)
    second.accept()
    assert not path.exists()
    third = NoteDialog("meeting:new", answer=True)
    qtbot.addWidget(third)
    assert third.asked == [] and third.title.text() == ""


def test_declined_draft_is_dropped_and_keys_are_separate(qtbot) -> None:
    a = NoteDialog("meeting:a")
    qtbot.addWidget(a)
    _type(qtbot, a)
    a.keeper.save()
    other = NoteDialog("meeting:b", answer=True)
    qtbot.addWidget(other)
    assert other.asked == []
    again = NoteDialog("meeting:a", answer=False)
    qtbot.addWidget(again)
    assert len(again.asked) == 1 and again.title.text() == "" and not again.keeper.path.exists()


def test_untouched_form_leaves_no_draft(qtbot) -> None:
    dlg = NoteDialog("meeting:c")
    qtbot.addWidget(dlg)
    dlg.title.setText("x")
    dlg.keeper.save()
    assert dlg.keeper.path.exists()
    dlg.title.setText("")
    dlg.keeper.save()
    assert not dlg.keeper.path.exists()
