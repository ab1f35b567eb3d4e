"""Keyboard use: Ctrl+N opens a new-member form, Enter on a roster row opens that member."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.gui.dialogs.member_dialog import MemberDialog
from app.gui.tabs.org_setup import OrgSetupTab


@pytest.mark.qt_log_ignore("does not support propagateSizeHints")
def test_ctrl_n_adds_and_enter_edits(demo_ctx, qtbot, answer_modal) -> None:
    tab = OrgSetupTab(demo_ctx)
    qtbot.addWidget(tab)
    tab.resize(1200, 700)
    with qtbot.waitActive(tab):
        tab.show()
        tab.activateWindow()
    tab.roster.table.selectRow(1)
    tab.roster.table.setFocus()
    opened: list[MemberDialog] = []
    # Ctrl+N first: the offscreen platform does not hand activation back after a dialog closes.
    answer_modal(lambda d: (opened.append(d), d.reject()))
    qtbot.keyClick(tab.roster.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert len(opened) == 1 and opened[0].member_id is None
    answer_modal(lambda d: (opened.append(d), d.reject()))
    qtbot.keyClick(tab.roster.table, Qt.Key.Key_Return)
    assert len(opened) == 2 and opened[1].member_id == tab.roster.selected().id
