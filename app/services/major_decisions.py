"""Use cases of the 三重一大 register: record a decision, read a year's register with its flags.

A decision links to the Party meeting that took it (a 支委会 or a 党总支/党委 committee meeting in
三会一课) when there is one: its date and attendance then come from that record, not from retyping.
The checks themselves are `app.domain.clean_school.decision_flags`.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from sqlalchemy import select

from app.domain.clean_school import (
    DEFAULT_THRESHOLD,
    DecisionCategory,
    DecisionFacts,
    DecisionMethod,
    decision_flags,
)
from app.domain.clean_school_docs import DecisionRegisterDoc, DecisionRow
from app.domain.enums import MeetingKind
from app.errors import NotFoundError, ValidationError
from app.services import organizations
from app.services.permissions import require_admin
from app.store.models import MajorDecision, Meeting, Organization, Setting
from app.store.uow import Ledger, UnitOfWork

THRESHOLD_KEY = "clean_school.large_funds_threshold"
PARTY_MEETING_KINDS = (MeetingKind.COMMITTEE_MEETING.value,)
_MAX_AMOUNT = Decimal("1000000000")


@dataclass(frozen=True)
class PartyMeetingChoice:
    id: str
    held_on: dt.date
    organization: str
    title: str
    expected: int
    present: int

    @property
    def label(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.organization} {self.title}".strip()


def threshold(ledger: Ledger) -> Decimal:
    with ledger.uow() as uow:
        return _threshold(uow)


def _threshold(uow: UnitOfWork) -> Decimal:
    raw = uow.session.get(Setting, THRESHOLD_KEY)
    try:
        return Decimal(json.loads(raw.value)) if raw is not None else DEFAULT_THRESHOLD
    except (ValueError, InvalidOperation, TypeError):
        return DEFAULT_THRESHOLD


def set_threshold(ledger: Ledger, amount: Decimal) -> Decimal:
    """The county's 大额资金 threshold (default 5,000 yuan)."""
    if not (Decimal(0) < amount < _MAX_AMOUNT):
        raise ValidationError("大额资金标准应为大于 0 的金额（元）。")
    with ledger.uow() as uow:
        require_admin(uow.actor, "修改大额资金标准")
        old = _threshold(uow)
        row = uow.session.get(Setting, THRESHOLD_KEY)
        if row is None:
            uow.session.add(Setting(key=THRESHOLD_KEY, value=json.dumps(str(amount))))
        else:
            row.value = json.dumps(str(amount))
        uow.audit("update", "setting", THRESHOLD_KEY, "修改大额资金标准", {"金额": str(old)}, {"金额": str(amount)})
        uow.commit()
    return amount


def party_meeting_choices(ledger: Ledger, year: int) -> list[PartyMeetingChoice]:
    """The year's committee meetings a decision can be linked to, newest first."""
    with ledger.uow() as uow:
        rows = uow.session.execute(
            select(Meeting, Organization.name).join(Organization, Organization.id == Meeting.organization_id)
            .where(Meeting.kind.in_(PARTY_MEETING_KINDS),
                   Meeting.held_on.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
            .order_by(Meeting.held_on.desc())).all()
        return [PartyMeetingChoice(m.id, m.held_on, org, m.title, m.expected_count, m.present_count)
                for m, org in rows]


def _validate(row: DecisionRow) -> list[str]:
    problems = []
    if not row.topic.strip():
        problems.append("议题不能为空")
    if len(row.topic) > 200:
        problems.append("议题不超过 200 字")
    if row.party_meeting_on is None and row.office_meeting_on is None and row.party_meeting_id is None:
        problems.append("请填写党组织会议或校长办公会的日期")
    if row.amount is not None and not (Decimal(0) <= row.amount < _MAX_AMOUNT):
        problems.append("金额应为不小于 0 的数（元）")
    if row.present < 0 or row.expected < 0 or (row.expected and row.present > row.expected):
        problems.append("实到人数不能超过应到人数")
    for label, value in (("赞成", row.votes_for), ("反对", row.votes_against), ("弃权", row.votes_abstain)):
        if value is not None and value < 0:
            problems.append(f"{label}票数不能为负")
    return problems


def _linked(uow: UnitOfWork, row: DecisionRow) -> DecisionRow:
    """Take the Party meeting's date and attendance from its 三会一课 record."""
    if not row.party_meeting_id:
        return row
    meeting = uow.session.get(Meeting, row.party_meeting_id)
    if meeting is None:
        raise NotFoundError("所选的党组织会议记录不存在（可能已被删除），请重新选择。")
    if meeting.kind not in PARTY_MEETING_KINDS:
        raise ValidationError("三重一大事项应由党组织会议（支委会或党总支、党委会议）研究决定，请选择这类会议记录。")
    return replace(row, party_meeting_on=meeting.held_on, expected=meeting.expected_count,
                   present=meeting.present_count)


def _year(row: DecisionRow) -> int:
    day = row.party_meeting_on or row.office_meeting_on
    assert day is not None
    return day.year


def _apply(record: MajorDecision, row: DecisionRow) -> None:
    record.year = _year(row)
    record.category = row.category.value
    record.topic = row.topic.strip()
    record.basis, record.proposer, record.consultation = row.basis, row.proposer, row.consultation
    record.method = row.method.value
    record.party_meeting_id = row.party_meeting_id or None
    record.party_meeting_on, record.office_meeting_on = row.party_meeting_on, row.office_meeting_on
    record.amount_cents = None if row.amount is None else int((row.amount * 100).to_integral_value())
    record.expected, record.present = row.expected, row.present
    record.attendees, record.opinions = row.attendees, row.opinions
    record.votes_for, record.votes_against, record.votes_abstain = row.votes_for, row.votes_against, row.votes_abstain
    record.decision, record.executor, record.deadline = row.decision, row.executor, row.deadline
    record.follow_up, record.attachments_note = row.follow_up, row.attachments_note


def save_decision(ledger: Ledger, row: DecisionRow, decision_id: str | None = None) -> DecisionRow:
    """Record (or correct) a 三重一大 decision; returns it with its id and flags."""
    with ledger.uow() as uow:
        saved = save_decision_in(uow, row, decision_id)
        uow.commit()
        return saved


def save_decision_in(uow: UnitOfWork, row: DecisionRow, decision_id: str | None = None) -> DecisionRow:
    """The step inside `save_decision` (and the demo): checks, writes and audits, does not commit."""
    require_admin(uow.actor, "登记三重一大事项")
    problems = _validate(row)
    if problems:
        raise ValidationError("三重一大事项没有保存：" + "；".join(problems) + "。")
    row = _linked(uow, row)
    if decision_id:
        record = uow.session.get(MajorDecision, decision_id)
        if record is None:
            raise NotFoundError("该三重一大事项不存在（可能已被删除）。")
        old_topic = record.topic
        _apply(record, row)
        uow.audit("update", "major_decision", record.id, f"修改三重一大事项：{record.topic}",
                  {"议题": old_topic}, {"议题": record.topic})
    else:
        record = MajorDecision()
        _apply(record, row)
        uow.session.add(record)
        uow.session.flush()
        uow.audit("create", "major_decision", record.id, f"登记三重一大事项：{record.topic}")
    return _row(uow, record, _threshold(uow))


def delete_decision(ledger: Ledger, decision_id: str) -> None:
    with ledger.uow() as uow:
        require_admin(uow.actor, "删除三重一大事项")
        record = uow.session.get(MajorDecision, decision_id)
        if record is None:
            raise NotFoundError("该三重一大事项不存在（可能已被删除）。")
        uow.audit("delete", "major_decision", record.id, f"删除三重一大事项：{record.topic}",
                  {"议题": record.topic, "类别": record.category})
        uow.session.delete(record)
        uow.commit()


def _row(uow: UnitOfWork, r: MajorDecision, limit: Decimal | None) -> DecisionRow:
    title = ""
    if r.party_meeting_id:
        meeting = uow.session.get(Meeting, r.party_meeting_id)
        title = meeting.title if meeting is not None else ""
    row = DecisionRow(
        topic=r.topic, category=DecisionCategory(r.category), method=DecisionMethod(r.method), basis=r.basis,
        proposer=r.proposer, consultation=r.consultation, party_meeting_on=r.party_meeting_on,
        party_meeting_title=title, party_meeting_id=r.party_meeting_id, office_meeting_on=r.office_meeting_on,
        amount=None if r.amount_cents is None else Decimal(r.amount_cents) / 100, expected=r.expected,
        present=r.present, attendees=r.attendees, opinions=r.opinions, votes_for=r.votes_for,
        votes_against=r.votes_against, votes_abstain=r.votes_abstain, decision=r.decision, executor=r.executor,
        deadline=r.deadline, follow_up=r.follow_up, attachments_note=r.attachments_note, id=r.id)
    if limit is not None:
        row.flags = flags_of(row, limit)
    return row


def flags_of(row: DecisionRow, limit: Decimal) -> list[str]:
    return decision_flags(DecisionFacts(row.category, row.method, row.party_meeting_on, row.office_meeting_on,
                                        row.amount, row.expected, row.present), limit)


def decisions_in(uow: UnitOfWork, year: int) -> list[DecisionRow]:
    limit = _threshold(uow)
    records = uow.session.scalars(select(MajorDecision).where(MajorDecision.year == year)
                                  .order_by(MajorDecision.party_meeting_on, MajorDecision.office_meeting_on,
                                            MajorDecision.created_at)).all()
    return [_row(uow, r, limit) for r in records]


def decision_register(ledger: Ledger, year: int, *, today: dt.date | None = None) -> DecisionRegisterDoc:
    """The year's 三重一大 register, each decision with its flags."""
    with ledger.uow() as uow:
        school = organizations.school_name(uow)
        return DecisionRegisterDoc(school, year, _threshold(uow), decisions_in(uow, year), today or dt.date.today())
