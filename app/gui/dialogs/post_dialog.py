"""班子配备: appoint someone to a post (with 双向进入、交叉任职), or end a post's term."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.domain.enums import MemberCategory, OrgKind, PostKind
from app.errors import KnownError
from app.gui.widgets.date_edit import OptionalDateEdit
from app.gui.widgets.forms import (
    button_box,
    enum_combo,
    enum_value,
    error_label,
    save_in_form,
    set_combo_data,
    show_messages,
)
from app.services import member_cases, org_cases, post_cases
from app.services.members import MemberQuery
from app.services.posts import PostRow, PostRuleWarning


class PostDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, organization_id: str | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.post_id: str | None = None
        self.setWindowTitle("新增任职")
        self.setMinimumWidth(480)
        self._orgs = org_cases.load_org_tree(ctx).organizations
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.org = QComboBox()
        for o in self._orgs:
            indent = "    " if o.kind == OrgKind.PARTY_GROUP else ("  " if o.kind.is_branch else "")
            self.org.addItem(f"{indent}{o.name}", o.id)
        self.kind = enum_combo(PostKind)
        self.holder = QComboBox()
        self.holder.setEditable(True)  # someone not on this roster (e.g. from the county) may be typed in
        self.holder.lineEdit().setPlaceholderText("选择或输入姓名")
        self.term_start = OptionalDateEdit(optional=False)
        self.full_time = QCheckBox("专职")
        self.cross = QCheckBox("双向进入、交叉任职（同时是学校行政班子成员）")
        self.admin_title = QLineEdit()
        self.admin_title.setPlaceholderText("行政职务，如：校长、副校长")
        self.note = QLineEdit()
        form.addRow("党组织 *", self.org)
        form.addRow("职务 *", self.kind)
        form.addRow("任职人员 *", self.holder)
        form.addRow("任职起始 *", self.term_start)
        form.addRow("", self.full_time)
        form.addRow("", self.cross)
        form.addRow("行政职务", self.admin_title)
        form.addRow("备注", self.note)
        layout.addLayout(form)
        self.errors = error_label(self)
        layout.addWidget(self.errors)
        self.buttons = button_box(self, "保存")
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout.addWidget(self.buttons)
        self.org.currentIndexChanged.connect(self._org_changed)
        self.cross.toggled.connect(self._update)
        self.holder.currentTextChanged.connect(self._update)
        if organization_id:
            set_combo_data(self.org, organization_id)
        self._org_changed()

    def _org_changed(self, *_args: object) -> None:
        """Offer the party members of the chosen branch (or of all branches for a 党总支/党委)."""
        org = next((o for o in self._orgs if o.id == self.org.currentData()), None)
        scope = None
        if org and (org.kind.is_branch or org.kind == OrgKind.PARTY_GROUP):
            scope = org.id if org.kind.is_branch else org.parent_id
        rows = member_cases.find_members(self.ctx, MemberQuery(branch_id=scope))
        self.holder.clear()
        self.holder.addItem("", "")
        for r in rows:
            if r.category.is_party_member:
                suffix = "" if r.category == MemberCategory.FULL else f"（{r.category.label}）"
                self.holder.addItem(f"{r.name}{suffix}", r.id)
        if org and org.kind == OrgKind.PARTY_GROUP:
            set_combo_data(self.kind, PostKind.GROUP_LEADER)
        self._update()

    def _update(self, *_args: object) -> None:
        self.admin_title.setEnabled(self.cross.isChecked())
        self.ok_button.setEnabled(bool(self.holder.currentText().strip()))

    def _holder(self) -> tuple[str | None, str]:
        """(member id, typed name): a typed name that matches an item counts as that member."""
        text = self.holder.currentText().strip()
        index = self.holder.findText(text)
        if index > 0:
            return self.holder.itemData(index) or None, ""
        return None, text

    def accept(self, reason: str | None = None) -> None:
        member_id, name = self._holder()
        try:
            self.post_id = post_cases.appoint(
                self.ctx, organization_id=self.org.currentData(),
                kind=enum_value(self.kind, PostKind) or PostKind.SECRETARY,
                member_id=member_id, holder_name=name, term_start=self.term_start.value(),
                full_time=self.full_time.isChecked(), cross_appointment=self.cross.isChecked(),
                admin_title=self.admin_title.text() if self.cross.isChecked() else "", note=self.note.text(),
                reason=reason)
        except PostRuleWarning as warning:  # rule warnings: saving is allowed with a reason
            text, ok = QInputDialog.getText(self, "任职提醒", str(warning) + "\n\n保存原因：")
            if ok and text.strip():
                self.accept(text.strip())
            else:
                show_messages(self.errors, [str(warning)])
            return
        except KnownError as exc:  # bad input or a refusal: listed in the form, nothing saved
            show_messages(self.errors, [exc.message, *exc.details])
            return
        super().accept()


class EndPostDialog(QDialog):
    """Record the day a term ended (换届, transfer, resignation); the post stays in 历届 history."""

    def __init__(self, ctx: AppContext, post: PostRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.post = post
        self.setWindowTitle("结束任职")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"{post.organization_name} {post.kind.label}：<b>{post.holder_name}</b>"))
        form = QFormLayout()
        self.on = OptionalDateEdit(optional=False)
        self.on.setMaximumDate(QDate.currentDate())
        form.addRow("任期结束日期 *", self.on)
        layout.addLayout(form)
        self.errors = error_label(self)
        layout.addWidget(self.errors)
        layout.addWidget(button_box(self, "确定"))

    def accept(self) -> None:
        if save_in_form(self.errors, lambda: post_cases.end_term(self.ctx, self.post.id, self.on.value())):
            super().accept()
