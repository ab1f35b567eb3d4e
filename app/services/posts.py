"""Leadership posts per organization and term (班子配备), including 双向进入、交叉任职."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from app.domain.enums import OrgKind, PostKind
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


def add_post(uow: UnitOfWork, *, organization_id: str, kind: PostKind, member_id: str | None = None,
             holder_name: str = "", term_start: dt.date | None = None, term_end: dt.date | None = None,
             full_time: bool = False, cross_appointment: bool = False, admin_title: str = "",
             note: str = "") -> str:
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
    post = Post(organization_id=organization_id, member_id=member_id, holder_name=holder_name.strip(),
                kind=kind.value, term_start=term_start, term_end=term_end, full_time=full_time,
                cross_appointment=cross_appointment, admin_title=admin_title.strip(), note=note)
    uow.session.add(post)
    uow.session.flush()
    uow.audit("create", "post", post.id, f"{org.name} {kind.label} {holder_name}",
              new={"organization": org.name, "kind": kind.value, "holder": holder_name})
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
