"""The 党员积分 catalog per school and year: seeded from the default scheme (docs/domain.md), edited by the
school, frozen once the year is evaluated (a later edit makes the next version; the evaluated year keeps its
own and the next year starts from the newest version)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from app.domain import points_rules as pr
from app.domain.points_rules import Bands, RuleCategory, RuleSpec, Trigger
from app.errors import NotFoundError, ValidationError
from app.services import organizations
from app.services.permissions import require_admin
from app.store.models import PointCatalog, PointReview, PointRule, School, new_id
from app.store.uow import Ledger, UnitOfWork


@dataclass(frozen=True)
class RuleRow:
    id: str | None  # None: a line added in the editor, not saved yet
    spec: RuleSpec
    active: bool = True

    @property
    def range_text(self) -> str:
        s = self.spec
        return f"{s.points}～{s.points_max}" if s.points_max is not None else f"{s.points:+d}" if s.points else "0"


@dataclass
class CatalogInfo:
    id: str
    school_id: str
    year: int
    version: int
    frozen: bool
    bands: Bands
    rules: list[RuleRow] = field(default_factory=list)

    def rule(self, rule_id: str) -> RuleRow:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise NotFoundError("积分项目不存在")


def _spec(rule: PointRule) -> RuleSpec:
    return RuleSpec(rule.code, RuleCategory(rule.category), rule.item, rule.points, rule.points_max, rule.cap,
                    rule.awarded_by, Trigger(rule.trigger))


def _bands(cat: PointCatalog) -> Bands:
    return Bands(cat.excellent_min, cat.qualified_min, cat.basic_min, cat.excellent_share_num,
                 cat.excellent_share_den)


def _add_rules(uow: UnitOfWork, cat: PointCatalog, rows: list[tuple[RuleSpec, bool]]) -> None:
    for order, (spec, active) in enumerate(rows):
        uow.session.add(PointRule(
            catalog_id=cat.id, school_id=cat.school_id, code=spec.code, category=spec.category.value,
            item=spec.item.strip(), points=spec.points, points_max=spec.points_max, cap=spec.cap,
            awarded_by=spec.awarded_by.strip(), trigger=spec.trigger.value, active=active, sort_order=order))


def _rules_of(uow: UnitOfWork, catalog_id: str) -> list[PointRule]:
    return list(uow.session.scalars(select(PointRule).where(PointRule.catalog_id == catalog_id)
                                    .order_by(PointRule.sort_order, PointRule.id)))


def _latest(uow: UnitOfWork, school_id: str, year: int) -> PointCatalog | None:
    return uow.session.scalars(select(PointCatalog).where(PointCatalog.school_id == school_id,
                                                          PointCatalog.year == year)
                               .order_by(PointCatalog.version.desc())).first()


def effective_catalog(uow: UnitOfWork, school_id: str, year: int) -> PointCatalog | None:
    """The catalog that scores the year: the one its review used, else the year's newest version."""
    review_catalog = uow.session.scalar(select(PointReview.catalog_id).where(
        PointReview.school_id == school_id, PointReview.year == year))
    if review_catalog is not None:
        return uow.session.get(PointCatalog, review_catalog)
    return _latest(uow, school_id, year)


def ensure_catalog(uow: UnitOfWork, school_id: str, year: int) -> PointCatalog:
    """The year's catalog, created on first use from the newest version of the latest earlier year (or the
    default scheme). A step of the use cases below; it flushes, the use case commits."""
    found = effective_catalog(uow, school_id, year)
    if found is not None:
        return found
    source = uow.session.scalars(select(PointCatalog).where(PointCatalog.school_id == school_id,
                                                            PointCatalog.year < year)
                                 .order_by(PointCatalog.year.desc(), PointCatalog.version.desc())).first()
    cat = PointCatalog(school_id=school_id, year=year, version=1, frozen=False)
    if source is not None:
        for name in ("excellent_min", "qualified_min", "basic_min", "excellent_share_num", "excellent_share_den"):
            setattr(cat, name, getattr(source, name))
    uow.session.add(cat)
    uow.session.flush()
    uow.session.info["points_catalog_seeded"] = True
    rows = ([(_spec(r), r.active) for r in _rules_of(uow, source.id)] if source is not None
            else [(spec, True) for spec in pr.DEFAULT_CATALOG])
    _add_rules(uow, cat, rows)
    uow.session.flush()
    return cat


def school_ids(uow: UnitOfWork) -> list[str]:
    return list(uow.session.scalars(select(School.id).order_by(School.created_at, School.id)))


def ensure_catalogs(uow: UnitOfWork, year: int) -> dict[str, str]:
    """school id → the id of the catalog scoring `year`, for every school in the store."""
    return {sid: ensure_catalog(uow, sid, year).id for sid in school_ids(uow)}


def catalogs_for_reading(ledger: Ledger, uow: UnitOfWork, year: int) -> dict[str, str]:
    """As ensure_catalogs, for read use cases: a first look at a year seeds its catalog (committed by the
    caller); a read-only window cannot, and says so."""
    found = {sid: c.id for sid in school_ids(uow) if (c := effective_catalog(uow, sid, year)) is not None}
    if len(found) == len(school_ids(uow)):
        return found
    if ledger.read_only:
        raise ValidationError(f"{year} 年度还没有积分细则；请在可修改数据的窗口中打开一次「党员积分」。")
    return ensure_catalogs(uow, year)


def commit_if_seeded(uow: UnitOfWork) -> None:
    """A read use case that seeded a year's catalog keeps it (one commit, nothing else written)."""
    if uow.session.info.pop("points_catalog_seeded", False):
        uow.commit()


def _info(uow: UnitOfWork, cat: PointCatalog) -> CatalogInfo:
    return CatalogInfo(cat.id, cat.school_id, cat.year, cat.version, cat.frozen, _bands(cat),
                       [RuleRow(r.id, _spec(r), r.active) for r in _rules_of(uow, cat.id)])


def _school(uow: UnitOfWork, school_id: str | None) -> str:
    if school_id:
        return school_id
    school = organizations.get_school(uow)
    if school is None:
        raise ValidationError("请先在「组织设置」中填写学校名称")
    return school.id


def get_catalog(ledger: Ledger, year: int, school_id: str | None = None) -> CatalogInfo:
    """The catalog scoring `year` (seeded on first look)."""
    with ledger.uow() as uow:
        sid = _school(uow, school_id)
        cat = effective_catalog(uow, sid, year)
        if cat is None:
            catalogs_for_reading(ledger, uow, year)
            cat = ensure_catalog(uow, sid, year)
        info = _info(uow, cat)
        commit_if_seeded(uow)
        return info


def _problems(rules: list[RuleRow], bands: Bands) -> list[str]:
    errors = [*bands.problems()]
    for row in rules:
        errors += pr.validate_rule(row.spec)
    if not any(r.active and r.spec.category == RuleCategory.BASE for r in rules):
        errors.append("至少要有一项基础分")
    return errors


def save_catalog(ledger: Ledger, year: int, rules: list[RuleRow], bands: Bands,
                 school_id: str | None = None) -> CatalogInfo:
    """Save the edited catalog. Lines left out are switched off, never deleted (entries name them). A frozen
    (evaluated) catalog is not changed: the edit becomes its next version."""
    with ledger.uow() as uow:
        require_admin(uow.actor, "修改积分细则")
        sid = _school(uow, school_id)
        errors = _problems(rules, bands)
        if errors:
            raise ValidationError("积分细则有误，未保存：", details=errors)
        cat = ensure_catalog(uow, sid, year)
        old = [(_spec(r), r.active) for r in _rules_of(uow, cat.id)]
        if cat.frozen:
            newest = _latest(uow, sid, year)
            cat = PointCatalog(school_id=sid, year=year, version=(newest.version if newest else cat.version) + 1)
            uow.session.add(cat)
            uow.session.flush()
            by_id = {r.id: r for r in rules}
            _add_rules(uow, cat, [(r.spec, r.active) for r in by_id.values()])
        else:
            existing = {r.id: r for r in _rules_of(uow, cat.id)}
            kept = {r.id for r in rules if r.id}
            for rid, rule in existing.items():
                if rid not in kept:
                    rule.active = False
            for order, row in enumerate(rules):
                spec = row.spec
                if row.id and row.id in existing:
                    rule = existing[row.id]
                    if Trigger(rule.trigger) != spec.trigger:
                        raise ValidationError(f"“{rule.item}”的计分来源不能修改")
                    rule.category, rule.item, rule.points = spec.category.value, spec.item.strip(), spec.points
                    rule.points_max, rule.cap, rule.awarded_by = spec.points_max, spec.cap, spec.awarded_by.strip()
                    rule.active, rule.sort_order = row.active, order
                else:
                    uow.session.add(PointRule(
                        catalog_id=cat.id, school_id=cat.school_id, code=spec.code or f"custom_{new_id()[:8]}",
                        category=spec.category.value, item=spec.item.strip(), points=spec.points,
                        points_max=spec.points_max, cap=spec.cap, awarded_by=spec.awarded_by.strip(),
                        trigger=spec.trigger.value, active=row.active, sort_order=order))
        for name, value in (("excellent_min", bands.excellent_min), ("qualified_min", bands.qualified_min),
                            ("basic_min", bands.basic_min), ("excellent_share_num", bands.excellent_share_num),
                            ("excellent_share_den", bands.excellent_share_den)):
            setattr(cat, name, value)
        uow.session.flush()
        uow.audit("update", "point_catalog", cat.id, f"修改 {year} 年度积分细则（第 {cat.version} 版）",
                  old={"rules": [f"{s.item} {s.points} 上限{s.cap} {'启用' if a else '停用'}" for s, a in old]},
                  new={"rules": [f"{r.spec.item} {r.spec.points} 上限{r.spec.cap} {'启用' if r.active else '停用'}"
                                 for r in rules]})
        info = _info(uow, cat)
        uow.commit()
        return info
