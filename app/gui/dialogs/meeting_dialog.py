"""The meeting editor: one record with its kind's fields, attendance from the roster, attachments."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import paths
from app.context import AppContext
from app.domain import compliance_rules as rules
from app.domain.enums import MeetingKind, MemberStatus, OrgKind
from app.errors import KnownError
from app.gui import screen_fit
from app.gui.dialogs.attachment_panel import AttachmentPanel, open_path
from app.gui.drafts import DraftKeeper, name_widgets
from app.gui.models.meeting_models import AttendanceModel, ReasonDelegate
from app.services import meetings, members, organizations
from app.services.meeting_templates import LECTURE_TYPES, THEME_FORMS
from app.services.meeting_types import MeetingInput

VOTING_KINDS = {MeetingKind.GENERAL_ASSEMBLY, MeetingKind.COMMITTEE_MEETING, MeetingKind.LIFE_MEETING,
                MeetingKind.MEMBER_REVIEW}
# The kind first: it decides which organizations the list offers.
DRAFT_FIELDS = ("kind", "org", "held_on", "start_time", "end_time", "title", "place", "host", "recorder",
                "first_material", "first_speaker", "topics", "lecturer", "lecture_title", "lecture_type", "theme",
                "form_edit", "has_vote", "talk_a", "talk_b", "content", "resolutions", "follow_up", "observers")


class MeetingDialog(QDialog):
    """New record (meeting_id=None, starting from the kind's template) or edit an existing one."""

    def __init__(self, ctx: AppContext, meeting_id: str | None = None, *, organization_id: str | None = None,
                 kind: MeetingKind = MeetingKind.COMMITTEE_MEETING, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.meeting_id = meeting_id
        self.warnings: list[str] = []
        self.setWindowTitle("编辑会议记录" if meeting_id else "新建会议记录")
        screen_fit.fit(self, 860, 720)  # within a 1366×700 screen (issue #17)
        with ctx.uow() as uow:
            self.orgs = [o for o in organizations.list_organizations(uow)
                         if o.kind.is_branch or o.kind == OrgKind.PARTY_GROUP]
            people = members.search_members(uow, members.MemberQuery(status=MemberStatus.ACTIVE))
        self.people = [(p.id, f"{p.name}（{p.branch_name}）") for p in people if p.category.is_party_member]
        self._build()
        if meeting_id:
            with ctx.uow() as uow:
                data = meetings.get_meeting(uow, meeting_id)
            self.load(data)
            self.attachments.set_meeting(meeting_id)
        else:
            org = organization_id or next((o.id for o in self.orgs if rules.kind_allowed(kind.value, o.kind.value)),
                                          "")
            self.load(meetings.template(kind, org))
        name_widgets(self, DRAFT_FIELDS)
        for name, spin in zip(("votes_for", "votes_against", "votes_abstain"), self.votes, strict=True):
            spin.setObjectName(name)
        # Typing survives a crash and is offered back (attendance ticks and attachments are not kept).
        self.draft = DraftKeeper(self, f"meeting:{meeting_id or 'new'}")
        QShortcut(QKeySequence("Ctrl+S"), self, activated=self.save)
        QShortcut(QKeySequence("Ctrl+P"), self, activated=self.print_record)

    # ---- layout ---------------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        self.pages = QTabWidget()
        outer.addWidget(self.pages, 1)
        basic = QWidget()
        basic_layout = QVBoxLayout(basic)
        form = QFormLayout()
        basic_layout.addLayout(form)
        self.kind = QComboBox()
        for k in MeetingKind:
            self.kind.addItem(k.label, k.value)
        self.org = QComboBox()
        self.held_on = QDateEdit(calendarPopup=True)
        self.held_on.setDisplayFormat("yyyy-MM-dd")
        self.start_time, self.end_time = QLineEdit(), QLineEdit()
        for edit in (self.start_time, self.end_time):
            edit.setPlaceholderText("如 14:30")
            edit.setMaximumWidth(90)
        times = QHBoxLayout()
        times.addWidget(self.start_time)
        times.addWidget(QLabel("至"))
        times.addWidget(self.end_time)
        times.addStretch(1)
        self.title, self.place, self.host, self.recorder = QLineEdit(), QLineEdit(), QLineEdit(), QLineEdit()
        self.first_material, self.first_speaker = QLineEdit(), QLineEdit()
        self.topics = QPlainTextEdit()
        self.topics.setPlaceholderText("每行一个议题")
        self.topics.setMaximumHeight(90)
        form.addRow("会议类型", self.kind)
        form.addRow("党组织", self.org)
        form.addRow("会议日期", self.held_on)
        form.addRow("时间", times)
        form.addRow("会议名称", self.title)
        form.addRow("地点", self.place)
        form.addRow("主持人", self.host)
        form.addRow("记录人", self.recorder)
        form.addRow("第一议题", self.first_material)
        form.addRow("第一议题领学人", self.first_speaker)
        form.addRow("议题", self.topics)
        self.lecture_box = QGroupBox("党课")
        lf = QFormLayout(self.lecture_box)
        self.lecturer, self.lecture_title = QLineEdit(), QLineEdit()
        self.lecture_type = QComboBox(editable=True)
        self.lecture_type.addItems(LECTURE_TYPES)
        lf.addRow("主讲人", self.lecturer)
        lf.addRow("党课题目", self.lecture_title)
        lf.addRow("党课类型", self.lecture_type)
        self.theme_box = QGroupBox("主题党日")
        tf = QFormLayout(self.theme_box)
        self.theme = QLineEdit()
        self.form_edit = QComboBox(editable=True)
        self.form_edit.addItems(THEME_FORMS)
        tf.addRow("活动主题", self.theme)
        tf.addRow("活动形式", self.form_edit)
        self.vote_box = QGroupBox("表决情况")
        vf = QHBoxLayout(self.vote_box)
        self.has_vote = QCheckBox("进行了表决")
        self.votes = [QSpinBox(maximum=9999) for _ in range(3)]
        vf.addWidget(self.has_vote)
        for label, spin in zip(("赞成", "反对", "弃权"), self.votes, strict=True):
            vf.addWidget(QLabel(label))
            vf.addWidget(spin)
            spin.setEnabled(False)
            self.has_vote.toggled.connect(spin.setEnabled)
        vf.addStretch(1)
        self.talk_box = QGroupBox("谈心谈话双方")
        kf = QFormLayout(self.talk_box)
        self.talk_a, self.talk_b = QComboBox(), QComboBox()
        for combo in (self.talk_a, self.talk_b):
            combo.addItem("（请选择）", None)
            for pid, label in self.people:
                combo.addItem(label, pid)
        kf.addRow("谈话人", self.talk_a)
        kf.addRow("谈话对象", self.talk_b)
        for box in (self.lecture_box, self.theme_box, self.vote_box, self.talk_box):
            basic_layout.addWidget(box)
        basic_layout.addStretch(1)
        self.pages.addTab(basic, "基本信息")

        body = QWidget()
        bf = QFormLayout(body)
        self.content, self.resolutions, self.follow_up = QPlainTextEdit(), QPlainTextEdit(), QPlainTextEdit()
        self.content.setPlaceholderText("发言要点、会议内容（按发言人记录）")
        bf.addRow("会议内容", self.content)
        bf.addRow("决议/决定", self.resolutions)
        bf.addRow("落实责任人与时限", self.follow_up)
        self.pages.addTab(body, "会议内容")

        att = QWidget()
        av = QVBoxLayout(att)
        self.att_summary = QLabel()
        av.addWidget(self.att_summary)
        self.attendance = AttendanceModel(self)
        self.attendance.dataChanged.connect(self._update_counts)
        self.attendance.modelReset.connect(self._update_counts)
        self.att_view = QTableView()
        self.att_view.setModel(self.attendance)
        self.att_view.setItemDelegateForColumn(AttendanceModel.REASON, ReasonDelegate(self.att_view))
        self.att_view.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.att_view.horizontalHeader().setSectionResizeMode(AttendanceModel.NOTE, QHeaderView.ResizeMode.Stretch)
        av.addWidget(self.att_view, 1)
        av.addWidget(QLabel("列席人员（每行一人，如：上级党组织联系人、入党积极分子）"))
        self.observers = QPlainTextEdit()
        self.observers.setMaximumHeight(70)
        av.addWidget(self.observers)
        self.att_tab = self.pages.addTab(att, "出勤")

        self.attachments = AttachmentPanel(self.ctx, lambda *a, **k: self.message(*a, **k), self)
        self.pages.addTab(self.attachments, "附件")

        buttons = QHBoxLayout()
        self.copy_button = QPushButton("复制上次")
        self.signin_button = QPushButton("打印签到表")
        self.print_button = QPushButton("打印会议记录")
        self.save_button = QPushButton("保存")
        self.save_button.setDefault(True)
        cancel = QPushButton("取消")
        self.copy_button.clicked.connect(self.copy_last)
        self.signin_button.clicked.connect(self.print_signin)
        self.print_button.clicked.connect(self.print_record)
        self.save_button.clicked.connect(self.save)
        cancel.clicked.connect(self.reject)
        for b in (self.copy_button, self.signin_button, self.print_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(cancel)
        outer.addLayout(buttons)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.org.currentIndexChanged.connect(self._reload_roster)
        self.held_on.dateChanged.connect(self._reload_roster)

    # ---- loading --------------------------------------------------------------------------------
    def current_kind(self) -> MeetingKind:
        return MeetingKind(self.kind.currentData())

    def _fill_orgs(self, kind: MeetingKind, keep: str | None) -> None:
        blocked = self.org.blockSignals(True)
        self.org.clear()
        for o in self.orgs:
            if rules.kind_allowed(kind.value, o.kind.value):
                self.org.addItem(o.name, o.id)
        i = self.org.findData(keep) if keep else -1
        self.org.setCurrentIndex(max(0, i))
        self.org.blockSignals(blocked)

    def _kind_changed(self) -> None:
        kind = self.current_kind()
        self._fill_orgs(kind, self.org.currentData())
        self.lecture_box.setVisible(kind == MeetingKind.PARTY_LECTURE)
        self.theme_box.setVisible(kind in (MeetingKind.THEME_DAY, MeetingKind.TALK))
        self.theme.setEnabled(kind == MeetingKind.THEME_DAY)
        self.theme_box.setTitle("谈话形式" if kind == MeetingKind.TALK else "主题党日")
        self.vote_box.setVisible(kind in VOTING_KINDS)
        self.talk_box.setVisible(kind == MeetingKind.TALK)
        self.pages.setTabEnabled(self.att_tab, kind != MeetingKind.TALK)
        self._reload_roster()

    def load(self, data: MeetingInput) -> None:
        """Put a record (or a template) into the widgets."""
        blocked = [w.blockSignals(True) for w in (self.kind, self.held_on)]
        self.kind.setCurrentIndex(self.kind.findData(MeetingKind(data.kind).value))
        self.held_on.setDate(QDate(data.held_on.year, data.held_on.month, data.held_on.day))
        for w, b in zip((self.kind, self.held_on), blocked, strict=True):
            w.blockSignals(b)
        self._fill_orgs(MeetingKind(data.kind), data.organization_id)
        for name in ("start_time", "end_time", "title", "place", "host", "recorder", "topics", "lecturer",
                     "lecture_title", "theme", "content", "resolutions", "follow_up", "observers"):
            widget = getattr(self, name)
            if isinstance(widget, QPlainTextEdit):
                widget.setPlainText(getattr(data, name))
            else:
                widget.setText(getattr(data, name))
        self.first_material.setText(data.first_topic_material)
        self.first_speaker.setText(data.first_topic_speaker)
        self.lecture_type.setCurrentText(data.lecture_type)
        self.form_edit.setCurrentText(data.form)
        self.has_vote.setChecked(data.votes_for is not None)
        for spin, value in zip(self.votes, (data.votes_for, data.votes_against, data.votes_abstain), strict=True):
            spin.setValue(value or 0)
        for combo, pid in ((self.talk_a, data.talk_member_a_id), (self.talk_b, data.talk_member_b_id)):
            combo.setCurrentIndex(max(0, combo.findData(pid)))
        self._given_attendance = data.attendance
        self._kind_changed()

    def _reload_roster(self) -> None:
        """Attendance follows the roster on the chosen day; ticks already made are kept."""
        org_id = self.org.currentData()
        if not org_id or self.current_kind() == MeetingKind.TALK:
            self.attendance.set_entries([])
            return
        current = self.attendance.entries or getattr(self, "_given_attendance", None)
        with self.ctx.uow() as uow:
            entries = meetings.attendance_for_editing(uow, org_id, self.day(), current)
        self._given_attendance = None
        self.attendance.set_entries(entries)
        self.att_view.resizeColumnsToContents()

    def _update_counts(self) -> None:
        expected, present = self.attendance.counts()
        self.att_summary.setText(f"应到 {expected} 人，实到 {present} 人，缺席 {expected - present} 人。"
                                 "取消勾选“出席”即为缺席，请选择缺席原因。")
        self.pages.setTabText(self.att_tab, f"出勤（{present}/{expected}）")

    def day(self) -> dt.date:
        q = self.held_on.date()
        return dt.date(q.year(), q.month(), q.day())

    # ---- collecting and saving -----------------------------------------------------------------
    def collect(self) -> MeetingInput:
        vote = self.has_vote.isChecked() and self.current_kind() in VOTING_KINDS
        talk = self.current_kind() == MeetingKind.TALK
        return MeetingInput(
            organization_id=self.org.currentData() or "", kind=self.current_kind(), held_on=self.day(),
            title=self.title.text(), start_time=self.start_time.text().strip(), end_time=self.end_time.text().strip(),
            place=self.place.text(), host=self.host.text(), recorder=self.recorder.text(),
            topics=self.topics.toPlainText(), content=self.content.toPlainText(),
            resolutions=self.resolutions.toPlainText(), follow_up=self.follow_up.toPlainText(),
            first_topic_material=self.first_material.text(), first_topic_speaker=self.first_speaker.text(),
            lecturer=self.lecturer.text(), lecture_title=self.lecture_title.text(),
            lecture_type=self.lecture_type.currentText() if self.current_kind() == MeetingKind.PARTY_LECTURE else "",
            theme=self.theme.text(), form=self.form_edit.currentText() if self.theme_box.isVisible() else "",
            votes_for=self.votes[0].value() if vote else None, votes_against=self.votes[1].value() if vote else None,
            votes_abstain=self.votes[2].value() if vote else None, observers=self.observers.toPlainText(),
            talk_member_a_id=self.talk_a.currentData() if talk else None,
            talk_member_b_id=self.talk_b.currentData() if talk else None,
            attendance=None if talk else list(self.attendance.entries))

    def save(self) -> bool:
        data = self.collect()
        try:
            with self.ctx.uow() as uow:
                if self.meeting_id:
                    result = meetings.update_meeting(uow, self.meeting_id, data)
                else:
                    result = meetings.create_meeting(uow, data)
                self.attachments.apply(uow, result.id)
                uow.commit()
        except KnownError as exc:
            self.message("无法保存", str(exc), warning=True)
            return False
        self.meeting_id = result.id
        self.warnings = result.warnings
        self.attachments.set_meeting(result.id)
        if result.warnings:
            self.message("已保存，请注意", "\n".join(result.warnings), warning=True)
        self.accept()
        return True

    def message(self, title: str, text: str, *, warning: bool = False) -> None:
        """One place for message boxes (tests replace it)."""
        (QMessageBox.warning if warning else QMessageBox.information)(self, title, text)

    # ---- copy and print -----------------------------------------------------------------------
    def copy_last(self) -> None:
        with self.ctx.uow() as uow:
            data = meetings.copy_last(uow, self.org.currentData() or "", self.current_kind(), self.day())
        data.attendance = list(self.attendance.entries)
        self.load(data)

    def _output(self, stem: str) -> Path:
        safe = "".join(ch for ch in stem if ch not in '\\/:*?"<>|').strip() or "会议"
        return paths.exports_dir() / f"{safe}.pdf"

    def _open(self, path: Path) -> None:
        open_path(path)

    def print_signin(self) -> None:
        from app.printing.signin import render_signin
        from app.services import meeting_print_data

        with self.ctx.uow() as uow:
            if self.meeting_id:
                doc = meeting_print_data.signin_doc(uow, self.meeting_id)
            else:
                doc = meeting_print_data.signin_blank_doc(uow, self.org.currentData(), self.current_kind(),
                                                          self.day())
        self._open(render_signin([doc], self._output(f"签到表_{self.day()}_{self.title.text()}")))

    def print_record(self) -> None:
        if not self.meeting_id:
            self.message("打印会议记录", "请先保存会议记录，再打印。")
            return
        from app.printing.meeting_record import render_records
        from app.services import meeting_print_data

        with self.ctx.uow() as uow:
            doc = meeting_print_data.record_doc(uow, self.meeting_id)
        self._open(render_records([doc], self._output(f"会议记录_{self.day()}_{self.title.text()}")))
