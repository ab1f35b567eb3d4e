"""The exported roster's plain data, and its audit entry (it holds full ID numbers); app.documents writes the file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from app.domain.docs.roster_export import RosterExport
from app.domain.member_rules import MemberData
from app.errors import StoreError
from app.services import organizations
from app.services.members import MemberQuery, MemberRow, may_see_phones, member_ids, search_members
from app.store.dberrors import translate
from app.store.models import Member
from app.store.uow import UnitOfWork

# MemberData fields a MemberRow does not carry, fetched in one extra query.
_EXTRA = ("degree", "applied_on", "activist_on", "candidate_on", "professional_title", "native_place",
          "address", "note")


def roster_for_export(uow: UnitOfWork, query: MemberQuery | None = None,
                      today: dt.date | None = None) -> RosterExport:
    query = query or MemberQuery()
    rows = search_members(uow, query)
    extra: dict[str, dict[str, object]] = {}
    columns = [getattr(Member, n) for n in _EXTRA]
    same_people = member_ids(query, full_phones=may_see_phones(uow))
    for member_id, *values in uow.session.execute(select(Member.id, *columns).where(Member.id.in_(same_people))):
        extra[member_id] = dict(zip(_EXTRA, values, strict=True))
    school = organizations.get_school(uow)
    people = [_data(r, extra.get(r.id, {})) for r in rows]
    # the 党员花名册 holds 正式党员 and 预备党员 only; people in development have their own sheet (docs/domain.md)
    return RosterExport(school_name=school.name if school else "", exported_on=today or dt.date.today(),
                        members=[d for d in people if d.category.is_party_member],
                        candidates=[d for d in people if not d.category.is_party_member])


def _data(row: MemberRow, extra: dict[str, object]) -> MemberData:
    data = MemberData(
        name=row.name, gender=row.gender, ethnicity=row.ethnicity, birth_date=row.birth_date,
        id_number=row.id_number, education=row.education, category=row.category, branch_name=row.branch_name,
        group_name=row.group_name, phone=row.phone, joined_on=row.joined_on, full_on=row.full_on, job=row.job,
        subject=row.subject, backbone_level=row.backbone_level, model_post=row.model_post, status=row.status)
    for name, value in extra.items():
        setattr(data, name, value if value is not None or name.endswith("_on") else "")
    return data


def xlsx_name(path: Path | str) -> Path:
    """The file the roster writer will write (it adds .xlsx when missing)."""
    target = Path(path)
    return target if target.suffix.lower() == ".xlsx" else target.with_name(target.name + ".xlsx")


def record_export(uow: UnitOfWork, target: Path, export: RosterExport) -> None:
    """The export in the audit log (full ID numbers leave the program), flushed BEFORE the file is written:
    a store that cannot record it (opened read-only, say) refuses the export and no file holding full ID
    numbers exists (README.md, 数据安全)."""
    counts = export.counts
    uow.audit("export", "member", "", f"导出花名册：{counts.describe()}（含完整身份证号）到 {target.name}",
              new={"file": str(target), "count": counts.total, "party": counts.party,
                   "developing": counts.developing})
    try:
        uow.session.flush()
    except DBAPIError as exc:
        if (plain := translate(exc)) is None:
            raise
        raise StoreError("无法记录审计日志，因此没有导出含完整身份证号的花名册（未生成文件）："
                         + plain.message) from None
