"""Read-only loaders for the 花名册 and the 班子配备台账: services' rows → the printing dataclasses."""

from __future__ import annotations

from app.domain.docs.posts import OrgPosts, PostLine, PostsDoc
from app.domain.docs.roster import RosterDoc, RosterLine
from app.domain.enums import MemberStatus, OrgKind
from app.services import members, organizations, posts
from app.store.uow import UnitOfWork


def _school_name(uow: UnitOfWork) -> str:
    school = organizations.get_school(uow)
    return school.name if school else ""


def find_org(uow: UnitOfWork, name: str) -> organizations.OrgInfo:
    return organizations.require_by_name(uow, name)


def load_roster(uow: UnitOfWork, *, branch_name: str | None = None, include_left: bool = False,
                full_ids: bool = False) -> RosterDoc:
    """The 党员花名册 (branch order, then pinyin): 正式党员 and 预备党员 only — people in development have
    their own ledger (app.services.candidates); active people unless asked."""
    branch_id = find_org(uow, branch_name).id if branch_name else None
    query = members.MemberQuery(branch_id=branch_id, status=None if include_left else MemberStatus.ACTIVE)
    rows = [_line(r) for r in members.search_members(uow, query) if r.category.is_party_member]
    return RosterDoc(school_name=_school_name(uow), rows=rows, scope=branch_name or "",
                     full_ids=full_ids, include_left=include_left)


def _line(r: members.MemberRow) -> RosterLine:
    return RosterLine(name=r.name, gender=r.gender, ethnicity=r.ethnicity, birth_date=r.birth_date,
                      id_number=r.id_number, education=r.education, category=r.category, status=r.status,
                      branch_name=r.branch_name, joined_on=r.joined_on, full_on=r.full_on, job=r.job,
                      phone=r.phone)


def load_posts(uow: UnitOfWork, *, branch_name: str | None = None) -> PostsDoc:
    """Every organization (or one and its party groups) with its current post holders."""
    orgs = organizations.list_organizations(uow)
    if branch_name:
        root = find_org(uow, branch_name)
        orgs = [o for o in orgs if o.id == root.id or o.parent_id == root.id]
    people = {m.id: m for m in members.search_members(uow, members.MemberQuery(status=None))}
    by_org: dict[str, list[PostLine]] = {}
    for p in posts.list_posts(uow):
        m = people.get(p.member_id or "")
        by_org.setdefault(p.organization_id, []).append(PostLine(
            post=p.kind.label, name=p.holder_name, gender=m.gender.label if m and m.gender else "",
            birth_date=m.birth_date if m else None, joined_on=m.joined_on if m else None,
            term_start=p.term_start, full_time=p.full_time, admin_title=p.admin_title,
            cross_appointment=p.cross_appointment, note=p.note))
    blocks = []
    for o in orgs:
        elected = o.kind != OrgKind.PARTY_GROUP
        blocks.append(OrgPosts(
            name=o.name, kind_label=o.kind.label, established_on=o.established_on,
            term_start=o.term_start if elected else None, term_years=o.term_years if elected else None,
            next_election_due=o.next_election_due if elected else None, posts=by_org.get(o.id, [])))
    return PostsDoc(school_name=_school_name(uow), organizations=blocks)
