"""发展党员全程纪实: record, edit and delete a person's development steps; timelines and what is due next.

Every use case here opens its own unit of work (docs/architecture.md). The rules themselves live in
app.domain.development_rules; this module turns stored rows into the rules' facts and back.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields, replace

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import contains_eager

from app.domain import development_rules as rules
from app.domain.development_rules import (
    DecisionBody,
    DevelopmentRules,
    Due,
    PersonFact,
    ProbationOutcome,
    Standing,
    StepCheck,
    StepFact,
)
from app.domain.enums import Gender, MeetingKind, MemberCategory, MemberStatus
from app.errors import NotFoundError, ValidationError
from app.services.development_files import files_in, forget_step_files
from app.services.permissions import require_admin, require_edit
from app.store.models import DevelopmentAttachment, DevelopmentStep, Meeting, Member, Organization, Setting
from app.store.uow import Ledger, UnitOfWork


class NeedsReason(ValidationError):
    """The step breaks an interval or the order: it saves only with a reason (the dossier shows both)."""


@dataclass(frozen=True)
class StepInput:
    member_id: str
    number: int
    on: dt.date
    decided_by: DecisionBody = DecisionBody.NONE
    meeting_id: str | None = None
    introducer_ids: tuple[str, ...] = ()
    contact_ids: tuple[str, ...] = ()
    outcome: ProbationOutcome = ProbationOutcome.NONE
    extension_months: int = 0
    note: str = ""
    reason: str = ""


@dataclass(frozen=True)
class StepRow:
    id: str
    number: int
    stage: int
    title: str
    on: dt.date
    decided_by: DecisionBody
    meeting_id: str | None
    meeting_label: str
    introducer_ids: tuple[str, ...]
    introducers: tuple[str, ...]
    contact_ids: tuple[str, ...]
    contacts: tuple[str, ...]
    outcome: ProbationOutcome
    extension_months: int
    note: str
    reason: str
    problems: tuple[str, ...]  # what the rules say about it now, among the person's other steps
    files: tuple[str, ...] = ()  # attachment names (scanned forms)


@dataclass(frozen=True)
class PersonSummary:
    member_id: str
    name: str
    gender: str
    birth_date: dt.date | None
    branch_name: str
    category: MemberCategory
    standing: Standing
    due: Due | None
    last_step: int
    last_on: dt.date | None
    problems: int


@dataclass(frozen=True)
class Timeline:
    person: PersonSummary
    steps: list[StepRow]
    probation_end: dt.date | None
    education: str = ""
    job: str = ""
    ethnicity: str = ""


@dataclass(frozen=True)
class SaveResult:
    step_id: str
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Choice:
    id: str
    label: str


@dataclass
class PersonProblems:
    name: str
    branch_name: str
    items: list[tuple[int, dt.date, list[str], str]] = field(default_factory=list)  # step, date, problems, reason


# ---- the school's intervals -----------------------------------------------------------------------

RULES_KEY = "development.rules"  # JSON of the fields the school changed, e.g. {"publicity_working_days": 7}


def school_rules(uow: UnitOfWork) -> DevelopmentRules:
    """The defaults of docs/domain.md with the school's changes from the settings (read once per unit of work)."""
    cached = uow.session.info.get(RULES_KEY)
    if isinstance(cached, DevelopmentRules):
        return cached
    found = rules.DEFAULT_RULES
    row = uow.session.get(Setting, RULES_KEY)
    if row is not None:
        try:
            values = json.loads(row.value)
        except ValueError:
            values = {}
        known = {f.name for f in fields(DevelopmentRules)}
        changed = {k: int(v) for k, v in values.items() if k in known and isinstance(v, int)} \
            if isinstance(values, dict) else {}
        found = replace(rules.DEFAULT_RULES, **changed)
    uow.session.info[RULES_KEY] = found
    return found


def set_school_rules(ledger: Ledger, **changes: int) -> DevelopmentRules:
    """Change some intervals for this school (admin only, audited); unknown names or bad numbers refused."""
    known = {f.name for f in fields(DevelopmentRules)}
    bad = [k for k, v in changes.items() if k not in known or not isinstance(v, int) or v < 0]
    if bad:
        raise ValidationError("发展党员时间要求设置有误：" + "、".join(bad))
    with ledger.uow() as uow:
        require_admin(uow.actor, "修改发展党员时间要求")
        old = school_rules(uow)
        new = replace(old, **changes)
        differs = {f.name: getattr(new, f.name) for f in fields(DevelopmentRules)
                   if getattr(new, f.name) != getattr(rules.DEFAULT_RULES, f.name)}
        row = uow.session.get(Setting, RULES_KEY)
        if row is None:
            uow.session.add(Setting(key=RULES_KEY, value=json.dumps(differs)))
        else:
            row.value = json.dumps(differs)
        uow.session.info.pop(RULES_KEY, None)
        uow.audit("update", "setting", RULES_KEY, "修改发展党员时间要求",
                  old={k: getattr(old, k) for k in changes}, new=changes)
        uow.commit()
        return new


# ---- from rows to facts ---------------------------------------------------------------------------

def _person_fact(member: Member | None) -> PersonFact | None:
    if member is None:
        return None
    return PersonFact(member.name, full_since=member.full_on,
                      is_full_now=member.category == MemberCategory.FULL.value)


def _pair(uow: UnitOfWork, ids: Iterable[str | None]) -> tuple[PersonFact, ...]:
    found = [_person_fact(uow.session.get(Member, i)) for i in ids if i]
    return tuple(f for f in found if f is not None)


def _fact(uow: UnitOfWork, row: DevelopmentStep) -> StepFact:
    return StepFact(
        number=row.step_no, on=row.done_on, outcome=ProbationOutcome(row.outcome or ""),
        extension_months=row.extension_months or 0,
        introducers=_pair(uow, (row.introducer_a_id, row.introducer_b_id)),
        contacts=_pair(uow, (row.contact_a_id, row.contact_b_id)), ref=row.id)


def _rows(uow: UnitOfWork, member_id: str) -> list[DevelopmentStep]:
    return list(uow.session.scalars(select(DevelopmentStep).where(DevelopmentStep.member_id == member_id)
                                    .order_by(DevelopmentStep.done_on, DevelopmentStep.step_no,
                                              DevelopmentStep.created_at)))


def _input_fact(uow: UnitOfWork, inp: StepInput, ref: str = "") -> StepFact:
    return StepFact(number=inp.number, on=inp.on, outcome=inp.outcome, extension_months=inp.extension_months,
                    introducers=_pair(uow, inp.introducer_ids), contacts=_pair(uow, inp.contact_ids), ref=ref)


def _member(uow: UnitOfWork, member_id: str) -> Member:
    member = uow.session.get(Member, member_id)
    if member is None:
        raise NotFoundError("人员不存在")
    return member


def _check(uow: UnitOfWork, inp: StepInput, step_id: str | None, today: dt.date) -> StepCheck:
    member = _member(uow, inp.member_id)
    others = [_fact(uow, r) for r in _rows(uow, inp.member_id) if r.id != step_id]
    result = rules.check_step(_input_fact(uow, inp, step_id or ""), others, birth_date=member.birth_date,
                              today=today, rules=school_rules(uow))
    errors = result.errors
    for ids, label in ((inp.introducer_ids, "入党介绍人"), (inp.contact_ids, "培养联系人")):
        if len(set(ids)) != len(ids):
            errors.append(f"两名{label}不能是同一人")
        if inp.member_id in ids:
            errors.append(f"本人不能担任自己的{label}")
        if any(uow.session.get(Member, i) is None for i in ids):
            errors.append(f"{label}不在名册中")
    if inp.introducer_ids and inp.number != 9:
        errors.append("入党介绍人在第9步填写")
    if inp.contact_ids and inp.number != 5:
        errors.append("培养联系人在第5步填写")
    if inp.meeting_id and uow.session.get(Meeting, inp.meeting_id) is None:
        errors.append("所选会议记录不存在")
    return result


def preview_step(ledger: Ledger, inp: StepInput, *, step_id: str | None = None,
                 today: dt.date | None = None) -> StepCheck:
    """What saving `inp` would meet: errors (it cannot be saved) and warnings (it needs a reason)."""
    with ledger.uow() as uow:
        return _check(uow, inp, step_id, today or dt.date.today())


# ---- writing ----------------------------------------------------------------------------------------

_LEGACY_DATE = {1: "applied_on", 4: "activist_on", 8: "candidate_on", 15: "joined_on"}
_ORDER = [MemberCategory.APPLICANT, MemberCategory.ACTIVIST, MemberCategory.CANDIDATE,
          MemberCategory.PROBATIONARY, MemberCategory.FULL]


def _sync_member(uow: UnitOfWork, member: Member, touched: set[int]) -> None:
    """Carry the step just saved into the roster's matching date (1/4/8/15/22), and move the category
    forward only. Other roster dates are left as the user typed them in the member dialog."""
    facts = [_fact(uow, r) for r in _rows(uow, member.id)]
    for number, column in _LEGACY_DATE.items():
        first = min((f.on for f in facts if f.number == number), default=None)
        if first is not None and number in touched:
            setattr(member, column, first)
    decided = [f for f in facts if f.number == 22 and f.outcome == ProbationOutcome.FULL]
    if decided and 22 in touched:
        end = rules.probation_end(facts, school_rules(uow))
        member.full_on = end if end is not None and end <= decided[-1].on else decided[-1].on
    target = {Standing.APPLICANT: MemberCategory.APPLICANT, Standing.ACTIVIST: MemberCategory.ACTIVIST,
              Standing.CANDIDATE: MemberCategory.CANDIDATE, Standing.PROBATIONARY: MemberCategory.PROBATIONARY,
              Standing.FULL: MemberCategory.FULL}.get(rules.standing(facts))
    if target is None or (target.is_party_member and member.joined_on is None):
        return
    if _ORDER.index(target) > _ORDER.index(MemberCategory(member.category)):
        member.category = target.value


def _apply(row: DevelopmentStep, inp: StepInput, warnings: Sequence[str]) -> None:
    intro = [*inp.introducer_ids, None, None]
    contacts = [*inp.contact_ids, None, None]
    row.step_no = inp.number
    row.done_on = inp.on
    row.decided_by = inp.decided_by.value
    row.meeting_id = inp.meeting_id or None
    row.introducer_a_id, row.introducer_b_id = intro[0], intro[1]
    row.contact_a_id, row.contact_b_id = contacts[0], contacts[1]
    row.outcome = inp.outcome.value
    row.extension_months = inp.extension_months if inp.outcome == ProbationOutcome.EXTENDED else 0
    row.note = inp.note.strip()
    row.warnings = "\n".join(warnings)
    row.override_reason = inp.reason.strip() if warnings else ""


def _snapshot(row: DevelopmentStep) -> dict[str, object]:
    return {k: getattr(row, k) for k in (
        "member_id", "step_no", "done_on", "decided_by", "meeting_id", "introducer_a_id", "introducer_b_id",
        "contact_a_id", "contact_b_id", "outcome", "extension_months", "note", "warnings", "override_reason")}


def _validated(uow: UnitOfWork, inp: StepInput, step_id: str | None, today: dt.date) -> list[str]:
    result = _check(uow, inp, step_id, today)
    if result.errors:
        raise ValidationError("发展党员步骤有误，未保存：", details=result.errors)
    if result.warnings and not inp.reason.strip():
        raise NeedsReason("此步骤不符合发展党员工作细则的程序或时间要求，须填写原因才能保存：",
                          details=result.warnings)
    return result.warnings


def record_step(ledger: Ledger, inp: StepInput, *, today: dt.date | None = None) -> SaveResult:
    """Add one step to a person's timeline; NeedsReason when it breaks a rule and no reason is given."""
    with ledger.uow() as uow:
        result = add_step(uow, inp, today or dt.date.today())
        uow.commit()
        return result


def add_step(uow: UnitOfWork, inp: StepInput, today: dt.date) -> SaveResult:
    """The step `record_step` is built from (and the demo, which fills a store in one transaction)."""
    member = _member(uow, inp.member_id)
    require_edit(uow.actor, uow.session, member.branch_id, "记录发展党员步骤")
    warnings = _validated(uow, inp, None, today)
    row = DevelopmentStep(member_id=member.id)
    _apply(row, inp, warnings)
    uow.session.add(row)
    uow.session.flush()
    _sync_member(uow, member, {inp.number})
    uow.audit("create", "development_step", row.id, f"{member.name} {rules.step_label(inp.number)}",
              new=_snapshot(row))
    return SaveResult(row.id, tuple(warnings))


def update_step(ledger: Ledger, step_id: str, inp: StepInput, *, today: dt.date | None = None) -> SaveResult:
    with ledger.uow() as uow:
        row = uow.session.get(DevelopmentStep, step_id)
        if row is None:
            raise NotFoundError("该发展步骤已不存在")
        if row.member_id != inp.member_id:
            raise ValidationError("不能把步骤改到另一个人名下")
        member = _member(uow, row.member_id)
        require_edit(uow.actor, uow.session, member.branch_id, "修改发展党员步骤")
        warnings = _validated(uow, inp, step_id, today or dt.date.today())
        old = _snapshot(row)
        _apply(row, inp, warnings)
        uow.session.flush()
        _sync_member(uow, member, {inp.number, int(str(old["step_no"]))})
        new = _snapshot(row)
        changed = [k for k in new if new[k] != old[k]]
        uow.audit("update", "development_step", row.id, f"修改 {member.name} {rules.step_label(inp.number)}",
                  old={k: old[k] for k in changed}, new={k: new[k] for k in changed})
        uow.commit()
        return SaveResult(row.id, tuple(warnings))


def delete_step(ledger: Ledger, step_id: str) -> None:
    """Remove a step entered by mistake (audited with everything it held). Roster dates stay as they are."""
    with ledger.uow() as uow:
        row = uow.session.get(DevelopmentStep, step_id)
        if row is None:
            raise NotFoundError("该发展步骤已不存在")
        member = _member(uow, row.member_id)
        require_edit(uow.actor, uow.session, member.branch_id, "删除发展党员步骤")
        old = _snapshot(row)
        forget_step_files(uow, step_id)
        uow.session.execute(delete(DevelopmentAttachment).where(DevelopmentAttachment.step_id == step_id))
        uow.session.delete(row)
        uow.audit("delete", "development_step", step_id, f"删除 {member.name} {rules.step_label(row.step_no)}",
                  old=old)
        uow.commit()


# ---- reading ----------------------------------------------------------------------------------------

def _names(uow: UnitOfWork, ids: Iterable[str | None]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    kept = [i for i in ids if i]
    people = [uow.session.get(Member, i) for i in kept]
    return tuple(kept), tuple(p.name if p else "（已删除）" for p in people)


def meeting_label(meeting: Meeting) -> str:
    title = meeting.title or meeting.theme or ""
    return f"{meeting.held_on:%Y-%m-%d} {MeetingKind(meeting.kind).label}" + (f"：{title}" if title else "")


def _summary(uow: UnitOfWork, member: Member, facts: Sequence[StepFact], today: dt.date,
             problems: int) -> PersonSummary:
    last = max(facts, key=lambda f: (f.on, f.number), default=None)
    return PersonSummary(
        member_id=member.id, name=member.name, gender=Gender(member.gender).label if member.gender else "",
        birth_date=member.birth_date, branch_name=member.branch.name if member.branch else "",
        category=MemberCategory(member.category), standing=rules.standing(facts),
        due=rules.next_due(facts, today, school_rules(uow)), last_step=last.number if last else 0,
        last_on=last.on if last else None, problems=problems)


def _timeline(uow: UnitOfWork, member: Member, today: dt.date) -> Timeline:
    rows = _rows(uow, member.id)
    facts = [_fact(uow, r) for r in rows]
    attached = files_in(uow, [r.id for r in rows])
    found = rules.audit(facts, birth_date=member.birth_date, rules=school_rules(uow))
    steps = []
    for row in rows:
        intro_ids, intro = _names(uow, (row.introducer_a_id, row.introducer_b_id))
        contact_ids, contacts = _names(uow, (row.contact_a_id, row.contact_b_id))
        meeting = uow.session.get(Meeting, row.meeting_id) if row.meeting_id else None
        definition = rules.step_def(row.step_no)
        steps.append(StepRow(
            id=row.id, number=row.step_no, stage=definition.stage, title=definition.title, on=row.done_on,
            decided_by=DecisionBody(row.decided_by or ""), meeting_id=row.meeting_id,
            meeting_label=meeting_label(meeting) if meeting else "", introducer_ids=intro_ids,
            introducers=intro, contact_ids=contact_ids, contacts=contacts,
            outcome=ProbationOutcome(row.outcome or ""), extension_months=row.extension_months or 0,
            note=row.note, reason=row.override_reason, problems=tuple(found.get(row.id, ())),
            files=tuple(f.original_name for f in attached.get(row.id, []))))
    return Timeline(person=_summary(uow, member, facts, today, len(found)), steps=steps,
                    probation_end=rules.probation_end(facts, school_rules(uow)), education=member.education,
                    job=member.job, ethnicity=member.ethnicity)


def timeline(ledger: Ledger, member_id: str, *, today: dt.date | None = None) -> Timeline:
    with ledger.uow() as uow:
        return _timeline(uow, _member(uow, member_id), today or dt.date.today())


IN_DEVELOPMENT = [c.value for c in (MemberCategory.APPLICANT, MemberCategory.ACTIVIST, MemberCategory.CANDIDATE,
                                    MemberCategory.PROBATIONARY)]


def _people_query(uow: UnitOfWork, branch_id: str | None, include_members: bool) -> list[Member]:
    with_steps = select(DevelopmentStep.member_id).where(DevelopmentStep.step_no < 22)
    stmt = select(Member).where(Member.status == MemberStatus.ACTIVE.value)
    if not include_members:
        stmt = stmt.where(Member.category.in_(IN_DEVELOPMENT))
    else:
        stmt = stmt.where(or_(Member.category.in_(IN_DEVELOPMENT), Member.id.in_(with_steps)))
    if branch_id:
        stmt = stmt.where(or_(Member.branch_id == branch_id, Member.group_id == branch_id))
    return list(uow.session.scalars(stmt.outerjoin(Organization, Organization.id == Member.branch_id)
                                    .options(contains_eager(Member.branch))  # the branch's name, no query each
                                    .order_by(Organization.sort_order, Organization.name, Member.name_pinyin)))


def _all_facts(uow: UnitOfWork, member_ids: Sequence[str]) -> dict[str, list[StepFact]]:
    """Every step of these people in one query; introducers' facts looked up once each."""
    result: dict[str, list[StepFact]] = {i: [] for i in member_ids}
    if not member_ids:
        return result
    rows = uow.session.scalars(select(DevelopmentStep).where(DevelopmentStep.member_id.in_(member_ids))
                               .order_by(DevelopmentStep.done_on, DevelopmentStep.step_no))
    for row in rows:
        result[row.member_id].append(_fact(uow, row))
    return result


def people(ledger: Ledger, *, today: dt.date | None = None, branch_id: str | None = None,
           include_members: bool = False) -> list[PersonSummary]:
    """Everyone in development (申请人 to 预备党员), with where they stand and what is due next.

    include_members: also those already full members whose timeline is on record (the year's 台账).
    """
    today = today or dt.date.today()
    with ledger.uow() as uow:
        found = _people_query(uow, branch_id, include_members)
        facts = _all_facts(uow, [m.id for m in found])
        result = []
        for member in found:
            own = facts[member.id]
            problems = len(rules.audit(own, birth_date=member.birth_date, rules=school_rules(uow)))
            result.append(_summary(uow, member, own, today, problems))
        return result


def due_list(ledger: Ledger, *, today: dt.date | None = None, within_days: int | None = None) -> list[PersonSummary]:
    """People with something due, most urgent first; within_days keeps overdue ones and those due soon."""
    today = today or dt.date.today()
    found = [p for p in people(ledger, today=today) if p.due is not None]
    if within_days is not None:
        horizon = today + dt.timedelta(days=within_days)
        found = [p for p in found if p.due is not None and (p.due.overdue or p.due.on <= horizon)]
    return sorted(found, key=lambda p: (not (p.due and p.due.overdue), p.due.on if p.due else today, p.name))


def year_problems(ledger: Ledger, year: int) -> list[PersonProblems]:
    """Every step dated in `year` that breaks an interval or the order, by person."""
    with ledger.uow() as uow:
        ids = list(uow.session.scalars(select(DevelopmentStep.member_id).distinct().where(
            DevelopmentStep.done_on >= dt.date(year, 1, 1), DevelopmentStep.done_on <= dt.date(year, 12, 31))))
        members = {m.id: m for m in uow.session.scalars(select(Member).where(Member.id.in_(ids)))}
        facts = _all_facts(uow, ids)
        reasons = {step_id: reason for step_id, reason in uow.session.execute(
            select(DevelopmentStep.id, DevelopmentStep.override_reason).where(DevelopmentStep.member_id.in_(ids)))}
        result = []
        for member_id in ids:
            member = members[member_id]
            found = rules.audit(facts[member_id], birth_date=member.birth_date, rules=school_rules(uow))
            person = PersonProblems(member.name, member.branch.name if member.branch else "")
            for fact in facts[member_id]:
                if fact.ref in found and fact.on.year == year:
                    person.items.append((fact.number, fact.on, found[fact.ref], reasons.get(fact.ref, "")))
            if person.items:
                result.append(person)
        return sorted(result, key=lambda p: (p.branch_name, p.name))


def check_text(ledger: Ledger, year: int) -> str:
    """The `check` command's 发展党员 section: one block per person, one line per broken step."""
    found = year_problems(ledger, year)
    if not found:
        return f"发展党员程序检查（{year}年）：未发现不符合程序或时间要求的步骤。"
    lines = [f"发展党员程序检查（{year}年）：{len(found)} 人的 {sum(len(p.items) for p in found)} 个步骤不符合要求"]
    for person in found:
        lines.append(f"  {person.name}（{person.branch_name or '未分支部'}）")
        for number, on, problems, reason in person.items:
            for problem in problems:
                lines.append(f"    {on:%Y-%m-%d} {rules.step_label(number)}：{problem}")
            if reason:
                lines.append(f"      已说明原因：{reason}")
    return "\n".join(lines)


def resolve_member(ledger: Ledger, text: str) -> str:
    """A member named on the command line by ID or by name; a Chinese error when none or several match."""
    text = text.strip()
    with ledger.uow() as uow:
        if uow.session.get(Member, text) is not None:
            return text
        found = list(uow.session.scalars(select(Member).where(Member.name == text)))
        if not found:
            raise NotFoundError(f"名册中没有“{text}”")
        if len(found) > 1:
            raise ValidationError(f"名册中有 {len(found)} 人叫“{text}”，请改用人员编号：",
                                  details=[f"{m.id}  {m.branch.name if m.branch else ''}" for m in found])
        return found[0].id


def member_choices(ledger: Ledger, *, full_only: bool = False) -> list[Choice]:
    """Active people for the introducer / 联系人 pickers: full members (or everyone), branch then name."""
    with ledger.uow() as uow:
        stmt = select(Member).where(Member.status == MemberStatus.ACTIVE.value)
        if full_only:
            stmt = stmt.where(Member.category == MemberCategory.FULL.value)
        stmt = stmt.outerjoin(Organization, Organization.id == Member.branch_id).order_by(
            Organization.sort_order, Member.name_pinyin)
        return [Choice(m.id, f"{m.name}（{m.branch.name if m.branch else ''}）") for m in uow.session.scalars(stmt)]


def meeting_choices(ledger: Ledger, member_id: str) -> list[Choice]:
    """The person's branch's 支部党员大会 and 支委会 records (and its party groups'), newest first."""
    with ledger.uow() as uow:
        member = _member(uow, member_id)
        if member.branch_id is None:
            return []
        stmt = (select(Meeting).where(Meeting.organization_id == member.branch_id,
                                      Meeting.kind.in_([MeetingKind.GENERAL_ASSEMBLY.value,
                                                        MeetingKind.COMMITTEE_MEETING.value]))
                .order_by(Meeting.held_on.desc()).limit(200))
        return [Choice(m.id, meeting_label(m)) for m in uow.session.scalars(stmt)]
