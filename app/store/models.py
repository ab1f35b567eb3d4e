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
    category: Mapped[str] = mapped_column(String(32))  # indexed with status: ix_member_stage, below
    branch_id: Mapped[str | None] = mapped_column(ForeignKey("organization.id"))  # ix_member_branch_stage
    group_id: Mapped[str | None] = mapped_column(ForeignKey("organization.id"))  # ix_member_group_stage
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
    # 留党察看 (revision 0002): no vote from the first to the last day of the period
    party_probation_from: Mapped[dt.date | None] = mapped_column(Date)
    party_probation_until: Mapped[dt.date | None] = mapped_column(Date)

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
    warning_reason: Mapped[str] = mapped_column(Text, default="")  # why it was saved despite a rule warning

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
    # revision 0002: what else a combined record (合并召开) counts for, whether and how it voted
    also_kinds: Mapped[str] = mapped_column(String(200), default="")  # comma-separated MeetingKind values
    vote_kind: Mapped[str] = mapped_column(String(16), default="")  # VoteKind; "" = no vote or decision
    written_for: Mapped[int] = mapped_column(Integer, default=0)  # written opinions of absent voters
    written_against: Mapped[int] = mapped_column(Integer, default=0)

    organization: Mapped[Organization] = relationship()


class Attendance(Stamped, Base):
    """One person's line on a meeting's attendance list. The index on (meeting_id, member_id, status,
    absence_reason) covers what the year's points ranking reads from each line (app/services/points_sql.py),
    so the ranking never visits the table itself; it also serves every lookup by meeting."""

    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("meeting_id", "member_id", name="uq_attendance_meeting_member"),
                      Index("ix_attendance_meeting_cover", "meeting_id", "member_id", "status", "absence_reason"))
    meeting_id: Mapped[str] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
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
    # revision 0002: a rule for one organization (None = the whole school), in force from a day
    organization_id: Mapped[str | None] = mapped_column(ForeignKey("organization.id"))
    valid_from: Mapped[dt.date | None] = mapped_column(Date)


class DevelopmentStep(Stamped, Base):
    """One of the 25 steps of a person's development (发展党员全程纪实), see app.domain.development_rules.

    A step may repeat (half-yearly assessments, a probation extended then decided again). `warnings` keeps
    what the rules said when it was saved, `override_reason` why it was saved all the same.
    """

    __tablename__ = "development_step"
    __table_args__ = (Index("ix_development_step_member_step", "member_id", "step_no"),)
    member_id: Mapped[str] = mapped_column(ForeignKey("member.id"))
    step_no: Mapped[int] = mapped_column(Integer)
    done_on: Mapped[dt.date] = mapped_column(Date, index=True)
    decided_by: Mapped[str] = mapped_column(String(32), default="")
    meeting_id: Mapped[str | None] = mapped_column(ForeignKey("meeting.id", ondelete="SET NULL"), index=True)
    introducer_a_id: Mapped[str | None] = mapped_column(ForeignKey("member.id"))
    introducer_b_id: Mapped[str | None] = mapped_column(ForeignKey("member.id"))
    contact_a_id: Mapped[str | None] = mapped_column(ForeignKey("member.id"))
    contact_b_id: Mapped[str | None] = mapped_column(ForeignKey("member.id"))
    outcome: Mapped[str] = mapped_column(String(32), default="")  # step 22: full / extended / cancelled
    extension_months: Mapped[int] = mapped_column(Integer, default=0)
    warnings: Mapped[str] = mapped_column(Text, default="")  # one per line
    override_reason: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")


class DevelopmentAttachment(Stamped, Base):
    """A scanned form kept with a development step (入党申请书, 政审材料, 志愿书…); file as for meetings."""

    __tablename__ = "development_attachment"
    step_id: Mapped[str] = mapped_column(ForeignKey("development_step.id", ondelete="CASCADE"), index=True)
    original_name: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(Integer, default=0)
    sha256: Mapped[str] = mapped_column(String(64), default="")


class DualCultivation(Stamped, Base):
    """双培养: a backbone teacher cultivated into a member, or a member into a backbone teacher."""

    __tablename__ = "dual_cultivation"
    member_id: Mapped[str | None] = mapped_column(ForeignKey("member.id"), index=True)
    person_name: Mapped[str] = mapped_column(String(50))  # also for a teacher not yet on the roster
    direction: Mapped[str] = mapped_column(String(32))  # to_member / to_backbone
    level: Mapped[str] = mapped_column(String(32), default="none")  # BackboneLevel
    level_on: Mapped[dt.date | None] = mapped_column(Date)
    started_on: Mapped[dt.date] = mapped_column(Date)
    responsible: Mapped[str] = mapped_column(String(50), default="")
    progress: Mapped[str] = mapped_column(Text, default="")
    completed_on: Mapped[dt.date | None] = mapped_column(Date)


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


# --- 清廉学校 (clean school): versioned lists, 三重一大 decisions, 警示教育 --------------------------------


class CleanList(Stamped, Base):
    """One published version of a school's 小微权力清单, 负面清单 or 廉政风险点 for a year.

    A new version copies and changes the items; older versions stay readable and printable as they were.
    """

    __tablename__ = "clean_list"
    __table_args__ = (UniqueConstraint("kind", "year", "version", name="uq_clean_list_version"),)
    kind: Mapped[str] = mapped_column(String(32))  # app.domain.clean_school.ListKind
    year: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, default=1)
    adopted_on: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")


class PowerItem(Stamped, Base):
    """A 小微权力清单 row; `steps` one per line in clean_school.parse_steps notation."""

    __tablename__ = "power_item"
    list_id: Mapped[str] = mapped_column(ForeignKey("clean_list.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(100))
    basis: Mapped[str] = mapped_column(Text, default="")
    responsible: Mapped[str] = mapped_column(String(100), default="")
    steps: Mapped[str] = mapped_column(Text, default="")
    risk_points: Mapped[str] = mapped_column(Text, default="")
    risk_level: Mapped[str] = mapped_column(String(16), default="medium")
    measures: Mapped[str] = mapped_column(Text, default="")
    supervision: Mapped[str] = mapped_column(Text, default="")
    leader: Mapped[str] = mapped_column(String(100), default="")


class NegativeItem(Stamped, Base):
    __tablename__ = "negative_item"
    list_id: Mapped[str] = mapped_column(ForeignKey("clean_list.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    category: Mapped[str] = mapped_column(String(100), default="")
    conduct: Mapped[str] = mapped_column(Text)
    consequence: Mapped[str] = mapped_column(Text, default="")


class RiskPoint(Stamped, Base):
    __tablename__ = "risk_point"
    list_id: Mapped[str] = mapped_column(ForeignKey("clean_list.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    subject: Mapped[str] = mapped_column(String(100))  # 岗位或事项
    risk: Mapped[str] = mapped_column(Text)
    level: Mapped[str] = mapped_column(String(16), default="medium")
    measures: Mapped[str] = mapped_column(Text, default="")
    person: Mapped[str] = mapped_column(String(100), default="")
    review_on: Mapped[dt.date | None] = mapped_column(Date)


class MajorDecision(Stamped, Base):
    """A 三重一大 matter: decided by a Party meeting, carried out by the 校长办公会, on the record."""

    __tablename__ = "major_decision"
    __table_args__ = (Index("ix_major_decision_year", "year"),)
    year: Mapped[int] = mapped_column(Integer)
    category: Mapped[str] = mapped_column(String(32))  # app.domain.clean_school.DecisionCategory
    topic: Mapped[str] = mapped_column(String(200))
    basis: Mapped[str] = mapped_column(Text, default="")
    proposer: Mapped[str] = mapped_column(String(100), default="")
    consultation: Mapped[str] = mapped_column(Text, default="")  # 会前酝酿
    method: Mapped[str] = mapped_column(String(16), default="meeting")
    party_meeting_id: Mapped[str | None] = mapped_column(ForeignKey("meeting.id", ondelete="SET NULL"))
    party_meeting_on: Mapped[dt.date | None] = mapped_column(Date)
    office_meeting_on: Mapped[dt.date | None] = mapped_column(Date)
    amount_cents: Mapped[int | None] = mapped_column(Integer)
    expected: Mapped[int] = mapped_column(Integer, default=0)
    present: Mapped[int] = mapped_column(Integer, default=0)
    attendees: Mapped[str] = mapped_column(Text, default="")
    opinions: Mapped[str] = mapped_column(Text, default="")  # one "姓名：意见" per line
    votes_for: Mapped[int | None] = mapped_column(Integer)
    votes_against: Mapped[int | None] = mapped_column(Integer)
    votes_abstain: Mapped[int | None] = mapped_column(Integer)
    decision: Mapped[str] = mapped_column(Text, default="")
    executor: Mapped[str] = mapped_column(String(100), default="")
    deadline: Mapped[dt.date | None] = mapped_column(Date)
    follow_up: Mapped[str] = mapped_column(Text, default="")
    attachments_note: Mapped[str] = mapped_column(Text, default="")


class WarningActivity(Stamped, Base):
    """A 警示教育 / 廉政文化 activity; participants are taken from the roster as of its day."""

    __tablename__ = "warning_activity"
    __table_args__ = (Index("ix_warning_activity_day", "held_on"),)
    held_on: Mapped[dt.date] = mapped_column(Date)
    form: Mapped[str] = mapped_column(String(32))  # app.domain.clean_school.WarningForm
    title: Mapped[str] = mapped_column(String(200))
    content: Mapped[str] = mapped_column(Text, default="")
    place: Mapped[str] = mapped_column(String(100), default="")
    reflections: Mapped[str] = mapped_column(Text, default="")


class WarningParticipant(Base):
    __tablename__ = "warning_participant"
    activity_id: Mapped[str] = mapped_column(ForeignKey("warning_activity.id", ondelete="CASCADE"),
                                             primary_key=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("member.id"), primary_key=True)


# Covering indexes for the everyday reads (issue #17, migration 0003): member counts per branch/group
# (every organization list, 首页, the tree) and the year's compliance grid (one grouped query per year).
Index("ix_member_status_branch", Member.status, Member.branch_id)
Index("ix_member_status_group", Member.status, Member.group_id)
# The people counts by stage (app/services/people_counts.py: the school, each branch, each party group) read
# these alone, not 3,000 wide member rows (migration 0008); each also serves lookups by its first column.
Index("ix_member_stage", Member.category, Member.status)
Index("ix_member_branch_stage", Member.branch_id, Member.category, Member.status)
Index("ix_member_group_stage", Member.group_id, Member.category, Member.status)
Index("ix_meeting_year_grid", Meeting.held_on, Meeting.organization_id, Meeting.kind, Meeting.expected_count,
      Meeting.present_count)


# ---- 党员积分 and 民主评议党员 (issue 19; rules in app/domain/points_rules.py) -------------------------------

class PointCatalog(Stamped, Base):
    """A school's points scheme for one year. Frozen once the year is evaluated; a later edit makes the next
    version (the evaluated year keeps its own, the next year starts from the newest)."""

    __tablename__ = "point_catalog"
    __table_args__ = (UniqueConstraint("school_id", "year", "version", name="uq_point_catalog_school_year_version"),)
    school_id: Mapped[str] = mapped_column(ForeignKey("school.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, default=1)
    frozen: Mapped[bool] = mapped_column(Boolean, default=False)
    excellent_min: Mapped[int] = mapped_column(Integer, default=90)
    qualified_min: Mapped[int] = mapped_column(Integer, default=70)
    basic_min: Mapped[int] = mapped_column(Integer, default=60)
    excellent_share_num: Mapped[int] = mapped_column(Integer, default=1)
    excellent_share_den: Mapped[int] = mapped_column(Integer, default=3)


class PointRule(Stamped, Base):
    """One line of a catalog: category, item, points (fixed, or points..points_max), yearly cap, trigger."""

    __tablename__ = "point_rule"
    __table_args__ = (Index("ix_point_rule_catalog_trigger", "catalog_id", "trigger"),)
    catalog_id: Mapped[str] = mapped_column(ForeignKey("point_catalog.id"))
    school_id: Mapped[str] = mapped_column(ForeignKey("school.id"))
    code: Mapped[str] = mapped_column(String(40))
    category: Mapped[str] = mapped_column(String(16))
    item: Mapped[str] = mapped_column(String(200))
    points: Mapped[int] = mapped_column(Integer)
    points_max: Mapped[int | None] = mapped_column(Integer)
    cap: Mapped[int | None] = mapped_column(Integer)
    awarded_by: Mapped[str] = mapped_column(String(50), default="党支部")
    trigger: Mapped[str] = mapped_column(String(32), default="manual")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class PointEntry(Stamped, Base):
    """A manual entry (rule, date, reason, who entered it), or a correction of one: a counter-entry with the
    opposite points and sign −1 that names the entry it corrects. Entries are never deleted. Automatic
    points (attendance, 党课, commitments, the base) are not stored: they are read from their records."""

    __tablename__ = "point_entry"
    __table_args__ = (Index("ix_point_entry_year_member", "year", "member_id"),)
    school_id: Mapped[str] = mapped_column(ForeignKey("school.id"))
    year: Mapped[int] = mapped_column(Integer)
    member_id: Mapped[str] = mapped_column(ForeignKey("member.id"))  # (year, member_id) index serves lookups
    rule_id: Mapped[str] = mapped_column(ForeignKey("point_rule.id"))
    entered_on: Mapped[dt.date] = mapped_column(Date)
    points: Mapped[int] = mapped_column(Integer)
    sign: Mapped[int] = mapped_column(Integer, default=1)  # +1 an entry, −1 a counter-entry
    reason: Mapped[str] = mapped_column(Text, default="")
    entered_by: Mapped[str] = mapped_column(String(50), default="")
    corrects_id: Mapped[str | None] = mapped_column(ForeignKey("point_entry.id"), index=True)


class PointTotal(Stamped, Base):
    """Running sum of a member's manual entries under one rule in a year (points, and entries net of
    counter-entries), kept in the same transaction as each entry: the year's ranking adds up these few
    thousand rows instead of every entry (1.5 million in a county benchmark). The entries stay the record;
    app/services/points.py `total_problems` checks the two agree. The ranking reads them through a covering
    index (year first, then the columns it sums), not the table's scattered pages."""

    __tablename__ = "point_total"
    __table_args__ = (UniqueConstraint("year", "member_id", "rule_id", name="uq_point_total_year_member_rule"),
                      Index("ix_point_total_year_cover", "year", "member_id", "rule_id", "points", "entries"))
    school_id: Mapped[str] = mapped_column(ForeignKey("school.id"))
    year: Mapped[int] = mapped_column(Integer)
    member_id: Mapped[str] = mapped_column(ForeignKey("member.id"))
    rule_id: Mapped[str] = mapped_column(ForeignKey("point_rule.id"))
    points: Mapped[int] = mapped_column(Integer, default=0)
    entries: Mapped[int] = mapped_column(Integer, default=0)


class Commitment(Stamped, Base):
    """One 年初承诺 item of a member for a year, with its deadline and the year-end 践诺 review."""

    __tablename__ = "commitment"
    __table_args__ = (Index("ix_commitment_year_member", "year", "member_id"),)
    school_id: Mapped[str] = mapped_column(ForeignKey("school.id"))
    member_id: Mapped[str] = mapped_column(ForeignKey("member.id"))
    year: Mapped[int] = mapped_column(Integer)
    group: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    deadline: Mapped[dt.date | None] = mapped_column(Date)
    fulfilment: Mapped[str] = mapped_column(String(16), default="pending")
    review_note: Mapped[str] = mapped_column(Text, default="")
    reviewed_on: Mapped[dt.date | None] = mapped_column(Date)
    reviewed_by: Mapped[str] = mapped_column(String(50), default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class PointReview(Stamped, Base):
    """A school's 年底评议 for a year: the catalog it used (frozen from then on) and the 公示 period."""

    __tablename__ = "point_review"
    __table_args__ = (UniqueConstraint("school_id", "year", name="uq_point_review_school_year"),)
    school_id: Mapped[str] = mapped_column(ForeignKey("school.id"))
    year: Mapped[int] = mapped_column(Integer)
    catalog_id: Mapped[str] = mapped_column(ForeignKey("point_catalog.id"))
    evaluated_on: Mapped[dt.date] = mapped_column(Date)
    evaluated_by: Mapped[str] = mapped_column(String(50), default="")
    notice_days: Mapped[int] = mapped_column(Integer, default=5)


class PointReviewEntry(Stamped, Base):
    """One member in a review: the totals and suggestion as evaluated, the 民主测评 counts, the decision."""

    __tablename__ = "point_review_entry"
    __table_args__ = (UniqueConstraint("review_id", "member_id", name="uq_point_review_entry_review_member"),)
    review_id: Mapped[str] = mapped_column(ForeignKey("point_review.id"), index=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("member.id"))
    branch_id: Mapped[str | None] = mapped_column(ForeignKey("organization.id"))
    total: Mapped[int] = mapped_column(Integer)
    rank_school: Mapped[int] = mapped_column(Integer)
    rank_branch: Mapped[int] = mapped_column(Integer)
    graded: Mapped[bool] = mapped_column(Boolean, default=True)
    vetoed: Mapped[bool] = mapped_column(Boolean, default=False)
    suggested: Mapped[str | None] = mapped_column(String(32))
    votes_excellent: Mapped[int] = mapped_column(Integer, default=0)
    votes_qualified: Mapped[int] = mapped_column(Integer, default=0)
    votes_basic: Mapped[int] = mapped_column(Integer, default=0)
    votes_unqualified: Mapped[int] = mapped_column(Integer, default=0)
    decided: Mapped[str | None] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text, default="")
