"""The 发展党员 forms' plain data (app.domain.docs.development); app.documents.development_print prints it."""

from __future__ import annotations

import datetime as dt

from app.domain import development_rules as rules
from app.domain.development_rules import DecisionBody, ProbationOutcome, Standing
from app.domain.docs import development as forms
from app.services import dual_cultivation, organizations
from app.services.development import StepRow, Timeline, people, timeline
from app.store.uow import Ledger


def school_of(ledger: Ledger) -> str:
    """The school's name for a form's heading (organizations.school_name: one lookup for every print)."""
    with ledger.uow() as uow:
        return organizations.school_name(uow, default="")


def _branch_id(ledger: Ledger, name: str | None) -> str | None:
    if not name:
        return None
    with ledger.uow() as uow:
        return organizations.require_by_name(uow, name, "党支部").id


def _details(step: StepRow) -> str:
    parts = []
    if step.introducers:
        parts.append("入党介绍人：" + "、".join(step.introducers))
    if step.contacts:
        parts.append("培养联系人：" + "、".join(step.contacts))
    if step.outcome != ProbationOutcome.NONE:
        outcome = step.outcome.label
        if step.outcome == ProbationOutcome.EXTENDED:
            outcome += f" {step.extension_months} 个月"
        parts.append(f"讨论结果：{outcome}")
    if step.note:
        parts.append(step.note)
    if step.files:
        parts.append("附件：" + "、".join(step.files))
    return "；".join(parts)


def _basis(step: StepRow) -> str:
    parts = [step.decided_by.label] if step.decided_by != DecisionBody.NONE else []
    if step.meeting_label:
        parts.append(step.meeting_label)
    return "\n".join(parts)


def dossier_doc(line: Timeline, school_name: str, printed_on: dt.date | None = None) -> forms.DossierDoc:
    """All 25 steps, in order: recorded ones with their dates (a repeated step once per record)."""
    by_number: dict[int, list[StepRow]] = {}
    for step in line.steps:
        by_number.setdefault(step.number, []).append(step)
    steps: list[forms.DossierStep] = []
    for definition in rules.STEPS:
        recorded = by_number.get(definition.number, [])
        if not recorded:
            steps.append(forms.DossierStep(definition.number, definition.stage, definition.title))
        for step in recorded:
            steps.append(forms.DossierStep(
                number=step.number, stage=step.stage, title=step.title, on=step.on, basis=_basis(step),
                details=_details(step), problems=step.problems, reason=step.reason))
    person = line.person
    due = person.due
    return forms.DossierDoc(
        school_name=school_name, name=person.name, stages=dict(rules.STAGES), steps=steps, gender=person.gender,
        birth_date=person.birth_date, ethnicity=line.ethnicity, education=line.education, job=line.job,
        branch_name=person.branch_name, standing=person.standing.label,
        next_due=f"{due.text}（{due.on:%Y-%m-%d}）" if due else "", printed_on=printed_on or dt.date.today())


def notice_doc(line: Timeline, school_name: str, *, kind: str | None = None, starts_on: dt.date | None = None,
               contact_person: str = "", contact_phone: str = "",
               working_days: int = rules.DEFAULT_RULES.publicity_working_days) -> forms.NoticeDoc:
    """The 公示: kind "candidate" (before admission) or "full" (before 转正); by default from the standing."""
    person = line.person
    if kind is None:
        kind = "full" if person.standing == Standing.PROBATIONARY else "candidate"
    if kind not in ("candidate", "full"):
        raise ValueError(kind)
    starts = starts_on or dt.date.today()
    first = {s.number: s.on for s in reversed(line.steps)}
    facts: list[tuple[str, str]] = []
    for number, label in ((1, "递交入党申请书时间"), (4, "确定为入党积极分子时间"), (8, "确定为发展对象时间")):
        if number in first:
            facts.append((label, f"{first[number]:%Y年%m月%d日}"))
    introducers = next((s.introducers for s in line.steps if s.number == 9 and s.introducers), ())
    if introducers:
        facts.append(("入党介绍人", "、".join(introducers)))
    if kind == "full" and 15 in first:
        facts.append(("接收为预备党员时间", f"{first[15]:%Y年%m月%d日}"))
        if line.probation_end:
            facts.append(("预备期满时间", f"{line.probation_end:%Y年%m月%d日}"))
    return forms.NoticeDoc(
        school_name=school_name, branch_name=person.branch_name or school_name, kind=kind, name=person.name,
        gender=person.gender, birth_date=person.birth_date, ethnicity=line.ethnicity, education=line.education,
        job=line.job, facts=facts, starts_on=starts, ends_on=rules.add_working_days(starts, working_days - 1)
        if working_days > 0 else starts, working_days=working_days, contact_person=contact_person,
        contact_phone=contact_phone, issuer=f"中共{person.branch_name}" if person.branch_name else school_name,
        printed_on=starts)


def ledger_doc(ledger: Ledger, year: int, *, branch_name: str | None = None,
               today: dt.date | None = None) -> forms.LedgerDoc:
    """Everyone in development during `year`: still in it, or with a step dated in the year."""
    today = today or min(dt.date.today(), dt.date(year, 12, 31))
    found = people(ledger, today=today, branch_id=_branch_id(ledger, branch_name), include_members=True)
    lines = []
    for person in found:
        active = person.standing not in (Standing.FULL, Standing.CANCELLED, Standing.NONE)
        if not active and (person.last_on is None or person.last_on.year < year):
            continue  # developed before the year: no step of theirs can fall in it (cheap, before reading)
        line = timeline(ledger, person.member_id, today=today)
        dates = {s.number: s.on for s in reversed(line.steps)}
        in_year = any(s.on.year == year for s in line.steps)
        started = min(dates.values(), default=None)
        if not (in_year or (active and (started is None or started.year <= year))):
            continue
        due = person.due
        lines.append(forms.LedgerLine(
            name=person.name, gender=person.gender, birth_date=person.birth_date, branch_name=person.branch_name,
            applied_on=dates.get(1), activist_on=dates.get(4), candidate_on=dates.get(8), joined_on=dates.get(15),
            standing=person.standing.label if person.standing != Standing.NONE else person.category.label,
            last_step=(f"{rules.step_label(person.last_step, short=True)}\n（{person.last_on:%Y-%m-%d}）"
                       if person.last_step and person.last_on else ""),
            next_step=due.text if due else "", due_on=due.on if due else None,
            overdue=bool(due and due.overdue), problems=person.problems))
    return forms.LedgerDoc(school_name=school_of(ledger), year=year, scope=branch_name or "", lines=lines,
                           printed_on=today)


def dual_doc(ledger: Ledger, year: int, *, branch_name: str | None = None,
             today: dt.date | None = None) -> forms.DualDoc:
    rows = dual_cultivation.list_entries(ledger, year=year, branch_id=_branch_id(ledger, branch_name))
    lines = {d: [forms.DualLine(
        name=r.person_name, branch_name=r.branch_name, category=r.category, level=r.level.label if r.level.value
        != "none" else "", level_on=r.level_on, started_on=r.started_on, responsible=r.responsible,
        progress=r.progress, completed_on=r.completed_on) for r in rows if r.direction == d]
        for d in rules.DualDirection}
    return forms.DualDoc(school_name=school_of(ledger), year=year, scope=branch_name or "",
                         to_member=lines[rules.DualDirection.TO_MEMBER],
                         to_backbone=lines[rules.DualDirection.TO_BACKBONE],
                         printed_on=today or min(dt.date.today(), dt.date(year, 12, 31)))
