"""The import preview: rows and their errors shown before anything is written; 导入 gated on errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.gui import operations
from app.gui.dialogs.import_dialog import ImportDialog
from app.gui.models.import_preview import ERROR_BACKGROUND, ImportPreviewModel
from app.services import members
from tests.roster_files import id_for, person, roster


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []
    for kind in ("information", "warning"):
        monkeypatch.setattr(QMessageBox, kind, lambda _p, title, text, *a, kind=kind: shown.append((kind, text)))
    return shown


def _open(ctx, qtbot, path: Path | None = None) -> ImportDialog:
    """The dialog, once its file has been read and checked on the worker thread."""
    dialog = ImportDialog(ctx, path=path)
    qtbot.addWidget(dialog)
    operations.wait_for_all()
    return dialog


def _click_import(qtbot, dialog: ImportDialog) -> None:
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: operations.running() == 0)
    operations.wait_for_all()  # the re-read after a failed import


def _bad_file(tmp_path: Path) -> Path:
    bad_id = id_for(2)[:17] + ("1" if id_for(2)[17] != "1" else "2")
    return roster(tmp_path / "r.xlsx", [person(1), person(2, 公民身份号码=bad_id), person(3)])


def test_preview_shows_errors_in_red_and_blocks_import(qtbot, ctx, tmp_path: Path, messages) -> None:
    dialog = _open(ctx, qtbot, _bad_file(tmp_path))
    model = dialog.model
    assert model.rowCount() == 3
    assert model.headerData(1, Qt.Orientation.Horizontal) == "检查结果"
    bad = model.index(1, 1)
    assert model.data(model.index(1, 0)) == "第4行"
    assert "校验位错误" in model.data(bad)
    assert model.data(bad, Qt.ItemDataRole.BackgroundRole).color() == ERROR_BACKGROUND
    assert model.data(model.index(0, 1)) == "正确"
    assert model.data(model.index(0, 1), Qt.ItemDataRole.BackgroundRole) is None
    assert "1行有错误" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()
    with ctx.uow() as uow:
        assert members.count_members(uow) == 0  # the preview wrote nothing

    dialog.only_errors_box.setChecked(True)
    assert model.rowCount() == 1
    dialog.skip_box.setChecked(True)
    assert dialog.import_button.isEnabled()
    _click_import(qtbot, dialog)
    assert dialog.result is not None and dialog.result.imported == 2
    assert dialog.result.skipped[0].row_number == 4
    assert messages[-1][0] == "information" and "已导入 2 人" in messages[-1][1]
    with ctx.uow() as uow:
        assert members.count_members(uow) == 2


def test_clean_file_imports(qtbot, ctx, tmp_path: Path, messages) -> None:
    dialog = _open(ctx, qtbot, roster(tmp_path / "r.xlsx", [person(1), person(2)]))
    assert "将新建党支部：第一党支部" in dialog.summary.text()
    assert dialog.import_button.isEnabled()
    assert not dialog.skip_box.isEnabled()
    id_column = 2 + list(dialog.report.columns).index("id_number")
    assert "*" in dialog.model.data(dialog.model.index(0, id_column))  # masked on screen
    phone_column = 2 + list(dialog.report.columns).index("phone")
    assert "****" in dialog.model.data(dialog.model.index(0, phone_column))
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    with ctx.uow() as uow:
        assert members.count_members(uow) == 2


def test_unreadable_file_says_why(qtbot, ctx, tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    path.write_text("姓名,身份证号\n", encoding="utf-8")
    dialog = _open(ctx, qtbot, path)
    assert "CSV" in dialog.summary.text()
    assert dialog.model.rowCount() == 0
    assert not dialog.import_button.isEnabled()


def test_store_changed_since_preview(qtbot, ctx, tmp_path: Path, messages) -> None:
    path = roster(tmp_path / "r.xlsx", [person(1)])
    dialog = _open(ctx, qtbot, path)
    with ctx.uow() as uow:  # someone imports the same file meanwhile
        from app.documents.roster_files import import_roster

        import_roster(uow, path)
        uow.commit()
    _click_import(qtbot, dialog)
    assert messages[-1][0] == "warning" and "重复" in messages[-1][1]
    assert dialog.result is None
    assert not dialog.import_button.isEnabled()


def test_model_passes_qtmodeltester(qtmodeltester, ctx, tmp_path: Path) -> None:
    from app.documents.roster_files import preview_import

    with ctx.uow() as uow:
        report = preview_import(uow, _bad_file(tmp_path))
    model = ImportPreviewModel()
    model.set_rows(report.rows, report.columns)
    qtmodeltester.check(model)


def test_cancel_while_reading_a_long_file(qtbot, ctx, tmp_path: Path, monkeypatch) -> None:
    import threading

    from app.documents import roster_files

    path = roster(tmp_path / "r.xlsx", [person(i) for i in range(1, 700)])
    pressed = threading.Event()
    read = roster_files.read_roster
    monkeypatch.setattr(roster_files, "read_roster", lambda *a, **k: pressed.wait(5) and read(*a, **k))
    dialog = ImportDialog(ctx, path=path)
    qtbot.addWidget(dialog)
    assert dialog.operation is not None
    dialog.operation.cancel()  # what 取消 in the progress window does, while the file is being read
    pressed.set()
    operations.wait_for_all()
    assert "已取消" in dialog.summary.text()
    assert dialog.model.rowCount() == 0
    assert not dialog.import_button.isEnabled()


def test_dropping_a_file_loads_it(qtbot, ctx, tmp_path: Path) -> None:
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    dialog = _open(ctx, qtbot)
    assert dialog.model.rowCount() == 0
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(roster(tmp_path / "r.xlsx", [person(1)])))])
    event = QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    dialog.dropEvent(event)
    operations.wait_for_all()
    assert dialog.model.rowCount() == 1
    assert dialog.import_button.isEnabled()


def test_read_only_store_cannot_import(qtbot, ctx, tmp_path: Path) -> None:
    ctx.read_only = True
    dialog = _open(ctx, qtbot, roster(tmp_path / "r.xlsx", [person(1)]))
    assert dialog.model.rowCount() == 1
    assert not dialog.import_button.isEnabled()


def test_import_takes_a_verified_backup_first(qtbot, ctx, tmp_path: Path, messages) -> None:
    from app import paths

    dialog = _open(ctx, qtbot, roster(tmp_path / "r.xlsx", [person(1)]))
    assert not list(paths.backups_dir().glob("*导入前*"))
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    backups = list(paths.backups_dir().glob("*导入前*.sqlite"))
    assert len(backups) == 1 and dialog.safety == backups[0]
    assert "导入前的数据已备份到" in messages[-1][1]


def test_failed_backup_stops_the_import(qtbot, ctx, tmp_path: Path, messages, monkeypatch) -> None:
    from app.errors import StoreError
    from app.services import backup

    def broken(_store, _reason):
        raise StoreError("备份失败：磁盘已满")

    monkeypatch.setattr(backup, "safety_backup", broken)
    dialog = _open(ctx, qtbot, roster(tmp_path / "r.xlsx", [person(1)]))
    _click_import(qtbot, dialog)
    assert messages[-1][0] == "warning" and "磁盘已满" in messages[-1][1]
    with ctx.uow() as uow:
        assert members.count_members(uow) == 0


def test_an_exported_roster_previews_both_sheets_and_names_the_sheet(qtbot, school_ctx, tmp_path: Path,
                                                                      messages) -> None:
    """The export's 党员花名册 and 入党申请人等 sheets are both read; a bad row says which sheet it is on."""
    import openpyxl

    from app.context import open_context
    from app.documents import roster_file_cases

    path = roster_file_cases.export_roster_file(school_ctx, tmp_path / "花名册.xlsx").path
    wb = openpyxl.load_workbook(path)
    ws = wb["入党申请人等"]
    column = [c.value for c in ws[2]].index("公民身份号码") + 1
    ws.cell(row=4, column=column).value = "123"
    wb.save(path)
    fresh = open_context(tmp_path / "fresh.sqlite")
    try:
        dialog = _open(fresh, qtbot, path)
        model = dialog.model
        assert model.rowCount() == 45
        assert model.data(model.index(0, 0)) == "党员花名册 第3行"
        bad = next(r for r in range(model.rowCount()) if model.row_at(r).errors)
        assert model.data(model.index(bad, 0)) == "入党申请人等 第4行"
        assert model.data(model.index(bad, 0), Qt.ItemDataRole.ToolTipRole) == "工作表“入党申请人等”第4行"
        summary = dialog.summary.text()
        assert "工作表“党员花名册”39行、工作表“入党申请人等”6行" in summary and "1行有错误" in summary
        assert not dialog.import_button.isEnabled()
        dialog.skip_box.setChecked(True)
        _click_import(qtbot, dialog)
        assert dialog.result is not None and dialog.result.imported == 44
        text = messages[-1][1]
        assert "已导入 44 人（党员 39 人，入党申请人等 5 人）" in text and "工作表“入党申请人等”第4行" in text
    finally:
        fresh.close()
