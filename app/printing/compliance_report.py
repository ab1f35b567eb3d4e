"""督查 report: the year's 三会一课 compliance grid (branch × month), A4 landscape, for an inspection.

Each status has a symbol as well as a colour, and the colours differ in lightness, so a grey printout
still tells them apart: √ green (lightest), … amber (middle), × red (darkest).
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from app.domain import compliance_rules as cr
from app.domain.enums import MeetingKind
from app.printing import fonts
from app.printing.base import LANDSCAPE, PageDecor, build_pdf, mm, para, ruled_table, styles, usable_width

FILL = {
    cr.Status.GREEN: colors.Color(0.85, 0.95, 0.85),  # grey ≈ 0.91
    cr.Status.AMBER: colors.Color(0.98, 0.70, 0.25),  # grey ≈ 0.73
    cr.Status.RED: colors.Color(0.85, 0.35, 0.35),  # grey ≈ 0.50
    cr.Status.NONE: colors.white,
}
MARK = cr.STATUS_MARKS
LEGEND = [(status, cr.STATUS_LABELS[status]) for status in cr.Status]


def _grid_table(grid: cr.ComplianceGrid, width: float) -> Table:
    st = styles(10)
    name_w, rate_w, done_w = 44 * mm, 18 * mm, 20 * mm
    month_w = (width - name_w - rate_w - done_w) / 12
    head = [para("党组织", st.cell_head)] + [para(f"{m}月", st.cell_head) for m in range(1, 13)] + [
        para("出勤率", st.cell_head), para("完成/到期", st.cell_head)]
    rows: list[list] = [head]
    extra: list[tuple] = []
    for r, row in enumerate(grid.rows, start=1):
        line: list = [para(row.name, st.cell)]
        for c, cell in enumerate(row.cells, start=1):
            text = MARK[cell.status]
            if cell.held_total:
                text += f" {cell.held_total}"
            line.append(para(text, st.cell_center))
            extra.append(("BACKGROUND", (c, r), (c, r), FILL[cell.status]))
        rate = f"{row.attendance_rate:.0%}" if row.attendance_rate is not None else "—"
        line += [para(rate, st.cell_center), para(f"{row.met}/{row.due}", st.cell_center)]
        rows.append(line)
    return ruled_table(rows, [name_w, *[month_w] * 12, rate_w, done_w], extra=extra)


def _legend(width: float) -> Table:
    st = styles(9)
    cells, extra = [], []
    for i, (status, label) in enumerate(LEGEND):
        cells += [para(MARK[status] or " ", st.cell_center), para(label, st.cell)]
        extra.append(("BACKGROUND", (2 * i, 0), (2 * i, 0), FILL[status]))
    table = Table([cells], colWidths=[9 * mm, 40 * mm] * len(LEGEND), hAlign="LEFT")
    table.setStyle(TableStyle([("BOX", (2 * i, 0), (2 * i, 0), 0.6, colors.black) for i in range(len(LEGEND))]
                              + [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("FONTNAME", (0, 0), (-1, -1), fonts.BODY),
                                 *extra]))
    return table


def _kind_table(grid: cr.ComplianceGrid, width: float) -> Table:
    st = styles(9.5)
    kinds = [k for k in MeetingKind if any(r.kind_totals.get(k.value, (0, 0))[1] for r in grid.rows)]
    name_w = 44 * mm
    col = (width - name_w) / max(1, len(kinds))
    rows: list[list] = [[para("党组织", st.cell_head)] + [para(f"{k.label}（已开/应开）", st.cell_head)
                                                        for k in kinds]]
    for row in grid.rows:
        line: list = [para(row.name, st.cell)]
        for k in kinds:
            held, req = row.kind_totals.get(k.value, (0, 0))
            line.append(para(f"{held}/{req}" if req else "—", st.cell_center))
        rows.append(line)
    return ruled_table(rows, [name_w, *[col] * len(kinds)])


def _list(title: str, items: tuple[cr.Requirement, ...], st) -> list[Flowable]:
    if not items:
        return [para(f"{title}：无。", st.body)]
    out: list[Flowable] = [para(f"{title}（{len(items)} 项）：", st.body)]
    out += [para(f"{i}. {r.text}", st.small) for i, r in enumerate(items, start=1)]
    return out


def _signatures(st) -> Paragraph:
    blank = "_" * 16
    return para(f"督查人（签字）：{blank}    被督查党组织负责人（签字）：{blank}    督查日期：{blank}", st.body)


def render_compliance(grid: cr.ComplianceGrid, path: Path, *, branch_name: str | None = None) -> Path:
    st = styles(10)
    width = usable_width(LANDSCAPE)
    scope = branch_name or "全部党组织"
    story: list[Flowable] = [
        para(f"{grid.school_name}{grid.year}年度“三会一课”落实情况督查表", st.title),
        para(f"范围：{scope}    统计截至：{grid.today:%Y年%m月%d日}    "
             "格内为当月到期要求的完成情况及当月召开会议次数", st.subtitle),
    ]
    if not grid.rows:
        story.append(para("没有可统计的党支部。", st.body))
    else:
        story += [_grid_table(grid, width), Spacer(1, 2 * mm), _legend(width), Spacer(1, 4 * mm),
                  para("分类完成情况（党小组会按各党小组合计）", st.body), _kind_table(grid, width),
                  Spacer(1, 3 * mm)]
        story += _list("期满未完成", grid.missed, st)
        story += [Spacer(1, 2 * mm), *_list("即将到期", grid.due_soon, st)]
        if grid.quorum_issues:
            story.append(para(f"法定人数、表决问题（{len(grid.quorum_issues)} 处）：", st.body))
            story += [para(f"{i}. {t}", st.small) for i, t in enumerate(grid.quorum_issues, start=1)]
    story += [Spacer(1, 8 * mm), _signatures(st)]
    decor = PageDecor(header_left=f"{grid.school_name} 三会一课督查", header_right=f"{grid.year}年度")
    return build_pdf(path, story, title=f"{grid.year}年度三会一课督查表", pagesize=LANDSCAPE, decor=decor)


def filter_branch(grid: cr.ComplianceGrid, branch_id: str) -> cr.ComplianceGrid:
    rows = tuple(r for r in grid.rows if r.branch_id == branch_id)
    name = next((r.name for r in rows), "")
    return cr.ComplianceGrid(grid.year, grid.today, grid.school_name, rows,
                             tuple(r for r in grid.due_soon if r.branch_id == branch_id),
                             tuple(r for r in grid.missed if r.branch_id == branch_id),
                             tuple(t for t in grid.quorum_issues if name and t.startswith(name + " ")))

