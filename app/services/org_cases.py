"""Use cases of 组织设置: the school and its Party organizations, each one transaction (docs/architecture.md)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from app.domain.enums import OrgKind
from app.domain.member_counts import PeopleCount
from app.services import organizations
from app.services.organizations import OrgInfo, SchoolInfo
from app.services.people_counts import count_people
from app.store.uow import Ledger


@dataclass(frozen=True)
class OrgTree:
    """What the organization panel shows: the school (None in a new store), its organizations, and the
    whole school's people as 首页 and the restore preview count them (app.services.people_counts)."""

    school: SchoolInfo | None
    organizations: list[OrgInfo]
    people: PeopleCount = field(default_factory=PeopleCount)


def load_school(ledger: Ledger) -> SchoolInfo | None:
    with ledger.uow() as uow:
        return organizations.get_school(uow)


def load_org_tree(ledger: Ledger) -> OrgTree:
    with ledger.uow() as uow:
        return OrgTree(organizations.get_school(uow), organizations.list_organizations(uow),
                       count_people(uow.session))


def set_up_school(ledger: Ledger, name: str, county: str = "", address: str = "") -> SchoolInfo:
    """Name the school of a new store (admin only); returns the existing school when there is one."""
    with ledger.uow() as uow:
        school = organizations.ensure_school(uow, name, county, address)
        uow.commit()
    return school


def correct_school(ledger: Ledger, *, name: str, county: str | None = None,
                   address: str | None = None) -> SchoolInfo:
    with ledger.uow() as uow:
        school = organizations.update_school(uow, name=name, county=county, address=address)
        uow.commit()
    return school


def add_organization(ledger: Ledger, *, name: str, kind: OrgKind, parent_id: str | None = None,
                     established_on: dt.date | None = None, term_start: dt.date | None = None,
                     term_years: int = 3, sort_order: int = 0) -> OrgInfo:
    with ledger.uow() as uow:
        info = organizations.create_organization(
            uow, name=name, kind=kind, parent_id=parent_id, established_on=established_on,
            term_start=term_start, term_years=term_years, sort_order=sort_order)
        uow.commit()
    return info


def change_organization(ledger: Ledger, org_id: str, *, name: str | None = None,
                        established_on: dt.date | None = None, term_start: dt.date | None = None,
                        term_years: int | None = None) -> OrgInfo:
    with ledger.uow() as uow:
        info = organizations.update_organization(
            uow, org_id, name=name, established_on=established_on, term_start=term_start,
            term_years=term_years)
        uow.commit()
    return info
