"""Drafts on the real forms: what a secretary typed survives a crash and is offered back."""

from __future__ import annotations

import json
import sys

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QMessageBox

from app.domain.enums import MeetingKind
from app.gui import drafts
from app.gui.dialogs.meeting_dialog import MeetingDialog
from app.gui.dialogs.member_dialog import MemberDialog
from tests.gui.conftest import type_text


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Answer 「是」 to 「发现未保存的草稿，是否恢复？」 and record that it was asked."""
    seen: list[str] = []

    def ask(_parent, saved_at: str) -> bool:
        seen.append(saved_at)
        return True

    monkeypatch.setattr(drafts, "_ask_user", ask)
    return seen


def test_member_draft_survives_a_crash_and_is_offered_back(qtbot, school_ctx, asked) -> None:
    first = MemberDialog(school_ctx)  # not handed to qtbot: it is destroyed below
    assert asked == []
    type_text(first.name, "草稿测试")
    first.phone.setText("13800000000")
    first.branch.setCurrentIndex(first.branch.findText("第一党支部（小学部）"))
    group = first.group.itemText(1)
    first.group.setCurrentIndex(1)
    first.applied_on.set_value(QDate(2019, 7, 1).toPython())
    qtbot.waitUntil(lambda: first.draft.path.exists())
    path = first.draft.path
    first.deleteLater()  # the window vanishes without 保存: a crash, as far as the form knows
    qtbot.waitSignal(first.destroyed)

    second = MemberDialog(school_ctx)
    qtbot.addWidget(second)
    assert len(asked) == 1 and second.draft.restored
    assert second.name.text() == "草稿测试"
    assert second.phone.text() == ""  # a full phone number is never kept in a draft file
    assert second.branch.currentText() == "第一党支部（小学部）" and second.group.currentText() == group
    assert str(second.applied_on.value()) == "2019-07-01"
    assert second.birth_date.value() is None  # an empty date stays empty
    import datetime as dt

    from app.domain.idcard import make_number

    second.id_number.setText(make_number("110101", dt.date(1980, 1, 1), 13))
    second.joined_on.set_value(dt.date(2019, 7, 1))
    second.full_on.set_value(dt.date(2020, 7, 1))
    assert second.ok_button.isEnabled(), second.errors.text()
    second.accept()
    assert second.member_id and not path.exists()  # saved: the draft is gone
    third = MemberDialog(school_ctx)
    qtbot.addWidget(third)
    assert len(asked) == 1 and third.name.text() == ""


def test_editing_a_member_keeps_its_own_draft(qtbot, school_ctx, asked) -> None:
    from app.services import members

    with school_ctx.uow() as uow:
        someone = members.search_members(uow, members.MemberQuery())[0]
    edit = MemberDialog(school_ctx, member_id=someone.id)
    qtbot.addWidget(edit)
    edit.note.setPlainText("调入材料待补")
    edit.draft.save()
    new = MemberDialog(school_ctx)  # another key: nothing offered
    qtbot.addWidget(new)
    assert asked == []
    again = MemberDialog(school_ctx, member_id=someone.id)
    qtbot.addWidget(again)
    assert asked and again.note.toPlainText() == "调入材料待补"


def test_meeting_draft_comes_back_and_goes_on_save(qtbot, demo_ctx, asked) -> None:
    first = MeetingDialog(demo_ctx, kind=MeetingKind.PARTY_LECTURE)
    first.title.setText("七月党课")
    first.lecturer.setText("李书记")
    first.content.setPlainText("学习 <党章> & 讨论 😀")
    qtbot.waitUntil(lambda: first.draft.path.exists())
    path = first.draft.path
    first.deleteLater()
    qtbot.waitSignal(first.destroyed)
    second = MeetingDialog(demo_ctx, kind=MeetingKind.COMMITTEE_MEETING)
    qtbot.addWidget(second)
    assert asked and second.current_kind() == MeetingKind.PARTY_LECTURE
    assert second.title.text() == "七月党课" and second.lecturer.text() == "李书记"
    assert second.content.toPlainText() == "学习 <党章> & 讨论 😀"
    second.message = lambda *a, **k: None
    assert second.save() and not path.exists()


@pytest.mark.qt_no_exception_capture
@pytest.mark.qt_log_ignore("does not support propagateSizeHints")  # offscreen platform, shown dialog
def test_error_in_a_meeting_dialog_slot_shows_the_dialog_keeps_running_and_keeps_the_draft(
        qtbot, demo_ctx, asked, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.gui import application
    from app.gui.dialogs import meeting_dialog

    monkeypatch.delenv("DANGJIAN_GUI_RAISE", raising=False)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    application.install_excepthook()

    dialog = MeetingDialog(demo_ctx, kind=MeetingKind.THEME_DAY)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.title.setText("主题党日：重温入党誓词")
    dialog.theme.setText("重温入党誓词")

    def bug(*_a, **_k):
        raise RuntimeError("a bug in the save")

    monkeypatch.setattr(meeting_dialog.meeting_ops.meetings, "create_meeting", bug)
    dialog.ask_keep_draft = lambda: meeting_dialog.KEEP  # at teardown's close
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # before the draft timer fired
    assert shown and "意外错误" in shown[0]
    assert dialog.isVisible() and dialog.result() == 0  # still open, nothing lost
    saved = json.loads(dialog.draft.path.read_text(encoding="utf-8"))
    assert saved["values"]["title"] == "主题党日：重温入党誓词"
    dialog.title.setText("还能继续输入")  # the app keeps running
    assert dialog.title.text() == "还能继续输入"
