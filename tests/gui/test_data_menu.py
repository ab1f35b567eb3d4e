"""「数据」menu, audit-log viewer and account management, driven as a user would."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.enums import Role
from app.gui import operations
from app.gui.dialogs.accounts_dialog import AccountsDialog, NewAccountDialog
from app.gui.dialogs.audit_dialog import AuditDialog
from app.gui.main_window import MainWindow
from app.gui.models.audit_model import AuditTableModel
from app.services import backup, organizations
from app.services.audit import AuditQuery
from app.store.uow import Actor


@pytest.fixture
def window(demo_ctx, qtbot):
    win = MainWindow(demo_ctx)
    qtbot.addWidget(win)
    told: list[tuple[str, bool]] = []
    win.data_actions.notify = lambda text, warn=False: told.append((text, warn))
    win.told = told
    return win


@pytest.fixture
def reported(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What `report_error` would have shown (the one place errors become dialogs)."""
    shown: list[str] = []
    monkeypatch.setattr(operations, "report_error", lambda exc, parent=None, title="": shown.append(f"{title}|{exc}"))
    return shown


def _finished(op):
    """Wait for a background operation to call back (the window keeps painting meanwhile)."""
    assert op is not None
    operations.wait_for_all()
    assert operations.running() == 0
    return op


def test_menu_has_the_four_entries(window) -> None:
    titles = [a.text() for a in window.data_actions.menu.actions() if a.text()]
    assert titles == ["备份到U盘…", "从备份恢复…", "审计日志…", "账号管理…"]


def test_backup_to_usb_success_and_vanished_folder(window, tmp_path: Path, reported) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    window.data_actions.choose_folder = lambda: str(usb)
    op = _finished(window.data_actions.backup_to_usb())
    assert op.result is not None and op.result.parent == usb
    assert window.told[-1] == (window.told[-1][0], False) and "已校验" in window.told[-1][0]
    window.data_actions.choose_folder = lambda: str(tmp_path / "pulled")
    op = _finished(window.data_actions.backup_to_usb())
    assert op.result is None and len(window.told) == 1
    assert "备份到U盘|" in reported[-1] and "U盘" in reported[-1].split("|", 1)[1]


def test_restore_from_menu_replaces_and_rebuilds(window, demo_ctx) -> None:
    saved = backup.safety_backup(demo_ctx.store, "测试")
    with demo_ctx.store.engine.begin() as con:
        con.exec_driver_sql("UPDATE school SET name = '改名学校'")
    window.reset_tabs()
    assert "改名学校" in window.tab_widget("首页").school.text()
    window.data_actions.choose_file = lambda: str(saved)
    asked: list[str] = []
    window.data_actions.confirm = lambda text: asked.append(text) or False
    assert window.data_actions.restore() is None
    assert "青山镇中心学校" in asked[0]
    window.data_actions.confirm = lambda text: True
    op = _finished(window.data_actions.restore())
    assert op.error is None
    assert "恢复前的数据已另存为" in window.told[-1][0]
    assert "青山镇中心学校" in window.tab_widget("首页").school.text()


def test_restore_is_refused_for_a_viewer(window, demo_ctx, reported) -> None:
    saved = backup.safety_backup(demo_ctx.store, "测试")
    demo_ctx.actor = Actor("v", Role.VIEWER)
    window.data_actions.choose_file = lambda: str(saved)
    window.data_actions.confirm = lambda text: True
    op = _finished(window.data_actions.restore())
    assert op.error is not None and window.told == []
    assert "无权" in reported[-1]
    window.data_actions.show_audit()
    assert reported[-1].startswith("审计日志|") and "无权" in reported[-1]


def test_a_viewer_cannot_back_up_to_usb(window, demo_ctx, tmp_path: Path, reported) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    demo_ctx.actor = Actor("v", Role.VIEWER)
    window.data_actions.choose_folder = lambda: str(usb)
    _finished(window.data_actions.backup_to_usb())
    assert "无权" in reported[-1] and list(usb.iterdir()) == []


def test_audit_model_pages_and_passes_the_model_tester(demo_ctx, qtmodeltester) -> None:
    model = AuditTableModel(demo_ctx)
    model.set_query(AuditQuery())
    assert model.total > 50
    qtmodeltester.check(model)


def test_audit_dialog_filters_and_exports(demo_ctx, qtbot, tmp_path: Path) -> None:
    dialog = AuditDialog(demo_ctx)
    qtbot.addWidget(dialog)
    total = dialog.model.total
    dialog.entity.setCurrentIndex(dialog.entity.findData("organization"))
    assert 0 < dialog.model.total < total and "共" in dialog.status.text()
    dialog.table.selectRow(0)
    dialog.table.setCurrentIndex(dialog.model.index(0, 0))
    assert "原值" in dialog.detail.toPlainText()
    told: list[str] = []
    dialog.notify = lambda text, warn=False: told.append(text)
    op = _finished(dialog.export(str(tmp_path / "a.xlsx")))
    assert op.result is not None and op.result.exists() and "已导出" in told[-1]


def test_accounts_dialog_adds_a_branch_secretary(demo_ctx, qtbot) -> None:
    dialog = AccountsDialog(demo_ctx)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 0
    new = NewAccountDialog(demo_ctx)
    qtbot.addWidget(new)
    new.username.setText("sec1")
    new.role.setCurrentIndex(new.role.findData(Role.BRANCH_SECRETARY.value))
    assert new.branch.isEnabled()
    new.password.setText("secret-1")
    new.confirm.setText("secret-1")
    new.save()
    assert new.result() == NewAccountDialog.DialogCode.Accepted
    dialog.refresh()
    with demo_ctx.uow() as uow:
        branch = organizations.branches(uow)[0].name
    assert dialog.table.item(0, 0).text() == "sec1" and dialog.table.item(0, 3).text() == branch
