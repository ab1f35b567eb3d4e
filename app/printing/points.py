"""党员积分 and 民主评议党员 on paper (A4 portrait): the 公示 notice of totals and grades, each member's points
card, the 承诺书 (one page per member, signature and date lines), and the 民主测评表 (a ballot per branch).

Plain dataclasses in, a PDF out; app/services/points_print_data.py builds the data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from reportlab.platypus import CondPageBreak, KeepTogether, PageBreak, Spacer, Table, TableStyle

from app.domain.docs.points import (
    BallotSheet,
    CommitmentBook,
    CommitmentLetter,
    CommitmentLine,
    PointsCard,
    PointsCards,
    PointsNotice,
    ReviewBallots,
)
from app.printing.base import (
    PORTRAIT,
    FormStart,
    PageDecor,
    build_pdf,
    fast_cell,
    mm,
    para,
    ruled_table,
    styles,
    usable_width,
)

MARGINS = (16, 16, 16, 18)
GRADES = ("优秀", "合格", "基本合格", "不合格")


def _widths(spec: Sequence[float], width: float) -> list[float]:
    scale = width / sum(spec)
    return [w * scale for w in spec]


def _fmt(day: dt.date | None) -> str:
    return f"{day:%Y-%m-%d}" if day else ""


# ---- 公示 ------------------------------------------------------------------------------------------


def render_notice(doc: PointsNotice, path: Path) -> Path:
    s = styles(10.5)
    width = usable_width(PORTRAIT, MARGINS)
    title = (f"关于{doc.year}年度党员积分及民主评议结果的公示" if doc.evaluated
             else f"{doc.year}年度党员积分排名（评议前）")
    story: list = [para(doc.school_name, s.subtitle), para(title, s.title)]
    if doc.evaluated:
        start = doc.notice_from or doc.printed_on
        end = start + dt.timedelta(days=doc.notice_days - 1)
        story.append(para(
            f"根据党员积分管理办法和民主评议党员工作安排，经个人自评、党员互评、民主测评和支部研究，"
            f"现将{doc.year}年度党员积分及评议等次予以公示。公示期为 {start:%Y年%m月%d日} 至 {end:%Y年%m月%d日}"
            f"（{doc.notice_days} 天）。如有异议，请在公示期内向党组织书面或当面反映。", s.body))
    else:
        story.append(para("本表为年度积分汇总，尚未进行年底评议，不作为评议结果。", s.body))
    story.append(Spacer(1, 3 * mm))
    widths = _widths([11, 18, 42, 13, 17, 57], width)  # 备注 holds 入党积极分子，计积分不评定等次 on one line
    rows: list[list] = [[para(h, s.cell_head) for h in ("排名", "姓名", "所在党支部", "总分", "评议等次", "备注")]]
    for line in doc.lines:
        rows.append([para(str(line.rank), s.cell_center), para(line.name, s.cell_center), para(line.branch, s.cell),
                     para(str(line.total), s.cell_center), para(line.grade or "—", s.cell_center),
                     para(line.note, s.cell)])
    if not doc.lines:
        rows.append([para("（本年度没有参加积分的人员）", s.cell_center), "", "", "", "", ""])
    extra = [("SPAN", (0, 1), (-1, 1))] if not doc.lines else []
    story.append(ruled_table(rows, widths, extra=extra, zebra=True))
    counts = {g: sum(1 for line in doc.lines if line.grade == g) for g in GRADES}
    if doc.evaluated:
        story.append(Spacer(1, 3 * mm))
        story.append(para("评议等次统计：" + "，".join(f"{g} {n} 人" for g, n in counts.items())
                          + f"；参加积分 {len(doc.lines)} 人（预备党员参加评议，不确定等次；"
                          "入党积极分子、发展对象计积分，不评定等次）。", s.body))
    story.append(Spacer(1, 10 * mm))
    sign = Table([["", para(f"{doc.issuer or doc.school_name}（盖章）", s.right)],
                  ["", para(f"{doc.printed_on:%Y年%m月%d日}", s.right)]], colWidths=[width * 0.4, width * 0.6])
    sign.setStyle(TableStyle([("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    story.append(KeepTogether([sign]))
    decor = PageDecor(header_left=doc.school_name, header_right=f"{doc.year}年度党员积分公示",
                      printed_on=doc.printed_on)
    return build_pdf(path, story, title=title, decor=decor, margins_mm=MARGINS)


# ---- 积分卡 ----------------------------------------------------------------------------------------


def _card(card: PointsCard, year: int, width: float) -> list:
    s = styles(10)
    head = ruled_table([
        [para("姓名", s.label), para(card.name, s.cell_center), para("所在党支部", s.label),
         para(card.branch, s.cell), para("人员类别", s.label), para(card.category, s.cell_center)],
        [para("年度总分", s.label), para(str(card.total), s.cell_center), para("排名", s.label),
         para(card.rank_text, s.cell), para("评议等次", s.label), para(card.grade or "—", s.cell_center)],
    ], _widths([16, 22, 22, 50, 18, 22], width), header_rows=0,
        extra=[("BACKGROUND", (c, 0), (c, -1), (0.93, 0.93, 0.93)) for c in (0, 2, 4)])
    rows: list[list] = [[para(h, s.cell_head) for h in ("日期", "类别", "项目", "分值", "来源", "录入人")]]
    widths = _widths([20, 14, 56, 11, 52, 17], width)
    centred = (0, 1, 3, 5)
    # A card lists a year of entries (200-odd cells): a cell that fits one line is a plain string in the
    # table's own font (fast_cell), not a Paragraph; the 43 demo cards took 5.7 s with a Paragraph each.
    for line in card.lines:
        values = (_fmt(line.day), line.category, line.item, f"{line.points:+d}", line.source, line.entered_by)
        rows.append([fast_cell(v, s.cell_center if c in centred else s.cell, widths[c])
                     for c, v in enumerate(values)])
    last = len(rows)
    rows.append([para("合计", s.label), "", "", para(str(card.total), s.cell_head), "", ""])
    body = ruled_table(rows, widths, extra=[
        ("FONTSIZE", (0, 1), (-1, last - 1), s.cell.fontSize), ("LEADING", (0, 1), (-1, last - 1), s.cell.leading),
        *[("ALIGN", (c, 1), (c, last - 1), "CENTER") for c in centred],
        ("SPAN", (0, last), (2, last)), ("SPAN", (4, last), (5, last))])
    return [para(f"{year}年度党员积分卡", s.title), head, Spacer(1, 3 * mm), body, Spacer(1, 8 * mm),
            _sign_row(width, ("本人签字", "支部书记签字"))]


def _sign_row(width: float, labels: tuple[str, ...]) -> Table:
    s = styles()
    cells: list = []
    widths: list[float] = []
    col = width / (len(labels) + 1)
    commands: list[tuple] = [("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]
    for i, label in enumerate(labels):
        cells += [para(f"{label}：", s.body), ""]
        widths += [col * 0.45, col * 0.55 - 4 * mm]
        commands.append(("LINEBELOW", (2 * i + 1, 0), (2 * i + 1, 0), 0.6, "black"))
    cells.append(para("日期：　　　年　　月　　日", s.body))
    widths.append(col + 4 * mm * len(labels))
    table = Table([cells], colWidths=widths, rowHeights=[12 * mm])
    table.setStyle(TableStyle(commands))
    return table


def render_cards(doc: PointsCards, path: Path) -> Path:
    width = usable_width(PORTRAIT, MARGINS)
    story: list = []
    for i, card in enumerate(doc.cards):
        if i:
            story += [PageBreak(), FormStart()]
        story += _card(card, doc.year, width)
    if not doc.cards:
        story.append(para("（没有可打印的积分卡）", styles().body))
    decor = PageDecor(header_left=doc.school_name, header_right=f"{doc.year}年度党员积分卡", printed_on=doc.printed_on)
    return build_pdf(path, story, title=f"{doc.school_name}{doc.year}年度党员积分卡", decor=decor, margins_mm=MARGINS)


# ---- 承诺书 ----------------------------------------------------------------------------------------


def _letter(letter: CommitmentLetter, doc: CommitmentBook, width: float) -> list:
    s = styles(10.5)
    head = ruled_table([[para("姓名", s.label), para(letter.name, s.cell_center), para("所在党支部", s.label),
                         para(letter.branch, s.cell), para("工作岗位", s.label), para(letter.post, s.cell_center)]],
                       _widths([14, 22, 20, 46, 16, 30], width), header_rows=0,
                       extra=[("BACKGROUND", (c, 0), (c, 0), (0.93, 0.93, 0.93)) for c in (0, 2, 4)])
    intro = para(f"为充分发挥共产党员先锋模范作用，我郑重承诺，在{doc.year}年度做到以下几点，"
                 "自觉接受党组织和群众监督，年底接受践诺评议。", s.body)
    heads = ["类别", "承诺事项", "完成时限"] + (["践诺情况"] if doc.with_review else [])
    spec = [18, 112, 24] + ([20] if doc.with_review else [])
    rows: list[list] = [[para(h, s.cell_head) for h in heads]]
    extra: list[tuple] = []
    groups: dict[str, list[CommitmentLine]] = {}
    for item in letter.items:
        groups.setdefault(item.group, []).append(item)
    for group, items in groups.items():
        first = len(rows)
        for item in items:
            row = [para(group, s.cell_center), para(item.text, s.cell), para(_fmt(item.deadline), s.cell_center)]
            if doc.with_review:
                row.append(para(item.fulfilment, s.cell_center))
            rows.append(row)
        if len(items) > 1:
            extra.append(("SPAN", (0, first), (0, len(rows) - 1)))
    if not letter.items:
        rows.append([para("（尚未填写承诺事项）", s.cell_center)] + [""] * (len(heads) - 1))
        extra.append(("SPAN", (0, 1), (-1, 1)))
    table = ruled_table(rows, _widths(spec, width), extra=[*extra, ("TOPPADDING", (0, 1), (-1, -1), 6),
                                                           ("BOTTOMPADDING", (0, 1), (-1, -1), 6)])
    return [para(f"{doc.year}年度共产党员承诺书", s.title), head, Spacer(1, 4 * mm), intro, Spacer(1, 3 * mm), table,
            Spacer(1, 14 * mm), CondPageBreak(30 * mm), _sign_row(width, ("承诺人（签字）",)), Spacer(1, 6 * mm),
            _sign_row(width, ("支部书记（签字）",))]


def render_commitments(doc: CommitmentBook, path: Path) -> Path:
    width = usable_width(PORTRAIT, MARGINS)
    story: list = []
    for i, letter in enumerate(doc.letters):
        if i:
            story += [PageBreak(), FormStart()]
        story += _letter(letter, doc, width)
    if not doc.letters:
        story.append(para("（没有可打印的承诺书）", styles().body))
    decor = PageDecor(header_left=doc.school_name, header_right=f"{doc.year}年度党员承诺书", printed_on=doc.printed_on)
    return build_pdf(path, story, title=f"{doc.school_name}{doc.year}年度党员承诺书", decor=decor,
                     margins_mm=MARGINS)


# ---- 民主测评表 ------------------------------------------------------------------------------------


def _ballot(sheet: BallotSheet, year: int, width: float) -> list:
    s = styles(10.5)
    story: list = [para(f"{year}年度民主评议党员测评表", s.title),
                   para(f"党支部：{sheet.branch}", s.subtitle),
                   para("说明：请对每位党员在“优秀、合格、基本合格、不合格”中选择一项，在对应栏内画“√”，"
                        "每人只能选一项，多选或不选视为弃权。本表不记名，填好后投入票箱。", s.small), Spacer(1, 2 * mm)]
    rows: list[list] = [[para(h, s.cell_head) for h in ("序号", "姓名", *GRADES, "备注")]]
    for i, (name, note) in enumerate(sheet.names, 1):
        rows.append([para(str(i), s.cell_center), para(name, s.cell_center), "", "", "", "", para(note, s.small)])
    if not sheet.names:
        rows.append([para("（本支部没有参加评议的党员）", s.cell_center), "", "", "", "", "", ""])
    extra = [("SPAN", (0, 1), (-1, 1))] if not sheet.names else []
    story.append(ruled_table(rows, _widths([10, 24, 17, 17, 17, 17, 40], width), extra=extra,
                             row_heights=[None] + [8.5 * mm] * max(1, len(sheet.names))))
    story += [Spacer(1, 6 * mm), para("测评日期：　　　　年　　月　　日", s.right)]
    return story


def render_ballots(doc: ReviewBallots, path: Path) -> Path:
    width = usable_width(PORTRAIT, MARGINS)
    story: list = []
    for i, sheet in enumerate(doc.sheets):
        if i:
            story += [PageBreak(), FormStart()]
        story += _ballot(sheet, doc.year, width)
    if not doc.sheets:
        story.append(para("（没有党支部）", styles().body))
    decor = PageDecor(header_left=doc.school_name, header_right=f"{doc.year}年度民主测评表", printed_on=doc.printed_on)
    return build_pdf(path, story, title=f"{doc.school_name}{doc.year}年度民主评议党员测评表", decor=decor,
                     margins_mm=MARGINS)
