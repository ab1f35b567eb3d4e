"""新增/编辑党员: three sections, validated as the user types; 确定 stays disabled while anything is wrong."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.context import AppContext
from app.domain import idcard, member_rules
from app.domain.enums import BackboneLevel, Gender, MemberCategory, MemberStatus, OrgKind, Role
from app.domain.member_rules import MemberData
from app.gui import style
from app.gui.dialogs.probation_dialog import ProbationDialog
from app.gui.drafts import DraftKeeper, name_widgets
from app.gui.operations import run_now
from app.gui.widgets.date_edit import OptionalDateEdit
from app.gui.widgets.forms import (
    button_box,
    can_write,
    editable_combo,
    enum_combo,
    enum_value,
    error_label,
    save_in_form,
    set_combo_data,
    set_combo_text,
    show_messages,
)
from app.services import member_cases, member_status, org_cases

ETHNICITIES = ["汉族", "回族", "满族", "壮族", "蒙古族", "藏族", "维吾尔族", "苗族", "彝族", "土家族", "布依族",
               "侗族", "瑶族", "朝鲜族", "白族", "哈尼族", "黎族", "傣族", "畲族", "其他"]
EDUCATION = ["博士研究生", "硕士研究生", "大学本科", "大学专科", "中等专科", "高中", "初中及以下"]
DEGREES = ["博士", "硕士", "学士", "无"]
JOBS = ["教师", "班主任", "教研组长", "年级组长", "教务主任", "德育主任", "总务主任", "副校长", "校长", "工勤人员",
        "退休教师"]
TITLES = ["正高级教师", "高级教师", "一级教师", "二级教师", "三级教师", "未评"]
SUBJECTS = ["语文", "数学", "英语", "物理", "化学", "生物", "道德与法治", "历史", "地理", "科学", "音乐", "体育",
            "美术", "信息技术", "劳动", "心理健康"]
# Restored in this order: the branch before its party group (the group list follows the branch).
DRAFT_FIELDS = ("name", "id_number", "gender", "birth_date", "ethnicity", "native_place", "education", "degree",
                "phone", "address", "category", "branch", "group", "applied_on", "activist_on", "candidate_on",
                "joined_on", "full_on", "job", "professional_title", "subject", "backbone_level", "model_post",
                "note")


class MemberDialog(QDialog):
    """`member_id` None adds a member; `branch_name`/`group_name` preselect what is chosen in the tree."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, member_id: str | None = None,
                 branch_name: str = "", group_name: str = "") -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.member_id = member_id
        self._touched = False
        self._filling = True
        self._hidden: dict[str, str] = {}  # field → full value while it is shown masked
        self.status_changed = False  # a 留党察看 period was recorded or cleared from this record
        self.setWindowTitle("编辑党员信息" if member_id else "新增党员")
        self.setMinimumWidth(560)
        self._orgs = org_cases.load_org_tree(ctx).organizations
        data = member_cases.load_member(ctx, member_id) if member_id else MemberData(
            branch_name=branch_name, group_name=group_name)
        self._build()
        self._fill(data)
        self._offer_probation(data)
        self._filling = False
        self._validate()
        if not can_write(ctx):
            self._make_read_only()
        else:  # typing survives a crash and is offered back next time this form opens
            name_widgets(self, DRAFT_FIELDS)
            self.draft = DraftKeeper(self, f"member:{member_id or 'new'}")

    # -- layout ----------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget(self)
        layout.addWidget(self.tabs)

        form = self._page("基本信息")
        self.name = QLineEdit()
        self.name.setPlaceholderText("如：张三")
        self.id_number = QLineEdit()
        self.id_number.setPlaceholderText("18位公民身份号码，自动带出出生日期和性别")
        self.id_number.setMaxLength(24)
        self.reveal_button = QPushButton("显示完整号码")
        self.reveal_button.setToolTip("身份证号、手机号默认脱敏显示；显示完整号码将记入审计日志")
        self.reveal_button.clicked.connect(self.reveal)
        self.reveal_button.hide()
        self.id_hint = QLabel()
        self.id_hint.setWordWrap(True)
        self.gender = enum_combo(Gender, empty="")
        self.birth_date = OptionalDateEdit()
        self.ethnicity = editable_combo(ETHNICITIES)
        self.native_place = QLineEdit()
        self.education = editable_combo(EDUCATION)
        self.degree = editable_combo(DEGREES)
        self.phone = QLineEdit()
        self.phone.setPlaceholderText("11位手机号码")
        self.address = QLineEdit()
        form.addRow("姓名 *", self.name)
        id_row = QHBoxLayout()
        id_row.addWidget(self.id_number, 1)
        id_row.addWidget(self.reveal_button)
        form.addRow("身份证号 *", id_row)
        form.addRow("", self.id_hint)
        form.addRow("性别", self.gender)
        form.addRow("出生日期", self.birth_date)
        form.addRow("民族", self.ethnicity)
        form.addRow("籍贯", self.native_place)
        form.addRow("学历", self.education)
        form.addRow("学位", self.degree)
        form.addRow("手机号码", self.phone)
        form.addRow("现居住地", self.address)

        form = self._page("党籍信息")
        self.category = enum_combo(MemberCategory)
        self.branch = QComboBox()
        self.branch.addItem("（请选择）", "")
        for org in self._orgs:
            if org.kind.is_branch:
                self.branch.addItem(org.name, org.name)
        self.group = QComboBox()
        self.applied_on = OptionalDateEdit()
        self.activist_on = OptionalDateEdit()
        self.candidate_on = OptionalDateEdit()
        self.joined_on = OptionalDateEdit()
        self.full_on = OptionalDateEdit()
        self.status_label = QLabel()
        self.probation_button = QPushButton("登记留党察看…")
        self.probation_button.setToolTip("察看期间在册、无表决权；管理员操作，记入审计日志")
        self.probation_button.clicked.connect(self.record_probation)
        form.addRow("人员类别 *", self.category)
        form.addRow("所在党支部 *", self.branch)
        form.addRow("党小组", self.group)
        form.addRow(self._section("发展阶段"))
        form.addRow("申请入党日期", self.applied_on)
        form.addRow("确定积极分子日期", self.activist_on)
        form.addRow("确定发展对象日期", self.candidate_on)
        form.addRow("入党日期（预备党员）", self.joined_on)
        form.addRow("转正日期", self.full_on)
        status_row = QHBoxLayout()
        status_row.addWidget(self.status_label, 1)
        status_row.addWidget(self.probation_button)
        form.addRow("党籍状态", status_row)

        form = self._page("工作信息")
        self.job = editable_combo(JOBS)
        self.professional_title = editable_combo(TITLES)
        self.subject = editable_combo(SUBJECTS)
        self.backbone_level = enum_combo(BackboneLevel)
        self.model_post = QLineEdit()
        self.model_post.setPlaceholderText("如：党员示范岗、党员责任区：初三年级")
        self.note = QPlainTextEdit()
        self.note.setFixedHeight(70)
        form.addRow("工作岗位", self.job)
        form.addRow("专业技术职务", self.professional_title)
        form.addRow("任教学科", self.subject)
        form.addRow("骨干教师级别", self.backbone_level)
        form.addRow("党员示范岗/责任区", self.model_post)
        form.addRow("备注", self.note)

        self.errors = error_label(self)
        self.warnings = QLabel(self)
        self.warnings.setObjectName("warningList")
        self.warnings.setWordWrap(True)
        self.warnings.hide()
        self.hint = QLabel("带 * 的为必填项。日期可直接输入，如 2019-07-01。")
        self.hint.setObjectName("muted")
        layout.addWidget(self.errors)
        layout.addWidget(self.warnings)
        layout.addWidget(self.hint)
        self.buttons = button_box(self, "保存")
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout.addWidget(self.buttons)

        for edit in (self.name, self.id_number, self.native_place, self.phone, self.address, self.model_post):
            edit.textChanged.connect(self._changed)
        for combo in (self.ethnicity, self.education, self.degree, self.job, self.professional_title,
                      self.subject):
            combo.currentTextChanged.connect(self._changed)
        for combo in (self.gender, self.backbone_level, self.group):
            combo.currentIndexChanged.connect(self._changed)
        for date in self._date_edits().values():
            date.valueChanged.connect(self._changed)
        self.note.textChanged.connect(self._changed)
        self.id_number.textChanged.connect(self._id_changed)
        self.category.currentIndexChanged.connect(self._category_changed)
        self.branch.currentIndexChanged.connect(self._branch_changed)

    def _page(self, title: str) -> QFormLayout:
        page = QWidget()
        form = QFormLayout(page)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setContentsMargins(16, 14, 16, 10)
        form.setVerticalSpacing(8)
        self.tabs.addTab(page, title)
        return form

    @staticmethod
    def _section(title: str) -> QLabel:
        label = QLabel(title)
        label.setStyleSheet(f"color: {style.RED}; font-weight: bold; padding-top: 6px;")
        return label

    def _date_edits(self) -> dict[str, OptionalDateEdit]:
        return {"birth_date": self.birth_date, "applied_on": self.applied_on, "activist_on": self.activist_on,
                "candidate_on": self.candidate_on, "joined_on": self.joined_on, "full_on": self.full_on}

    def _make_read_only(self) -> None:
        """A viewer may read the whole record but not change it (the service would refuse anyway)."""
        self.setWindowTitle("查看党员信息")
        for widget in self.tabs.findChildren(QWidget):
            if isinstance(widget, (QLineEdit, QComboBox, QDateEdit, QPlainTextEdit)):
                widget.setEnabled(False)
        self.ok_button.hide()
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("关闭")
        self.hint.setText("当前账号只能查看，不能修改。")

    # -- values ----------------------------------------------------------------------------------
    def _fill(self, data: MemberData) -> None:
        self.name.setText(data.name)
        self.id_number.setText(data.id_number)
        set_combo_data(self.gender, data.gender)
        for name, edit in self._date_edits().items():
            edit.set_value(getattr(data, name))
        for name in ("ethnicity", "education", "degree", "job", "professional_title", "subject"):
            set_combo_text(getattr(self, name), getattr(data, name))
        for name in ("native_place", "phone", "address", "model_post"):
            getattr(self, name).setText(getattr(data, name))
        if self.member_id:
            self._mask_sensitive(data)
        self.note.setPlainText(data.note)
        set_combo_data(self.category, data.category)
        set_combo_data(self.backbone_level, data.backbone_level)
        set_combo_data(self.branch, data.branch_name)
        self._branch_changed()
        set_combo_data(self.group, data.group_name)
        self._status = data.status
        self.status_label.setText(self._status_text(data) if self.member_id else "在册（新增）")
        self._category_changed()
        self._id_changed()

    def _offer_probation(self, data: MemberData) -> None:
        """登记留党察看… for an administrator, on a party member's record (the use case checks again)."""
        admin = can_write(self.ctx) and self.ctx.actor.role == Role.ADMIN
        self.probation_button.setVisible(bool(self.member_id) and admin)
        self.probation_button.setEnabled(data.category.is_party_member and data.status == MemberStatus.ACTIVE)
        self._stored = data

    def record_probation(self) -> None:
        if self.member_id is None:
            return
        member_id = self.member_id
        current = member_status.party_probation_of(self.ctx, member_id)
        if ProbationDialog(self.ctx, member_id, self._stored.name, current, self).exec():
            self.status_changed = True
            self.status_label.setText(self._status_text(self._stored))

    def _status_text(self, data: MemberData) -> str:
        """在册, 留党察看（至2026-05-01）, 停止党籍… as the roster's 状态 column says it."""
        assert self.member_id is not None
        probation = member_status.party_probation_of(self.ctx, self.member_id)
        start, until = (probation.start, probation.until) if probation else (None, None)
        return member_status.status_text(data.status, "", start, until, today=dt.date.today())

    def _mask_sensitive(self, data: MemberData) -> None:
        """PIPL: an existing member's ID and phone show masked until an audited, permitted reveal."""
        for name, masker in (("id_number", idcard.mask), ("phone", idcard.mask_phone)):
            full = getattr(data, name)
            if full:
                self._hidden[name] = full
                edit: QLineEdit = getattr(self, name)
                edit.setText(masker(full))
                edit.setReadOnly(True)
        self.reveal_button.setVisible(bool(self._hidden) and can_write(self.ctx))

    def reveal(self) -> bool:
        """Show the full numbers (and let them be edited) once the service allowed it and recorded it."""
        if not self._hidden or self.member_id is None:
            return True
        member_id = self.member_id
        if run_now(self, lambda: member_cases.reveal_member_numbers(self.ctx, member_id), "显示完整号码") is None:
            return False
        filling, self._filling = self._filling, True
        for name, full in self._hidden.items():
            edit: QLineEdit = getattr(self, name)
            edit.setReadOnly(False)
            edit.setText(full)
        self._hidden.clear()
        self._filling = filling
        self.reveal_button.hide()
        return True

    def _field(self, name: str) -> str:
        return self._hidden.get(name, getattr(self, name).text())

    def data(self) -> MemberData:
        """What the form says now, as plain values (not yet normalized)."""
        values = {name: edit.value() for name, edit in self._date_edits().items()}
        return MemberData(
            name=self.name.text(), gender=enum_value(self.gender, Gender), id_number=self._field("id_number"),
            ethnicity=self.ethnicity.currentText(), native_place=self.native_place.text(),
            education=self.education.currentText(), degree=self.degree.currentText(), phone=self._field("phone"),
            address=self.address.text(), category=enum_value(self.category, MemberCategory) or MemberCategory.FULL,
            branch_name=self.branch.currentData() or "", group_name=self.group.currentData() or "",
            job=self.job.currentText(), professional_title=self.professional_title.currentText(),
            subject=self.subject.currentText(),
            backbone_level=enum_value(self.backbone_level, BackboneLevel) or BackboneLevel.NONE,
            model_post=self.model_post.text(), note=self.note.toPlainText(),
            status=getattr(self, "_status", MemberStatus.ACTIVE), **values)

    # -- reactions -------------------------------------------------------------------------------
    def _changed(self, *_args: object) -> None:
        if self._filling:
            return
        self._touched = True
        self._validate()

    def _id_changed(self, *_args: object) -> None:
        """A valid ID number fills birth date and gender (the ID is what the records office trusts)."""
        text = self._field("id_number")
        if not text.strip():
            self.id_hint.setText("")
            self.id_number.setProperty("invalid", False)
        else:
            try:
                info = idcard.parse(text)
            except ValueError as exc:
                self.id_hint.setText(f"✗ {exc}" if len(idcard.normalize(text)) >= 18 else "")
                self.id_hint.setStyleSheet(f"color: {style.DANGER};")
                self.id_number.setProperty("invalid", len(idcard.normalize(text)) >= 18)
            else:
                self.id_hint.setText(f"✓ 有效：{info.birth_date:%Y-%m-%d} 出生，{info.gender.label}")
                self.id_hint.setStyleSheet(f"color: {style.OK};")
                self.id_number.setProperty("invalid", False)
                filling, self._filling = self._filling, True
                self.birth_date.set_value(info.birth_date)
                set_combo_data(self.gender, info.gender)
                self._filling = filling
        self.id_number.style().unpolish(self.id_number)
        self.id_number.style().polish(self.id_number)
        self._changed()

    def _category_changed(self, *_args: object) -> None:
        category = enum_value(self.category, MemberCategory) or MemberCategory.FULL
        self.joined_on.setEnabled(category.is_party_member)
        self.full_on.setEnabled(category == MemberCategory.FULL)
        if not self._filling:
            if not category.is_party_member:
                self.joined_on.clear_value()
            if category != MemberCategory.FULL:
                self.full_on.clear_value()
        self._changed()

    def _branch_changed(self, *_args: object) -> None:
        branch = self.branch.currentData() or ""
        branch_id = next((o.id for o in self._orgs if o.name == branch and o.kind.is_branch), None)
        current = self.group.currentData()
        self.group.blockSignals(True)
        self.group.clear()
        self.group.addItem("（不分党小组）", "")
        for org in self._orgs:
            if org.kind == OrgKind.PARTY_GROUP and branch_id and org.parent_id == branch_id:
                self.group.addItem(org.name, org.name)
        set_combo_data(self.group, current)
        self.group.setEnabled(self.group.count() > 1)
        self.group.blockSignals(False)
        self._changed()

    def _validate(self) -> list[str]:
        data = self.data()
        errors = member_cases.problems_with(self.ctx, data, member_id=self.member_id)
        warnings = member_rules.validate(data).warnings
        self.ok_button.setEnabled(not errors)
        show_messages(self.errors, errors if self._touched or self.member_id else [])
        show_messages(self.warnings, warnings if not errors else [])
        self.hint.setVisible(not self.errors.isVisible())
        return errors

    def accept(self) -> None:
        if self._validate():
            return
        member_id, data = self.member_id, self.data()
        saved = save_in_form(self.errors, lambda: member_cases.edit_member(self.ctx, member_id, data) if member_id
                             else member_cases.add_member(self.ctx, data))
        if saved is None:
            return
        self.member_id = saved
        super().accept()
