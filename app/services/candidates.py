"""The ledger of people in development (入党申请人, 入党积极分子, 发展对象), apart from the 党员花名册."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.domain.docs.candidates import CandidateLine, CandidatesDoc
from app.domain.enums import MemberCategory, MemberStatus
from app.services import organizations
from app.store.models import Member, Organization
from app.store.uow import UnitOfWork

STAGES = (MemberCategory.CANDIDATE, MemberCategory.ACTIVIST, MemberCategory.APPLICANT)  # nearest to joining first


def candidates_doc(uow: UnitOfWork, *, branch_name: str | None = None, full_ids: bool = False,
                   today: dt.date | None = None) -> CandidatesDoc:
    """Active people in development, by stage (发展对象 first), then branch (tree order), then name."""
    branch_id = organizations.require_by_name(uow, branch_name).id if branch_name else None
    stmt = (select(Member, Organization.name).outerjoin(Organization, Organization.id == Member.branch_id)
            .where(Member.status == MemberStatus.ACTIVE.value, Member.category.in_([c.value for c in STAGES])))
    if branch_id:
        stmt = stmt.where(Member.branch_id == branch_id)
    order = {o.id: i for i, o in enumerate(organizations.list_organizations(uow, include_dissolved=True))}
    rank = {c.value: i for i, c in enumerate(STAGES)}
    rows = sorted(uow.session.execute(stmt), key=lambda r: (rank[r[0].category], order.get(r[0].branch_id or "", 10**6),
                                                            r[0].name_pinyin, r[0].id))
    school = organizations.get_school(uow)
    return CandidatesDoc(
        school_name=school.name if school else "", scope=branch_name or "", full_ids=full_ids,
        printed_on=today or dt.date.today(),
        rows=[CandidateLine(m.name, {"male": "男", "female": "女"}.get(m.gender or "", ""), m.birth_date,
                            m.id_number or "", m.education, MemberCategory(m.category).label, m.applied_on,
                            m.activist_on, m.candidate_on, branch or "", m.job) for m, branch in rows])
