"""The member roster: add, edit, leave (by status), search and count. History is never deleted."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Select, and_, false, func, or_, select
from sqlalchemy.orm import aliased

from app.domain import idcard, member_rules
from app.domain.enums import BRANCH_KINDS, BackboneLevel, Gender, MemberCategory, MemberStatus, OrgKind, Role
from app.domain.member_rules import MemberData
from app.domain.search_keys import pinyin_keys
from app.domain.text import clean_search
from app.errors import NotFoundError, ValidationError
from app.services import organizations
from app.services.people_counts import count_people
from app.services.permissions import require_edit
from app.store.models import Member, Organization
from app.store.uow import UnitOfWork

_COPIED = [n for n in MemberData.field_names() if n not in ("branch_name", "group_name")]


@dataclass(frozen=True)
class MemberRow:
    """One roster line for tables, prints and exports (ID number in full: masking is presentation)."""

    id: str
    name: str
    gender: Gender | None
    ethnicity: str
    birth_date: dt.date | None
    id_number: str
    education: str
    category: MemberCategory
    branch_name: str
    group_name: str
    phone: str
    joined_on: dt.date | None
    full_on: dt.date | None
    job: str
    subject: str
    backbone_level: BackboneLevel
    model_post: str
    status: MemberStatus
    status_note: str
    party_probation_from: dt.date | None = None  # 留党察看, first and last day (app.services.member_status)
    party_probation_until: dt.date | None = None


@dataclass(frozen=True)
class MemberQuery:
    text: str = ""
    branch_id: str | None = None
    category: MemberCategory | None = None
    status: MemberStatus | None = MemberStatus.ACTIVE
    offset: int = 0
    limit: int | None = None


def _resolve_org(uow: UnitOfWork, name: str, kinds: Collection[OrgKind], label: str) -> Organization | None:
    if not name:
        return None
    org = organizations.record_by_name(uow, name)
    if org is None:  # a field of the member's data: a validation error, with the one not-found message
        raise ValidationError(organizations.not_found(name, label).message)
    if OrgKind(org.kind) not in kinds:
        raise ValidationError(f"“{name}”是{OrgKind(org.kind).label}，不是{label}")
    return org


def check(uow: UnitOfWork, data: MemberData, *, member_id: str | None = None) -> list[str]:
    """All problems with `data` (rules plus uniqueness of the ID number); empty when it can be saved."""
    member_rules.normalize(data)
    errors = member_rules.validate(data).errors
    if data.id_number:
        clash = uow.session.scalar(select(Member.name).where(
            Member.id_number == data.id_number, Member.id != (member_id or "")))
        if clash:
            errors.append(f"身份证号与已有人员“{clash}”重复")
    try:
        _resolve_orgs(uow, data)
    except ValidationError as exc:
        errors.append(exc.message)
    return errors


def _resolve_orgs(uow: UnitOfWork, data: MemberData) -> tuple[Organization | None, Organization | None]:
    branch = _resolve_org(uow, data.branch_name, BRANCH_KINDS, "党支部")
    group = _resolve_org(uow, data.group_name, (OrgKind.PARTY_GROUP,), "党小组")
    if group is not None and branch is not None and group.parent_id != branch.id:
        raise ValidationError(f"党小组“{group.name}”不属于“{branch.name}”")
    return branch, group


def _apply(member: Member, data: MemberData, branch: Organization | None, group: Organization | None) -> None:
    for name in _COPIED:
        value = getattr(data, name)
        setattr(member, name, value.value if hasattr(value, "value") else value)
    member.id_number = data.id_number or None
    member.branch_id = branch.id if branch else None
    member.group_id = group.id if group else None
    member.name_pinyin, member.name_initials = pinyin_keys(data.name)


def _snapshot(member: Member) -> dict:
    return {n: getattr(member, n) for n in [*_COPIED, "branch_id", "group_id"]}


def create_member(uow: UnitOfWork, data: MemberData) -> str:
    """Validate and add one member; raises ValidationError listing every problem, writing nothing."""
    errors = check(uow, data)
    if errors:
        raise ValidationError("人员信息有误，未保存：", details=errors)
    branch, group = _resolve_orgs(uow, data)
    require_edit(uow.actor, uow.session, branch.id if branch else None, "添加人员")
    school = organizations.get_school(uow)
    if school is None:
        raise ValidationError("请先填写学校名称")
    member = Member(school_id=school.id)
    _apply(member, data, branch, group)
    uow.session.add(member)
    uow.session.flush()
    uow.audit("create", "member", member.id, f"添加人员 {member.name}", new=_snapshot(member))
    return member.id


def update_member(uow: UnitOfWork, member_id: str, data: MemberData) -> None:
    member = uow.session.get(Member, member_id)
    if member is None:
        raise NotFoundError("人员不存在")
    require_edit(uow.actor, uow.session, member.branch_id, "修改人员")
    errors = check(uow, data, member_id=member_id)
    if errors:
        raise ValidationError("人员信息有误，未保存：", details=errors)
    branch, group = _resolve_orgs(uow, data)
    require_edit(uow.actor, uow.session, branch.id if branch else None, "修改人员")
    old = _snapshot(member)
    _apply(member, data, branch, group)
    new = _snapshot(member)
    changed_old = {k: v for k, v in old.items() if new[k] != v}
    changed_new = {k: new[k] for k in changed_old}
    uow.audit("update", "member", member.id, f"修改人员 {member.name}", old=changed_old, new=changed_new)


def leave_roster(uow: UnitOfWork, member_id: str, status: MemberStatus, on: dt.date,
                 note: str = "") -> None:
    """转出, 停止党籍, 出党/除名, 去世: the record stays, with the date and (for 转出) the destination."""
    if status == MemberStatus.ACTIVE:
        raise ValidationError("请选择离册类型")
    member = uow.session.get(Member, member_id)
    if member is None:
        raise NotFoundError("人员不存在")
    require_edit(uow.actor, uow.session, member.branch_id, "办理转出")
    if member.status != MemberStatus.ACTIVE:
        raise ValidationError(f"{member.name}已是“{MemberStatus(member.status).label}”状态")
    if on > dt.date.today():
        raise ValidationError("日期不能晚于今天")
    if status == MemberStatus.TRANSFERRED_OUT and not note.strip():
        raise ValidationError("转出须填写转往单位")
    old = {"status": member.status}
    member.status = status.value
    member.status_changed_on = on
    member.status_note = note.strip()
    uow.audit("update", "member", member.id, f"{member.name} {status.label}",
              old=old, new={"status": status.value, "on": on, "note": note})


def get_member_data(uow: UnitOfWork, member_id: str) -> MemberData:
    member = uow.session.get(Member, member_id)
    if member is None:
        raise NotFoundError("人员不存在")
    values = {n: getattr(member, n) for n in _COPIED}
    values["gender"] = Gender(member.gender) if member.gender else None
    values["category"] = MemberCategory(member.category)
    values["backbone_level"] = BackboneLevel(member.backbone_level or "none")
    values["status"] = MemberStatus(member.status)
    values["id_number"] = member.id_number or ""
    values["branch_name"] = member.branch.name if member.branch else ""
    values["group_name"] = member.group.name if member.group else ""
    return MemberData(**values)


def _phone_condition(text: str, full_phones: bool):
    """Full phones only for a role that may see them; others search the masked form (138****5678), whose
    only searchable prefix is its first three digits, shown only on numbers of PHONE_PREFIX_FROM digits
    (idcard.mask_phone) - so prefix searches cannot recover a digit the roster hides."""
    if full_phones:
        return Member.phone.startswith(text, autoescape=True)
    if len(text) <= 3:
        return and_(Member.phone.startswith(text, autoescape=True),
                    func.length(Member.phone) >= idcard.PHONE_PREFIX_FROM)
    return false()


def _query(q: MemberQuery, full_phones: bool = False) -> Select:
    stmt = select(Member)
    if q.status is not None:
        stmt = stmt.where(Member.status == q.status.value)
    if q.branch_id:
        stmt = stmt.where(or_(Member.branch_id == q.branch_id, Member.group_id == q.branch_id))
    if q.category is not None:
        stmt = stmt.where(Member.category == q.category.value)
    raw = q.text.strip()
    text = clean_search(raw)  # length-limited; NUL and other invisible characters dropped
    if raw and not text:
        return stmt.where(false())  # a search of only invisible characters finds no one
    if text:
        low = text.lower()
        stmt = stmt.where(or_(
            Member.name.contains(text, autoescape=True),
            # every reading of the name, space-separated (app/domain/search_keys.py): 曾佳 is "zj cj"
            Member.name_pinyin.startswith(low, autoescape=True),
            Member.name_pinyin.contains(" " + low, autoescape=True),
            Member.name_initials.startswith(low, autoescape=True),
            Member.name_initials.contains(" " + low, autoescape=True),
            _phone_condition(text, full_phones),
        ))
    return stmt


def may_see_phones(uow: UnitOfWork) -> bool:
    """Full phone numbers are an administrator's to see (app.services.privacy)."""
    return uow.actor.role == Role.ADMIN


def count_members(uow: UnitOfWork, q: MemberQuery = MemberQuery()) -> int:
    return uow.session.scalar(select(func.count()).select_from(_query(q, may_see_phones(uow)).subquery())) or 0


# MemberRow's own columns, read as plain values (no ORM object per person: 40,000 people export in a
# third of the time; docs/benchmark.md).
_ROW_COLUMNS = ("id", "name", "gender", "ethnicity", "birth_date", "id_number", "education", "category", "phone",
                "joined_on", "full_on", "job", "subject", "backbone_level", "model_post", "status", "status_note",
                "party_probation_from", "party_probation_until")
_GENDERS = {g.value: g for g in Gender}
_CATEGORIES = {c.value: c for c in MemberCategory}
_LEVELS = {b.value: b for b in BackboneLevel}
_STATUSES = {s.value: s for s in MemberStatus}


def count_party_and_developing(uow: UnitOfWork, q: MemberQuery = MemberQuery()) -> tuple[int, int]:
    """Of those `q` finds: (正式 and 预备党员, 入党申请人 to 发展对象): the roster's footer says both, in the
    words 首页 and the tree use (app.domain.member_counts)."""
    found = _query(q, may_see_phones(uow)).subquery()
    party = developing = 0
    for category, n in uow.session.execute(select(found.c.category, func.count()).group_by(found.c.category)):
        known = _CATEGORIES.get(category)
        if known is not None and known.is_party_member:
            party += n
        else:
            developing += n
    return party, developing


def search_members(uow: UnitOfWork, q: MemberQuery = MemberQuery()) -> list[MemberRow]:
    """Filtered in SQL, ordered by branch then name, one page at a time when `limit` is set."""
    branch = aliased(Organization)
    group = aliased(Organization)
    base = _query(q, may_see_phones(uow)).subquery()
    m = aliased(Member, base)
    stmt = (select(*(getattr(m, c) for c in _ROW_COLUMNS), branch.name, group.name)
            .outerjoin(branch, branch.id == m.branch_id)
            .outerjoin(group, group.id == m.group_id)
            .order_by(branch.sort_order, branch.name, m.name_pinyin, m.id)
            .offset(q.offset))
    if q.limit is not None:
        stmt = stmt.limit(q.limit)
    return [_row(tuple(values)) for values in uow.session.execute(stmt)]


def member_ids(q: MemberQuery, *, full_phones: bool) -> Select:
    """The ids `search_members` finds for `q`, as a subquery for reading more columns of the same people."""
    return _query(q, full_phones).with_only_columns(Member.id)


def _row(values: tuple[Any, ...]) -> MemberRow:
    """A MemberRow from the _ROW_COLUMNS of one person, then the names of their branch and party group."""
    (id_, name, gender, ethnicity, birth_date, id_number, education, category, phone, joined_on, full_on, job,
     subject, backbone_level, model_post, status, status_note, probation_from, probation_until, branch_name,
     group_name) = values
    return MemberRow(
        id=id_, name=name, gender=_GENDERS[gender] if gender else None, ethnicity=ethnicity,
        birth_date=birth_date, id_number=id_number or "", education=education, category=_CATEGORIES[category],
        branch_name=branch_name or "", group_name=group_name or "", phone=phone, joined_on=joined_on,
        full_on=full_on, job=job, subject=subject, backbone_level=_LEVELS[backbone_level or "none"],
        model_post=model_post, status=_STATUSES[status], status_note=status_note,
        party_probation_from=probation_from, party_probation_until=probation_until,
    )


def category_counts(uow: UnitOfWork) -> dict[MemberCategory, int]:
    """Active people by stage, as every screen counts them (app.services.people_counts)."""
    people = count_people(uow.session)
    return {c: people.of(c) for c in MemberCategory}


def as_dict(row: MemberRow) -> dict:
    return asdict(row)
