"""Importing a roster spreadsheet: validate every row first, then write all of it in one transaction.

Validation runs in memory (existing ID numbers and organizations are loaded once), so a 5,000-row file
is checked and inserted in about a second. Branches and party groups the file names that do not exist
yet are created, so a new school can start by importing its roster into an empty store.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, insert, select

from app.domain import member_rules
from app.domain import roster_headers as headers
from app.domain.docs.roster_export import RosterCounts
from app.domain.docs.roster_sheet import RosterBook, where
from app.domain.enums import OrgKind
from app.domain.member_rules import MemberData
from app.domain.search_keys import pinyin_keys
from app.domain.text import clean_name, look_alikes
from app.errors import ValidationError
from app.services import organizations
from app.services.permissions import require_admin
from app.services.progress import Progress, no_progress
from app.store import checkpoints
from app.store.models import Member, Organization, new_id, utcnow
from app.store.uow import UnitOfWork

UNNAMED_SCHOOL = "未命名学校"
_TITLE = re.compile(
    r"^(?:中共)?(?P<school>.+?(?:学校|小学|中学|中心校|完小|学院|幼儿园|教学点))"
    r"(?:中共)?(?:党委|党总支|联合党支部|党支部|支部)?(?:\d{4}年度?)?(?:全体)?(?:党员|人员)")
_STORED = [n for n in MemberData.field_names() if n not in ("branch_name", "group_name")]
_LIMITS: dict[str, int] = {
    n: length for n in [*_STORED, "branch_name", "group_name"]
    if (length := getattr(getattr(Member.__table__.c.get(n), "type", None), "length", None))}
_CHECKED_ELSEWHERE = ("name", "id_number", "phone")  # member_rules already says what is wrong
_LIMITS["branch_name"] = _LIMITS["group_name"] = getattr(Organization.__table__.c.name.type, "length", None) or 100


@dataclass
class ImportRow:
    row_number: int
    data: MemberData
    cells: dict[str, str]
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    sheet_name: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def where(self) -> str:
        """工作表“党员花名册”第12行."""
        return where(self.sheet_name, self.row_number)

    def message(self) -> str:
        """工作表“党员花名册”第12行：张三，身份证号校验位错误；… (the sheet and the row as Excel shows them,
        then who, then every problem)."""
        who = f"{self.data.name}，" if self.data.name else ""
        return f"{self.where}：{who}" + "；".join(self.errors)


@dataclass(frozen=True)
class SheetRead:
    """One roster sheet of the file: its tab, the row of its header, how many data rows."""

    name: str
    header_row: int
    rows: int


@dataclass
class ImportReport:
    """What an import would do; nothing has been written when this is returned."""

    file_name: str
    sheets: list[SheetRead]  # every sheet with a roster header, in the workbook's order
    title: str
    columns: dict[str, str]  # field → heading, over all sheets (the first sheet's heading when they differ)
    ignored: list[str]
    rows: list[ImportRow]
    new_branches: list[str]
    new_groups: list[tuple[str, str]]  # (party group, its branch)
    school_name: str | None  # the school to create, None when the store has one
    warnings: list[str] = field(default_factory=list)  # look-alike organization names, for the preview

    @property
    def valid_rows(self) -> list[ImportRow]:
        return [r for r in self.rows if r.ok]

    @property
    def invalid_rows(self) -> list[ImportRow]:
        return [r for r in self.rows if not r.ok]

    def error_lines(self) -> list[str]:
        return [r.message() for r in self.invalid_rows]

    def summary(self) -> str:
        bad = len(self.invalid_rows)
        text = (f"共{len(self.rows)}行：{len(self.valid_rows)}行正确，{bad}行有错误" if bad
                else f"共{len(self.rows)}行，全部正确")
        if len(self.sheets) > 1:
            text = ("、".join(f"工作表“{s.name}”{s.rows}行" for s in self.sheets) + "，" + text)
        if self.new_branches:
            text += f"；将新建党支部{len(self.new_branches)}个"
        if self.new_groups:
            text += f"；将新建党小组{len(self.new_groups)}个"
        return text + "。" + "".join(f"\n注意：{w}" for w in self.warnings)


@dataclass
class ImportResult:
    imported: int
    skipped: list[ImportRow]
    new_branches: list[str]
    new_groups: list[tuple[str, str]]
    school_created: str | None
    warnings: list[str] = field(default_factory=list)
    counts: RosterCounts = field(default_factory=lambda: RosterCounts(0, 0))  # who was imported: 党员, 入党申请人等

    def describe(self) -> str:
        """已导入 45 人（党员 39 人，入党申请人等 6 人）."""
        return f"已导入 {self.imported} 人（{self.counts.describe()}）"


def school_name_from_title(title: str) -> str:
    """"XX学校党员花名册" → "XX学校"; anything else → 未命名学校 (the user renames it later)."""
    m = _TITLE.match(re.sub(r"\s+", "", title or ""))
    if m is None or m.group("school") in ("学校名称", "本校名称"):
        return UNNAMED_SCHOOL
    return m.group("school")


def validate_book(uow: UnitOfWork, book: RosterBook, *, today: dt.date | None = None) -> ImportReport:
    """Every row of every roster sheet against the rules, the store and each other (an ID number may appear
    once in the whole file, whichever sheet); writes nothing."""
    session = uow.session
    known = session.execute(select(Member.id_number, Member.name).where(Member.id_number.is_not(None)))
    existing_ids: dict[str, str] = {number: name for number, name in known if number}
    orgs = {clean_name(o.name): o
            for o in session.scalars(select(Organization).where(Organization.dissolved_on.is_(None)))}
    by_id = {o.id: o for o in orgs.values()}
    seen_ids: dict[str, tuple[str, int]] = {}  # ID number → (sheet, row) where the file first has it
    new_branches: list[str] = []
    new_groups: dict[str, str] = {}  # group → branch, in file order
    group_first_row: dict[str, tuple[str, int]] = {}
    rows: list[ImportRow] = []
    for srow in book.rows:
        data = member_rules.normalize(srow.data)
        result = member_rules.validate(data, today=today)
        errors = list(srow.errors)
        if srow.birth_month and data.birth_date and srow.birth_month != (data.birth_date.year, data.birth_date.month):
            y, m = srow.birth_month
            errors.append(f"出生年月{y}-{m:02d}与身份证号中的{data.birth_date:%Y-%m-%d}不一致")
        errors += [e for e in result.errors if not _follows_from(e, srow.bad_fields)]
        if data.id_number and "id_number" not in srow.bad_fields:
            if data.id_number in seen_ids:
                errors.append(f"身份证号与{_other(seen_ids[data.id_number], srow.sheet_name)}重复")
            else:
                seen_ids[data.id_number] = (srow.sheet_name, srow.row_number)
            if data.id_number in existing_ids:
                errors.append(f"身份证号与已有人员“{existing_ids[data.id_number]}”重复")
        errors += _too_long(data)
        errors += _check_orgs(data, (srow.sheet_name, srow.row_number), orgs, by_id, new_branches, new_groups,
                              group_first_row)
        rows.append(ImportRow(srow.row_number, data, srow.cells, errors, result.warnings, srow.sheet_name))
    # only what valid rows need is created (with --skip-invalid, a typo's branch is not made)
    used_branches = {r.data.branch_name for r in rows if r.ok}
    used_groups = {r.data.group_name for r in rows if r.ok}
    school = organizations.get_school(uow)
    made_branches = [b for b in new_branches if b in used_branches]
    made_groups = [(g, b) for g, b in new_groups.items() if g in used_groups]
    warnings = [f"将新建的“{new}”与{'已有的' if other in orgs else '文件中的'}“{other}”几乎相同，"
                "请确认不是同一个组织的不同写法" for new, other in
                look_alikes(made_branches + [g for g, _b in made_groups], list(orgs))]
    columns: dict[str, str] = {}
    ignored: list[str] = []
    for sheet in book.sheets:
        for name, heading in sheet.columns.items():
            columns.setdefault(name, heading)
        ignored += [h for h in sheet.ignored if h not in ignored]
    return ImportReport(
        file_name=Path(book.path).name,
        sheets=[SheetRead(s.sheet_name, s.header_row, len(s.rows)) for s in book.sheets],
        title=book.title, columns=columns, ignored=ignored, rows=rows,
        new_branches=made_branches, new_groups=made_groups,
        school_name=None if school else school_name_from_title(book.title), warnings=warnings)


def _other(first: tuple[str, int], sheet_name: str) -> str:
    """Where a row met earlier is: 第3行 on the same sheet, 工作表“党员花名册”第3行 on another."""
    other_sheet, row = first
    return f"第{row}行" if other_sheet == sheet_name else where(other_sheet, row)


def _too_long(data: MemberData) -> list[str]:
    """Column lengths of the store (PostgreSQL enforces them; SQLite would silently keep anything)."""
    problems = []
    for name, limit in _LIMITS.items():
        value = getattr(data, name)
        if isinstance(value, str) and len(value) > limit and name not in _CHECKED_ELSEWHERE:
            problems.append(f"{headers.label(name)}过长（最多{limit}个字，实际{len(value)}个字）")
    return problems


def _follows_from(error: str, bad_fields: set[str]) -> bool:
    """A rule error that only repeats a cell already reported unreadable."""
    if "id_number" in bad_fields and error.startswith("身份证号"):
        return True
    return "joined_on" in bad_fields and error.endswith("必须填写入党日期")


def _check_orgs(data: MemberData, at: tuple[str, int], orgs: dict[str, Organization], by_id: dict[str, Organization],
                new_branches: list[str], new_groups: dict[str, str],
                group_first_row: dict[str, tuple[str, int]]) -> list[str]:
    errors: list[str] = []
    branch, group = data.branch_name, data.group_name
    if branch:
        org = orgs.get(branch)
        if org is not None and not OrgKind(org.kind).is_branch:
            errors.append(f"“{branch}”是{OrgKind(org.kind).label}，不是党支部")
        elif org is None and branch in new_groups:
            errors.append(f"“{branch}”在其他行中填作党小组，不能又作党支部")
        elif org is None and branch not in new_branches:
            new_branches.append(branch)
    if group:
        if not branch:
            errors.append(f"填写了党小组“{group}”但未填写所在党支部")
            return errors
        org = orgs.get(group)
        if org is not None:
            if org.kind != OrgKind.PARTY_GROUP:
                errors.append(f"“{group}”是{OrgKind(org.kind).label}，不是党小组")
            else:
                parent = by_id.get(org.parent_id or "")
                if parent is None or parent.name != branch:
                    errors.append(f"党小组“{group}”属于“{parent.name if parent else '其他组织'}”，不属于“{branch}”")
        elif group == branch or group in new_branches:
            errors.append(f"“{group}”在其他行中填作党支部，不能又作党小组")
        elif group in new_groups and new_groups[group] != branch:
            errors.append(f"党小组“{group}”在{_other(group_first_row[group], at[0])}属于“{new_groups[group]}”，"
                          f"此处却填“{branch}”")
        elif group not in new_groups:
            new_groups[group] = branch
            group_first_row[group] = at
    return errors


def refuse_invalid(report: ImportReport, *, skip_invalid: bool = False) -> None:
    """Any invalid row without `skip_invalid`: ValidationError listing every error (nothing is written)."""
    invalid = report.invalid_rows
    if invalid and not skip_invalid:
        raise ValidationError(
            f"“{report.file_name}”有{len(invalid)}行错误，没有导入任何数据。请改正后重新导入"
            "（或选择跳过错误行）：", details=report.error_lines())


INSERT_CHUNK = 500  # rows per INSERT: progress (and 取消) between chunks, all in the caller's one transaction


def apply_import(uow: UnitOfWork, report: ImportReport, *, skip_invalid: bool = False,
                 progress: Progress = no_progress) -> ImportResult:
    """Write the report's valid rows in the caller's transaction. `progress` may raise Cancelled between
    chunks of rows; the caller's unit of work then rolls every row back (never a partial roster)."""
    require_admin(uow.actor, "导入花名册")
    refuse_invalid(report, skip_invalid=skip_invalid)
    invalid = report.invalid_rows
    valid = report.valid_rows
    session = uow.session
    school_created = None
    school = organizations.get_school(uow)
    if school is None and valid:  # an empty template creates nothing
        school_created = report.school_name or UNNAMED_SCHOOL
        school = organizations.ensure_school(uow, school_created)
    branch_ids = _create_orgs(uow, report) if valid else {}
    now = utcnow()
    values = []
    for row in valid:
        data = row.data
        record = {n: _plain(getattr(data, n)) for n in _STORED}
        pinyin, initials = pinyin_keys(data.name)
        record.update(
            id=new_id(), school_id=school.id if school else None, created_at=now, updated_at=now,
            id_number=data.id_number or None, branch_id=branch_ids.get(data.branch_name),
            group_id=branch_ids.get(data.group_name) if data.group_name else None,
            name_pinyin=pinyin, name_initials=initials)
        values.append(record)
    for start in range(0, len(values), INSERT_CHUNK):
        progress(start, len(values), f"正在写入第 {start + 1} 行…")
        session.execute(insert(Member), values[start:start + INSERT_CHUNK])
        checkpoints.reach("import.rows_written")  # rows written, not committed: a kill here must leave none
    progress(len(values), len(values), "正在保存…")
    party = sum(1 for r in valid if r.data.category.is_party_member)
    counts = RosterCounts(party, len(valid) - party)
    uow.audit("import", "member", "",
              f"从 Excel 导入花名册 {len(values)} 人：{counts.describe()}（{report.file_name}）",
              new={"file": report.file_name, "imported": len(values), "party": counts.party,
                   "developing": counts.developing,
                   "skipped_rows": [r.where for r in invalid],
                   "new_branches": report.new_branches, "new_groups": [g for g, _b in report.new_groups]})
    return ImportResult(imported=len(values), skipped=invalid if skip_invalid else [],
                        new_branches=report.new_branches, new_groups=report.new_groups,
                        school_created=school_created, warnings=report.warnings, counts=counts)


def _plain(value: object) -> object:
    return value.value if hasattr(value, "value") else value


def _create_orgs(uow: UnitOfWork, report: ImportReport) -> dict[str, str]:
    """Create the report's new branches and groups; return name → id for every organization."""
    session = uow.session
    roots = list(session.scalars(select(Organization).where(
        Organization.parent_id.is_(None), Organization.dissolved_on.is_(None),
        Organization.kind.in_([OrgKind.PARTY_COMMITTEE.value, OrgKind.GENERAL_BRANCH.value]))))
    top = roots[0].id if len(roots) == 1 else None
    order = (session.scalar(select(func.max(Organization.sort_order))) or 0) + 1
    for name in report.new_branches:
        kind = OrgKind.JOINT_BRANCH if "联合" in name else OrgKind.BRANCH
        organizations.create_organization(uow, name=name, kind=kind, parent_id=top, sort_order=order)
        order += 1
    ids = {clean_name(o.name): o.id
           for o in session.scalars(select(Organization).where(Organization.dissolved_on.is_(None)))}
    for i, (group, branch) in enumerate(report.new_groups):
        organizations.create_organization(uow, name=group, kind=OrgKind.PARTY_GROUP, parent_id=ids[branch],
                                          sort_order=i + 1)
    return {clean_name(o.name): o.id
            for o in session.scalars(select(Organization).where(Organization.dissolved_on.is_(None)))}

