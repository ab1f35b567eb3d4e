"""会议记录: the paper form (ruled boxes, long content flowing inside its box), blank forms, and the 汇编."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from reportlab.lib import colors
from reportlab.platypus import Flowable, PageBreak, Spacer, Table, TableStyle

from app.domain.docs.meeting_docs import MeetingRecordDoc, day_text, time_span
from app.domain.enums import MeetingKind
from app.errors import ValidationError
from app.printing import fonts
from app.printing.base import (
    HEADER_BG,
    PORTRAIT,
    BoxedTable,
    FormStart,
    PageDecor,
    RuledLines,
    TocMark,
    build_pdf,
    mm,
    para,
    ruled_table,
    styles,
    table_of_contents,
    usable_width,
)

LABEL_W = 25 * mm
FULL_W = usable_width(PORTRAIT)
PAIR_W = [LABEL_W, FULL_W / 2 - LABEL_W] * 2  # label | value | label | value
TRIPLE_W = [LABEL_W, FULL_W / 3 - LABEL_W] * 3  # three label/value pairs (the head counts)
WIDE_W = [LABEL_W, FULL_W - LABEL_W]  # label | one wide value
SHORT_KINDS = ("党员大会", "支委会", "党小组会", "党课", "主题党日", "组织生活会", "民主评议", "其他")  # fit one line
PADDING = [("TOPPADDING", (0, 0), (-1, -1), 4.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 4.5),
           ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4)]


def form_title(kind: MeetingKind | None) -> str:
    if kind is None:
        return "会议记录"
    if kind == MeetingKind.THEME_DAY:
        return "主题党日活动记录"
    return f"{kind.label}记录"


class _Form:
    """The form as a stack of one-row ruled tables, so each row has its own cells and no SPAN is
    needed (ReportLab wraps a spanned cell that splits across pages at the width of its first column)."""

    def __init__(self) -> None:
        self.s = styles(10.5)
        self.text = self.s.cell.clone("record_text", fontSize=10, leading=16)  # long text, easy to read
        self.parts: list[Table] = []

    def label(self, text: str):
        return para(text, self.s.label)

    def _row(self, cells: list, widths: list[float], *, height: float | None = None) -> None:
        extra = [*PADDING, ("BOX", (0, 0), (-1, -1), 0.6, "black")]
        extra += [("BACKGROUND", (c, 0), (c, 0), HEADER_BG) for c in range(0, len(cells), 2)]
        table = ruled_table([cells], widths, header_rows=0, extra=extra, row_heights=[height] if height else None)
        table.splitInRow = int(height is None)  # long text may run over a page; a signature box may not
        self.parts.append(table)

    def _block(self, lab: str, values: list, *, min_height: float = 0) -> None:
        """A label and a tall value (paragraphs, ruled lines) in one row that may run over pages.

        ReportLab leaves a split row's box open at the page foot: BoxedTable closes it on each page."""
        if min_height:
            values = [*values, Spacer(1, min_height)]
        table = BoxedTable([[[self.label(lab)], values]], colWidths=WIDE_W, splitInRow=1)
        first_line = lab.split("\n")[0]
        table.continued_label = self.label(f"{first_line}\n（续）")
        table.setStyle(TableStyle([*PADDING, ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("BACKGROUND", (0, 0), (0, -1), HEADER_BG),
                                   ("LINEAFTER", (0, 0), (0, -1), 0.6, colors.black)]))
        self.parts.append(table)

    def pairs(self, *pairs: tuple[str, str]) -> None:
        """Two (or three) label/value pairs on one row."""
        cells: list = []
        for lab, val in pairs:
            cells += [self.label(lab), para(val, self.s.cell)]
        self._row(cells, PAIR_W if len(pairs) == 2 else TRIPLE_W)

    def wide(self, lab: str, value, *, min_height: float = 0) -> None:
        """A label and one value across the rest of the row (text, a flowable, or a list of them)."""
        if isinstance(value, str):  # one paragraph per line; a blank line keeps its space
            value = [para(line, self.text) if line.strip() else Spacer(1, self.text.leading / 2)
                     for line in value.splitlines()] or [para("", self.text)]
        elif not isinstance(value, list):
            value = [value]
        tall = (isinstance(value[0], RuledLines) and value[0].count >= 4) or sum(
            len(getattr(v, "text", "")) for v in value) > 300 or len(value) > 3
        if len(value) == 1 and not min_height and not tall:
            self._row([self.label(lab), value[0]], WIDE_W)
        else:
            self._block(lab, value, min_height=min_height)

    def signatures(self, labels: tuple[str, str] = ("主持人签字", "记录人签字"), height: float = 16 * mm) -> None:
        self._row([self.label(labels[0]), "", self.label(labels[1]), ""], PAIR_W, height=height)

    def flowables(self) -> list[Flowable]:
        return list(self.parts)


def _head(title: str, left: str, right: str) -> list[Flowable]:
    s = styles()
    width = usable_width(PORTRAIT)
    line = Table([[para(left, s.body), para(right, s.right)]], colWidths=[width * 0.65, width * 0.35])
    line.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                              ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
    return [para(title, s.title), line]


def _numbered(items: Sequence[str]) -> str:
    return "\n".join(f"{i}. {item}" for i, item in enumerate(items, start=1))


def _talk_story(doc: MeetingRecordDoc) -> list[Flowable]:
    """谈心谈话: two people, a topic and a summary; no attendance and no vote."""
    f = _Form()
    a, b = doc.talk_between or ("", "")
    f.wide("谈话主题", doc.title or "—")
    f.pairs(("谈 话 人", a), ("谈话对象", b))
    f.pairs(("日　　期", day_text(doc.held_on)), ("时　　间", time_span(doc.start_time, doc.end_time)))
    f.pairs(("地　　点", doc.place), ("记 录 人", doc.recorder))
    f.wide("谈话内容", doc.content, min_height=0 if len(doc.content) > 400 else 60 * mm)
    f.wide("意见建议\n与改进措施", doc.resolutions or doc.follow_up or "—")
    f.signatures(("谈话人签字", "谈话对象签字"))
    return [*_head(form_title(doc.kind), f"党组织：{doc.org_name}",
                   f"{doc.held_on.year}年谈心谈话第 {doc.sequence} 次" if doc.sequence else ""),
            *f.flowables()]


def record_story(doc: MeetingRecordDoc) -> list[Flowable]:
    """One filled-in record: header grid, body, signature boxes; the content box may run over pages."""
    if doc.kind == MeetingKind.TALK:
        return _talk_story(doc)
    f = _Form()
    f.wide("会议名称", doc.name)
    if doc.also_kinds:
        f.wide("会议类型", doc.kind_text)
        f.wide("届　　次", f"本年度第 {doc.sequence} 次" if doc.sequence else "")
    else:
        f.pairs(("会议类型", doc.kind.label), ("届　　次", f"本年度第 {doc.sequence} 次" if doc.sequence else ""))
    f.pairs(("日　　期", day_text(doc.held_on)), ("时　　间", time_span(doc.start_time, doc.end_time)))
    f.pairs(("主 持 人", doc.host), ("记 录 人", doc.recorder))
    f.wide("地　　点", doc.place)
    f.pairs(("应到人数", f"{doc.expected_count} 人"), ("实到人数", f"{doc.present_count} 人"),
            ("缺席人数", f"{doc.absent_count} 人"))
    f.wide("缺席人员\n及原因", "；".join(a.text for a in doc.absentees) or "无")
    if doc.excused:
        f.wide("不计应到\n人员", "；".join(a.text for a in doc.excused))
    f.wide("列席人员", "、".join(doc.observers) or "无")
    topics = list(doc.topics)
    if doc.first_topic_material or doc.first_topic_speaker:
        first = "第一议题：" + (doc.first_topic_material or "学习习近平新时代中国特色社会主义思想")
        if doc.first_topic_speaker:
            first += f"（领学人：{doc.first_topic_speaker}）"
        topics.insert(0, first)
    f.wide("会议议题", _numbered(topics) or "—")
    if doc.kind == MeetingKind.PARTY_LECTURE or doc.lecturer or doc.lecture_title:
        f.pairs(("主 讲 人", doc.lecturer), ("党课类型", doc.lecture_type))
        f.wide("党课题目", doc.lecture_title)
    if doc.kind == MeetingKind.THEME_DAY or doc.theme or doc.form:
        f.wide("活动主题", doc.theme)
        f.wide("活动形式", doc.form)
    if doc.talk_between:
        f.wide("谈话双方", "　与　".join(doc.talk_between))
    f.wide("会议内容\n（发言要点）", doc.content, min_height=0 if len(doc.content) > 400 else 30 * mm)
    if doc.has_vote:
        written = (f"；另有未到会党员书面意见：同意 {doc.written_for} 份，不同意 {doc.written_against} 份"
                   if doc.written_for or doc.written_against else "")
        f.wide("表决情况", (f"{doc.vote_label}：" if doc.vote_label else "")
               + f"赞成 {doc.votes_for or 0} 票，反对 {doc.votes_against or 0} 票，弃权 {doc.votes_abstain or 0} 票"
               + written)
    elif doc.kind in (MeetingKind.GENERAL_ASSEMBLY, MeetingKind.COMMITTEE_MEETING):
        f.wide("表决情况", "本次会议未进行表决")
    f.wide("决议/决定", doc.resolutions or "—")
    f.wide("落实责任人\n与时限", doc.follow_up or "—")
    f.wide("附　　件", _numbered(doc.attachments) or "无")
    f.signatures()
    left = f"党组织：{doc.org_name}" + (f"　合并召开，同时计为{'、'.join(k.label for k in doc.also_kinds)}"
                                        if doc.also_kinds else "")
    return [*_head(form_title(doc.kind), left,
                   f"{doc.held_on.year}年{doc.kind.label}第 {doc.sequence} 次" if doc.sequence else ""),
            *f.flowables()]


def blank_record_story(kind: MeetingKind | None, org_name: str = "") -> list[Flowable]:
    """The same form with empty boxes and ruled lines, for recording by hand."""
    f = _Form()
    f.wide("会议名称", "")
    if kind is None:
        boxes = "　".join(f"□{k}" for k in SHORT_KINDS)
        f.wide("会议类型", boxes)
        f.pairs(("届　　次", "本年度第　　次"), ("地　　点", ""))
    else:
        f.pairs(("会议类型", kind.label), ("届　　次", "本年度第　　次"))
    f.pairs(("日　　期", "　　　年　　月　　日"), ("时　　间", "　　时　　分 至　　时　　分"))
    f.pairs(("主 持 人", ""), ("记 录 人", ""))
    if kind is not None:
        f.wide("地　　点", "")
    f.pairs(("应到人数", "　　　人"), ("实到人数", "　　　人"), ("缺席人数", "　　　人"))
    f.wide("缺席人员\n及原因", RuledLines(2))
    f.wide("列席人员", RuledLines(1))
    f.wide("会议议题", [para("1. 第一议题：", f.s.cell), RuledLines(3)])
    if kind == MeetingKind.PARTY_LECTURE:
        f.pairs(("主 讲 人", ""), ("党课类型", ""))
        f.wide("党课题目", RuledLines(1))
    if kind == MeetingKind.THEME_DAY:
        f.wide("活动主题", RuledLines(1))
        f.wide("活动形式", RuledLines(1))
    f.wide("会议内容\n（发言要点）", RuledLines(30))
    f.wide("表决情况", "赞成　　　票，反对　　　票，弃权　　　票")
    f.wide("决议/决定", RuledLines(5))
    f.wide("落实责任人\n与时限", RuledLines(3))
    f.wide("附　　件", RuledLines(2))
    f.signatures()
    return [*_head(form_title(kind), f"党组织：{org_name}" if org_name else "党组织：", ""), *f.flowables()]


def _cover(docs: Sequence[MeetingRecordDoc], title: str) -> list[Flowable]:
    s = styles()
    branches = list(dict.fromkeys(d.branch_name for d in docs))
    years = sorted({d.held_on.year for d in docs})
    first, last = min(d.held_on for d in docs), max(d.held_on for d in docs)
    big = s.title.clone("cover", fontSize=30, leading=44)
    rows = [("单　　位", docs[0].school_name), ("党 组 织", "、".join(branches) if len(branches) <= 3
                                                   else f"{branches[0]}等 {len(branches)} 个党支部"),
            ("年　　度", "、".join(f"{y}年度" for y in years)), ("起止日期", f"{first:%Y-%m-%d} 至 {last:%Y-%m-%d}"),
            ("记录份数", f"{len(docs)} 份"), ("立 卷 人", ""), ("保管期限", "")]
    label = s.body.clone("cover_label", fontName=fonts.TITLE, fontSize=14, leading=22)
    value = s.body.clone("cover_value", fontSize=14, leading=22)
    table = Table([[para(k, label), para(v, value)] for k, v in rows], colWidths=[32 * mm, 98 * mm])
    table.setStyle(TableStyle([("LINEBELOW", (1, 0), (1, -1), 0.6, "black"), ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                               ("TOPPADDING", (0, 0), (-1, -1), 12), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
    return [Spacer(1, 45 * mm), para(docs[0].school_name, s.subtitle.clone("cs", fontSize=16, leading=24)),
            Spacer(1, 6 * mm), para(title, big), Spacer(1, 50 * mm), table, PageBreak()]


class _Tick(Flowable):
    """Takes no room; tells `progress(done, total)` that layout has reached record `done` (may raise to stop)."""

    def __init__(self, progress: Callable[[int, int], None], done: int, total: int) -> None:
        super().__init__()
        self.progress, self.done, self.total = progress, done, total

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.progress(self.done, self.total)


def render_records(docs: Sequence[MeetingRecordDoc], path: Path, *, compilation_title: str | None = None,
                   progress: Callable[[int, int], None] | None = None) -> Path:
    """One record as the paper form; several (and a compilation_title) as a 汇编 with cover and 目录.

    `progress(done, total)` is called as layout reaches each record (once per layout pass: a 汇编 with a
    目录 is laid out more than once); an exception it raises stops the build and leaves no file.
    """
    if not docs:
        raise ValidationError("没有可打印的会议记录")
    story: list[Flowable] = []
    compiled = compilation_title is not None
    if compiled:
        s = styles()
        story += _cover(docs, compilation_title or "")
        story += [para("目　　录", s.title), Spacer(1, 4 * mm), table_of_contents(), PageBreak()]
    branch = None
    for i, doc in enumerate(docs):
        if i:
            story.append(PageBreak())
        if not compiled:  # separate records in one file: each numbers its own pages
            story.append(FormStart())
        if compiled:
            if doc.branch_name != branch:
                branch = doc.branch_name
                story.append(TocMark(branch, 0))
            entry = f"{doc.held_on.month}月{doc.held_on.day}日　{doc.kind.label}"
            if doc.title:
                entry += f"：{doc.title}"
            story.append(TocMark(entry, 1))
        if progress is not None:
            story.append(_Tick(progress, i, len(docs)))
        story += record_story(doc)
    first = docs[0]
    title = compilation_title or f"{first.org_name}{form_title(first.kind)}"
    decor = PageDecor(header_left=first.school_name, header_right=compilation_title or first.org_name,
                      bare_first_pages=1 if compiled else 0)
    return build_pdf(path, story, title=title, decor=decor, toc=compiled)


def render_blank_record(kind: MeetingKind | None, path: Path, org_name: str = "") -> Path:
    decor = PageDecor(header_left=org_name, header_right="空白记录（手写）")
    return build_pdf(path, blank_record_story(kind, org_name), title=form_title(kind), decor=decor)


__all__ = ["blank_record_story", "form_title", "record_story", "render_blank_record",
           "render_records"]
