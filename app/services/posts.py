"""Leadership posts per organization and term (班子配备), including 双向进入、交叉任职."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from app.domain import meeting_rules as mr
from app.domain.enums import MemberCategory, OrgKind, PostKind
from app.errors import NotFoundError, ValidationError
from app.services.permissions import require_admin
from app.store.models import Member, Organization, Post
from app.store.uow import UnitOfWork


@dataclass(frozen=True)
class PostRow:
    id: str
    organization_id: str
    organization_name: str
    organization_kind: OrgKind
    kind: PostKind
    holder_name: str
    member_id: str | None
    term_start: dt.date | None
    term_end: dt.date | None
    full_time: bool
    cross_appointment: bool
    admin_title: str
    note: str


class PostRuleWarning(ValidationError):
    """A post breaks a rule of docs/domain.md ("Organizations"); it may be saved with a reason."""

    def __init__(self, warnings: list[str]) -> None:
        super().__init__("该任职不符合以下规定。如确需保存，请填写原因后再保存：", details=warnings)
        self.warnings = warnings


def _full_members(uow: UnitOfWork, organization_id: str, day: dt.date) -> int:
    rows = uow.session.execute(
        select(Member.id, Member.category, Member.status, Member.status_changed_on, Member.joined_on, Member.full_on)
        .where(Member.branch_id == organization_id, Member.category == MemberCategory.FULL.value))
    return mr.full_count_on((mr.PersonSpan(*row) for row in rows), day)


def check_post(uow: UnitOfWork, *, organization_id: str, kind: PostKind, member_id: str | None = None,
               day: dt.date | None = None, ignore_post_id: str | None = None) -> list[str]:
    """The rule warnings a post would get (app.domain.meeting_rules.post_warnings), as Chinese sentences."""
    org = uow.session.get(Organization, organization_id)
    if org is None:
        raise NotFoundError("党组织不存在")
    day = day or dt.date.today()
    member = uow.session.get(Member, member_id) if member_id else None
    others = [p for p in uow.session.scalars(select(Post).where(Post.organization_id == organization_id))
              if p.id != ignore_post_id and mr.PostSpan(p.member_id, p.kind, p.term_start, p.term_end).held_on(day)]
    return mr.post_warnings(mr.PostCandidate(
        org.kind, PostKind(kind).value, member.category if member else None, member.full_on if member else None,
        day, tuple(p.kind for p in others if p.kind in mr.COMMITTEE_POSTS), _full_members(uow, organization_id, day)))


def add_post(uow: UnitOfWork, *, organization_id: str, kind: PostKind, member_id: str | None = None,
             holder_name: str = "", term_start: dt.date | None = None, term_end: dt.date | None = None,
             full_time: bool = False, cross_appointment: bool = False, admin_title: str = "",
             note: str = "", reason: str | None = None, today: dt.date | None = None) -> str:
    """Enter a post. A post that breaks a rule (预备党员 on the committee, a 书记 under a year since 转正,
    a committee too large, a second 副书记, a committee in a branch under 7 正式党员) raises PostRuleWarning
    unless `reason` says why it is saved anyway; the reason is kept with the post and audited."""
    require_admin(uow.actor, "设置班子成员")
    org = uow.session.get(Organization, organization_id)
    if org is None:
        raise NotFoundError("党组织不存在")
    if member_id:
        member = uow.session.get(Member, member_id)
        if member is None:
            raise NotFoundError("人员不存在")
        holder_name = member.name
    if not holder_name.strip():
        raise ValidationError("请选择任职人员")
    if term_start and term_end and term_end < term_start:
        raise ValidationError("任期结束日期早于开始日期")
    if kind == PostKind.GROUP_LEADER and org.kind != OrgKind.PARTY_GROUP:
        raise ValidationError("党小组组长只能设在党小组")
    if kind == PostKind.SECRETARY:
        current = uow.session.scalar(select(Post.holder_name).where(
            Post.organization_id == organization_id, Post.kind == kind.value, Post.term_end.is_(None)))
        if current:
            raise ValidationError(f"{org.name}已有在任{kind.label}“{current}”，请先填写其任期结束日期")
    warnings = check_post(uow, organization_id=organization_id, kind=kind, member_id=member_id,
                          day=term_start or today or dt.date.today())
    if warnings and not (reason or "").strip():
        raise PostRuleWarning(warnings)
    post = Post(organization_id=organization_id, member_id=member_id, holder_name=holder_name.strip(),
                kind=kind.value, term_start=term_start, term_end=term_end, full_time=full_time,
                cross_appointment=cross_appointment, admin_title=admin_title.strip(), note=note,
                warning_reason=(reason or "").strip() if warnings else "")
    uow.session.add(post)
    uow.session.flush()
    uow.audit("create", "post", post.id, f"{org.name} {kind.label} {holder_name}",
              new={"organization": org.name, "kind": kind.value, "holder": holder_name,
                   **({"warnings": warnings, "reason": post.warning_reason} if warnings else {})})
    return post.id


def end_post(uow: UnitOfWork, post_id: str, on: dt.date) -> None:
    require_admin(uow.actor, "修改班子成员")
    post = uow.session.get(Post, post_id)
    if post is None:
        raise NotFoundError("任职记录不存在")
    if post.term_start and on < post.term_start:
        raise ValidationError("任期结束日期早于开始日期")
    uow.audit("update", "post", post.id, f"{post.holder_name} 任期结束",
              old={"term_end": post.term_end}, new={"term_end": on})
    post.term_end = on


def list_posts(uow: UnitOfWork, *, current_only: bool = True) -> list[PostRow]:
    """Posts in organization-tree order, then by post rank (书记 first)."""
    from app.services.organizations import list_organizations

    order = {o.id: i for i, o in enumerate(list_organizations(uow))}
    rank = {k.value: i for i, k in enumerate(PostKind)}
    stmt = select(Post, Organization).join(Organization, Organization.id == Post.organization_id)
    if current_only:
        stmt = stmt.where(Post.term_end.is_(None))
    rows = [
        PostRow(p.id, o.id, o.name, OrgKind(o.kind), PostKind(p.kind), p.holder_name, p.member_id,
                p.term_start, p.term_end, p.full_time, p.cross_appointment, p.admin_title, p.note)
        for p, o in uow.session.execute(stmt)
    ]
    rows.sort(key=lambda r: (order.get(r.organization_id, 999), rank[r.kind.value], r.holder_name))
    return rows
