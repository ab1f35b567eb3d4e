"""Drafts: typed text survives a dialog that never closed properly and is offered back."""

from __future__ import annotations

import pytest
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


# --- issue 15 item 16: drafts are personal data at rest -------------------------------------------------

class PersonDialog(QDialog):
    def __init__(self, *, keep: bool = True, answer: bool = True) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        self.name = QLineEdit(objectName="name")
        self.id_number = QLineEdit(objectName="id_number")
        self.phone = QLineEdit(objectName="phone")
        self.secret = QLineEdit(objectName="new_secret")
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        for w in (self.name, self.id_number, self.phone, self.secret):
            layout.addWidget(w)
        self.offered: list[str] = []

        def ask(_parent, saved_at: str) -> bool:
            self.offered.append(saved_at)
            return answer

        self.keeper = DraftKeeper(self, "member:new", delay_ms=10, ask=ask, keep=lambda _parent: keep)

    def type(self) -> None:
        self.name.setText("草稿张三")
        self.id_number.setText("610330198503091234")
        self.phone.setText("13912345678")
        self.secret.setText("hunter22")


def test_a_draft_holds_no_full_id_phone_or_password(qtbot) -> None:
    dlg = PersonDialog()
    qtbot.addWidget(dlg)
    dlg.type()
    dlg.keeper.save()
    text = dlg.keeper.path.read_text(encoding="utf-8")
    assert "草稿张三" in text
    for secret in ("610330198503091234", "13912345678", "hunter22", "8503", "5678"):
        assert secret not in text


def test_a_draft_belongs_to_the_account_that_typed_it(qtbot) -> None:
    from app.gui import drafts

    drafts.set_owner("admin")
    mine = PersonDialog()
    qtbot.addWidget(mine)
    mine.type()
    mine.keeper.save()
    drafts.set_owner("viewer1")  # the next user of the PC, another account and role
    theirs = PersonDialog()
    qtbot.addWidget(theirs)
    assert theirs.offered == [] and theirs.name.text() == ""
    drafts.set_owner("admin")
    back = PersonDialog()
    qtbot.addWidget(back)
    assert len(back.offered) == 1 and back.name.text() == "草稿张三"


@pytest.mark.parametrize("keep", [False, True])
def test_cancel_deletes_the_draft_when_the_user_says_so(qtbot, keep: bool) -> None:
    dlg = PersonDialog(keep=keep)
    qtbot.addWidget(dlg)
    dlg.type()
    qtbot.waitUntil(lambda: dlg.keeper.path.exists())
    dlg.reject()  # 取消
    assert dlg.keeper.path.exists() == keep
