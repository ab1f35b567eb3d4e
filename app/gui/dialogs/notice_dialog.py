"""打印公示: which 公示 (拟发展 / 拟转正), when it starts, and who takes objections."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.domain.development_rules import DEFAULT_RULES, add_working_days
from app.gui.widgets.date_edit import OptionalDateEdit
from app.gui.widgets.forms import button_box, set_combo_data

KINDS = [("candidate", "拟发展为预备党员（发展对象公示）"), ("full", "拟转为正式党员（转正公示）")]


class NoticeDialog(QDialog):
    def __init__(self, name: str, kind: str, parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"打印公示 — {name}")
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.kind = QComboBox(self)
        for value, label in KINDS:
            self.kind.addItem(label, value)
        set_combo_data(self.kind, kind)
        self.starts_on = OptionalDateEdit(self, optional=False)
        self.starts_on.set_value(today or dt.date.today())
        self.period = QLabel()
        self.person = QLineEdit(self)
        self.person.setPlaceholderText("如：组织委员 王建国")
        self.phone = QLineEdit(self)
        form.addRow("公示内容", self.kind)
        form.addRow("公示开始", self.starts_on)
        form.addRow("公示期", self.period)
        form.addRow("联系人", self.person)
        form.addRow("联系电话", self.phone)
        layout.addLayout(form)
        layout.addWidget(button_box(self, "打印"))
        self.starts_on.dateChanged.connect(self._period)
        self._period()

    def _period(self) -> None:
        start = self.starts_on.value() or dt.date.today()
        days = DEFAULT_RULES.publicity_working_days
        end = add_working_days(start, days - 1)
        self.period.setText(f"{days}个工作日，至 {end:%Y-%m-%d}（节假日请顺延开始日期）")

    def values(self) -> dict[str, object]:
        return {"kind": self.kind.currentData(), "starts_on": self.starts_on.value(),
                "contact_person": self.person.text().strip(), "contact_phone": self.phone.text().strip()}
