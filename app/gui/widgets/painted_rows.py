"""Rows of text (and a bar) drawn by one widget: 首页's 各党支部 and 近期节点.

One QLabel per cell made these two panels about 70 of 首页's widgets, each polished, laid out and painted
on its own; drawn here as one widget, the page's first view is cheaper by that much (docs/benchmark.md).
What they show is read-only text: nothing in a row is clicked or selected.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.gui import style


@dataclass(frozen=True)
class Cell:
    text: str = ""
    colour: str = style.INK
    bold: bool = False
    small: bool = False  # 12 px, as QLabel#small
    bar: tuple[int, int] | None = None  # (value, maximum): a bar instead of text, as QProgressBar#branchBar


class PaintedRows(QWidget):
    """A header line (optional) and rows of cells in columns as wide as their widest text; the column
    `stretch` takes the width left over (a bar column is at least BAR_MIN wide)."""

    ROW_GAP = 10
    COLUMN_GAP = 12
    BAR_MIN = 60
    BAR_HEIGHT = 8

    def __init__(self, parent: QWidget | None = None, *, stretch: int = -1, row_gap: int = ROW_GAP,
                 column_gap: int = COLUMN_GAP) -> None:
        super().__init__(parent)
        self.stretch = stretch
        self.row_gap, self.column_gap = row_gap, column_gap
        self.header: list[Cell] = []
        self.rows: list[list[Cell]] = []
        self._widths: list[int] = []
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def set_rows(self, rows: list[list[Cell]], header: list[Cell] | None = None) -> None:
        self.header, self.rows = header or [], rows
        self._measure()

    def changeEvent(self, event: QEvent) -> None:
        """A new font (the stylesheet's, reaching the widget after it was filled, or one set later) changes
        every column's width."""
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange) and self.rows:
            self._measure()
        super().changeEvent(event)

    def _measure(self) -> None:
        lines = ([self.header] if self.header else []) + self.rows
        columns = max((len(line) for line in lines), default=0)
        metrics: dict[tuple[bool, bool], QFontMetrics] = {}  # one per kind of cell, not per cell

        def width(cell: Cell) -> int:
            if cell.bar is not None:
                return self.BAR_MIN
            kind = (cell.small, cell.bold)
            if kind not in metrics:
                metrics[kind] = QFontMetrics(self._font(cell))
            return metrics[kind].horizontalAdvance(cell.text)

        self._widths = [max((width(line[c]) for line in lines if c < len(line)), default=0)
                        for c in range(columns)]
        self.updateGeometry()
        self.update()

    def texts(self) -> list[list[str]]:
        """What each row says (tests, and anyone reading the page's content)."""
        return [[cell.text for cell in row] for row in self.rows]

    def _font(self, cell: Cell) -> QFont:
        font = QFont(self.font())
        if cell.small:
            font.setPixelSize(12)
        font.setBold(cell.bold)
        return font

    def _line_height(self) -> int:
        return QFontMetrics(self.font()).height() + 2

    def _lines(self) -> int:
        return len(self.rows) + (1 if self.header else 0)

    def sizeHint(self) -> QSize:
        lines = self._lines()
        height = lines * self._line_height() + max(lines - 1, 0) * self.row_gap
        width = sum(self._widths) + self.column_gap * max(len(self._widths) - 1, 0)
        return QSize(width, height)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def _column_rects(self) -> list[tuple[int, int]]:
        widths = list(self._widths)
        spare = self.width() - self.sizeHint().width()
        if 0 <= self.stretch < len(widths) and spare > 0:
            widths[self.stretch] += spare
        x, spans = 0, []
        for w in widths:
            spans.append((x, w))
            x += w + self.column_gap
        return spans

    def cell_rect(self, row: int, column: int) -> QRect:
        """Where a row's cell is drawn (row 0 is the first row under the header)."""
        x, w = self._column_rects()[column]
        line = row + (1 if self.header else 0)
        height = self._line_height()
        return QRect(x, line * (height + self.row_gap), w, height)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        spans = self._column_rects()
        height = self._line_height()
        lines = ([self.header] if self.header else []) + self.rows
        fonts: dict[tuple[bool, bool], QFont] = {}  # a handful of kinds of cell: one font and pen each
        font_now: tuple[bool, bool] | None = None
        colour_now = ""
        align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        shown = event.rect()
        for n, line in enumerate(lines):
            top = n * (height + self.row_gap)
            if top > shown.bottom() or top + height < shown.top():
                continue
            for (x, w), cell in zip(spans, line, strict=False):
                rect = QRect(x, top, w, height)
                if cell.bar is not None:
                    self._draw_bar(painter, rect, *cell.bar)
                    colour_now = ""  # the bar changed the pen
                    continue
                kind = (cell.small, cell.bold)
                if kind != font_now:
                    if kind not in fonts:
                        fonts[kind] = self._font(cell)
                    painter.setFont(fonts[kind])
                    font_now = kind
                if cell.colour != colour_now:
                    painter.setPen(QColor(cell.colour))
                    colour_now = cell.colour
                painter.drawText(rect, align, cell.text)
        painter.end()

    def _draw_bar(self, painter: QPainter, rect: QRect, value: int, maximum: int) -> None:
        bar = QRect(rect.x(), rect.center().y() - self.BAR_HEIGHT // 2 + 1, rect.width(), self.BAR_HEIGHT)
        radius = self.BAR_HEIGHT / 2
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(style.BAR_TRACK))
        painter.drawRoundedRect(bar, radius, radius)
        if maximum > 0 and value > 0:
            filled = QRect(bar.x(), bar.y(), max(int(bar.width() * min(value, maximum) / maximum), self.BAR_HEIGHT),
                           bar.height())
            painter.setBrush(QColor(style.RED))
            painter.drawRoundedRect(filled, radius, radius)
