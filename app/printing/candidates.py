"""入党申请人、入党积极分子、发展对象名册: the people in development, apart from the 党员花名册 (A4 landscape)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from reportlab.platypus import Spacer

from app.domain import idcard
from app.domain.dates import fmt
from app.domain.docs.candidates import CandidateLine, CandidatesDoc
from app.printing.base import LANDSCAPE, PageDecor, build_pdf, fast_cell, mm, para, ruled_table, styles, usable_width
from app.printing.roster import signature_line

TITLE = "入党申请人、入党积极分子、发展对象名册"
# (heading, width in mm, centred)
COLUMNS: list[tuple[str, float, bool]] = [
    ("序号", 10, True), ("姓名", 19, True), ("性别", 9, True), ("出生年月", 17, True), ("身份证号", 37, True),
    ("学历", 20, True), ("人员类别", 24, True), ("申请入党\n日期", 21, True), ("确定入党积极\n分子日期", 23, True),
    ("确定发展\n对象日期", 21, True), ("所在党支部", 36, False), ("岗位/职务", 26, False),
]


def counts_text(rows: Sequence[CandidateLine]) -> str:
    counts = Counter(r.category for r in rows)
    parts = [f"{label} {n} 人" for label, n in counts.items()]
    return f"共 {len(rows)} 人" + (f"，其中{'，'.join(parts)}" if parts else "")


def render_candidates(doc: CandidatesDoc, path: Path) -> Path:
    width = usable_width(LANDSCAPE, (15, 12, 15, 12))
    scale = width / (sum(w for _h, w, _c in COLUMNS) * mm)
    widths = [w * mm * scale for _h, w, _c in COLUMNS]
    s = styles(9.5)
    data: list[list] = [[para(h, s.cell_center) for h, _w, _c in COLUMNS]]
    for i, r in enumerate(doc.rows, start=1):
        values = [str(i), r.name, r.gender, f"{r.birth_date:%Y.%m}" if r.birth_date else "",
                  r.id_number if doc.full_ids else idcard.mask(r.id_number), r.education, r.category,
                  fmt(r.applied_on), fmt(r.activist_on), fmt(r.candidate_on), r.branch_name, r.job]
        data.append([fast_cell(v, s.cell_center if COLUMNS[j][2] else s.cell, widths[j])
                     for j, v in enumerate(values)])
    if not doc.rows:
        data.append(["", "无"] + [""] * (len(COLUMNS) - 2))
    head = f"单位：{doc.school_name}" + (f"　　范围：{doc.scope}" if doc.scope else "") \
        + f"　　截至 {doc.printed_on:%Y年%m月%d日}"
    story = [para(TITLE, styles().title), para(head, styles().body), Spacer(1, 2 * mm),
             ruled_table(data, widths, extra=[("ALIGN", (j, 0), (j, -1), "CENTER")
                                              for j, c in enumerate(COLUMNS) if c[2]]
                         + [("VALIGN", (0, 0), (-1, -1), "MIDDLE")]),
             para(f"合计：{counts_text(doc.rows)}。（不含正式党员、预备党员，党员见《党员花名册》）"
                  + ("" if doc.full_ids else "身份证号已部分隐藏。"), styles().body),
             Spacer(1, 2 * mm), signature_line(width)]
    decor = PageDecor(header_left=doc.school_name, header_right=TITLE, printed_on=doc.printed_on)
    return build_pdf(path, story, title=f"{doc.school_name}{TITLE}", pagesize=LANDSCAPE, decor=decor,
                     margins_mm=(15, 12, 15, 12))
