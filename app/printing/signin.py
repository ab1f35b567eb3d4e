"""签到表: printed before a meeting, names pre-filled from the roster, an empty column to sign by hand."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer, Table

from app.domain.docs.meeting_docs import SignInDoc, day_text, time_span
from app.errors import ValidationError
from app.printing.base import (
    HEADER_BG,
    PORTRAIT,
    FormStart,
    PageDecor,
    build_pdf,
    count_pages,
    mm,
    para,
    ruled_table,
    styles,
    usable_width,
)

ROW_H = 10 * mm  # room for a handwritten signature
FULL_W = usable_width(PORTRAIT)
COLUMNS = [("序号", 14 * mm), ("姓名", 38 * mm), ("签　名", 78 * mm), ("备　注", FULL_W - 130 * mm)]
BLANK = "\u3000" * 4


def _head_grid(doc: SignInDoc) -> Table:
    s = styles(11)
    when = day_text(doc.held_on) if doc.held_on else "\u3000\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日"
    if doc.start_time or doc.end_time:
        when += f"　{time_span(doc.start_time, doc.end_time)}"
    elif doc.held_on is None:
        when += "\u3000\u3000时\u3000\u3000分"
    label_w = 24 * mm
    widths = [label_w, FULL_W / 2 - label_w] * 2
    rows = [
        [para("会议名称", s.label), para(doc.name, s.cell), "", ""],
        [para("时　　间", s.label), para(when, s.cell), para("地　　点", s.label), para(doc.place, s.cell)],
        [para("主 持 人", s.label), para(doc.host, s.cell), para("党 组 织", s.label), para(doc.org_name, s.cell)],
    ]
    return ruled_table(rows, widths, header_rows=0, extra=[
        ("SPAN", (1, 0), (3, 0)), ("BACKGROUND", (0, 0), (0, -1), HEADER_BG),
        ("BACKGROUND", (2, 1), (2, -1), HEADER_BG), ("TOPPADDING", (0, 0), (-1, -1), 5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5), ("BOX", (0, 0), (-1, -1), 1.0, "black")])


def _list(doc: SignInDoc) -> Table:
    s = styles(11.5)
    rows: list[list] = [[para(h, s.cell_head) for h, _w in COLUMNS]]
    for i, line in enumerate(doc.lines, start=1):
        rows.append([str(i), para(line.name, s.cell_center), "", para(line.note, s.cell)])
    for i in range(doc.spare_rows):
        rows.append([str(len(doc.lines) + i + 1), "", "", ""])
    heights = [8 * mm] + [ROW_H] * (len(rows) - 1)
    table = ruled_table(rows, [w for _h, w in COLUMNS], row_heights=heights, extra=[
        ("ALIGN", (0, 1), (0, -1), "CENTER"), ("FONTSIZE", (0, 1), (0, -1), 10.5),
        ("BOX", (0, 0), (-1, -1), 1.0, "black")])
    table.splitInRow = 0
    return table


def _footer(doc: SignInDoc) -> Table:
    s = styles(11.5)
    expected = str(doc.expected_count) if doc.expected_count is not None else BLANK
    cells = [f"应到　{expected}　人", f"实到{BLANK}人", f"请假{BLANK}人", f"缺席{BLANK}人"]
    table = ruled_table([[para(c, s.body) for c in cells]], [FULL_W / 4] * 4, header_rows=0,
                        row_heights=[12 * mm], extra=[("BOX", (0, 0), (-1, -1), 1.0, "black"),
                                                      ("LEFTPADDING", (0, 0), (-1, -1), 8)])
    table.splitInRow = 0
    return table


def signin_story(doc: SignInDoc) -> list[Flowable]:
    s = styles()
    return [para(f"{doc.org_name}{doc.kind.label if doc.kind else '会议'}签到表", s.title), _head_grid(doc),
            Spacer(1, 4 * mm), _list(doc), Spacer(1, 2 * mm),
            KeepTogether([_footer(doc), Spacer(1, 2 * mm),
                          para("注：请本人签名；请假人员由记录人在备注栏注明原因。", s.small)])]


MAX_SPARE_ROWS = 60


def fit_spare_rows(doc: SignInDoc) -> SignInDoc:
    """As many blank rows as fill the sheet's last page without adding one: the sheet ends at the page
    foot with its 应到/实到 strip, never with the strip alone on a page of its own."""
    from dataclasses import replace

    def pages(spare: int) -> int:
        return count_pages(signin_story(replace(doc, spare_rows=spare)))

    base = pages(doc.spare_rows)
    low, high = doc.spare_rows, MAX_SPARE_ROWS
    while low < high:  # the largest count that keeps the page count
        middle = (low + high + 1) // 2
        if pages(middle) == base:
            low = middle
        else:
            high = middle - 1
    return replace(doc, spare_rows=low)


def render_signin(docs: Sequence[SignInDoc], path: Path) -> Path:
    """One or more sign-in sheets, each starting on a new page."""
    if not docs:
        raise ValidationError("没有可打印的签到表")
    story: list[Flowable] = []
    for i, doc in enumerate(docs):
        if i:
            story.append(PageBreak())
        story += [FormStart(), *signin_story(fit_spare_rows(doc))]
    first = docs[0]
    decor = PageDecor(header_left=first.school_name, header_right="签到表")
    return build_pdf(path, story, title=f"{first.name}签到表", decor=decor)


def render_blank_forms(sheet: SignInDoc, path: Path, *, org_name: str = "") -> Path:
    """A blank 会议记录 to fill in by hand, then a 签到表 (the branch's roster, or empty lines)."""
    from app.printing.meeting_record import blank_record_story

    story = [*blank_record_story(None, org_name), PageBreak(), FormStart(), *signin_story(fit_spare_rows(sheet))]
    decor = PageDecor(header_left=sheet.school_name, header_right="空白表格（手写）")
    return build_pdf(path, story, title="空白会议记录与签到表", decor=decor)
