"""SQLAlchemy 2 typed ORM models. Portable SQL only: the same schema runs on SQLite and PostgreSQL.

Every row has a UUID primary key (string form) so several schools' stores can be merged later, and
created/updated times. Enum columns store the glossary identifier (see app.domain.enums).
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_id() -> str:
    return str(uuid.uuid4())


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Stamped:
    """UUID key and creation/update times shared by every table."""

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class School(Stamped, Base):
    __tablename__ = "school"
    name: Mapped[str] = mapped_column(String(100))
    county: Mapped[str] = mapped_column(String(100), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")


class Organization(Stamped, Base):
    """党委 / 党总支 / 党支部 / 联合党支部 / 党小组, as a tree under the school."""

    __tablename__ = "organization"
    school_id: Mapped[str] = mapped_column(ForeignKey("school.id"), index=True)
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("organization.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(100))
    established_on: Mapped[dt.date | None] = mapped_column(Date)
    term_start: Mapped[dt.date | None] = mapped_column(Date)
    term_years: Mapped[int] = mapped_column(Integer, default=3)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    dissolved_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")

    parent: Mapped[Organization | None] = relationship(remote_side="Organization.id")


class Member(Stamped, Base):
    """A person on the roster, from 入党申请人 to 正式党员. Leaving is a status change, never a delete."""

    __tablename__ = "member"
    school_id: Mapped[str] = mapped_column(ForeignKey("school.id"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    name_pinyin: Mapped[str] = mapped_column(String(200), default="", index=True)
    name_initials: Mapped[str] = mapped_column(String(50), default="", index=True)
    gender: Mapped[str | None] = mapped_column(String(16))
    ethnicity: Mapped[str] = mapped_column(String(20), default="")
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    id_number: Mapped[str | None] = mapped_column(String(18), unique=True)
    education: Mapped[str] = mapped_column(String(20), default="")
    degree: Mapped[str] = mapped_column(String(20), default="")
    category: Mapped[str] = mapped_column(String(32), index=True)
    branch_id: Mapped[str | None] = mapped_column(ForeignKey("organization.id"), index=True)
    group_id: Mapped[str | None] = mapped_column(ForeignKey("organization.id"), index=True)
    phone: Mapped[str] = mapped_column(String(20), default="")
    applied_on: Mapped[dt.date | None] = mapped_column(Date)
    activist_on: Mapped[dt.date | None] = mapped_column(Date)
    candidate_on: Mapped[dt.date | None] = mapped_column(Date)
    joined_on: Mapped[dt.date | None] = mapped_column(Date)  # 入党日期: admitted as 预备党员
    full_on: Mapped[dt.date | None] = mapped_column(Date)  # 转正日期
    job: Mapped[str] = mapped_column(String(50), default="")
    professional_title: Mapped[str] = mapped_column(String(50), default="")
    subject: Mapped[str] = mapped_column(String(30), default="")
    backbone_level: Mapped[str] = mapped_column(String(32), default="none")
    model_post: Mapped[str] = mapped_column(String(100), default="")
    native_place: Mapped[str] = mapped_column(String(100), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(32), default="active", index=True)
    status_changed_on: Mapped[dt.date | None] = mapped_column(Date)
    status_note: Mapped[str] = mapped_column(String(200), default="")  # e.g. 转出 destination
    note: Mapped[str] = mapped_column(Text, default="")

    branch: Mapped[Organization | None] = relationship(foreign_keys=[branch_id])
    group: Mapped[Organization | None] = relationship(foreign_keys=[group_id])


class Post(Stamped, Base):
    """A leadership post held in one organization for one term (班子配备)."""

    __tablename__ = "post"
    organization_id: Mapped[str] = mapped_column(ForeignKey("organization.id"), index=True)
    member_id: Mapped[str | None] = mapped_column(ForeignKey("member.id"), index=True)
    holder_name: Mapped[str] = mapped_column(String(50), default="")
    kind: Mapped[str] = mapped_column(String(32))
    term_start: Mapped[dt.date | None] = mapped_column(Date)
    term_end: Mapped[dt.date | None] = mapped_column(Date)
    full_time: Mapped[bool] = mapped_column(Boolean, default=False)
    cross_appointment: Mapped[bool] = mapped_column(Boolean, default=False)  # 双向进入、交叉任职
    admin_title: Mapped[str] = mapped_column(String(50), default="")  # e.g. 校长, 副校长
    note: Mapped[str] = mapped_column(Text, default="")

    organization: Mapped[Organization] = relationship()
    member: Mapped[Member | None] = relationship()


class Meeting(Stamped, Base):
    """One 三会一课 / organizational-life record (a 谈心谈话 too, with its two people)."""

    __tablename__ = "meeting"
    __table_args__ = (
        Index("ix_meeting_org_date", "organization_id", "held_on"),
        Index("ix_meeting_kind_date", "kind", "held_on"),
    )
    organization_id: Mapped[str] = mapped_column(ForeignKey("organization.id"))
    kind: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(200), default="")
    held_on: Mapped[dt.date] = mapped_column(Date)
    start_time: Mapped[str] = mapped_column(String(5), default="")  # HH:MM
    end_time: Mapped[str] = mapped_column(String(5), default="")
    place: Mapped[str] = mapped_column(String(100), default="")
    host: Mapped[str] = mapped_column(String(50), default="")
    recorder: Mapped[str] = mapped_column(String(50), default="")
    topics: Mapped[str] = mapped_column(Text, default="")  # one 议题 per line
    content: Mapped[str] = mapped_column(Text, default="")
    resolutions: Mapped[str] = mapped_column(Text, default="")
    follow_up: Mapped[str] = mapped_column(Text, default="")  # 落实责任人与时限
    first_topic_material: Mapped[str] = mapped_column(Text, default="")
    first_topic_speaker: Mapped[str] = mapped_column(String(50), default="")
    lecturer: Mapped[str] = mapped_column(String(50), default="")
    lecture_title: Mapped[str] = mapped_column(String(200), default="")
    lecture_type: Mapped[str] = mapped_column(String(32), default="")
    theme: Mapped[str] = mapped_column(String(200), default="")
    form: Mapped[str] = mapped_column(String(100), default="")
    votes_for: Mapped[int | None] = mapped_column(Integer)
    votes_against: Mapped[int | None] = mapped_column(Integer)
    votes_abstain: Mapped[int | None] = mapped_column(Integer)
    observers: Mapped[str] = mapped_column(Text, default="")  # 列席 guests, free text
    talk_member_a_id: Mapped[str | None] = mapped_column(ForeignKey("member.id"))
    talk_member_b_id: Mapped[str | None] = mapped_column(ForeignKey("member.id"))
    expected_count: Mapped[int] = mapped_column(Integer, default=0)  # denormalized for lists and sums
    present_count: Mapped[int] = mapped_column(Integer, default=0)

    organization: Mapped[Organization] = relationship()


class Attendance(Stamped, Base):
    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("meeting_id", "member_id", name="uq_attendance_meeting_member"),)
    meeting_id: Mapped[str] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("member.id"), index=True)
    status: Mapped[str] = mapped_column(String(16))
    absence_reason: Mapped[str | None] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(String(200), default="")


class Attachment(Stamped, Base):
    """A photo or scan copied into the data directory's attachments folder."""

    __tablename__ = "attachment"
    meeting_id: Mapped[str] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    original_name: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(Integer, default=0)
    sha256: Mapped[str] = mapped_column(String(64), default="")


class MeetingPlan(Stamped, Base):
    """The annual plan: what a branch means to hold in a month (主题党日 theme, 党课 topic …)."""

    __tablename__ = "meeting_plan"
    __table_args__ = (Index("ix_meeting_plan_org_year", "organization_id", "year"),)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organization.id"))
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(32))
    topic: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")


class ComplianceRule(Stamped, Base):
    """Required frequency of a meeting kind, as data (defaults from docs/domain.md, editable per school)."""

    __tablename__ = "compliance_rule"
    kind: Mapped[str] = mapped_column(String(32))
    applies_to: Mapped[str] = mapped_column(String(32), default="branch")  # org kind it binds
    period: Mapped[str] = mapped_column(String(16))
    required_count: Mapped[int] = mapped_column(Integer, default=1)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class UserAccount(Stamped, Base):
    __tablename__ = "user_account"
    username: Mapped[str] = mapped_column(String(50), unique=True)
    display_name: Mapped[str] = mapped_column(String(50), default="")
    role: Mapped[str] = mapped_column(String(32))
    organization_id: Mapped[str | None] = mapped_column(ForeignKey("organization.id"))
    password_hash: Mapped[str] = mapped_column(String(300))
    failed_count: Mapped[int] = mapped_column(Integer, default=0)
    last_failed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class AuditLog(Base):
    """Who changed what, when, with old and new values (JSON); written in the change's transaction."""

    __tablename__ = "audit_log"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    username: Mapped[str] = mapped_column(String(50))
    action: Mapped[str] = mapped_column(String(32))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(36), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    old_values: Mapped[str] = mapped_column(Text, default="")
    new_values: Mapped[str] = mapped_column(Text, default="")


class Setting(Base):
    """Settings and per-school defaults as key → JSON text."""

    __tablename__ = "setting"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
