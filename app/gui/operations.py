"""One way for the GUI to run a use case (after Anki's `aqt.operations` CollectionOp/QueryOp).

    Operation(self, lambda progress: backup_cases.back_up_now(ctx, progress=progress), title="备份") \\
        .success(lambda result: ...).run()

The use case runs on a worker thread, so the window keeps painting; long work gets a progress dialog
(shown only if it takes longer than a moment) with 取消 where the use case supports it. Success and
failure callbacks run back on the GUI thread. A failure nobody handles ends in `report_error`, the one
place that turns a KnownError into a plain Chinese dialog and a bug into the logged-error dialog.

`run_now` is for the few calls that must answer before the next line runs (reading a record to fill a
form, a save of a handful of rows): it runs on the GUI thread and reports errors the same way.
"""

from __future__ import annotations

import gc
import logging
import threading
from collections import deque
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Qt, QThreadPool, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from app.errors import KnownError
from app.services.progress import Cancelled, Progress

T = TypeVar("T")
log = logging.getLogger("dangjian.gui")

_running: set[Operation[Any]] = set()  # kept alive until their callbacks have run
# Finished ones stay referenced a while longer: the worker thread may still be returning from run() when
# the GUI thread has called back, and its last reference must not delete the signals' QObject there.
_retired: deque[Operation[Any]] = deque(maxlen=32)


_operations_pool: QThreadPool | None = None


def _pool() -> QThreadPool:
    """The operations' own threads: waiting for them (below) never waits for anything else Qt runs."""
    global _operations_pool
    if _operations_pool is None:
        _operations_pool = QThreadPool(QApplication.instance())
    return _operations_pool


def _gc_paused(on: bool) -> None:
    """Python's cyclic garbage collector runs in whichever thread happens to allocate. Collected in a worker
    thread, a cycle holding Qt wrappers deletes QObjects off the GUI thread and crashes the program. So
    while any operation's worker runs, automatic collection is off; when the last one has called back,
    the GUI thread collects what piled up.

    What piled up is all in the youngest generation (nothing is promoted while collection is off), so that
    generation is collected, not the whole heap: a full collection walks every live object (the county
    store's lists, SQLAlchemy's caches), about 0.1 s on the GUI thread after each operation.

    "Runs" means until the worker has returned, not until it has reported: its callback can reach the GUI
    thread first."""
    if on:
        gc.disable()
    else:
        # The last worker has reported, but may still be returning from run(), in Python: turned on now,
        # a collection could start in that thread. Its remaining steps take microseconds.
        _pool().waitForDone(1000)
        gc.enable()
        gc.collect(0)


def running() -> int:
    """How many operations have not finished yet (tests wait for 0)."""
    return len(_running)


def report_error(exc: BaseException, parent: QWidget | None = None, title: str = "") -> None:
    """A KnownError → its message in a warning box; Cancelled → nothing to say; anything else → a bug."""
    if isinstance(exc, Cancelled):
        return
    from app.gui.application import show_error

    show_error(exc, parent, title=title)


def run_now(parent: QWidget | None, work: Callable[[], T], title: str = "") -> T | None:
    """Run a quick use case on the GUI thread; on a KnownError show it and return None."""
    try:
        return work()
    except KnownError as exc:
        report_error(exc, parent, title)
        return None


class _Signals(QObject):
    progressed = Signal(int, int, str)
    finished = Signal(object, object)  # (result, error)


class _Job:
    """The work and its reporter. Started as a plain callable: Qt then owns the QRunnable it wraps it in,
    so no Python-owned QRunnable can be deleted by the GUI thread while the pool still returns from run()."""

    def __init__(self, work: Callable[[Progress], Any], signals: _Signals, cancel: threading.Event) -> None:
        self._work = work
        self._signals = signals
        self._cancel = cancel

    def report(self, done: int, total: int = 0, text: str = "") -> None:
        if self._cancel.is_set():
            raise Cancelled()
        self._signals.progressed.emit(int(done), int(total), text)

    def run(self) -> None:
        try:
            # A 取消 pressed after the work finished is too late: a committed import must not be
            # reported as cancelled ("nothing was written"), so the result stands.
            result = self._work(self.report)
        except BaseException as exc:  # handed to the GUI thread, which decides what the user sees
            self._finish(None, exc)
            return
        self._finish(result, None)

    def _finish(self, result: object, error: BaseException | None) -> None:
        try:
            self._signals.finished.emit(result, error)
        except RuntimeError:  # the application quit while the work ran: nobody is left to tell
            log.info("operation finished after its window was gone", exc_info=error)


class _ProgressDialog(QProgressDialog):
    """Esc and the title bar's × do what 取消 does; where the work cannot be cancelled they do nothing (the
    dialog hid, the window was usable again and the work went on, and a × even set the cancel flag of work
    that never expected it)."""

    def __init__(self, label: str, cancellable: bool, parent: QWidget | None) -> None:
        super().__init__(label, "取消" if cancellable else "", 0, 0, parent)
        self.cancellable = cancellable
        self._finishing = False
        if not cancellable:
            self.setCancelButton(None)

    def reject(self) -> None:  # Esc (where Qt's own Esc shortcut for 取消 did not take it)
        if self.cancellable:
            self.canceled.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._finishing or self.cancellable:
            super().closeEvent(event)  # emits canceled, as 取消 does
        else:
            event.ignore()

    def finish(self) -> None:
        """The work has reported back: close for good (no cancel any more)."""
        self._finishing = True
        self.close()


class Operation(Generic[T]):
    """A use case run in the background with progress, cancel and callbacks on the GUI thread."""

    def __init__(self, parent: QWidget | None, work: Callable[[Progress], T], *, title: str,
                 label: str = "正在处理，请稍候…", cancellable: bool = False, delay_ms: int = 400,
                 quiet: bool = False, commits: bool = True) -> None:
        """`quiet`: a read that fills part of a window (Anki's QueryOp): no progress dialog ever, the window
        stays usable and shows its own 正在读取… until `success` fills it.

        `commits`: the work writes something that stays (an import, a backup), so a 取消 that comes after
        it finished is too late and the result stands. `commits=False` (a PDF made for the print preview):
        a 取消 (or Esc) pressed while the last pages were being written still cancels, and `success` is
        not called."""
        self.parent = parent
        self.quiet = quiet
        self.title = title
        self.label = label
        self.cancellable = cancellable
        self.delay_ms = delay_ms
        self.commits = commits
        self._work = work
        self._on_success: Callable[[T], None] | None = None
        self._on_failure: Callable[[BaseException], None] | None = None
        self._on_done: Callable[[], None] | None = None
        self._cancel = threading.Event()
        self._signals = _Signals()
        self._dialog: _ProgressDialog | None = None
        self.result: T | None = None
        self.error: BaseException | None = None

    def success(self, callback: Callable[[T], None]) -> Operation[T]:
        self._on_success = callback
        return self

    def failure(self, callback: Callable[[BaseException], None]) -> Operation[T]:
        """Handle a failure yourself (the default shows it through `report_error`)."""
        self._on_failure = callback
        return self

    def finally_(self, callback: Callable[[], None]) -> Operation[T]:
        self._on_done = callback
        return self

    def cancel(self) -> None:
        self._cancel.set()

    def run(self) -> Operation[T]:
        self._dialog = None if self.quiet else self._make_dialog()
        self._signals.progressed.connect(self._progressed, Qt.ConnectionType.QueuedConnection)
        self._signals.finished.connect(self._finished, Qt.ConnectionType.QueuedConnection)
        if not _running:
            _gc_paused(True)
        _running.add(self)
        self._job = _Job(self._work, self._signals, self._cancel)
        _pool().start(self._job.run)
        return self

    def _make_dialog(self) -> _ProgressDialog:
        dialog = _ProgressDialog(self.label, self.cancellable, self.parent)
        dialog.setWindowTitle(self.title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(self.delay_ms)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumWidth(360)
        dialog.canceled.connect(self._user_cancelled)
        dialog.setValue(0)  # starts the minimum-duration timer: shown only if the work takes a while
        return dialog

    def _user_cancelled(self) -> None:
        if not self.cancellable:
            return
        self._cancel.set()
        if self._dialog is not None:
            self._dialog.setLabelText("正在取消…")

    def _progressed(self, done: int, total: int, text: str) -> None:
        dialog = self._dialog
        if dialog is None or not shiboken6.isValid(dialog):
            return
        if total > 0:
            dialog.setMaximum(total)
            dialog.setValue(min(done, total))
        if text:
            dialog.setLabelText(text)

    def _finished(self, result: Any, error: BaseException | None) -> None:
        if self._dialog is not None and shiboken6.isValid(self._dialog):  # gone with a closed window
            self._dialog.canceled.disconnect(self._user_cancelled)
            self._dialog.finish()
            self._dialog.deleteLater()
        self._dialog = None
        if error is None and self._cancel.is_set() and not self.commits:
            result, error = None, Cancelled()
        self.result, self.error = result, error
        try:
            if self.parent is not None and not shiboken6.isValid(self.parent):
                (log.warning if error else log.info)("%s finished after its window was closed", self.title,
                                                     exc_info=error)
            elif error is None:
                if self._on_success is not None:
                    self._on_success(result)
            elif self._on_failure is not None:
                self._on_failure(error)
            elif isinstance(error, KnownError):
                report_error(error, self.parent, self.title)
            else:
                raise error  # a bug: the global excepthook logs it and shows the error dialog
        finally:
            _running.discard(self)
            _retired.append(self)
            if not _running:
                _gc_paused(False)
            if self._on_done is not None:
                self._on_done()


def wait_for_all(timeout_ms: int = 10_000) -> None:
    """Process events until every operation has called back (tests; closing the main window)."""
    import time

    deadline = time.monotonic() + timeout_ms / 1000
    app = QApplication.instance()
    while _running and time.monotonic() < deadline:
        _pool().waitForDone(20)
        if app is not None:
            app.processEvents()
