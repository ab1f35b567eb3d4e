"""Shared page set-up for every printed form: fonts, styles, ruled tables, page numbers, safe writing.

Printing modules take plain dataclasses (never a Session) and call `build_pdf`. Every font is embedded;
the canvas' initial font is the CJK face so ReportLab's Helvetica never enters the file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A3, A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle, tables

from app.errors import KnownError, os_error_text
from app.files import write_atomically
from app.printing import fonts

# Table cells with no FONTNAME command default to Helvetica, never embedded: default to the CJK face,
# set at import so even a Table built before fonts.register() is covered.
tables.CellStyle.fontname = fonts.BODY

PORTRAIT = A4
LANDSCAPE = landscape(A4)
POSTER = A3
GRID = colors.black
HEADER_BG = colors.Color(0.93, 0.93, 0.93)


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    subtitle: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_center: ParagraphStyle
    cell_head: ParagraphStyle
    label: ParagraphStyle
    right: ParagraphStyle


def styles(base_size: float = 10.5) -> Styles:
    """The house styles: 黑体 titles, 宋体 body, CJK wrapping everywhere."""
    fonts.register()
    common: dict[str, Any] = {"fontName": fonts.BODY, "wordWrap": "CJK"}
    body = ParagraphStyle("body", fontSize=base_size, leading=base_size * 1.6, **common)
    cell = ParagraphStyle("cell", fontSize=base_size - 1, leading=(base_size - 1) * 1.35, **common)
    return Styles(
        title=ParagraphStyle("title", fontName=fonts.TITLE, fontSize=18, leading=26, alignment=TA_CENTER,
                             spaceAfter=4 * mm, wordWrap="CJK"),
        subtitle=ParagraphStyle("subtitle", fontSize=base_size, leading=base_size * 1.5, alignment=TA_CENTER,
                                spaceAfter=3 * mm, **common),
        body=body,
        small=ParagraphStyle("small", fontSize=8.5, leading=11, **common),
        cell=cell,
        cell_center=ParagraphStyle("cell_center", parent=cell, alignment=TA_CENTER),
        cell_head=ParagraphStyle("cell_head", parent=cell, fontName=fonts.TITLE, alignment=TA_CENTER),
        label=ParagraphStyle("label", parent=cell, fontName=fonts.TITLE, alignment=TA_CENTER),
        right=ParagraphStyle("right", parent=body, alignment=TA_RIGHT),
    )


class CachedParagraph(Paragraph):
    """A Paragraph that remembers its line breaks per width: a table split across pages re-wraps every
    remaining cell on each page, which made long meeting records quadratic."""

    _wrapped_at: tuple[float, float, float] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        cached = self._wrapped_at
        if cached is not None and cached[0] == availWidth and hasattr(self, "blPara"):
            self.width, self.height = cached[1], cached[2]
            return self.width, self.height
        width, height = super().wrap(availWidth, availHeight)
        self._wrapped_at = (availWidth, width, height)
        return width, height


def para(text: str | None, style: ParagraphStyle, font: str | None = None) -> Paragraph:
    """A Paragraph of user text: escaped, with glyph fallback. Never pass raw user text to Paragraph."""
    return CachedParagraph(fonts.markup(text, font or style.fontName), style)


def fast_cell(text: str | None, style: ParagraphStyle, width: float) -> str | Paragraph:
    """A plain string when it fits one line in the table's face (cheap: no Paragraph per cell);
    an escaped, wrapping, glyph-fallback Paragraph otherwise. The table style must set the same font."""
    text = fonts.clean(text)
    cmap = fonts.register()[style.fontName]
    if ("\n" not in text and all(ord(ch) in cmap for ch in text)
            and stringWidth(text, style.fontName, style.fontSize) <= width - 6):
        return text
    return para(text, style)


class BoxedTable(Table):
    """A Table that strokes its own outline on every page it lands on: ReportLab leaves the box open at
    the page foot when a row is split inside (splitInRow), which breaks a form's ruled frame.

    With `continued_label`, the part carried onto a new page shows that label in its first cell (e.g.
    「会议内容（续）」) instead of an empty label column.
    """

    box_width = 0.6
    continued_label: Flowable | None = None

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        parts = super().split(availWidth, availHeight)
        if len(parts) == 2 and self.continued_label is not None:
            tail = parts[1]
            tail._cellvalues[0][0] = [self.continued_label]
            tail.continued_label = self.continued_label
        return parts

    def draw(self) -> None:
        super().draw()
        self.canv.saveState()
        self.canv.setLineWidth(self.box_width)
        self.canv.setStrokeColor(GRID)
        self.canv.rect(0, 0, self._width, self._height, stroke=1, fill=0)
        self.canv.restoreState()


class TailKeepingTable(Table):
    """A Table whose last page never holds fewer than `min_tail` of its rows (a total line alone at the
    top of a page, split from the rows it sums, reads as an error). Rows are whole (no in-row split)."""

    min_tail = 3

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        parts = super().split(availWidth, availHeight)
        if len(parts) != 2:
            return parts
        for part in parts:
            part.min_tail = self.min_tail
        tail_rows = len(parts[1]._cellvalues) - self.repeatRows
        if tail_rows >= self.min_tail:
            return parts
        keep = len(parts[0]._cellvalues) - (self.min_tail - tail_rows)
        if keep <= self.repeatRows:
            return []  # too little would stay here: the whole table moves to the next page
        parts = super().split(availWidth, sum(self._rowHeights[:keep]) + 0.5)
        for part in parts:
            part.min_tail = self.min_tail
        return parts


def ruled_table(rows: Sequence[Sequence[Any]], col_widths: Sequence[float], *, header_rows: int = 1,
                extra: Sequence[tuple] = (), zebra: bool = False,
                row_heights: Sequence[float | None] | None = None, table_class: type[Table] = Table) -> Table:
    """A fully ruled table; header rows repeat on each page; a tall cell may split across pages."""
    table = table_class(list(map(list, rows)), colWidths=list(col_widths), repeatRows=header_rows, splitInRow=1,
                  rowHeights=list(row_heights) if row_heights else None)
    commands: list[tuple] = [
        ("GRID", (0, 0), (-1, -1), 0.6, GRID),
        ("BOX", (0, 0), (-1, -1), 1.0, GRID),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("FONTNAME", (0, 0), (-1, -1), fonts.BODY),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if header_rows:
        commands.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), HEADER_BG))
    if zebra:
        for r in range(header_rows, len(rows)):
            if (r - header_rows) % 2 == 1:
                commands.append(("BACKGROUND", (0, r), (-1, r), colors.Color(0.975, 0.975, 0.975)))
    commands.extend(extra)
    table.setStyle(TableStyle(commands))
    return table


@dataclass
class PageDecor:
    """What every page carries around the body: a running header and the page footer."""

    header_left: str = ""
    header_right: str = ""
    footer_left: str = ""
    printed_on: dt.date = field(default_factory=dt.date.today)
    page_numbers: bool = True
    bare_first_pages: int = 0  # a cover page carries no header or footer


def _numbered_canvas(decor: PageDecor):
    """A canvas that knows the page count at the end, for 第 x 页 共 y 页."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs.setdefault("initialFontName", fonts.BODY)
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []
            self.form_starts: list[int] = []  # pages where a FormStart marker was drawn

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            starts = sorted(set(self.form_starts) | {1})
            for state in self._pages:
                self.__dict__.update(state)
                page = self._pageNumber
                if len(starts) > 1:  # several forms in one file: each counts its own pages
                    first = max(p for p in starts if p <= page)
                    after = [p for p in starts if p > page]
                    self._decorate((after[0] if after else total + 1) - first, page - first + 1)
                else:
                    self._decorate(total, page)
                super().showPage()
            super().save()

        def _decorate(self, total: int, number: int) -> None:
            if self._pageNumber <= decor.bare_first_pages:
                return
            width, height = self._pagesize
            self.saveState()
            self.setFont(fonts.BODY, 8.5)
            self.setFillColor(colors.Color(0.3, 0.3, 0.3))
            top = height - 10 * mm
            if decor.header_left:
                self.drawString(15 * mm, top, fonts.plain(decor.header_left))
            if decor.header_right:
                self.drawRightString(width - 15 * mm, top, fonts.plain(decor.header_right))
            bottom = 8 * mm
            if decor.page_numbers:
                self.drawCentredString(width / 2, bottom, f"第 {number} 页  共 {total} 页")
            if decor.footer_left:
                self.drawString(15 * mm, bottom, fonts.plain(decor.footer_left))
            self.drawRightString(width - 15 * mm, bottom, f"打印日期：{decor.printed_on:%Y-%m-%d}")
            self.restoreState()

    return NumberedCanvas


class FormStart(Flowable):
    """Marks where a form begins when several forms share one PDF (sign-in sheets of several branches,
    blank forms): each form's footer then reads 第 x 页 共 y 页 of that form alone. Put it right after the
    PageBreak that starts the form."""

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        starts = getattr(self.canv, "form_starts", None)
        if starts is not None:
            starts.append(self.canv.getPageNumber())


class RuledLines(Flowable):
    """Empty ruled lines for handwriting; splits across pages like text does."""

    def __init__(self, count: int, spacing: float = 8 * mm) -> None:
        super().__init__()
        self.count = max(count, 1)
        self.spacing = spacing

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.height = self.count * self.spacing
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        fits = int(avail_height // self.spacing)
        if fits < 1 or fits >= self.count:
            return []
        return [RuledLines(fits, self.spacing), RuledLines(self.count - fits, self.spacing)]

    def draw(self) -> None:
        self.canv.saveState()
        self.canv.setLineWidth(0.4)
        self.canv.setStrokeColor(colors.Color(0.45, 0.45, 0.45))
        for i in range(1, self.count + 1):
            y = self.height - i * self.spacing + 1
            self.canv.line(0, y, self.width, y)
        self.canv.restoreState()


class TocMark(Flowable):
    """An invisible mark: where it lands, the page gets a table-of-contents entry and a PDF bookmark."""

    _serial = 0

    def __init__(self, text: str, level: int = 0) -> None:
        super().__init__()
        TocMark._serial += 1
        self.text = text
        self.level = level
        self.key = f"toc{TocMark._serial}"
        self.width = self.height = 0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


def table_of_contents(base_size: float = 11) -> Any:
    """ReportLab's TableOfContents with CJK level styles (its defaults are Times, never embedded)."""
    from reportlab.platypus.tableofcontents import TableOfContents

    fonts.register()
    toc = TableOfContents(dotsMinLevel=0)
    toc.levelStyles = [
        ParagraphStyle("toc0", fontName=fonts.TITLE, fontSize=base_size, leading=base_size * 1.9,
                       leftIndent=0, firstLineIndent=0, wordWrap="CJK"),
        ParagraphStyle("toc1", fontName=fonts.BODY, fontSize=base_size - 0.5, leading=base_size * 1.75,
                       leftIndent=8 * mm, firstLineIndent=0, wordWrap="CJK"),
    ]
    return toc


class _DocTemplate(SimpleDocTemplate):
    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, TocMark):
            self.canv.bookmarkPage(flowable.key)
            self.canv.addOutlineEntry(fonts.clean(flowable.text), flowable.key, level=flowable.level)
            self.notify("TOCEntry", (flowable.level, fonts.markup(flowable.text, fonts.BODY),
                                     self.page, flowable.key))


def build_pdf(path: Path, story: list[Flowable], *, title: str, pagesize=PORTRAIT,
              decor: PageDecor | None = None, margins_mm: tuple[float, float, float, float] = (18, 15, 16, 15),
              author: str = "党建台账", toc: bool = False) -> Path:
    """Build to a temporary file beside `path`, then rename: a failed build never leaves a half PDF.

    margins_mm: top, right, bottom, left. toc=True builds in several passes so that a
    `table_of_contents()` in the story gets the page numbers of the `TocMark`s.
    """
    fonts.register()
    path = Path(path)
    if path.parent and not path.parent.exists():
        raise KnownError(f"输出文件夹“{path.parent}”不存在。")
    top, right, bottom, left = (m * mm for m in margins_mm)

    def build(tmp: Path) -> None:
        doc = _DocTemplate(str(tmp), pagesize=pagesize, title=title, author=author, creator="党建台账",
                           topMargin=top, rightMargin=right, bottomMargin=bottom, leftMargin=left,
                           initialFontName=fonts.BODY)
        canvasmaker = _numbered_canvas(decor or PageDecor())
        if toc:
            doc.multiBuild(story, canvasmaker=canvasmaker)
        else:
            doc.build(story, canvasmaker=canvasmaker)

    try:
        return write_atomically(path, build)
    except PermissionError:
        raise KnownError(f"无法写入“{path}”：文件可能正在被其他程序（如PDF阅读器）打开，请关闭后重试。") from None
    except OSError as exc:
        raise KnownError(f"无法写入“{path}”：{os_error_text(exc)}") from None


def usable_width(pagesize, margins_mm: tuple[float, float, float, float] = (18, 15, 16, 15)) -> float:
    return pagesize[0] - (margins_mm[1] + margins_mm[3]) * mm


__all__ = [
    "LANDSCAPE",
    "PORTRAIT",
    "POSTER",
    "TA_CENTER",
    "TA_LEFT",
    "BoxedTable",
    "PageDecor",
    "RuledLines",
    "Styles",
    "TocMark",
    "build_pdf",
    "fast_cell",
    "mm",
    "para",
    "ruled_table",
    "styles",
    "table_of_contents",
    "usable_width",
]


def count_pages(story: list[Flowable], *, pagesize=PORTRAIT,
                margins_mm: tuple[float, float, float, float] = (18, 15, 16, 15)) -> int:
    """How many pages `story` takes with build_pdf's frame (a trial build in memory, nothing written)."""
    import io

    fonts.register()
    top, right, bottom, left = (m * mm for m in margins_mm)
    doc = _DocTemplate(io.BytesIO(), pagesize=pagesize, topMargin=top, rightMargin=right, bottomMargin=bottom,
                       leftMargin=left, initialFontName=fonts.BODY)
    doc.build(story)
    return doc.page
