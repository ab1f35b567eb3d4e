"""党员花名册: A4 landscape, grouped by branch, ID numbers and phones masked unless asked otherwise."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from app.domain import idcard
from app.domain.dates import fmt
from app.domain.docs.roster import RosterDoc, RosterLine
from app.domain.enums import MemberCategory, MemberStatus
from app.printing import fonts
from app.printing.base import (
    HEADER_BG,
    LANDSCAPE,
    PageDecor,
    TailKeepingTable,
    build_pdf,
    fast_cell,
    mm,
    para,
    ruled_table,
    styles,
    usable_width,
)

NO_BRANCH = "未编入党支部"
FONT_SIZE = 8.5
# (heading, width in mm, centred)
COLUMNS: list[tuple[str, float, bool]] = [
    ("序号", 10, True), ("姓名", 19, True), ("性别", 9, True), ("民族", 12, True), ("出生年月", 17, True),
    ("身份证号", 37, True), ("学历", 20, True), ("人员类别", 22, True), ("入党日期", 20, True),
    ("转正日期", 20, True), ("所在支部", 33, False), ("岗位/职务", 25, False), ("联系电话", 24, True),
]


def _month(day: dt.date | None) -> str:
    return f"{day:%Y.%m}" if day else ""


def _category(row: RosterLine) -> str:
    label = row.category.label
    return label if row.status == MemberStatus.ACTIVE else f"{label}（{row.status.label}）"


def _counts_text(rows: Sequence[RosterLine]) -> str:
    active = [r for r in rows if r.status == MemberStatus.ACTIVE]
    counts = Counter(r.category for r in active)
    parts = [f"{c.label} {counts[c]} 人" for c in reversed(MemberCategory) if counts[c]]
    text = f"共 {len(active)} 人" + (f"，其中{'，'.join(parts)}" if parts else "")
    left = len(rows) - len(active)
    return text + (f"；另有已离册 {left} 人" if left else "")


def _groups(rows: Sequence[RosterLine]) -> list[tuple[str, list[RosterLine]]]:
    """Keep the service's branch order; people with no branch come last."""
    groups: dict[str, list[RosterLine]] = {}
    for row in rows:
        groups.setdefault(row.branch_name or NO_BRANCH, []).append(row)
    ordered = [(k, v) for k, v in groups.items() if k != NO_BRANCH]
    if NO_BRANCH in groups:
        ordered.append((NO_BRANCH, groups[NO_BRANCH]))
    return ordered


def _tables(doc: RosterDoc, width_scale: float) -> list:
    """One table per branch (header repeated on every page) and its 小计 line. No SPAN anywhere: a split
    table recomputes its spans for every page, which made 3,000 rows three times slower."""
    s = styles(FONT_SIZE + 1)
    widths = [w * mm * width_scale for _h, w, _c in COLUMNS]
    cell, cell_center = s.cell, s.cell_center
    style: list[tuple] = [("FONTNAME", (0, 0), (-1, 0), fonts.TITLE), ("ALIGN", (0, 0), (-1, 0), "CENTER"),
                          ("FONTSIZE", (0, 0), (-1, -1), FONT_SIZE), ("LEADING", (0, 0), (-1, -1), FONT_SIZE * 1.3),
                          ("TOPPADDING", (0, 0), (-1, -1), 3.2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3.2)]
    style += [("ALIGN", (col, 1), (col, -1), "CENTER") for col, c in enumerate(COLUMNS) if c[2]]
    out: list = []
    number = 0
    for branch, rows in _groups(doc.rows):
        data: list[list] = [[h for h, _w, _c in COLUMNS]]
        for row in rows:
            number += 1
            id_text = row.id_number if doc.full_ids else idcard.mask(row.id_number)
            phone = row.phone if doc.full_ids else idcard.mask_phone(row.phone)
            values = [str(number), row.name, row.gender.label if row.gender else "", row.ethnicity,
                      _month(row.birth_date), id_text, row.education, _category(row), fmt(row.joined_on),
                      fmt(row.full_on), branch if branch != NO_BRANCH else "", row.job, phone]
            data.append([fast_cell(v, cell_center if COLUMNS[i][2] else cell, widths[i])
                         for i, v in enumerate(values)])
        # The 小计 line is the table's last row, so it can never be split from the rows it sums.
        total_row = len(data)
        data.append([Paragraph(fonts.markup(f"{branch}　小计：{_counts_text(rows)}", fonts.TITLE), s.cell)]
                    + [""] * (len(COLUMNS) - 1))
        table = ruled_table(data, widths, table_class=TailKeepingTable, extra=[
            *style, ("SPAN", (0, total_row), (-1, total_row)),
            ("BACKGROUND", (0, total_row), (-1, total_row), HEADER_BG)])
        table.splitInRow = 0  # rows are one line high; whole-row splitting is faster and looks better
        table.min_tail = 4  # the 小计 line and at least three of its rows
        out += [table, Spacer(1, 4 * mm)]
    return out


def _head(doc: RosterDoc, width: float) -> list:
    s = styles()
    left = f"单位：{doc.school_name}" + (f"　　范围：{doc.scope}" if doc.scope else "")
    right = f"截至 {doc.printed_on:%Y年%m月%d日}"
    line = Table([[para(left, s.body), para(right, s.right)]], colWidths=[width * 0.6, width * 0.4])
    line.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                              ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
    return [para(doc.title, s.title), line]


def signature_line(width: float, labels: Sequence[str] = ("填表人", "审核人")) -> Table:
    """填表人 / 审核人 / 日期 with underlined blanks for handwriting (shared by the ledgers)."""
    s = styles()
    gap = 12 * mm
    col = (width - gap * len(labels)) / (len(labels) + 1)
    cells: list = []
    widths: list[float] = []
    commands: list[tuple] = [("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]
    for i, label in enumerate(labels):
        cells += [para(f"{label}：", s.body), ""]
        widths += [col, gap]
        commands.append(("LINEBELOW", (2 * i, 0), (2 * i, 0), 0.6, "black"))
    cells.append(para("日期：　　　　年　　月　　日", s.body))
    widths.append(col)
    table = Table([cells], colWidths=widths, rowHeights=[12 * mm])
    table.setStyle(TableStyle(commands))
    return table


def render_roster(doc: RosterDoc, path: Path) -> Path:
    width = usable_width(LANDSCAPE, (15, 12, 15, 12))
    s = styles()
    scale = width / (sum(w for _h, w, _c in COLUMNS) * mm)
    story = [*_head(doc, width), *_tables(doc, scale),
             para(f"合计：{_counts_text(doc.rows)}。" + ("" if doc.full_ids else "（身份证号、联系电话已部分隐藏）"),
                  s.body),
             Spacer(1, 2 * mm), signature_line(width)]
    decor = PageDecor(header_left=doc.school_name, header_right=doc.title, printed_on=doc.printed_on)
    return build_pdf(path, story, title=f"{doc.school_name}{doc.title}", pagesize=LANDSCAPE, decor=decor,
                     margins_mm=(15, 12, 15, 12))
