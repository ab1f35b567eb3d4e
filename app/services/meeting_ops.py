"""三会一课 use cases: one function per user operation on meetings, plans, talks and attachments.

Each opens its own unit of work (docs/architecture.md), lets the steps in meetings.py, meeting_plans.py
and attachments.py check permissions and audit, and commits once; the GUI and the CLI call these and
never commit. The reads here are the quick ones a form needs to fill itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from app.domain import compliance_rules as cr
from app.domain.enums import MeetingKind, MemberStatus, OrgKind
from app.services import attachments, compliance, meeting_list, meeting_plans, meetings, members, organizations
from app.services.attachments import AttachmentRow
from app.services.meeting_list import MeetingQuery, MeetingRow
from app.services.meeting_plans import PlanRow, PlanVsActual
from app.services.meeting_templates import create_talk
from app.services.meeting_types import AttendanceEntry, MeetingInput, SaveResult
from app.services.organizations import OrgInfo
from app.store import checkpoints
from app.store.uow import Ledger

# ---- reads a form fills itself from -------------------------------------------------------------


@dataclass(frozen=True)
class EditorChoices:
    """What the meeting editor offers: organizations that hold meetings, and people for a 谈心谈话."""

    organizations: list[OrgInfo]
    people: list[tuple[str, str]]  # (member id, "姓名（支部）")


def editor_choices(ledger: Ledger) -> EditorChoices:
    with ledger.uow() as uow:
        orgs = [o for o in organizations.list_organizations(uow)
                if o.kind.is_branch or o.kind == OrgKind.PARTY_GROUP]
        people = members.search_members(uow, members.MemberQuery(status=MemberStatus.ACTIVE))
    return EditorChoices(orgs, [(p.id, f"{p.name}（{p.branch_name}）") for p in people
                                if p.category.is_party_member])


def load_meeting(ledger: Ledger, meeting_id: str) -> MeetingInput:
    with ledger.uow() as uow:
        return meetings.get_meeting(uow, meeting_id)


def attendance_for_editing(ledger: Ledger, organization_id: str, held_on: dt.date,
                           current: list[AttendanceEntry] | None = None,
                           kind: MeetingKind | str | None = None) -> list[AttendanceEntry]:
    """Who is expected at a meeting of `kind` (a 支委会: the committee that day), keeping what was ticked."""
    with ledger.uow() as uow:
        return meetings.attendance_for_editing(uow, organization_id, held_on, current, kind)


def copy_last(ledger: Ledger, organization_id: str, kind: MeetingKind, held_on: dt.date | None = None) -> MeetingInput:
    """复制上次: the organization's previous record of the kind as a start (read only)."""
    with ledger.uow() as uow:
        return meetings.copy_last(uow, organization_id, kind, held_on)


@dataclass(frozen=True)
class MeetingPage:
    total: int
    rows: list[MeetingRow]


def meeting_page(ledger: Ledger, query: MeetingQuery, *, with_total: bool = True) -> MeetingPage:
    """One page of the meeting list (query.offset/limit) and, unless told not to, the total count."""
    with ledger.uow() as uow:
        total = meeting_list.count_meetings(uow, replace(query, offset=0, limit=None)) if with_total else -1
        return MeetingPage(total, meeting_list.list_meetings(uow, query))


def list_attachments(ledger: Ledger, meeting_id: str) -> list[AttachmentRow]:
    with ledger.uow() as uow:
        return attachments.list_attachments(uow, meeting_id)


def branches(ledger: Ledger) -> list[OrgInfo]:
    with ledger.uow() as uow:
        return organizations.branches(uow)


def compliance_grid(ledger: Ledger, year: int, *, today: dt.date | None = None) -> cr.ComplianceGrid:
    with ledger.uow() as uow:
        return compliance.compute(uow, year, today=today)


def compliance_summary(ledger: Ledger, year: int, *, today: dt.date | None = None) -> str:
    """The grid as plain text (`dangjian check`)."""
    with ledger.uow() as uow:
        return compliance.summary_text(uow, year, today=today)


@dataclass(frozen=True)
class PlanTable:
    branches: list[OrgInfo]
    cells: list[PlanVsActual]


def plan_table(ledger: Ledger, year: int) -> PlanTable:
    """Each branch × month: what is planned against what was held."""
    with ledger.uow() as uow:
        return PlanTable(organizations.branches(uow), meeting_plans.plan_vs_actual(uow, year))


def month_plan(ledger: Ledger, branch_id: str, year: int, month: int) -> list[PlanRow]:
    """The plan items of one branch (not its groups) in one month."""
    with ledger.uow() as uow:
        return [p for p in meeting_plans.list_plans(uow, year, branch_id)
                if p.month == month and p.organization_id == branch_id]


# ---- writes: one transaction each ---------------------------------------------------------------


def record_meeting(ledger: Ledger, data: MeetingInput, *, meeting_id: str | None = None,
                   add_files: Sequence[str | Path] = (), remove_attachments: Sequence[str] = (),
                   today: dt.date | None = None) -> SaveResult:
    """Create (meeting_id None) or change a record together with its attachment changes: all or nothing.

    A file copied in for an attachment is deleted again if anything after it fails (attachments.py).
    """
    with ledger.uow() as uow:
        if meeting_id:
            result = meetings.update_meeting(uow, meeting_id, data, today=today)
        else:
            result = meetings.create_meeting(uow, data, today=today)
        for attachment_id in remove_attachments:
            attachments.remove_attachment(uow, attachment_id)
        for path in add_files:
            attachments.add_attachment(uow, result.id, path)
        checkpoints.reach("meeting.recorded")  # everything written, not yet committed
        uow.commit()
    return result


def delete_meeting(ledger: Ledger, meeting_id: str) -> None:
    """Delete a record with its attendance and attachments (the old values stay in the audit log)."""
    with ledger.uow() as uow:
        meetings.delete_meeting(uow, meeting_id)
        uow.commit()


def record_talk(ledger: Ledger, *, member_a_id: str, member_b_id: str, held_on: dt.date, topic: str,
                summary: str = "", place: str = "", organization_id: str | None = None) -> SaveResult:
    """谈心谈话 between two people, under the first person's branch unless told otherwise."""
    with ledger.uow() as uow:
        result = create_talk(uow, member_a_id=member_a_id, member_b_id=member_b_id, held_on=held_on, topic=topic,
                             summary=summary, place=place, organization_id=organization_id)
        uow.commit()
    return result


def add_attachment(ledger: Ledger, meeting_id: str, source: str | Path) -> AttachmentRow:
    with ledger.uow() as uow:
        row = attachments.add_attachment(uow, meeting_id, source)
        uow.commit()
    return row


def remove_attachment(ledger: Ledger, attachment_id: str) -> None:
    with ledger.uow() as uow:
        attachments.remove_attachment(uow, attachment_id)
        uow.commit()


@dataclass(frozen=True)
class PlanItemInput:
    """One line of a month's plan: an existing item (plan_id) or a new one (None)."""

    kind: MeetingKind
    topic: str = ""
    plan_id: str | None = None
    note: str = ""


def save_month_plan(ledger: Ledger, branch_id: str, year: int, month: int,
                    items: Sequence[PlanItemInput]) -> list[str]:
    """The month's plan becomes exactly `items`: items left out are deleted, the rest saved, together."""
    with ledger.uow() as uow:
        kept = {i.plan_id for i in items if i.plan_id}
        for existing in meeting_plans.list_plans(uow, year, branch_id):
            if existing.month == month and existing.organization_id == branch_id and existing.id not in kept:
                meeting_plans.delete_plan(uow, existing.id)
        ids = [meeting_plans.save_plan(uow, organization_id=branch_id, year=year, month=month, kind=i.kind,
                                       topic=i.topic, note=i.note, plan_id=i.plan_id) for i in items]
        uow.commit()
    return ids


def save_plan(ledger: Ledger, *, organization_id: str, year: int, month: int, kind: MeetingKind,
              topic: str = "", note: str = "", plan_id: str | None = None) -> str:
    with ledger.uow() as uow:
        plan_id = meeting_plans.save_plan(uow, organization_id=organization_id, year=year, month=month, kind=kind,
                                          topic=topic, note=note, plan_id=plan_id)
        uow.commit()
    return plan_id


def delete_plan(ledger: Ledger, plan_id: str) -> None:
    with ledger.uow() as uow:
        meeting_plans.delete_plan(uow, plan_id)
        uow.commit()
