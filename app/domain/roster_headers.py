"""Roster column headings: the names schools use for each MemberData field, and the header-row search."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

# field → headings seen in real rosters (the national member information system's names first).
# The first alias is the one our export and template write.
ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "党员姓名", "名字"),
    "gender": ("性别",),
    "ethnicity": ("民族",),
    "birth_date": ("出生日期", "出生年月", "出生年月日", "出生时间", "生日"),
    "id_number": ("公民身份号码", "身份证号", "身份证号码", "身份证", "证件号码", "居民身份证号码", "身份证件号码"),
    "education": ("学历", "最高学历", "全日制学历", "文化程度"),
    "degree": ("学位", "最高学位"),
    "category": ("人员类别", "类别", "党员类别", "发展阶段", "党员类型", "政治面貌"),
    "branch_name": ("所在党支部", "党支部", "支部", "所在支部", "所属党支部", "所属支部", "支部名称",
                    "所在党组织", "党组织", "所属党组织", "党支部名称"),
    "group_name": ("党小组", "所在党小组", "所属党小组", "小组"),
    "phone": ("手机号码", "手机", "手机号", "联系电话", "电话", "联系方式", "电话号码"),
    "applied_on": ("申请入党日期", "申请入党时间", "入党申请日期", "递交入党申请书日期", "递交申请书日期"),
    "activist_on": ("确定入党积极分子日期", "确定为入党积极分子日期", "确定积极分子日期", "入党积极分子日期",
                    "积极分子日期", "确定入党积极分子时间"),
    "candidate_on": ("确定发展对象日期", "确定为发展对象日期", "发展对象日期", "确定发展对象时间"),
    "joined_on": ("入党日期", "入党时间", "入党年月", "加入党组织日期", "入党年月日"),
    "full_on": ("转正日期", "转正时间", "转正年月"),
    "job": ("工作岗位", "岗位", "职务", "现任职务", "行政职务"),
    "professional_title": ("从事专业技术职务", "专业技术职务", "职称", "专业技术职称"),
    "subject": ("任教学科", "学科", "所教学科", "任教科目"),
    "backbone_level": ("骨干教师级别", "骨干教师", "骨干级别", "骨干教师等级"),
    "model_post": ("党员示范岗", "示范岗", "党员示范岗/责任区", "党员责任区", "责任区", "示范岗责任区"),
    "native_place": ("籍贯",),
    "address": ("现居住地", "家庭住址", "住址", "现住址", "居住地", "家庭地址"),
    "status": ("党籍状态", "状态", "在册状态"),
    "note": ("备注",),
}
# Headings that are expected and not imported (党龄 is computed from 入党日期).
KNOWN_IGNORED = ("序号", "编号", "党龄", "年龄", "工龄")
SERIAL_HEADINGS = ("序号", "编号")
REQUIRED = ("name", "id_number", "branch_name")

_LOOKUP = {alias: name for name, aliases in ALIASES.items() for alias in aliases}
_NOISE = re.compile(r"[\s\u3000*＊:：]|（[^）]*）|\([^)]*\)|【[^】]*】|\[[^\]]*\]")


def label(field_name: str) -> str:
    return ALIASES[field_name][0]


def clean(heading: object) -> str:
    """Heading text without spaces, line breaks, '*' marks and bracketed hints like （必填）."""
    if heading is None:
        return ""
    return _NOISE.sub("", str(heading))


def match(heading: object) -> str | None:
    """The MemberData field a heading names, or None."""
    text = clean(heading)
    if not text:
        return None
    return _LOOKUP.get(text)


@dataclass
class HeaderMatch:
    """Where the header is (0-based indices into the scanned rows) and which column holds which field."""

    row_index: int
    columns: dict[str, int] = field(default_factory=dict)  # field → 0-based column
    serial_column: int | None = None
    ignored: list[str] = field(default_factory=list)  # headings we saw and do not import
    rows_used: int = 1  # 2 when a second heading row sits under merged group headings

    @property
    def missing(self) -> list[str]:
        return [f for f in REQUIRED if f not in self.columns]


def _scan(row: Sequence[object]) -> tuple[dict[str, int], int | None, list[str]]:
    columns: dict[str, int] = {}
    serial = None
    ignored: list[str] = []
    for index, value in enumerate(row):
        name = match(value)
        if name is not None and name not in columns:
            columns[name] = index  # the first of two aliases wins (类别 before 政治面貌)
            continue
        text = clean(value)
        if text in SERIAL_HEADINGS and serial is None:
            serial = index
        if text:
            ignored.append(str(value).strip())
    return columns, serial, ignored


def find_header(rows: Sequence[Sequence[object]]) -> HeaderMatch | None:
    """The first row naming 姓名 and at least two other fields; a following sub-heading row joins it."""
    for index, row in enumerate(rows):
        columns, serial, ignored = _scan(row)
        if "name" not in columns or len(columns) < 3:
            continue
        header = HeaderMatch(index, columns, serial, ignored)
        if index + 1 < len(rows):
            below, _serial, _ignored = _scan(rows[index + 1])
            taken = {col: name for name, col in columns.items()}
            new = {name: col for name, col in below.items() if col not in taken}
            same = all(taken.get(col) in (None, name) for name, col in below.items())
            if new and same:
                # e.g. a merged "党内时间" above "入党日期 | 转正日期"
                for name, col in new.items():
                    header.columns.setdefault(name, col)
                header.rows_used = 2
        return header
    return None
