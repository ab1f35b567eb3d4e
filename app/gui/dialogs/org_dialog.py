"""新建/编辑党组织: kind, parent, name, dates and the committee term (3 or 5 years → next 换届)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.context import AppContext
from app.domain.dates import add_years, fmt
from app.domain.enums import OrgKind
from app.domain.meeting_rules import default_term_years
from app.gui.widgets.date_edit import OptionalDateEdit
from app.gui.widgets.forms import button_box, enum_combo, enum_value, error_label, save_in_form, set_combo_data
from app.services import org_cases
from app.services.organizations import OrgInfo


class OrgDialog(QDialog):
    """`org` None creates one (under `parent_id` if given); otherwise edits name, dates and term."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, org: OrgInfo | None = None,
                 parent_id: str | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.org = org
        self.org_id = org.id if org else None
        self.setWindowTitle("编辑党组织" if org else "新建党组织")
        self.setMinimumWidth(460)
        self._orgs = [o for o in org_cases.load_org_tree(ctx).organizations if o.kind != OrgKind.PARTY_GROUP]
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.kind = enum_combo(OrgKind)
        self.parent_org = QComboBox()
        self.parent_org.addItem("（无，最上级党组织）", "")
        for o in self._orgs:
            if not org or o.id != org.id:
                self.parent_org.addItem(f"{o.name}（{o.kind.label}）", o.id)
        self.name = QLineEdit()
        self.name.setPlaceholderText("如：第三党支部（初中部）")
        self.established_on = OptionalDateEdit()
        self.term_start = OptionalDateEdit()
        self.term_years = QComboBox()
        self.term_years.addItem("3年（党总支、党支部默认）", 3)
        self.term_years.addItem("5年（基层党委默认）", 5)
        self.next_due = QLabel()
        self.next_due.setObjectName("muted")
        form.addRow("组织类型 *", self.kind)
        form.addRow("上级党组织", self.parent_org)
        form.addRow("名称 *", self.name)
        form.addRow("成立日期", self.established_on)
        form.addRow("本届任期开始", self.term_start)
        form.addRow("任期", self.term_years)
        form.addRow("下次换届", self.next_due)
        layout.addLayout(form)
        self.errors = error_label(self)
        layout.addWidget(self.errors)
        self.buttons = button_box(self, "保存")
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout.addWidget(self.buttons)
        if org:
            set_combo_data(self.kind, org.kind)
            set_combo_data(self.parent_org, org.parent_id or "")
            self.kind.setEnabled(False)  # kind and place in the tree are fixed once members hang on them
            self.parent_org.setEnabled(False)
            self.name.setText(org.name)
            self.established_on.set_value(org.established_on)
            self.term_start.set_value(org.term_start)
            set_combo_data(self.term_years, org.term_years)
        else:
            set_combo_data(self.parent_org, parent_id or "")
            parent = next((o for o in self._orgs if o.id == parent_id), None)
            set_combo_data(self.kind, OrgKind.BRANCH if parent else OrgKind.GENERAL_BRANCH)
        if not org:  # a new organization starts with its kind's default term, still editable
            self.kind.currentIndexChanged.connect(self._default_term)
            self._default_term()
        for signal in (self.name.textChanged, self.term_start.valueChanged, self.term_years.currentIndexChanged,
                       self.kind.currentIndexChanged):
            signal.connect(self._update)
        self._update()

    def _default_term(self, *_args: object) -> None:
        kind = enum_value(self.kind, OrgKind) or OrgKind.BRANCH
        set_combo_data(self.term_years, default_term_years(kind.value))

    def _update(self, *_args: object) -> None:
        start = self.term_start.value()
        group = enum_value(self.kind, OrgKind) == OrgKind.PARTY_GROUP
        for widget in (self.term_start, self.term_years):
            widget.setEnabled(not group)
        if group:
            self.next_due.setText("党小组不设任期")
        elif start:
            self.next_due.setText(fmt(add_years(start, int(self.term_years.currentData()))))
        else:
            self.next_due.setText("填写任期开始日期后自动计算")
        self.ok_button.setEnabled(bool(self.name.text().strip()))

    def accept(self) -> None:
        kind = enum_value(self.kind, OrgKind) or OrgKind.BRANCH
        group = kind == OrgKind.PARTY_GROUP
        term_start = None if group else self.term_start.value()
        term_years = int(self.term_years.currentData())
        if self.org_id:
            org_id = self.org_id
            saved = save_in_form(self.errors, lambda: org_cases.change_organization(
                self.ctx, org_id, name=self.name.text(), established_on=self.established_on.value(),
                term_start=term_start, term_years=term_years))
        else:
            saved = save_in_form(self.errors, lambda: org_cases.add_organization(
                self.ctx, name=self.name.text(), kind=kind, parent_id=self.parent_org.currentData() or None,
                established_on=self.established_on.value(), term_start=term_start, term_years=term_years,
                sort_order=len(self._orgs) + 1))
        if saved is None:
            return
        self.org_id = saved.id
        super().accept()
