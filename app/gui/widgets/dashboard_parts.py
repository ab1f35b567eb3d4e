"""Pieces of 首页: a count card, an alert row, a branch line with a bar."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.dates import fmt
from app.domain.member_counts import DEVELOPING_WORD
from app.gui import style
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

    Shows BRANCH_PAGE lines, then a button for the rest: five widgets a line, and a county school's 32
    branches made half of 首页's widgets and a page several screens long."""

    def __init__(self, parent: QWidget | None = None, *, scale: int = 50) -> None:
        super().__init__(parent)
        self.scale = scale
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(12)
        self.grid.setVerticalSpacing(10)
        self.lines: list[BranchLine] = []
        self.shown = 0  # lines on screen
        self.more: QPushButton | None = None

    def set_lines(self, lines: list[BranchLine]) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.lines, self.more, self.shown = lines, None, 0
        if not lines:
            empty = QLabel("尚未建立党支部")
            empty.setObjectName("muted")
            self.grid.addWidget(empty, 0, 0)
            return
        for col, heading in enumerate(["党支部", "党员", "", DEVELOPING_WORD, "下次换届"]):  # the words of every count
            label = QLabel(heading)
            label.setObjectName("small")
            self.grid.addWidget(label, 0, col)
        self._add_lines(BRANCH_PAGE)
        self.grid.setColumnStretch(2, 1)

    def show_all(self) -> None:
        """The rest of the branches, below the first page."""
        self._add_lines(len(self.lines))

    def _add_lines(self, upto: int) -> None:
        if self.more is not None:
            self.grid.removeWidget(self.more)
            self.more.deleteLater()
            self.more = None
        start, self.shown = self.shown, min(upto, len(self.lines))
        for row, line in enumerate(self.lines[start:self.shown], start=start + 1):
            party = line.full + line.probationary
            name = QLabel(line.name)
            bar = QProgressBar()
            bar.setRange(0, max(self.scale, party))
            bar.setValue(party)
            bar.setTextVisible(False)
            bar.setFixedHeight(8)
            bar.setObjectName("branchBar")
            count = QLabel(f"{party} 人" + (f"（预备 {line.probationary}）" if line.probationary else ""))
            developing = QLabel(f"{line.developing} 人")
            due = QLabel(fmt(line.next_election_due) or "未设任期")
            due.setObjectName("muted")
            for col, widget in enumerate([name, count, bar, developing, due]):
                self.grid.addWidget(widget, row, col)
        if (rest := len(self.lines) - self.shown) > 0:
            self.more = QPushButton(f"显示其余 {rest} 个党支部…")
            self.more.setFlat(True)
            self.more.clicked.connect(self.show_all)
            self.grid.addWidget(self.more, self.shown + 1, 0, 1, 5, Qt.AlignmentFlag.AlignLeft)


class MilestoneList(QWidget):
    """Upcoming dates as a compact agenda: date, what, and why."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(14)
        self.grid.setVerticalSpacing(8)

    def set_items(self, items: list[Milestone], limit: int = 8) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        if not items:
            empty = QLabel("半年内没有需要提前准备的节点")
            empty.setObjectName("muted")
            self.grid.addWidget(empty, 0, 0)
            return
        for row, m in enumerate(items[:limit]):
            day = QLabel(fmt(m.on))
            day.setObjectName("milestoneDay")
            title = QLabel(m.title)
            detail = QLabel(m.detail)
            detail.setObjectName("small")
            self.grid.addWidget(day, row, 0)
            self.grid.addWidget(title, row, 1)
            self.grid.addWidget(detail, row, 2)
        if len(items) > limit:
            more = QLabel(f"另有 {len(items) - limit} 项……")
            more.setObjectName("muted")
            self.grid.addWidget(more, limit, 1)
        self.grid.setColumnStretch(2, 1)
