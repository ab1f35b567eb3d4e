"""Drafts: what the user types into a form survives a crash or a power cut, and is offered back.

One line in any dialog, after its widgets are built and filled: `DraftKeeper(self, "member_edit:" + id)`.
Every named input (objectName set) is saved to the drafts folder shortly after each change; the draft
is discarded when the dialog is accepted, and offered back the next time a dialog with that key opens.

Drafts are personal data at rest in the data folder, so (README.md, 数据安全): a draft belongs to the
account that typed it (`set_owner` at login; another account never sees it), full ID and phone numbers
and passwords are never written into one, and on 取消 the user is asked whether to keep the draft.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import logging
import sys
import weakref
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QObject, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QTextEdit,
    QWidget,
)

from app import APP_NAME, paths
from app.files import write_text_atomically

log = logging.getLogger("dangjian.gui")
ASK_TEXT = "发现未保存的草稿，是否恢复？"
KEEP_TEXT = "刚才输入的内容还没有保存。是否保留为草稿，下次打开时继续？"
# Inputs whose text never goes into a draft file: full ID and phone numbers, passwords.
SENSITIVE_NAMES = ("id_number", "phone", "password")
_owner = ""


def set_owner(username: str) -> None:
    """The account whose drafts are kept and offered from now on (called after the login)."""
    global _owner
    _owner = username


def _ask_keep(parent: QWidget) -> bool:
    answer = QMessageBox.question(
        parent, APP_NAME, KEEP_TEXT,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes)
    return answer == QMessageBox.StandardButton.Yes


def _ask_user(parent: QWidget, saved_at: str) -> bool:
    answer = QMessageBox.question(
        parent, APP_NAME, f"{ASK_TEXT}\n（草稿保存于 {saved_at}）",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes)
    return answer == QMessageBox.StandardButton.Yes


_live: weakref.WeakSet[DraftKeeper] = weakref.WeakSet()


def flush_all() -> None:
    """Write every open form's draft now (before an error dialog, so a crash loses no typing)."""
    for keeper in list(_live):
        with contextlib.suppress(RuntimeError):  # its dialog may already be gone
            if keeper._timer.isActive():
                keeper.save()


def _install_flush_hook() -> None:
    """Chain a draft flush in front of whatever excepthook is current (the app's error dialog)."""
    current = sys.excepthook
    if getattr(current, "_flushes_drafts", False):
        return

    def hook(exc_type, exc, tb) -> None:
        with contextlib.suppress(Exception):
            flush_all()
        current(exc_type, exc, tb)

    hook._flushes_drafts = True  # type: ignore[attr-defined]
    sys.excepthook = hook


def name_widgets(owner: object, names: Iterable[str]) -> None:
    """Give the form's inputs objectNames from their attribute names, which is what DraftKeeper keeps."""
    for name in names:
        getattr(owner, name).setObjectName(name)


def draft_path(key: str, owner: str | None = None) -> Path:
    owner = _owner if owner is None else owner
    digest = hashlib.sha256(f"{owner}\n{key}".encode()).hexdigest()[:20]
    return paths.drafts_dir() / f"{digest}.json"


def _sensitive(widget: QWidget) -> bool:
    if isinstance(widget, QLineEdit) and widget.echoMode() != QLineEdit.EchoMode.Normal:
        return True
    return any(word in widget.objectName() for word in SENSITIVE_NAMES)


def _read(widget: QWidget) -> Any:
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        return widget.currentText()
    if isinstance(widget, QDateEdit):
        return widget.date().toString("yyyy-MM-dd")
    if isinstance(widget, QSpinBox):
        return widget.value()
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    return None


def _write(widget: QWidget, value: Any) -> None:
    if isinstance(widget, QLineEdit):
        widget.setText(str(value))
    elif isinstance(widget, QPlainTextEdit | QTextEdit):
        widget.setPlainText(str(value))
    elif isinstance(widget, QComboBox):
        if widget.isEditable():
            widget.setCurrentText(str(value))
        elif (index := widget.findText(str(value))) >= 0:
            widget.setCurrentIndex(index)
    elif isinstance(widget, QDateEdit):
        date = QDate.fromString(str(value), "yyyy-MM-dd")
        if date.isValid():
            widget.setDate(date)
    elif isinstance(widget, QSpinBox):
        widget.setValue(int(value))
    elif isinstance(widget, QCheckBox):
        widget.setChecked(bool(value))


def _signal(widget: QWidget):
    if isinstance(widget, QLineEdit):
        return widget.textChanged
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        return widget.textChanged
    if isinstance(widget, QComboBox):
        return widget.currentTextChanged
    if isinstance(widget, QDateEdit):
        return widget.dateChanged
    if isinstance(widget, QSpinBox):
        return widget.valueChanged
    if isinstance(widget, QCheckBox):
        return widget.toggled
    return None


class DraftKeeper(QObject):
    """Keeps one dialog's draft under `key`. `ask(parent, saved_at) -> bool` is injectable for tests."""

    def __init__(self, dialog: QDialog, key: str, *, delay_ms: int = 700,
                 ask: Callable[[QWidget, str], bool] | None = None, offer: bool = True,
                 keep: Callable[[QWidget], bool] | None = None) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        self.key = key
        self.owner = _owner
        self.path = draft_path(key, self.owner)
        self._keep = keep
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.save)
        self.widgets = {w.objectName(): w for w in dialog.findChildren(QWidget)
                        if w.objectName() and not w.objectName().startswith("qt_") and _signal(w) is not None
                        and not _sensitive(w)}
        self._initial = self.values()
        self._tracked: list[Callable[[], object]] = []
        self._initial_tracked: list[object] = []
        for widget in self.widgets.values():
            _signal(widget).connect(self._changed)
        dialog.accepted.connect(self.discard)
        dialog.rejected.connect(self._cancelled)
        _live.add(self)
        _install_flush_hook()
        self.restored = False
        if offer:
            self.offer(ask or _ask_user)

    def values(self) -> dict[str, Any]:
        return {name: _read(w) for name, w in self.widgets.items()}

    def track(self, read: Callable[[], object]) -> None:
        """Count a part of the form that is no named input (the meeting's attendance ticks) as a change for
        取消 and 打印, without writing it into the draft file."""
        self._tracked.append(read)
        self._initial_tracked.append(read())

    def _tracked_changed(self) -> bool:
        return [read() for read in self._tracked] != self._initial_tracked

    def _changed(self, *_args: object) -> None:
        self._timer.start()

    asks_on_cancel = True  # a dialog that asks itself (the meeting dialog's three choices) turns this off

    def _cancelled(self) -> None:
        """取消 with unsaved typing: keep it as a draft only if the user says so."""
        if not self.asks_on_cancel:
            return
        if not self.has_changes():
            self.discard()
            return
        keep = self._keep or _ask_keep
        if keep(self.dialog):
            self.save()
        else:
            self.discard()

    def save(self) -> None:
        """Write the draft now (atomic), or remove it when the form is back to what it was."""
        self._timer.stop()
        values = self.values()
        if values == self._initial:
            self.path.unlink(missing_ok=True)
            return
        payload = {"key": self.key, "owner": self.owner, "saved_at": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
                   "values": values}
        try:
            write_text_atomically(self.path, json.dumps(payload, ensure_ascii=False))
        except OSError:  # a draft is a courtesy: never let it break the form
            log.warning("could not save draft %s", self.path, exc_info=True)

    def load(self) -> dict[str, Any] | None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("key") != self.key or data.get("owner", "") != self.owner:
            return None
        return data

    def offer(self, ask: Callable[[QWidget, str], bool]) -> bool:
        """Offer a kept draft back; restores it when the user says yes, drops it when no."""
        data = self.load()
        if data is None:
            return False
        if not ask(self.dialog, str(data.get("saved_at", ""))):
            self.discard()
            return False
        for name, value in dict(data.get("values", {})).items():
            if name in self.widgets:
                with contextlib.suppress(TypeError, ValueError):
                    _write(self.widgets[name], value)
        self.restored = True
        return True

    def discard(self) -> None:
        self._timer.stop()
        self.path.unlink(missing_ok=True)

    def has_changes(self) -> bool:
        """Whether the form differs from what it showed when opened (or last saved)."""
        return self.values() != self._initial or self._tracked_changed()

    def saved(self, key: str | None = None) -> None:
        """The form was saved and stays open: drop the draft and count changes from what is shown now,
        under a new key when the record got one (a new record's first save)."""
        self.discard()
        if key is not None:
            self.key, self.path = key, draft_path(key)
        self._initial = self.values()
        self._initial_tracked = [read() for read in self._tracked]
