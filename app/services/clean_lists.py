"""Use cases of the three 清廉学校 lists: adopt the defaults, publish a new version, read any version.

A list is never edited in place: publishing writes a new version of it for the year, so a version that
was printed and posted stays readable and printable as it was (docs/domain.md, "Clean-school").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from app.domain.clean_school import ListKind, RiskLevel, parse_steps
from app.domain.clean_school_catalog import DEFAULT_NEGATIVES, DEFAULT_POWERS, DEFAULT_RISKS
from app.domain.clean_school_docs import CleanListDoc, IntegrityWorkbook, ListRow, NegativeRow, PowerRow, RiskRow
from app.errors import NotFoundError, ValidationError
from app.services import organizations
from app.services.major_decisions import decisions_in
from app.services.permissions import require_admin
from app.services.warning_education import activities_in
from app.store.models import CleanList, NegativeItem, PowerItem, RiskPoint
from app.store.uow import Ledger, UnitOfWork

MAX_ROWS = 500
_TEXT_LIMITS = {"name": 100, "responsible": 100, "leader": 100, "subject": 100, "person": 100, "category": 100}


@dataclass(frozen=True)
class ListVersion:
    id: str
    kind: ListKind
    year: int
    version: int
    adopted_on: dt.date
    rows: int
    note: str


def default_rows(kind: ListKind, year: int) -> list[ListRow]:
    """The shipped catalog as rows; risks are due for review at the end of the year."""
    if kind is ListKind.POWER:
        return [PowerRow(p.name, p.basis, p.responsible, p.steps, p.risk_points, p.risk_level, p.measures,
                         p.supervision, p.leader) for p in DEFAULT_POWERS]
    if kind is ListKind.NEGATIVE:
        return [NegativeRow(n.conduct, n.category, n.consequence) for n in DEFAULT_NEGATIVES]
    return [RiskRow(r.subject, r.risk, r.level, r.measures, r.person, dt.date(year, 12, 31)) for r in DEFAULT_RISKS]


def validate_rows(kind: ListKind, rows: list[ListRow]) -> list[str]:
    """Every problem, naming the row (第3项); empty when the list can be published."""
    problems: list[str] = []
    if not rows:
        problems.append(f"{kind.label}至少需要一项。")
    if len(rows) > MAX_ROWS:
        problems.append(f"{kind.label}最多 {MAX_ROWS} 项。")
    for i, row in enumerate(rows, start=1):
        where = f"第{i}项"
        if isinstance(row, PowerRow):
            if not row.name.strip():
                problems.append(f"{where}：权力事项不能为空")
            if not parse_steps(row.steps):
                problems.append(f"{where}（{row.name}）：运行流程至少需要一个步骤")
        elif isinstance(row, NegativeRow):
            if not row.conduct.strip():
                problems.append(f"{where}：负面行为不能为空")
        elif not row.subject.strip() or not row.risk.strip():
            problems.append(f"{where}：岗位（事项）和风险点不能为空")
        for attr, limit in _TEXT_LIMITS.items():
            value = getattr(row, attr, None)
            if isinstance(value, str) and len(value) > limit:
                problems.append(f"{where}：{value[:10]}… 超过 {limit} 字")
        expected = {ListKind.POWER: PowerRow, ListKind.NEGATIVE: NegativeRow, ListKind.RISK: RiskRow}[kind]
        if not isinstance(row, expected):
            problems.append(f"{where}：不是{kind.label}的内容")
    return problems


def _school_name(uow: UnitOfWork) -> str:
    return organizations.school_name(uow)


def _write_version(uow: UnitOfWork, kind: ListKind, year: int, rows: list[ListRow], adopted_on: dt.date,
                   note: str) -> CleanList:
    latest = uow.session.scalar(select(func.max(CleanList.version)).where(
        CleanList.kind == kind.value, CleanList.year == year)) or 0
    version = CleanList(kind=kind.value, year=year, version=latest + 1, adopted_on=adopted_on, note=note)
    uow.session.add(version)
    uow.session.flush()
    for position, row in enumerate(rows, start=1):
        if isinstance(row, PowerRow):
            uow.session.add(PowerItem(list_id=version.id, position=position, name=row.name.strip(),
                                      basis=row.basis, responsible=row.responsible, steps=row.steps,
                                      risk_points=row.risk_points, risk_level=row.risk_level.value,
                                      measures=row.measures, supervision=row.supervision, leader=row.leader))
        elif isinstance(row, NegativeRow):
            uow.session.add(NegativeItem(list_id=version.id, position=position, category=row.category,
                                         conduct=row.conduct.strip(), consequence=row.consequence))
        else:
            uow.session.add(RiskPoint(list_id=version.id, position=position, subject=row.subject.strip(),
                                      risk=row.risk, level=row.level.value, measures=row.measures,
                                      person=row.person, review_on=row.review_on))
    uow.audit("publish", kind.value, version.id, f"发布{year}年度{kind.label}第{version.version}版（{len(rows)}项）")
    return version


def publish_list(ledger: Ledger, kind: ListKind, year: int, rows: list[ListRow], *, note: str = "",
                 today: dt.date | None = None) -> ListVersion:
    """Publish `rows` as the next version of the year's list; nothing is written unless all rows are valid."""
    problems = validate_rows(kind, rows)
    if problems:
        raise ValidationError(f"{kind.label}有 {len(problems)} 处问题，没有保存。", details=problems)
    with ledger.uow() as uow:
        require_admin(uow.actor, f"发布{kind.label}")
        version = _write_version(uow, kind, year, rows, today or dt.date.today(), note)
        uow.commit()
        return ListVersion(version.id, kind, year, version.version, version.adopted_on, len(rows), note)


def adopt_defaults(ledger: Ledger, year: int, *, today: dt.date | None = None) -> list[ListVersion]:
    """Adopt the shipped lists for `year` where the school has none yet (one transaction)."""
    with ledger.uow() as uow:
        adopted = adopt_defaults_in(uow, year, today or dt.date.today())
        uow.commit()
    return adopted


def adopt_defaults_in(uow: UnitOfWork, year: int, today: dt.date) -> list[ListVersion]:
    """The step inside `adopt_defaults` (and the demo)."""
    require_admin(uow.actor, "采用默认清单")
    adopted: list[ListVersion] = []
    for kind in ListKind:
        exists = uow.session.scalar(select(CleanList.id).where(
            CleanList.kind == kind.value, CleanList.year == year).limit(1))
        if exists:
            continue
        rows = default_rows(kind, year)
        version = _write_version(uow, kind, year, rows, today, "采用系统默认清单")
        adopted.append(ListVersion(version.id, kind, year, version.version, version.adopted_on, len(rows),
                                   version.note))
    return adopted


def list_versions(ledger: Ledger, kind: ListKind) -> list[ListVersion]:
    """Every version of a list, newest year and version first."""
    with ledger.uow() as uow:
        counts = _row_counts(uow, kind)
        versions = uow.session.scalars(select(CleanList).where(CleanList.kind == kind.value)
                                       .order_by(CleanList.year.desc(), CleanList.version.desc())).all()
        return [ListVersion(v.id, kind, v.year, v.version, v.adopted_on, counts.get(v.id, 0), v.note)
                for v in versions]


def _row_counts(uow: UnitOfWork, kind: ListKind) -> dict[str, int]:
    model = _ITEM_MODEL[kind]
    rows = uow.session.execute(select(model.list_id, func.count()).group_by(model.list_id)).all()
    return {list_id: count for list_id, count in rows}


_ITEM_MODEL: dict[ListKind, type[PowerItem] | type[NegativeItem] | type[RiskPoint]] = {
    ListKind.POWER: PowerItem, ListKind.NEGATIVE: NegativeItem, ListKind.RISK: RiskPoint}


def load_list(ledger: Ledger, kind: ListKind, year: int, *, version_id: str | None = None) -> CleanListDoc:
    """A version of the list (by default the year's newest) as plain data."""
    with ledger.uow() as uow:
        return _load(uow, kind, year, version_id)


def _load(uow: UnitOfWork, kind: ListKind, year: int, version_id: str | None = None) -> CleanListDoc:
    stmt = select(CleanList).where(CleanList.kind == kind.value)
    stmt = stmt.where(CleanList.id == version_id) if version_id else \
        stmt.where(CleanList.year == year).order_by(CleanList.version.desc()).limit(1)
    version = uow.session.scalar(stmt)
    if version is None:
        raise NotFoundError(f"{year}年度还没有{kind.label}。请先在“清廉学校”中采用默认清单或导入清单。")
    model = _ITEM_MODEL[kind]
    items = uow.session.scalars(select(model).where(model.list_id == version.id).order_by(model.position)).all()
    rows: list[ListRow] = []
    for item in items:
        if isinstance(item, PowerItem):
            rows.append(PowerRow(item.name, item.basis, item.responsible, item.steps, item.risk_points,
                                 RiskLevel(item.risk_level), item.measures, item.supervision, item.leader))
        elif isinstance(item, NegativeItem):
            rows.append(NegativeRow(item.conduct, item.category, item.consequence))
        elif isinstance(item, RiskPoint):
            rows.append(RiskRow(item.subject, item.risk, RiskLevel(item.level), item.measures, item.person,
                                item.review_on))
    return CleanListDoc(kind, _school_name(uow), version.year, version.version, version.adopted_on, rows,
                        version.id, version.note)


def load_list_or_empty(uow: UnitOfWork, kind: ListKind, year: int) -> CleanListDoc | None:
    """For steps inside other use cases (export, check): None when the year has no such list."""
    try:
        return _load(uow, kind, year)
    except NotFoundError:
        return None


def publish_imported(ledger: Ledger, year: int, lists: dict[ListKind, list[ListRow]], *,
                     problems: list[str], today: dt.date | None = None) -> list[ListVersion]:
    """A workbook's lists (read by app.excel.integrity_workbook) as new versions, all in one transaction.

    `problems` are what the reader found; with any of them, or any row invalid, nothing is written."""
    problems = list(problems)
    for kind, rows in lists.items():
        problems += [f"{kind.label}{p}" for p in validate_rows(kind, rows)]
    if problems:
        raise ValidationError(f"清单文件有 {len(problems)} 处问题，没有导入任何内容。", details=problems[:50])
    published: list[ListVersion] = []
    with ledger.uow() as uow:
        require_admin(uow.actor, "导入清廉学校清单")
        for kind, rows in lists.items():
            version = _write_version(uow, kind, year, rows, today or dt.date.today(), "从Excel导入")
            published.append(ListVersion(version.id, kind, year, version.version, version.adopted_on, len(rows),
                                         version.note))
        uow.commit()
    return published


def workbook_data(ledger: Ledger, year: int) -> IntegrityWorkbook:
    """Everything `export integrity` writes for a year: the newest lists, decisions and activities."""
    with ledger.uow() as uow:
        docs = {kind: load_list_or_empty(uow, kind, year) for kind in ListKind}
        rows = {kind: (doc.rows if doc else []) for kind, doc in docs.items()}
        return IntegrityWorkbook(
            _school_name(uow), year,
            [r for r in rows[ListKind.POWER] if isinstance(r, PowerRow)],
            [r for r in rows[ListKind.NEGATIVE] if isinstance(r, NegativeRow)],
            [r for r in rows[ListKind.RISK] if isinstance(r, RiskRow)],
            decisions_in(uow, year), activities_in(uow, year))
