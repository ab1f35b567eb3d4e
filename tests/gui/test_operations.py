"""The operation runner: work off the GUI thread, callbacks on it, progress, cancel, one error dialog."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QPushButton, QWidget

from app.errors import ValidationError
from app.gui import operations
from app.gui.operations import Operation, run_now
from app.services.progress import Cancelled


@pytest.fixture
def parent(qtbot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def test_work_runs_on_a_worker_thread_and_success_on_the_gui_thread(qtbot, parent) -> None:
    seen: dict[str, object] = {}

    def work(progress):
        seen["worker"] = threading.current_thread()
        progress(1, 2, "一半")
        return 42

    def done(result: int) -> None:
        seen["result"] = result
        seen["callback"] = threading.current_thread()

    Operation(parent, work, title="测试").success(done).run()
    qtbot.waitUntil(lambda: "result" in seen)
    assert seen["result"] == 42
    assert seen["worker"] is not threading.main_thread()
    assert seen["callback"] is threading.main_thread()
    assert operations.running() == 0


def test_known_error_becomes_one_warning_dialog(qtbot, parent, monkeypatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text, *a, **k: shown.append(f"{title}|{text}"))

    def work(progress):
        raise ValidationError("年份超出范围")

    called: list[object] = []
    Operation(parent, work, title="打印").success(called.append).run()
    qtbot.waitUntil(lambda: operations.running() == 0)
    assert shown == ["打印|年份超出范围"]
    assert called == []


def test_failure_callback_replaces_the_dialog(qtbot, parent, monkeypatch) -> None:
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: pytest.fail("no dialog expected"))
    errors: list[BaseException] = []
    Operation(parent, lambda p: (_ for _ in ()).throw(ValidationError("坏")), title="x").failure(errors.append).run()
    qtbot.waitUntil(lambda: bool(errors))
    assert str(errors[0]) == "坏"


def test_cancel_stops_at_the_next_progress_report(qtbot, parent, monkeypatch) -> None:
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: pytest.fail("cancel is not an error to show"))
    started = threading.Event()
    release = threading.Event()
    reached: list[int] = []

    def work(progress):
        started.set()
        release.wait(5)
        for i in range(100):
            progress(i, 100)
            reached.append(i)
        return "done"

    errors: list[BaseException] = []
    op = Operation(parent, work, title="导入", cancellable=True).failure(errors.append).run()
    assert started.wait(5)
    op.cancel()
    release.set()
    qtbot.waitUntil(lambda: bool(errors))
    assert isinstance(errors[0], Cancelled)
    assert reached == []


def test_run_now_reports_known_errors_and_returns_none(parent, monkeypatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: shown.append(text))

    def bad() -> int:
        raise ValidationError("日期不存在")

    assert run_now(parent, bad) is None
    assert run_now(parent, lambda: 7) == 7
    assert shown == ["日期不存在"]


def test_no_garbage_collection_runs_in_a_worker_thread(qtbot, parent) -> None:
    """A cycle of Qt wrappers collected off the GUI thread deletes QObjects there and crashes: while a
    worker runs, automatic collection is off, and it is back on (having collected) once all called back."""
    import gc

    seen: dict[str, bool] = {}

    def work(progress):
        seen["enabled_in_worker"] = gc.isenabled()
        return 1

    assert gc.isenabled()
    Operation(parent, work, title="测试").success(lambda _r: seen.setdefault("done", True)).run()
    qtbot.waitUntil(lambda: "done" in seen and operations.running() == 0)
    assert seen["enabled_in_worker"] is False
    assert gc.isenabled()


def test_collection_comes_back_on_only_once_the_worker_has_returned(qtbot, parent, monkeypatch) -> None:
    """The callback can run while the worker is still returning from run() (it has only reported):
    collection turned on then could start in that thread, on what the GUI thread left behind."""
    import gc
    import time

    returned = threading.Event()
    seen: dict[str, bool] = {}
    finish = operations._Job._finish

    def slow_return(job, result, error) -> None:
        finish(job, result, error)
        time.sleep(0.3)  # the callback runs meanwhile
        returned.set()

    real_enable = gc.enable

    def enable() -> None:
        seen.setdefault("worker_returned", returned.is_set())
        real_enable()

    monkeypatch.setattr(operations._Job, "_finish", slow_return)
    monkeypatch.setattr(operations.gc, "enable", enable)
    Operation(parent, lambda _p: 1, title="测试").success(lambda _r: seen.setdefault("done", True)).run()
    qtbot.waitUntil(lambda: "done" in seen and operations.running() == 0)
    assert seen["worker_returned"] is True and gc.isenabled()


def test_the_collection_after_an_operation_is_the_young_generation_only(qtbot, parent) -> None:
    """What piled up while collection was off is collected on the GUI thread, and only that: a full
    collection walks every live object (about 0.1 s with the county store loaded) after each operation."""
    import gc
    import threading

    collected: list[tuple[int, bool]] = []

    def watch(phase: str, info: dict) -> None:
        if phase == "start":
            collected.append((info["generation"], threading.current_thread() is threading.main_thread()))

    def work(progress):
        class Cycle:
            pass

        for _ in range(2000):  # garbage cycles made in the worker: they wait for the GUI thread
            c = Cycle()
            c.me = c  # type: ignore[attr-defined]
        return 1

    done: list[int] = []
    gc.callbacks.append(watch)
    try:
        Operation(parent, work, title="测试").success(done.append).run()
        qtbot.waitUntil(lambda: bool(done) and operations.running() == 0)
    finally:
        gc.callbacks.remove(watch)
    assert collected, "what the worker left was never collected"
    assert all(on_gui for _g, on_gui in collected)
    assert max(g for g, _on_gui in collected) < 2


def test_an_operation_whose_window_closed_first_calls_nobody(qtbot) -> None:
    """A quiet read (no progress dialog) and a long one finish after their window was deleted: no callback
    runs on the dead widget, nothing raises."""
    import threading

    import shiboken6
    from PySide6.QtWidgets import QApplication, QWidget

    from app.gui import operations

    for quiet in (True, False):
        window = QWidget()
        gate = threading.Event()
        called: list[object] = []
        operations.Operation(window, lambda _p, gate=gate: gate.wait(5) and 1, title="读取", quiet=quiet,
                             delay_ms=0).success(called.append).run()
        QApplication.processEvents()
        assert (window.findChild(operations.QProgressDialog) is None) == quiet  # quiet: never a dialog
        shiboken6.delete(window)  # the window closed and gone (WA_DeleteOnClose)
        gate.set()
        operations.wait_for_all()
        assert called == []



def _shown_dialog(qtbot, op: Operation) -> QProgressDialog:
    dialog = op._dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


@pytest.mark.parametrize("how", ["button", "escape", "close"])
def test_escape_or_closing_the_progress_dialog_cancels_like_its_button(qtbot, parent, monkeypatch, how) -> None:
    """The 会议记录汇编: Esc on its progress dialog hid the dialog and the print preview opened anyway. Esc
    came while the last pages were being written, after the last progress report: too late for work that
    commits (an import's result stands), not for a PDF made only to be previewed."""
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: pytest.fail("cancel is not an error to show"))
    last_page = threading.Event()
    release = threading.Event()

    def work(progress):
        for i in range(3):
            progress(i, 3)
        last_page.set()
        release.wait(5)  # writing the file: no more progress reports
        return "preview"

    results: list[object] = []
    errors: list[BaseException] = []
    parent.show()
    op = Operation(parent, work, title="打印预览", cancellable=True, delay_ms=0, commits=False) \
        .success(results.append).failure(errors.append).run()
    dialog = _shown_dialog(qtbot, op)
    assert last_page.wait(5)
    if how == "button":
        qtbot.mouseClick(dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)
    elif how == "escape":
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    else:
        dialog.close()
    release.set()
    qtbot.waitUntil(lambda: bool(errors or results))
    assert results == []
    assert isinstance(errors[0], Cancelled) and isinstance(op.error, Cancelled)


def test_a_late_cancel_leaves_the_result_of_work_that_commits(qtbot, parent) -> None:
    release = threading.Event()
    results: list[object] = []
    parent.show()
    op = Operation(parent, lambda p: release.wait(5) and "imported", title="导入", cancellable=True, delay_ms=0) \
        .success(results.append).run()
    qtbot.keyClick(_shown_dialog(qtbot, op), Qt.Key.Key_Escape)
    release.set()
    qtbot.waitUntil(lambda: operations.running() == 0)
    assert results == ["imported"]


def test_escape_and_close_leave_the_dialog_of_work_that_cannot_be_cancelled(qtbot, parent) -> None:
    release = threading.Event()
    reports: list[int] = []

    def work(progress):
        release.wait(5)
        progress(1, 1)  # would raise Cancelled had the × set the cancel flag
        reports.append(1)
        return "restored"

    results: list[object] = []
    parent.show()
    op = Operation(parent, work, title="恢复", delay_ms=0).success(results.append).run()
    dialog = _shown_dialog(qtbot, op)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    dialog.close()
    try:
        assert dialog.isVisible()
    finally:
        release.set()
        qtbot.waitUntil(lambda: operations.running() == 0)
    assert results == ["restored"] and reports == [1]
