"""权力运行流程图: one power item's steps as boxes and arrows, a decision as a diamond with its 否 way.

The chart always fits the space it is given (one page): box text shrinks a little and the gaps close up
for a long process, so an item of 12 or more steps still prints on a single A4 page.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from app.domain.clean_school import FlowStep
from app.printing import fonts
from app.printing.base import mm, para

LINE = colors.black
DECISION_FILL = colors.Color(0.96, 0.96, 0.96)


@dataclass
class _Node:
    kind: str  # "terminal", "step", "decision"
    text: Paragraph
    no_text: Paragraph | None
    width: float
    height: float
    text_height: float
    no_height: float = 0


class FlowChart(Flowable):
    """Start → steps → end, top to bottom; each decision's 否 way goes right to a box of its own."""

    def __init__(self, steps: list[FlowStep], *, max_height: float | None = None) -> None:
        super().__init__()
        self.steps = steps
        self.max_height = max_height
        self._nodes: list[_Node] = []
        self._gap = 7 * mm

    def _layout(self, width: float, font_size: float) -> tuple[list[_Node], float]:
        style = ParagraphStyle("flow", fontName=fonts.BODY, fontSize=font_size, leading=font_size * 1.3,
                               alignment=TA_CENTER, wordWrap="CJK")
        box_w = min(100 * mm, width * 0.52)
        side_w = min(52 * mm, width - box_w - 34 * mm)
        nodes: list[_Node] = []
        items: list[tuple[str, str, str]] = [("terminal", "开始", "")]
        items += [("decision" if s.is_decision else "step", s.text, s.no_text) for s in self.steps]
        items.append(("terminal", "结束", ""))
        for kind, text, no_text in items:
            inner = box_w * (0.56 if kind == "decision" else 0.92) if kind != "terminal" else 30 * mm
            p = para(text, style)
            _, h = p.wrap(inner, 1000)
            no_p = para(no_text, style) if no_text else None
            no_h = no_p.wrap(side_w - 4 * mm, 1000)[1] if no_p else 0
            if kind == "terminal":
                node = _Node(kind, p, None, 34 * mm, h + 3.5 * mm, h)
            elif kind == "decision":
                node = _Node(kind, p, no_p, box_w, max(h * 2.1 + 3 * mm, 14 * mm), h, no_h)
            else:
                node = _Node(kind, p, None, box_w, h + 4 * mm, h)
            nodes.append(node)
        return nodes, sum(n.height for n in nodes)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        limit = min(availHeight, self.max_height or availHeight)
        self.width = availWidth
        for size in (11.0, 10.5, 10.0, 9.5, 9.0, 8.5, 8.0, 7.5):
            nodes, boxes = self._layout(availWidth, size)
            gaps = len(nodes) - 1
            if boxes + gaps * 4 * mm <= limit or size == 7.5:
                break
        self._nodes = nodes
        self._gap = max(4 * mm, min(9 * mm, (limit - boxes) / gaps)) if gaps else 0
        self.height = boxes + gaps * self._gap
        return availWidth, self.height

    def draw(self) -> None:
        c = self.canv
        cx = self.width * 0.38
        side_x = cx + self._nodes[1].width / 2 + 14 * mm if len(self._nodes) > 1 else cx
        y = self.height
        c.setStrokeColor(LINE)
        c.setLineWidth(0.8)
        for i, node in enumerate(self._nodes):
            top, bottom = y, y - node.height
            self._draw_node(node, cx, top, bottom, side_x)
            y = bottom - self._gap
            if i < len(self._nodes) - 1:
                self._arrow(cx, bottom, cx, y)
                if node.kind == "decision":
                    c.setFont(fonts.BODY, 9)
                    c.drawString(cx + 2 * mm, bottom - self._gap / 2 - 1.5 * mm, "是")

    def _draw_node(self, node: _Node, cx: float, top: float, bottom: float, side_x: float) -> None:
        c = self.canv
        mid = (top + bottom) / 2
        if node.kind == "terminal":
            c.roundRect(cx - node.width / 2, bottom, node.width, node.height, node.height / 2)
        elif node.kind == "decision":
            c.setFillColor(DECISION_FILL)
            path = c.beginPath()
            path.moveTo(cx, top)
            path.lineTo(cx + node.width / 2, mid)
            path.lineTo(cx, bottom)
            path.lineTo(cx - node.width / 2, mid)
            path.close()
            c.drawPath(path, stroke=1, fill=1)
            c.setFillColor(colors.black)
            if node.no_text is not None:
                self._no_way(node, cx + node.width / 2, mid, side_x)
        else:
            c.rect(cx - node.width / 2, bottom, node.width, node.height)
        inner = node.width * (0.56 if node.kind == "decision" else 0.92) if node.kind != "terminal" else 30 * mm
        node.text.wrap(inner, 1000)
        node.text.drawOn(c, cx - inner / 2, mid - node.text_height / 2)

    def _no_way(self, node: _Node, from_x: float, mid: float, side_x: float) -> None:
        c = self.canv
        assert node.no_text is not None
        side_w = min(52 * mm, self.width - side_x - 2 * mm)
        self._arrow(from_x, mid, side_x, mid)
        c.setFont(fonts.BODY, 9)
        c.drawString(from_x + 2 * mm, mid + 1.5 * mm, "否")
        h = node.no_height + 4 * mm
        c.setDash(2, 2)
        c.rect(side_x, mid - h / 2, side_w, h)
        c.setDash()
        node.no_text.wrap(side_w - 4 * mm, 1000)
        node.no_text.drawOn(c, side_x + 2 * mm, mid - node.no_height / 2)

    def _arrow(self, x1: float, y1: float, x2: float, y2: float) -> None:
        c = self.canv
        c.line(x1, y1, x2, y2)
        size = 2.2 * mm
        path = c.beginPath()
        if x1 == x2:  # downward
            path.moveTo(x2, y2)
            path.lineTo(x2 - size / 2, y2 + size)
            path.lineTo(x2 + size / 2, y2 + size)
        else:  # rightward
            path.moveTo(x2, y2)
            path.lineTo(x2 - size, y2 + size / 2)
            path.lineTo(x2 - size, y2 - size / 2)
        path.close()
        c.setFillColor(LINE)
        c.drawPath(path, stroke=0, fill=1)
