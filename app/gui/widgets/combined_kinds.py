"""合并召开: tick the other kinds one record also counts for (a 组织生活会 held as a 党员大会, …)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QWidget

from app.domain import meeting_rules as mr
from app.domain.enums import MeetingKind

KINDS = [k for k in MeetingKind if k not in (MeetingKind.TALK, MeetingKind.GROUP_MEETING)]


class CombinedKinds(QWidget):
    """One check box per kind a branch holds; the record's own kind and what its organization cannot hold
    are hidden."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes = {k.value: QCheckBox(k.label) for k in KINDS}
        for box in self.boxes.values():
            layout.addWidget(box)
            box.setToolTip("本次会议同时计为该类会议（合并召开），督查统计时分别计数")
        layout.addStretch(1)

    def set_main(self, kind: MeetingKind, org_kind: str | None) -> None:
        for value, box in self.boxes.items():
            ok = value != kind.value and kind != MeetingKind.TALK and (
                org_kind is None or mr.kind_allowed(value, org_kind))
            box.setVisible(ok)
            if not ok:
                box.setChecked(False)

    def value(self) -> str:
        return ",".join(v for v, box in self.boxes.items() if box.isChecked() and box.isVisible())

    def set_value(self, text: str) -> None:
        chosen = set(mr.parse_kinds(text))
        for value, box in self.boxes.items():
            box.setChecked(value in chosen)
