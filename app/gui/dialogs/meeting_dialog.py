"""The meeting editor: one record with its kind's fields, attendance from the roster, attachments."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
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

from app.domain import compliance_rules as rules
from app.domain.dates import normal_time, time_problems
from app.domain.enums import MeetingKind, VoteKind
from app.gui import print_preview, screen_fit
from app.gui.dialogs.attachment_panel import AttachmentPanel
from app.gui.drafts import DraftKeeper, name_widgets
from app.gui.models.meeting_models import AttendanceModel, ReasonDelegate
from app.gui.operations import Operation, run_now
from app.gui.widgets.combined_kinds import CombinedKinds
from app.gui.widgets.date_edit import RequiredDateEdit
from app.services import meeting_ops
from app.services.meeting_templates import LECTURE_TYPES, THEME_FORMS, template
from app.services.meeting_types import MeetingInput, SaveResult
from app.store.uow import Ledger

VOTING_KINDS = {MeetingKind.GENERAL_ASSEMBLY, MeetingKind.COMMITTEE_MEETING, MeetingKind.LIFE_MEETING,
                MeetingKind.MEMBER_REVIEW}
# The kind first: it decides which organizations the list offers.
DRAFT_FIELDS = ("kind", "org", "held_on", "start_time", "end_time", "title", "place", "host", "recorder",
                "first_material", "first_speaker", "topics", "lecturer", "lecture_title", "lecture_type", "theme",
                "form_edit", "has_vote", "talk_a", "talk_b", "content", "resolutions", "follow_up", "observers")
# What a kind's template fills in, and the widget that shows it: swapped on a kind change while untouched.
TEMPLATE_FIELDS = {"title": "title", "topics": "topics", "lecture_type": "lecture_type", "form": "form_edit"}
KEEP, DISCARD, STAY = "keep", "discard", "stay"


def print_file_name(kind: str, day: dt.date, title: str) -> str:
    """A PDF name the user can recognise in 另存为: kind, date and the record's name, safe on Windows."""
    safe = "".join(ch for ch in title if ch not in '\\/:*?"<>|').strip()[:40]
    return f"{kind}_{day:%Y-%m-%d}" + (f"_{safe}" if safe else "") + ".pdf"


class MeetingDialog(QDialog):
    """New record (meeting_id=None, starting from the kind's template) or edit an existing one."""

    def __init__(self, ctx: Ledger, meeting_id: str | None = None, *, organization_id: str | None = None,
                 kind: MeetingKind = MeetingKind.COMMITTEE_MEETING, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.meeting_id = meeting_id
        self.saved = False  # saved at least once while open: the list behind it needs a refresh
        self.warnings: list[str] = []
        self.setWindowTitle("编辑会议记录" if meeting_id else "新建会议记录")
        screen_fit.fit(self, 860, 720)  # within a 1366×700 screen (issue #17)
        choices = meeting_ops.editor_choices(ctx)
        self.orgs, self.people = choices.organizations, choices.people
        self._template: dict[str, str] = {}  # what the kind's template last put into each field
        self._build()
        if meeting_id:
            self.load(meeting_ops.load_meeting(ctx, meeting_id))
            self.attachments.set_meeting(meeting_id)
        else:
            org = organization_id or next((o.id for o in self.orgs if rules.kind_allowed(kind.value, o.kind.value)),
                                          "")
            start = template(kind, org)
            self.load(start)
            self._template = self._template_values(start)
        name_widgets(self, DRAFT_FIELDS)
        for name, spin in zip(("votes_for", "votes_against", "votes_abstain"), self.votes, strict=True):
            spin.setObjectName(name)
        # Typing survives a crash and is offered back (attendance ticks and attachments are not kept).
        self.draft = DraftKeeper(self, f"meeting:{meeting_id or 'new'}")
        self.draft.track(self._attendance_marks)  # an unticked 出席 is a change: 取消 asks, 打印 warns
        self.ask_keep_draft = self._ask_keep_draft  # tests replace it
        self.draft.asks_on_cancel = False  # reject() asks (keep / discard / go on editing), not the keeper
        QShortcut(QKeySequence("Ctrl+S"), self, activated=lambda: self.save())
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
        self.held_on = RequiredDateEdit()
        self.start_time, self.end_time = QLineEdit(), QLineEdit()
        for edit in (self.start_time, self.end_time):
            edit.setPlaceholderText("如 14:30")
            edit.setMaximumWidth(90)
        times = QHBoxLayout()
        times.addWidget(self.start_time)
        times.addWidget(QLabel("至"))
        times.addWidget(self.end_time)
        self.time_hint = QLabel()  # an end before the start, said while it is typed
        self.time_hint.setObjectName("fieldError")
        self.time_hint.setStyleSheet("color: #b00020;")
        times.addWidget(self.time_hint)
        times.addStretch(1)
        for edit in (self.start_time, self.end_time):
            edit.textChanged.connect(lambda _text: self._check_times(typing=True))
            edit.editingFinished.connect(lambda e=edit: self._time_left(e))
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
        self.also = CombinedKinds()
        form.addRow("合并召开，同时计为", self.also)
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
        self.vote_kind = QComboBox()
        for k in VoteKind:
            if k != VoteKind.NONE:
                self.vote_kind.addItem(k.label, k.value)
        self.vote_kind.setEnabled(False)
        self.has_vote.toggled.connect(self.vote_kind.setEnabled)
        # written opinions of absent members with a vote (counted for 接收预备党员/转正 votes)
        self.written = [QSpinBox(maximum=999) for _ in range(2)]
        vf.addWidget(self.has_vote)
        vf.addWidget(self.vote_kind)
        for label, spin in zip(("赞成", "反对", "弃权", "书面同意", "书面反对"), [*self.votes, *self.written],
                               strict=True):
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
        # A 主题党日 that includes a 党课 shows both boxes: side by side, so the window stays within 700 px.
        self.lecture_theme = QWidget()
        side_by_side = QHBoxLayout(self.lecture_theme)
        side_by_side.setContentsMargins(0, 0, 0, 0)
        side_by_side.addWidget(self.lecture_box)
        side_by_side.addWidget(self.theme_box)
        basic_layout.addWidget(self.lecture_theme)
        self.also.boxes[MeetingKind.PARTY_LECTURE.value].toggled.connect(self._show_lecture)
        for box in (self.vote_box, self.talk_box):
            basic_layout.addWidget(box)
        basic_layout.addStretch(1)
        self.pages.addTab(screen_fit.scrolled(basic), "基本信息")  # scrolls on a short screen

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
        self.save_button.setToolTip("保存后窗口不关闭，可以接着打印（Ctrl+S）")
        self.save_close_button = QPushButton("保存并关闭")
        self.save_close_button.setDefault(True)
        self.cancel_button = QPushButton("取消")
        self.copy_button.clicked.connect(self.copy_last)
        self.signin_button.clicked.connect(self.print_signin)
        self.print_button.clicked.connect(self.print_record)
        self.save_button.clicked.connect(lambda: self.save())
        self.save_close_button.clicked.connect(lambda: self.save_and_close())
        self.cancel_button.clicked.connect(self.reject)
        for b in (self.copy_button, self.signin_button, self.print_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        for b in (self.save_button, self.save_close_button, self.cancel_button):
            buttons.addWidget(b)
        outer.addLayout(buttons)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.org.currentIndexChanged.connect(self._reload_roster)
        self.org.currentIndexChanged.connect(self._combined_choices)
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
        self._swap_template(kind)
        self.theme_box.setVisible(kind in (MeetingKind.THEME_DAY, MeetingKind.TALK))
        self._show_lecture()
        self.theme.setEnabled(kind == MeetingKind.THEME_DAY)
        self.theme_box.setTitle("谈话形式" if kind == MeetingKind.TALK else "主题党日")
        self.vote_box.setVisible(kind in VOTING_KINDS)
        self._combined_choices()
        self.talk_box.setVisible(kind == MeetingKind.TALK)
        self.pages.setTabEnabled(self.att_tab, kind != MeetingKind.TALK)
        self._reload_roster()

    def _show_lecture(self, *_args: object) -> None:
        """The 党课 fields, for a 党课 and for a record that also counts as one (合并召开): its 主讲人 earns 讲党课."""
        self.lecture_box.setVisible(self.current_kind() == MeetingKind.PARTY_LECTURE
                                    or self.also.boxes[MeetingKind.PARTY_LECTURE.value].isChecked())
        self.lecture_theme.setVisible(not (self.lecture_box.isHidden() and self.theme_box.isHidden()))

    def _combined_choices(self, *_args: object) -> None:
        org = next((o for o in self.orgs if o.id == self.org.currentData()), None)
        self.also.set_main(self.current_kind(), org.kind.value if org else None)

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
        self.also.set_value(data.also_kinds)
        self.vote_kind.setCurrentIndex(max(0, self.vote_kind.findData(data.vote_kind or VoteKind.MOTION.value)))
        for spin, number in zip(self.written, (data.written_for, data.written_against), strict=True):
            spin.setValue(number or 0)
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
        entries = run_now(self, lambda: meeting_ops.attendance_for_editing(self.ctx, org_id, self.day(), current,
                                                                        self.current_kind()), title="出勤名单")
        if entries is None:
            return
        self._given_attendance = None
        self.attendance.set_entries(entries)
        self.att_view.resizeColumnsToContents()
        reason = ReasonDelegate.column_width(self.att_view.viewport())
        if self.att_view.columnWidth(AttendanceModel.REASON) < reason:
            self.att_view.setColumnWidth(AttendanceModel.REASON, reason)

    def _update_counts(self) -> None:
        expected, present = self.attendance.counts()
        hint = ("“年老体弱/卧床”“外出半年以上”经上级党组织同意不计入应到，请在备注写明同意情况。"
                if self.current_kind() == MeetingKind.GENERAL_ASSEMBLY else "")
        self.att_summary.setText(f"应到 {expected} 人，实到 {present} 人，缺席 {expected - present} 人。"
                                 "取消勾选“出席”即为缺席，请选择缺席原因。" + hint)
        self.att_summary.setWordWrap(True)
        self.pages.setTabText(self.att_tab, f"出勤（{present}/{expected}）")

    def _attendance_marks(self) -> tuple[tuple[object, ...], ...]:
        """Who was present, absent or excused and why: what 取消 and 打印 compare with the saved record."""
        return tuple((e.member_id, e.status, e.reason, e.note) for e in self.attendance.entries)

    def day(self) -> dt.date:
        q = self.held_on.date()
        return dt.date(q.year(), q.month(), q.day())

    # ---- collecting and saving -----------------------------------------------------------------
    def collect(self) -> MeetingInput:
        vote = self.has_vote.isChecked() and self.current_kind() in VOTING_KINDS
        talk = self.current_kind() == MeetingKind.TALK
        return MeetingInput(
            organization_id=self.org.currentData() or "", kind=self.current_kind(), held_on=self.day(),
            title=self.title.text(), start_time=normal_time(self.start_time.text()),
            end_time=normal_time(self.end_time.text()),
            place=self.place.text(), host=self.host.text(), recorder=self.recorder.text(),
            topics=self.topics.toPlainText(), content=self.content.toPlainText(),
            resolutions=self.resolutions.toPlainText(), follow_up=self.follow_up.toPlainText(),
            first_topic_material=self.first_material.text(), first_topic_speaker=self.first_speaker.text(),
            lecturer=self.lecturer.text(), lecture_title=self.lecture_title.text(),
            lecture_type=self.lecture_type.currentText() if not self.lecture_box.isHidden() else "",
            theme=self.theme.text(), form=self.form_edit.currentText() if self.theme_box.isVisible() else "",
            votes_for=self.votes[0].value() if vote else None, votes_against=self.votes[1].value() if vote else None,
            votes_abstain=self.votes[2].value() if vote else None, observers=self.observers.toPlainText(),
            talk_member_a_id=self.talk_a.currentData() if talk else None,
            talk_member_b_id=self.talk_b.currentData() if talk else None,
            attendance=None if talk else list(self.attendance.entries), also_kinds=self.also.value(),
            vote_kind=self.vote_kind.currentData() if vote else "",
            written_for=self.written[0].value() if vote else 0, written_against=self.written[1].value() if vote else 0)

    def save(self, *, close: bool = False) -> bool:
        """保存: the record and its attachment changes in one transaction; the dialog stays open (unless
        `close`). With files to copy the save runs off the GUI thread (a scan can be large) and the form
        waits, disabled, so nothing typed meanwhile is mistaken for saved; False when refused at once."""
        if refused := self.held_on.pending_refusal():  # the date on screen is not the one the user meant
            self.message("无法保存", f"会议日期：{refused}", warning=True)
            return False
        data = self.collect()
        pending, removed = list(self.attachments.pending), list(self.attachments.removed)

        def work() -> SaveResult:
            return meeting_ops.record_meeting(self.ctx, data, meeting_id=self.meeting_id, add_files=pending,
                                              remove_attachments=removed)

        if pending:
            self.setEnabled(False)
            Operation(self, lambda _p: work(), title="保存会议记录", label="正在保存并复制附件…") \
                .success(lambda result: self._saved(result, close)).finally_(lambda: self.setEnabled(True)).run()
            return True
        result = run_now(self, work, title="无法保存")
        if result is None:
            return False
        self._saved(result, close)
        return True

    def _saved(self, result: SaveResult, close: bool) -> None:
        first_save = self.meeting_id is None
        self.meeting_id = result.id
        self.saved = True
        self.warnings = result.warnings
        self._template = {}  # a saved record's kind no longer swaps in templates
        self.attachments.set_meeting(result.id)
        self.draft.saved(f"meeting:{result.id}" if first_save else None)
        self.setWindowTitle("编辑会议记录")
        if result.warnings:
            self.message("已保存，请注意", "\n".join(result.warnings), warning=True)
        if close:
            self.accept()

    def save_and_close(self) -> bool:
        return self.save(close=True)

    def reject(self) -> None:
        """取消 (or Esc, or the close box): with unsaved typing, ask whether to keep it as a draft."""
        if self.isVisible() and self.draft.has_changes():
            answer = self.ask_keep_draft()
            if answer == STAY:
                return
            if answer == KEEP:
                self.draft.save()
            else:
                self.draft.discard()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.isVisible():
            self.reject()
        if self.isVisible():  # 继续编辑
            event.ignore()

    def _ask_keep_draft(self) -> str:
        text = ("会议记录还没有保存。要把已填写的内容保留为草稿，下次新建时恢复吗？" if self.meeting_id is None
                else "修改还没有保存。要把修改保留为草稿，下次打开这条记录时恢复吗？")
        box = QMessageBox(QMessageBox.Icon.Question, "取消编辑", text, parent=self)
        keep = box.addButton("保留草稿", QMessageBox.ButtonRole.AcceptRole)
        drop = box.addButton("不保留", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("继续编辑", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.exec()
        return KEEP if box.clickedButton() is keep else DISCARD if box.clickedButton() is drop else STAY

    def message(self, title: str, text: str, *, warning: bool = False) -> None:
        """One place for message boxes (tests replace it)."""
        (QMessageBox.warning if warning else QMessageBox.information)(self, title, text)

    # ---- templates and hints ---------------------------------------------------------------------
    def _template_values(self, data: MeetingInput) -> dict[str, str]:
        return {name: str(getattr(data, name)) for name in TEMPLATE_FIELDS}

    def _field_text(self, name: str) -> str:
        widget = getattr(self, TEMPLATE_FIELDS[name])
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText()
        if isinstance(widget, QComboBox):
            return widget.currentText()
        return widget.text()

    def _swap_template(self, kind: MeetingKind) -> None:
        """A new record takes the new kind's template in every field the user has not edited."""
        if self.meeting_id is not None or not self._template:
            return
        new = self._template_values(template(kind, self.org.currentData() or ""))
        for name, old in self._template.items():
            if self._field_text(name) != old:
                continue  # typed by the user: stays
            widget = getattr(self, TEMPLATE_FIELDS[name])
            if isinstance(widget, QPlainTextEdit):
                widget.setPlainText(new[name])
            elif isinstance(widget, QComboBox):
                widget.setCurrentText(new[name])
            else:
                widget.setText(new[name])
        self._template = new

    def _time_left(self, edit: QLineEdit) -> None:
        """Leaving a time field shows the time the way it is saved (8:30 → 08:30, 14：30 → 14:30)."""
        if (normal := normal_time(edit.text())) != edit.text():
            edit.setText(normal)
        self._check_times()

    def _check_times(self, typing: bool = False) -> None:
        """While a time is being typed only the order is judged ("14:3" is not wrong yet); the format
        when the field is left."""
        problems = time_problems(self.start_time.text(), self.end_time.text())
        if typing:
            problems = [p for p in problems if "格式" not in p]
        self.time_hint.setText(problems[0] if problems else "")

    # ---- copy and print -----------------------------------------------------------------------
    def copy_last(self) -> None:
        data = run_now(self, lambda: meeting_ops.copy_last(self.ctx, self.org.currentData() or "",
                                                           self.current_kind(), self.day()), title="复制上次")
        if data is None:
            return
        data.attendance = list(self.attendance.entries)
        self._template = {}
        self.load(data)

    def _pdf(self, kind: str) -> Path:
        return print_preview.pdf_path(print_file_name(kind, self.day(), self.title.text()))

    def _print_refused(self, title: str) -> bool:
        """True, after saying why, when the paper would not match the screen: a saved record prints its last
        saved version (so unsaved changes must be saved first), and a refused date is not a date at all."""
        if refused := self.held_on.pending_refusal():
            self.message(title, f"会议日期：{refused}")
            return True
        if self.meeting_id and self.draft.has_changes():
            self.message(title, "这条记录有未保存的修改。请先点“保存”，再打印。")
            return True
        return False

    def print_signin(self) -> None:
        """签到表 of the saved record (refused, like 打印会议记录, while it has unsaved changes), or before the
        first save, of what is typed (roster on the chosen day)."""
        from app.documents import meeting_printing  # ReportLab and openpyxl load on first print

        if self._print_refused("打印签到表"):
            return
        path = self._pdf("签到表")
        meeting_id, draft = self.meeting_id, None if self.meeting_id else self.collect()
        Operation(self, lambda _p: meeting_printing.print_signin(self.ctx, path, meeting_id=meeting_id, draft=draft),
                  title="打印签到表") \
            .success(lambda pdf: print_preview.show_pdf(self, pdf, title="签到表")).run()

    def print_record(self) -> None:
        from app.documents import meeting_printing  # ReportLab and openpyxl load on first print

        if not self.meeting_id:
            self.message("打印会议记录", "请先保存会议记录，再打印。")
            return
        if self._print_refused("打印会议记录"):
            return
        path, meeting_id = self._pdf("会议记录"), self.meeting_id
        Operation(self, lambda _p: meeting_printing.print_record(self.ctx, meeting_id, path), title="打印会议记录") \
            .success(lambda pdf: print_preview.show_pdf(self, pdf, title="会议记录")).run()
