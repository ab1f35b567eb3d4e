"""Pieces of 首页: a count card, an alert row, the branches with their bars, the coming dates."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.dates import fmt
from app.domain.member_counts import DEVELOPING_WORD
from app.gui import style
from app.gui.widgets.painted_rows import Cell, PaintedRows
from app.services.dashboard import Alert, BranchLine, Milestone


class CountCard(QFrame):
    """A number with its label; the accent strip on top carries the card's colour."""

    def __init__(self, label: str, accent: str, parent: QWidget | None = None) -> None:
        """accent: a key of style.ACCENTS (the stylesheet colours the strip and the number)."""
        super().__init__(parent)
        self.setObjectName("card")
        self.setProperty("accent", accent)
        self.setMinimumHeight(86)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        layout.setSpacing(2)
        self.label = QLabel(label)
        self.label.setObjectName("cardLabel")
        self.value = QLabel("—")  # until the store is read (首页's page is built while it opens)
        self.value.setObjectName("cardValue")
        self.caption = QLabel("")
        self.caption.setObjectName("small")
        layout.addWidget(self.label)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)
        layout.addStretch(1)

    def set_value(self, value: int, unit: str, caption: str = "") -> None:
        self.value.setText(f"{value}<span style='font-size:14px; font-weight:normal; color:{style.MUTED}'>"
                           f" {unit}</span>")
        self.caption.setText(caption)


class AlertRow(QFrame):
    activated = Signal(object)  # the Alert, when its link is clicked

    def __init__(self, alert: Alert, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.alert = alert
        level = alert.level if alert.level in style.LEVEL_COLOURS else "info"
        self.setProperty("level", level)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 7, 10, 7)
        layout.setSpacing(10)
        tag = QLabel(style.LEVEL_LABELS.get(alert.level, "提示"))
        tag.setAlignment(Qt.AlignmentFlag.AlignCenter)
        tag.setFixedWidth(40)
        tag.setObjectName("alertTag")
        tag.setProperty("level", level)
        text = QVBoxLayout()
        text.setSpacing(1)
        title = QLabel(alert.title)
        title.setObjectName("alertTitle")
        title.setWordWrap(True)  # a long title wraps: a narrow panel never cuts a row off at its right edge
        detail = QLabel(alert.detail)
        detail.setWordWrap(True)
        detail.setObjectName("small")
        text.addWidget(title)
        text.addWidget(detail)
        layout.addWidget(tag, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(text, 1)
        if alert.target_id.startswith("action:"):  # something to do right here: a real button
            button = QPushButton(alert.area)
            button.clicked.connect(lambda _checked=False: self.activated.emit(self.alert))
            self.link: QWidget = button
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)
            return
        area = QLabel(f"<a href='open' style='color:{style.INFO}; text-decoration:none'>{alert.area} ›</a>"
                      if alert.target_id else alert.area)
        area.setObjectName("small")
        area.setToolTip(f"到“{alert.area}”处理")
        area.linkActivated.connect(lambda _link: self.activated.emit(self.alert))
        self.link = area
        layout.addWidget(area, 0, Qt.AlignmentFlag.AlignTop)


BRANCH_PAGE = 8  # a school has a few branches; a big one shows the rest on a click, as 待办提醒 does


class BranchTable(QWidget):
    """Each branch: name, a bar of its party members against the 50-member guideline, 换届 date.

    Drawn as one widget (app/gui/widgets/painted_rows.py) and BRANCH_PAGE lines, then a button for the
    rest: a county school's 32 branches made 165 of 首页's 348 widgets and a page several screens long."""

    HEADINGS = ["党支部", "党员", "", DEVELOPING_WORD, "下次换届"]  # the words of every count

    def __init__(self, parent: QWidget | None = None, *, scale: int = 50) -> None:
        super().__init__(parent)
        self.scale = scale
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.table = PaintedRows(stretch=2)
        self.empty = QLabel("尚未建立党支部")
        self.empty.setObjectName("muted")
        self.more = QPushButton()
        self.more.setFlat(True)
        self.more.clicked.connect(self.show_all)
        layout.addWidget(self.table)
        layout.addWidget(self.empty)
        layout.addWidget(self.more, 0, Qt.AlignmentFlag.AlignLeft)
        self.lines: list[BranchLine] = []
        self.shown = 0  # lines on screen
        self.set_lines([])

    def set_lines(self, lines: list[BranchLine]) -> None:
        self.lines = lines
        self._show(min(BRANCH_PAGE, len(lines)))

    def show_all(self) -> None:
        """The rest of the branches, below the first page."""
        self._show(len(self.lines))

    def _show(self, count: int) -> None:
        self.shown = count
        self.table.set_rows([self._cells(line) for line in self.lines[:count]],
                            header=[Cell(h, style.MUTED, small=True) for h in self.HEADINGS])
        self.table.setVisible(bool(self.lines))
        self.empty.setVisible(not self.lines)
        rest = len(self.lines) - count
        self.more.setText(f"显示其余 {rest} 个党支部…")
        self.more.setVisible(rest > 0)

    def _cells(self, line: BranchLine) -> list[Cell]:
        party = line.full + line.probationary
        return [Cell(line.name),
                Cell(f"{party} 人" + (f"（预备 {line.probationary}）" if line.probationary else "")),
                Cell(bar=(party, max(self.scale, party))),
                Cell(f"{line.developing} 人"),
                Cell(fmt(line.next_election_due) or "未设任期", style.MUTED)]


class MilestoneList(QWidget):
    """Upcoming dates as a compact agenda: date, what, and why (drawn as one widget, as BranchTable)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.table = PaintedRows(stretch=2, row_gap=8, column_gap=14)
        self.note = QLabel()
        self.note.setObjectName("muted")
        layout.addWidget(self.table)
        layout.addWidget(self.note)
        self.set_items([])

    def set_items(self, items: list[Milestone], limit: int = 8) -> None:
        self.table.set_rows([[Cell(fmt(m.on), style.RED, bold=True), Cell(m.title), Cell(m.detail, style.MUTED,
                                                                                         small=True)]
                             for m in items[:limit]])
        self.table.setVisible(bool(items))
        if not items:
            self.note.setText("半年内没有需要提前准备的节点")
        elif len(items) > limit:
            self.note.setText(f"另有 {len(items) - limit} 项……")
        self.note.setVisible(not items or len(items) > limit)
