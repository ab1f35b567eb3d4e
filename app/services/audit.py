"""The audit log: who changed what, when, old and new values. Filtered, paged, exported to .xlsx.

Admin only: old and new values may hold ID numbers in full. An export is itself recorded.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Select, func, or_, select

from app.domain import idcard
from app.domain.enums import BackboneLevel, Gender, MeetingKind, MemberCategory, MemberStatus, OrgKind, PostKind, Role
from app.domain.text import clean_search
from app.services.permissions import require_admin
from app.store.models import AuditLog
from app.store.uow import UnitOfWork

ACTION_LABELS = {
    "create": "新增", "update": "修改", "delete": "删除", "login": "登录", "login_failed": "登录失败",
    "restore": "恢复", "import": "导入", "export": "导出", "view": "查看", "backup": "备份",
}
ENTITY_LABELS = {
    "school": "学校", "organization": "党组织", "member": "人员", "post": "班子成员", "meeting": "会议记录",
    "attendance": "出席记录", "attachment": "附件", "meeting_plan": "工作计划", "compliance_rule": "考核规则",
    "user_account": "账号", "setting": "设置", "store": "数据文件", "audit_log": "审计日志",
}
HEADERS = ["时间", "账号", "操作", "对象", "摘要", "原值", "新值"]


@dataclass(frozen=True)
class AuditQuery:
    text: str = ""
    username: str = ""
    action: str = ""
    entity: str = ""
    since: dt.date | None = None
    until: dt.date | None = None  # inclusive
    offset: int = 0
    limit: int | None = 200


@dataclass(frozen=True)
class AuditRow:
    id: str
    at: dt.datetime  # local time
    username: str
    action: str
    entity: str
    entity_id: str
    summary: str
    old_values: str
    new_values: str

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)

    @property
    def entity_label(self) -> str:
        return ENTITY_LABELS.get(self.entity, self.entity)


def _local(at: dt.datetime) -> dt.datetime:
    return at.replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None)


def _utc_start(day: dt.date) -> dt.datetime:
    """Local midnight of `day`, as the naive UTC the table stores."""
    local = dt.datetime.combine(day, dt.time()).astimezone()
    return local.astimezone(dt.UTC).replace(tzinfo=None)


def _query(q: AuditQuery) -> Select:
    stmt = select(AuditLog)
    if q.username:
        stmt = stmt.where(AuditLog.username == q.username)
    if q.action:
        stmt = stmt.where(AuditLog.action == q.action)
    if q.entity:
        stmt = stmt.where(AuditLog.entity == q.entity)
    if q.since:
        stmt = stmt.where(AuditLog.at >= _utc_start(q.since))
    if q.until:
        stmt = stmt.where(AuditLog.at < _utc_start(q.until + dt.timedelta(days=1)))
    if text := clean_search(q.text):  # length-limited, invisible characters dropped
        stmt = stmt.where(or_(AuditLog.summary.contains(text, autoescape=True),
                              AuditLog.username.contains(text, autoescape=True),
                              AuditLog.old_values.contains(text, autoescape=True),
                              AuditLog.new_values.contains(text, autoescape=True)))
    return stmt


def count_audit(uow: UnitOfWork, q: AuditQuery = AuditQuery()) -> int:
    require_admin(uow.actor, "查看审计日志")
    return uow.session.scalar(select(func.count()).select_from(_query(q).subquery())) or 0


def list_audit(uow: UnitOfWork, q: AuditQuery = AuditQuery()) -> list[AuditRow]:
    """Newest first, one page at a time."""
    require_admin(uow.actor, "查看审计日志")
    stmt = _query(q).order_by(AuditLog.at.desc(), AuditLog.id).offset(q.offset)
    if q.limit is not None:
        stmt = stmt.limit(q.limit)
    return [AuditRow(r.id, _local(r.at), r.username, r.action, r.entity, r.entity_id, r.summary,
                     r.old_values, r.new_values) for r in uow.session.scalars(stmt)]


def usernames(uow: UnitOfWork) -> list[str]:
    require_admin(uow.actor, "查看审计日志")
    return sorted(uow.session.scalars(select(AuditLog.username).distinct()))


_EXTRA_LABELS = {
    "branch_id": "所在党支部", "group_id": "党小组", "organization_id": "党组织", "parent_id": "上级党组织",
    "kind": "类型", "term_start": "任期开始", "term_end": "任期结束", "term_years": "任期年限",
    "established_on": "成立日期", "holder": "任职人员", "organization": "党组织", "on": "日期",
    "note": "备注", "status": "状态", "file": "文件", "count": "人数", "role": "角色", "username": "账号",
    "full_time": "专职", "cross_appointment": "交叉任职", "admin_title": "行政职务", "title": "名称",
    "held_on": "日期", "place": "地点", "host": "主持人", "recorder": "记录人", "reason": "原因",
    "name": "姓名/名称",
}
_ENUMS_BY_FIELD = {
    "gender": (Gender,), "category": (MemberCategory,), "status": (MemberStatus,),
    "backbone_level": (BackboneLevel,), "kind": (OrgKind, PostKind, MeetingKind), "role": (Role,),
}


def _field_label(key: str) -> str:
    from app.domain.roster_headers import ALIASES

    if key in _EXTRA_LABELS:
        return _EXTRA_LABELS[key]
    return ALIASES[key][0] if key in ALIASES else key


def _value_text(key: str, value: object) -> str:
    """Values for people: enum labels, yes/no, and ID and phone numbers masked (PIPL)."""
    if value is None or value == "":
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    text = str(value)
    if key == "id_number":
        return idcard.mask(text)
    if key == "phone":
        return idcard.mask_phone(text)
    for enum in _ENUMS_BY_FIELD.get(key, ()):
        item = enum.from_label(text)
        if item is not None:
            return item.label
    if key.endswith("_id") and len(text) == 36:
        return f"编号{text[:8]}"
    return text


def readable(values: str) -> str:
    """JSON values as `字段：值` for people, in Chinese, with sensitive numbers masked."""
    if not values:
        return ""
    try:
        data = json.loads(values)
    except ValueError:
        return values
    if not isinstance(data, dict):
        return values
    return "；".join(f"{_field_label(k)}：{_value_text(k, v)}" for k, v in data.items())


def export_rows(uow: UnitOfWork, q: AuditQuery) -> list[list[str]]:
    """Every matching row (paging ignored) as the export's text cells, under HEADERS."""
    rows = list_audit(uow, AuditQuery(q.text, q.username, q.action, q.entity, q.since, q.until, 0, None))
    return [[r.at.strftime("%Y-%m-%d %H:%M:%S"), r.username, r.action_label, r.entity_label, r.summary,
             readable(r.old_values), readable(r.new_values)] for r in rows]


def record_export(uow: UnitOfWork, output: Path, count: int) -> None:
    uow.audit("export", "audit_log", "", f"导出审计日志 {count} 条到 {output.name}")
