"""The meeting list: SQL-side filtering (branch with its groups, kind, year, text) and paging, plus count.

Uses the (organization_id, held_on) and (kind, held_on) indexes; the text filter is a LIKE on title and
topics, which stays fast at tens of thousands of records because the other filters narrow it first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, func, or_, select

from app.domain.enums import MeetingKind
from app.domain.text import clean_search
from app.store.models import Attachment, Meeting, Organization
from app.store.uow import UnitOfWork


@dataclass(frozen=True)
class MeetingQuery:
    organization_id: str | None = None  # a branch includes its party groups
    kind: MeetingKind | None = None
    year: int | None = None
    text: str = ""
    offset: int = 0
    limit: int | None = None


@dataclass(frozen=True)
class MeetingRow:
    id: str
    held_on: dt.date
    kind: MeetingKind
    organization_id: str
    organization_name: str
    title: str
    host: str
    expected: int
    present: int
    start_time: str
    place: str


def org_and_groups(uow: UnitOfWork, organization_id: str) -> list[str]:
    children = uow.session.scalars(select(Organization.id).where(Organization.parent_id == organization_id,
                                                                 Organization.kind == "party_group"))
    return [organization_id, *children]


def _query(uow: UnitOfWork, q: MeetingQuery) -> Select:
    stmt = select(Meeting.id)
    if q.organization_id:
        stmt = stmt.where(Meeting.organization_id.in_(org_and_groups(uow, q.organization_id)))
    if q.kind is not None:
        stmt = stmt.where(Meeting.kind == MeetingKind(q.kind).value)
    if q.year:
        stmt = stmt.where(Meeting.held_on >= dt.date(q.year, 1, 1), Meeting.held_on <= dt.date(q.year, 12, 31))
    text = clean_search(q.text)  # length-limited, invisible characters dropped
    if text:
        stmt = stmt.where(or_(Meeting.title.contains(text, autoescape=True),
                              Meeting.topics.contains(text, autoescape=True),
                              Meeting.theme.contains(text, autoescape=True),
                              Meeting.lecture_title.contains(text, autoescape=True)))
    return stmt


def count_meetings(uow: UnitOfWork, q: MeetingQuery = MeetingQuery()) -> int:
    return uow.session.scalar(select(func.count()).select_from(_query(uow, q).subquery())) or 0


def list_meetings(uow: UnitOfWork, q: MeetingQuery = MeetingQuery()) -> list[MeetingRow]:
    """Newest first, one page at a time when `limit` is set."""
    stmt = (_query(uow, q).add_columns(Meeting.held_on, Meeting.kind, Meeting.organization_id,
                                       Organization.name, Meeting.title, Meeting.host, Meeting.expected_count,
                                       Meeting.present_count, Meeting.start_time, Meeting.place)
            .join(Organization, Organization.id == Meeting.organization_id)
            .order_by(Meeting.held_on.desc(), Meeting.start_time.desc(), Meeting.id).offset(q.offset))
    if q.limit is not None:
        stmt = stmt.limit(q.limit)
    return [MeetingRow(r[0], r[1], MeetingKind(r[2]), r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10])
            for r in uow.session.execute(stmt)]


def attachment_counts(uow: UnitOfWork, meeting_ids: list[str]) -> dict[str, int]:
    if not meeting_ids:
        return {}
    rows = uow.session.execute(select(Attachment.meeting_id, func.count()).where(
        Attachment.meeting_id.in_(meeting_ids)).group_by(Attachment.meeting_id))
    return {mid: n for mid, n in rows}
