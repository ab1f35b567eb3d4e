"""The school and its tree of Party organizations, with committee terms."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Date, Row, String, event, select, text

from app.domain.dates import add_years
from app.domain.enums import OrgKind
from app.domain.meeting_rules import default_term_years
from app.domain.member_counts import PeopleCount
from app.domain.text import clean_name
from app.errors import NotFoundError, ValidationError
from app.services.people_counts import count_people_by_org
from app.services.permissions import require_admin
from app.store.models import Organization, School
from app.store.uow import UnitOfWork


@dataclass(frozen=True)
class SchoolInfo:
    id: str
    name: str
    county: str
    address: str


@dataclass(frozen=True)
class OrgInfo:
    id: str
    name: str
    kind: OrgKind
    parent_id: str | None
    established_on: dt.date | None
    term_start: dt.date | None
    term_years: int
    member_count: int = 0  # everyone active on its roster, people in development included
    party_count: int = 0  # 正式党员 + 预备党员 (what 首页 calls 党员合计)
    people: PeopleCount = field(default_factory=PeopleCount)  # by stage (app.services.people_counts)

    @property
    def next_election_due(self) -> dt.date | None:
        """换届 is due at the end of the committee's term."""
        return add_years(self.term_start, self.term_years) if self.term_start else None


# 首页's first view and every form heading read these two: written as SQL, which SQLAlchemy runs without the
# first-run compile (about 2 ms each) of a built statement (docs/benchmark.md). Plain SQLite and PostgreSQL.
# `columns` makes each a SELECT that leaves the read cache below in place (a plain text() empties it).
_SCHOOL_SQL = text("SELECT id, name, county, address FROM school ORDER BY created_at LIMIT 1").columns(name=String)
_ORGANIZATIONS_SQL = ("SELECT id, name, kind, parent_id, established_on, term_start, term_years FROM organization"
                      " {where}ORDER BY sort_order, name")
_ORGANIZATION_TYPES = {"established_on": Date, "term_start": Date}  # SQLite keeps dates as text


def get_school(uow: UnitOfWork) -> SchoolInfo | None:
    row = uow.session.execute(_SCHOOL_SQL).first()
    return None if row is None else SchoolInfo(row.id, row.name, row.county, row.address)


def school_name(uow: UnitOfWork, default: str = "本校") -> str:
    """The name printed on a form's heading; `default` before any school is recorded."""
    school = get_school(uow)
    return school.name if school is not None else default


def ensure_school(uow: UnitOfWork, name: str, county: str = "", address: str = "") -> SchoolInfo:
    """The store's school, created on first use (an import into an empty store needs one). Admin only."""
    require_admin(uow.actor, "设置学校")
    existing = get_school(uow)
    if existing:
        return existing
    name = clean_name(name)
    if not name:
        raise ValidationError("学校名称不能为空")
    school = School(name=name, county=county.strip(), address=address.strip())
    uow.session.add(school)
    uow.session.flush()
    uow.audit("create", "school", school.id, f"创建学校 {name}", new={"name": name})
    return SchoolInfo(school.id, school.name, school.county, school.address)


def update_school(uow: UnitOfWork, *, name: str, county: str | None = None,
                  address: str | None = None) -> SchoolInfo:
    """Correct the school's name (it heads every printed form) and address; admin only, audited."""
    require_admin(uow.actor, "修改学校信息")
    school = uow.session.scalars(select(School).order_by(School.created_at)).first()
    if school is None:
        raise NotFoundError("尚未设置学校")
    name = clean_name(name)
    if not name:
        raise ValidationError("学校名称不能为空")
    if len(name) > 100:
        raise ValidationError("学校名称过长（最多100个字）")
    old = {"name": school.name, "county": school.county, "address": school.address}
    school.name = name
    if county is not None:
        school.county = county.strip()
    if address is not None:
        school.address = address.strip()
    uow.audit("update", "school", school.id, f"修改学校信息 {old['name']} → {name}", old=old,
              new={"name": school.name, "county": school.county, "address": school.address})
    return SchoolInfo(school.id, school.name, school.county, school.address)


def _info(org: Organization | Row[Any], people: PeopleCount | None = None) -> OrgInfo:
    people = people or PeopleCount()
    return OrgInfo(org.id, org.name, OrgKind(org.kind), org.parent_id, org.established_on,
                   org.term_start, org.term_years, people.party + people.developing, people.party, people)


def list_organizations(uow: UnitOfWork, *, include_dissolved: bool = False) -> list[OrgInfo]:
    """Every organization in tree order (parents before children), with active-member counts.

    Kept for the rest of the unit of work until it writes: 首页 alone asked for the list five times in one
    refresh (summary, overview, milestones and two alert sources; see docs/benchmark.md)."""
    cache = _read_cache(uow)
    if include_dissolved not in cache:
        cache[include_dissolved] = _list_organizations(uow, include_dissolved)
    return list(cache[include_dissolved])


def _read_cache(uow: UnitOfWork) -> dict[bool, list[OrgInfo]]:
    """A per-session cache, emptied by any flush, bulk write or rollback, and unused while changes pend."""
    session = uow.session
    cache: dict[bool, list[OrgInfo]] | None = session.info.get("organization_list")
    if cache is None:
        cache = session.info["organization_list"] = {}
        clear = cache.clear
        event.listen(session, "after_flush", lambda *_a: clear())
        event.listen(session, "after_soft_rollback", lambda *_a: clear())
        event.listen(session, "do_orm_execute", lambda state: None if state.is_select else clear())
    if session.new or session.dirty or session.deleted:
        cache.clear()
    return cache


def _list_organizations(uow: UnitOfWork, include_dissolved: bool) -> list[OrgInfo]:
    people = count_people_by_org(uow.session)
    query = text(_ORGANIZATIONS_SQL.format(where="" if include_dissolved else "WHERE dissolved_on IS NULL "))
    orgs = list(uow.session.execute(query.columns(**_ORGANIZATION_TYPES)))
    children: dict[str | None, list[Row[Any]]] = {}
    for org in orgs:
        children.setdefault(org.parent_id, []).append(org)
    known = {o.id for o in orgs}
    ordered: list[OrgInfo] = []

    def walk(parent: str | None) -> None:
        for org in children.get(parent, []):
            ordered.append(_info(org, people.get(org.id)))
            walk(org.id)

    walk(None)
    for org in orgs:  # orphans whose parent was dissolved
        if org.parent_id is not None and org.parent_id not in known:
            ordered.append(_info(org, people.get(org.id)))
    return ordered


def create_organization(uow: UnitOfWork, *, name: str, kind: OrgKind, parent_id: str | None = None,
                        established_on: dt.date | None = None, term_start: dt.date | None = None,
                        term_years: int | None = None, sort_order: int = 0) -> OrgInfo:
    """A new organization; the term defaults by kind (基层党委 5 years, 党总支/党支部 3; docs/domain.md)."""
    require_admin(uow.actor, "新建党组织")
    if term_years is None:
        term_years = default_term_years(OrgKind(kind).value)
    name = clean_name(name)
    if not name:
        raise ValidationError("党组织名称不能为空")
    if term_years not in (3, 5):
        raise ValidationError("任期只能是3年或5年")
    school = get_school(uow)
    if school is None:
        raise ValidationError("请先填写学校名称")
    if parent_id is not None:
        parent = uow.session.get(Organization, parent_id)
        if parent is None:
            raise NotFoundError("上级党组织不存在")
        if parent.kind == OrgKind.PARTY_GROUP:
            raise ValidationError("党小组下不能再设党组织")
        if kind == OrgKind.PARTY_GROUP and not OrgKind(parent.kind).is_branch:
            raise ValidationError("党小组只能设在党支部下")
    elif kind == OrgKind.PARTY_GROUP:
        raise ValidationError("党小组必须属于一个党支部")
    if record_by_name(uow, name) is not None:
        raise ValidationError(f"已有名为“{name}”的党组织")
    org = Organization(school_id=school.id, parent_id=parent_id, kind=kind.value, name=name,
                       established_on=established_on, term_start=term_start, term_years=term_years,
                       sort_order=sort_order)
    uow.session.add(org)
    uow.session.flush()
    uow.audit("create", "organization", org.id, f"新建{kind.label} {name}",
              new={"name": name, "kind": kind.value, "parent_id": parent_id})
    return _info(org)


def update_organization(uow: UnitOfWork, org_id: str, *, name: str | None = None,
                        established_on: dt.date | None = None, term_start: dt.date | None = None,
                        term_years: int | None = None) -> OrgInfo:
    require_admin(uow.actor, "修改党组织")
    org = uow.session.get(Organization, org_id)
    if org is None:
        raise NotFoundError("党组织不存在")
    old = {"name": org.name, "established_on": org.established_on, "term_start": org.term_start,
           "term_years": org.term_years}
    if name is not None:
        name = clean_name(name)
        if not name:
            raise ValidationError("党组织名称不能为空")
        if (same := record_by_name(uow, name)) is not None and same.id != org.id:
            raise ValidationError(f"已有名为“{name}”的党组织")
        org.name = name
    if established_on is not None:
        org.established_on = established_on
    if term_start is not None:
        org.term_start = term_start
    if term_years is not None:
        if term_years not in (3, 5):
            raise ValidationError("任期只能是3年或5年")
        org.term_years = term_years
    new = {"name": org.name, "established_on": org.established_on, "term_start": org.term_start,
           "term_years": org.term_years}
    uow.audit("update", "organization", org.id, f"修改党组织 {org.name}", old=old, new=new)
    return _info(org)


def record_by_name(uow: UnitOfWork, name: str) -> Organization | None:
    """The one lookup of an organization a user named, compared in clean form (README.md, 数据安全): a
    trailing zero-width space or ASCII brackets do not make another branch; names stored by release 1
    count too; dissolved ones are not found."""
    wanted = clean_name(name)
    if not wanted:
        return None
    orgs = uow.session.scalars(select(Organization).where(Organization.dissolved_on.is_(None)))
    return next((o for o in orgs if clean_name(o.name) == wanted), None)


def not_found(name: str, label: str = "党组织") -> NotFoundError:
    """The one Chinese message for a named organization that does not exist."""
    return NotFoundError(f"{label}“{clean_name(name)}”不存在，请检查名称")


def find_by_name(uow: UnitOfWork, name: str) -> OrgInfo | None:
    org = record_by_name(uow, name)
    return _info(org) if org else None


def require_record_by_name(uow: UnitOfWork, name: str, label: str = "党组织") -> Organization:
    org = record_by_name(uow, name)
    if org is None:
        raise not_found(name, label)
    return org


def require_by_name(uow: UnitOfWork, name: str, label: str = "党组织") -> OrgInfo:
    """The organization a user named (e.g. with --branch); NotFoundError in Chinese when there is none."""
    return _info(require_record_by_name(uow, name, label))


def branches(uow: UnitOfWork) -> list[OrgInfo]:
    return [o for o in list_organizations(uow) if o.kind.is_branch]
