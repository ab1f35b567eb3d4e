"""班子配备台账: for each Party organization its term and the people holding its posts (A4 landscape)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportlab.platypus import KeepTogether, Spacer, Table, TableStyle

from app.domain.dates import fmt
from app.domain.docs.posts import OrgPosts, PostsDoc
from app.printing.base import HEADER_BG as LABEL_BG
from app.printing.base import LANDSCAPE, PageDecor, build_pdf, mm, para, ruled_table, styles, usable_width
from app.printing.roster import signature_line

# (heading, width in mm)
COLUMNS: list[tuple[str, float]] = [
    ("职务", 24), ("姓名", 22), ("性别", 11), ("出生年月", 19), ("入党时间", 23), ("任职时间", 23),
    ("专职/兼职", 18), ("行政职务", 30), ("是否交叉任职", 25), ("备注", 72),
]


def _term_state(org: OrgPosts, today: dt.date) -> str:
    due = org.next_election_due
    if due is None:
        return "未设任期" if org.term_years else "—"
    if due < today:
        return f"已超期 {(today - due).days} 天，应尽快换届"
    if (due - today).days <= 90:
        return f"将于 {(due - today).days} 天后到期，请做好换届准备"
    return "任期内"


def _org_block(org: OrgPosts, widths: list[float], today: dt.date) -> Table:
    s = styles(10)
    lab, val = s.label, s.cell
    term = "—"
    if org.term_start and org.term_years:
        term_end = org.next_election_due - dt.timedelta(days=1) if org.next_election_due else None
        term = f"{fmt(org.term_start)} 至 {fmt(term_end)}"
    rows: list[list] = [
        [para("党组织名称", lab), para(org.name, s.cell), "", "", para("类型", lab), para(org.kind_label, val),
         para("成立时间", lab), para(fmt(org.established_on) or "—", val), para("下次换届时间", lab),
         para(fmt(org.next_election_due) or "—", val)],
        [para("本届任期", lab), para(term, val), "", "", para("任期年限", lab),
         para(f"{org.term_years} 年" if org.term_years else "—", val), para("换届情况", lab),
         para(_term_state(org, today), val), "", ""],
        [para(h, s.cell_head) for h, _w in COLUMNS],
    ]
    for p in org.posts:
        rows.append([para(p.post, s.cell_center), para(p.name, s.cell_center), para(p.gender, s.cell_center),
                     para(f"{p.birth_date:%Y.%m}" if p.birth_date else "", s.cell_center),
                     para(fmt(p.joined_on), s.cell_center), para(fmt(p.term_start), s.cell_center),
                     para("专职" if p.full_time else "兼职", s.cell_center), para(p.admin_title, s.cell_center),
                     para("是" if p.cross_appointment else "否", s.cell_center), para(p.note, s.cell)])
    if not org.posts:
        rows.append([para("（未配备班子成员）", s.cell_center)] + [""] * (len(COLUMNS) - 1))
    if org.term_years is None:  # a 党小组 has no elected committee and no term
        del rows[1]
        rows[0][8:10] = [para("组织层级", lab), para("党小组", val)]
    info = 2 if org.term_years is not None else 1  # rows of organization facts above the heading row
    extra: list[tuple] = [
        ("SPAN", (1, 0), (3, 0)),
        ("BACKGROUND", (0, 0), (0, info - 1), LABEL_BG), ("BACKGROUND", (4, 0), (4, info - 1), LABEL_BG),
        ("BACKGROUND", (6, 0), (6, info - 1), LABEL_BG), ("BACKGROUND", (8, 0), (8, 0), LABEL_BG),
        ("BACKGROUND", (0, info), (-1, info), LABEL_BG),
        ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LINEBELOW", (0, info - 1), (-1, info - 1), 1.0, "black"),
    ]
    if info == 2:
        extra += [("SPAN", (1, 1), (3, 1)), ("SPAN", (7, 1), (9, 1))]
    if not org.posts:
        extra.append(("SPAN", (0, info + 1), (-1, info + 1)))
    return ruled_table(rows, widths, header_rows=0, extra=extra)


def render_posts(doc: PostsDoc, path: Path) -> Path:
    margins = (15, 12, 15, 12)
    width = usable_width(LANDSCAPE, margins)
    scale = width / (sum(w for _h, w in COLUMNS) * mm)
    widths = [w * mm * scale for _h, w in COLUMNS]
    s = styles()
    head = Table([[para(f"单位：{doc.school_name}", s.body), para(f"截至 {doc.printed_on:%Y年%m月%d日}", s.right)]],
                 colWidths=[width * 0.6, width * 0.4])
    head.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    story: list = [para("党组织班子配备台账", s.title), head, Spacer(1, 2 * mm)]
    for org in doc.organizations:
        story.append(KeepTogether([_org_block(org, widths, doc.printed_on), Spacer(1, 5 * mm)]))
    if not doc.organizations:
        story.append(para("尚未设置党组织。", s.body))
    story.append(signature_line(width))
    decor = PageDecor(header_left=doc.school_name, header_right="班子配备台账", printed_on=doc.printed_on)
    return build_pdf(path, story, title=f"{doc.school_name}班子配备台账", pagesize=LANDSCAPE, decor=decor,
                     margins_mm=margins)
