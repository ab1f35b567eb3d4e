"""Helpers shared by the code-built dialogs: enum combos, an error list, the 确定/取消 row."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QWidget

from app.domain.enums import Labeled
from app.errors import KnownError

E = TypeVar("E", bound=Labeled)
T = TypeVar("T")


def enum_combo(enum_cls: type[Labeled], *, empty: str | None = None, items: Iterable[Labeled] | None = None,
               parent: QWidget | None = None) -> QComboBox:
    """A combo showing Chinese labels, holding each member's value as item data ("" for `empty`).

    Qt hands a StrEnum back as a plain str, so read it with `enum_value`.
    """
    combo = QComboBox(parent)
    if empty is not None:
        combo.addItem(empty, "")
    for item in items if items is not None else enum_cls:
        combo.addItem(item.label, item.value)
    return combo


def enum_value(combo: QComboBox, enum_cls: type[E]) -> E | None:
    value = combo.currentData()
    return enum_cls(value) if value else None


def editable_combo(choices: Iterable[str], parent: QWidget | None = None) -> QComboBox:
    """Common values offered, anything else typed freely (学历, 民族, 岗位…)."""
    combo = QComboBox(parent)
    combo.setEditable(True)
    combo.addItem("")
    combo.addItems(list(choices))
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    return combo


def set_combo_data(combo: QComboBox, value: Any) -> None:
    index = combo.findData(str(value) if isinstance(value, Labeled) else ("" if value is None else value))
    combo.setCurrentIndex(index if index >= 0 else 0)


def set_combo_text(combo: QComboBox, text: str) -> None:
    index = combo.findText(text)
    if index >= 0:
        combo.setCurrentIndex(index)
    elif combo.isEditable():
        combo.setEditText(text)


def error_label(parent: QWidget | None = None) -> QLabel:
    label = QLabel(parent)
    label.setObjectName("errorList")
    label.setWordWrap(True)
    label.hide()
    return label


def show_messages(label: QLabel, messages: list[str]) -> None:
    label.setText("\n".join(f"• {m}" for m in messages))
    label.setVisible(bool(messages))


def save_in_form(label: QLabel, work: Callable[[], T]) -> T | None:
    """Run a form's quick save (a use case); bad input or a refusal is listed in the form, not a popup.

    The form-level counterpart of `app.gui.operations.run_now`: None when the use case refused.
    """
    try:
        result = work()
    except KnownError as exc:
        show_messages(label, [exc.message, *exc.details])
        return None
    show_messages(label, [])
    return result


def button_box(dialog: QDialog, ok_text: str = "确定") -> QDialogButtonBox:
    """确定 (primary, red) and 取消; 确定 calls dialog.accept, which dialogs override to save."""
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog)
    ok = box.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(ok_text)
    ok.setObjectName("primary")
    box.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


def can_write(ctx) -> bool:
    """Whether to offer write buttons at all; the services still check every write themselves."""
    from app.domain.enums import Role

    return ctx.actor.role != Role.VIEWER and not ctx.read_only
