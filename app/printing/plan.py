"""年度计划: each branch's planned activities month by month, against what it actually held (A4 landscape)."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.platypus import Flowable, PageBreak, Spacer

from app.domain.docs.meeting_docs import PlanBranch, PlanDoc, PlanItem
from app.printing import fonts
from app.printing.base import (
    HEADER_BG,
    LANDSCAPE,
    PageDecor,
    build_pdf,
    mm,
    para,
    ruled_table,
    styles,
    usable_width,
)
from app.printing.roster import signature_line

MARGINS = (15, 12, 15, 12)
FULL_W = usable_width(LANDSCAPE, MARGINS)
DONE_BG = colors.Color(0.9, 0.96, 0.9)
MISSED_BG = colors.Color(0.99, 0.9, 0.88)


def _mark(item: PlanItem) -> str:
    if item.held is None:
        return ""
    return "（已开展）" if item.held else "（未开展）"


def _branch_table(branch: PlanBranch, doc: PlanDoc) -> list[Flowable]:
    s = styles(10.5)
    widths = [16 * mm, (FULL_W - 56 * mm) * 0.5, (FULL_W - 56 * mm) * 0.5, 40 * mm]
    rows: list[list] = [[para(h, s.cell_head) for h in ("月份", "计划安排", "实际开展", "完成情况")]]
    extra: list[tuple] = [("VALIGN", (1, 1), (2, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 4),
                          ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]
    planned_total = done_total = held_total = 0
    for r, month in enumerate(branch.months, start=1):
        planned = "\n".join(f"{i}. {p.text}{_mark(p)}" for i, p in enumerate(month.planned, start=1))
        held = "\n".join(h.text for h in month.held)
        done = sum(1 for p in month.planned if p.held)
        missed = sum(1 for p in month.planned if p.held is False)
        planned_total += len(month.planned)
        done_total += done
        held_total += len(month.held)
        if not month.planned:
            state = "无计划" if not month.held else "—"
        elif missed:
            state = f"计划 {len(month.planned)} 项，未开展 {missed} 项"
            extra.append(("BACKGROUND", (3, r), (3, r), MISSED_BG))
        elif done == len(month.planned):
            state = "全部完成"
            extra.append(("BACKGROUND", (3, r), (3, r), DONE_BG))
        else:
            state = f"已开展 {done} 项" if done else "尚未到期"
        rows.append([para(f"{month.month}月", s.cell_center), para(planned or "—", s.cell),
                     para(held or "—", s.cell), para(state, s.cell_center)])
    summary = (f"全年计划 {planned_total} 项，已按计划开展 {done_total} 项；实际开展各类活动 {held_total} 次。")
    title = para(fonts.clean(branch.name), s.title.clone("branch_title", fontSize=14, leading=20, spaceAfter=2 * mm))
    return [title, ruled_table(rows, widths, extra=[("BACKGROUND", (0, 0), (-1, 0), HEADER_BG), *extra]),
            Spacer(1, 2 * mm), para(summary, s.body)]


def render_plan(doc: PlanDoc, path: Path) -> Path:
    s = styles()
    story: list[Flowable] = []
    for i, branch in enumerate(doc.branches):
        if i:
            story.append(PageBreak())
        story.append(para(f"{doc.school_name}{doc.year}年度党组织活动计划执行表", s.title))
        story.append(para(f"（截至 {doc.today:%Y年%m月%d日}；“已开展”指当月开展了同类活动）", s.subtitle))
        story += _branch_table(branch, doc)
        story += [Spacer(1, 2 * mm), signature_line(FULL_W, ("填表人", "支部书记"))]
    if not doc.branches:
        story.append(para(f"{doc.year}年度没有党支部。", s.body))
    decor = PageDecor(header_left=doc.school_name, header_right=f"{doc.year}年度计划", printed_on=doc.today)
    return build_pdf(path, story, title=f"{doc.year}年度党组织活动计划", pagesize=LANDSCAPE, decor=decor,
                     margins_mm=MARGINS)
