"""首页: the compliance grid, the reminders to set a password and to back up, and the last backup."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from app.gui.login_dialog import SetAdminPasswordDialog
from app.gui.tabs.home import HomeTab
from app.gui.widgets.dashboard_parts import AlertRow
from app.services import accounts, backup, organizations


def _rows(home: HomeTab) -> dict[str, AlertRow]:
    """Rows on show now (replaced rows are deleted on the next event-loop turn: callers wait for it)."""
    return {r.alert.title: r for r in home.findChildren(AlertRow)}


def test_compliance_grid_fills_after_first_paint(demo_ctx, qtbot) -> None:
    home = HomeTab(demo_ctx)
    qtbot.addWidget(home)
    assert not home.compliance_loaded  # the constructor leaves the heavy part for later
    home.show()  # counted once the page has painted (app/gui/after_paint.py)
    qtbot.waitUntil(lambda: home.compliance_loaded)
    with demo_ctx.uow() as uow:
        branches = organizations.branches(uow)
    assert home.compliance.grid.rowCount() == len(branches) + 1  # and the 党总支's committee row
    assert home.compliance.due.count() >= 1  # the demo has an honest gap
    assert "未完成" in home.compliance_note.text()


def test_password_reminder_button_opens_the_setup(demo_ctx, qtbot, monkeypatch) -> None:
    def fill_in(dialog: SetAdminPasswordDialog) -> int:
        dialog.password.setText("dangjian-2026")
        dialog.confirm.setText("dangjian-2026")
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(SetAdminPasswordDialog, "exec", fill_in)
    home = HomeTab(demo_ctx)
    qtbot.addWidget(home)
    row = _rows(home)["尚未设置管理员密码"]
    assert isinstance(row.link, QPushButton) and row.link.text() == "设置密码…"
    qtbot.mouseClick(row.link, Qt.MouseButton.LeftButton)
    with demo_ctx.uow() as uow:
        assert not accounts.needs_admin_password(uow)
    assert demo_ctx.actor.username == "admin"
    qtbot.waitUntil(lambda: "尚未设置管理员密码" not in _rows(home))


def test_backup_reminder_and_last_backup(demo_ctx, qtbot) -> None:
    home = HomeTab(demo_ctx)
    qtbot.addWidget(home)
    assert "超过7天没有备份" in _rows(home) and home.backup_note() == ("尚无备份", True)
    said: list[tuple[str, bool]] = []
    home.notify = lambda text, warning: said.append((text, warning))
    qtbot.mouseClick(_rows(home)["超过7天没有备份"].link, Qt.MouseButton.LeftButton)  # 「立即备份」
    assert said and not said[0][1] and "备份完成" in said[0][0]
    made = backup.last_backup(demo_ctx.store.path).path
    assert made.exists() and str(made) in said[0][0]
    qtbot.waitUntil(lambda: "超过7天没有备份" not in _rows(home))
    note, warn = home.backup_note()
    assert note.startswith("上次备份：") and "今天" in note and not warn
    # Eight days old: the reminder comes back and says when the last one was.
    old = made.with_name(made.name.replace(made.name.split("_")[-1], "20200101-080000.sqlite"))
    made.rename(old)
    home.refresh()
    qtbot.waitUntil(lambda: "超过7天没有备份" in _rows(home))
    assert "2020-01-01 08:00" in _rows(home)["超过7天没有备份"].alert.detail
    note, warn = home.backup_note()
    assert note.startswith("上次备份：2020-01-01 08:00") and warn


def test_backup_now_that_fails_says_why(demo_ctx, qtbot, monkeypatch) -> None:
    from app.errors import StoreError

    def full_disk(_store, _reason):
        raise StoreError("备份失败：磁盘空间不足")

    monkeypatch.setattr(backup, "safety_backup", full_disk)
    home = HomeTab(demo_ctx)
    qtbot.addWidget(home)
    said: list[tuple[str, bool]] = []
    home.notify = lambda text, warning: said.append((text, warning))
    home.backup_now()
    assert said == [("备份没有完成：\n备份失败：磁盘空间不足", True)]
    assert "超过7天没有备份" in _rows(home)
