"""One place for colours and the stylesheet: a calm, official look with the Party red used sparingly."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QWidget

from app import paths

RED = "#b3202a"  # headings, primary buttons, the dashboard's accent
RED_DARK = "#8e1820"
RED_TINT = "#fbeeee"  # selected rows
GOLD = "#c8952c"
INK = "#1f2329"  # body text
MUTED = "#6b7280"  # secondary text
LINE = "#e3e5e8"  # borders
BAR_TRACK = "#eef0f2"  # the empty part of a bar (首页's 各党支部)
PAGE = "#f4f5f7"  # window background
CARD = "#ffffff"
DANGER = "#c62828"
WARNING = "#b26a00"
INFO = "#1f5fa8"
OK = "#2e7d32"
FOCUS = "#2f6fb3"  # keyboard focus: blue, so that it never reads as the error red (DANGER)

LEVEL_COLOURS = {"danger": DANGER, "warning": WARNING, "info": INFO}
LEVEL_LABELS = {"danger": "紧急", "warning": "提醒", "info": "提示"}

ARROW = (paths.resources_dir() / "ui" / "chevron-down.svg").as_posix()
ARROW_UP = (paths.resources_dir() / "ui" / "chevron-up.svg").as_posix()

QSS = f"""
QMainWindow, QDialog {{ background: {PAGE}; }}
QTabWidget::pane {{ border: 0; background: {PAGE}; }}
QTabBar::tab {{ padding: 7px 20px; margin-right: 2px; color: {MUTED}; background: transparent;
    border: 0; border-bottom: 2px solid transparent; font-size: 14px; }}
QTabBar::tab:selected {{ color: {RED}; border-bottom: 2px solid {RED}; font-weight: bold; }}
QTabBar::tab:hover:!selected {{ color: {INK}; }}
QLabel#pageTitle {{ font-size: 20px; font-weight: bold; color: {INK}; }}
QLabel#sectionTitle {{ font-size: 15px; font-weight: bold; color: {INK}; }}
QLabel#muted {{ color: {MUTED}; }}
QLabel#errorList {{ color: {DANGER}; }}
QLabel#warningList {{ color: {WARNING}; }}
QFrame#card {{ background: {CARD}; border: 1px solid {LINE}; border-radius: 8px; }}
QFrame#panel {{ background: {CARD}; border: 1px solid {LINE}; border-radius: 6px; }}
QTableView, QTreeView, QListView {{ background: {CARD}; border: 1px solid {LINE}; border-radius: 4px;
    selection-background-color: {RED_TINT}; selection-color: {INK}; alternate-background-color: #fafafb;
    gridline-color: #eef0f2; }}
QTableView::item {{ padding: 0 8px; }}
QCalendarWidget QTableView {{ border: 0; border-radius: 0; padding: 0; alternate-background-color: {CARD}; }}
QCalendarWidget QTableView::item {{ padding: 0; }}
QCalendarWidget QWidget#qt_calendar_navigationbar {{ background: {RED}; }}
QCalendarWidget QToolButton {{ color: white; background: transparent; border: 0; padding: 2px 6px;
    font-weight: bold; }}
QCalendarWidget QToolButton:hover {{ background: {RED_DARK}; border-radius: 3px; }}
QCalendarWidget QSpinBox {{ min-height: 16px; padding: 0 2px; }}
QTreeView::item {{ padding: 4px 2px; }}
QScrollBar:vertical {{ background: transparent; width: 10px; margin: 0; }}
QScrollBar:horizontal {{ background: transparent; height: 10px; margin: 0; }}
QScrollBar::handle:vertical {{ background: #c9cdd2; border-radius: 4px; min-height: 30px; margin: 1px; }}
QScrollBar::handle:horizontal {{ background: #c9cdd2; border-radius: 4px; min-width: 30px; margin: 1px; }}
QScrollBar::handle:hover {{ background: #a9aeb5; }}
QScrollBar::add-line, QScrollBar::sub-line {{ width: 0; height: 0; }}
QScrollBar::add-page, QScrollBar::sub-page {{ background: none; }}
QHeaderView::section {{ background: #f0f1f3; color: #374151; padding: 5px 6px; border: 0;
    border-right: 1px solid {LINE}; border-bottom: 1px solid {LINE}; font-weight: bold; }}
QPushButton {{ padding: 5px 12px; border: 1px solid #cfd3d8; border-radius: 4px; background: {CARD};
    color: {INK}; min-height: 20px; }}
QPushButton:hover {{ border-color: {RED}; color: {RED}; }}
QPushButton:disabled {{ color: #b0b4ba; border-color: {LINE}; background: #f7f7f8; }}
QPushButton#primary {{ background: {RED}; color: white; border-color: {RED}; font-weight: bold; }}
QPushButton#primary:hover {{ background: {RED_DARK}; color: white; }}
QPushButton#primary:disabled {{ background: #d9a5a8; border-color: #d9a5a8; color: white; }}
QPushButton:checked {{ background: {RED_TINT}; border-color: {RED}; color: {RED}; }}
QLineEdit, QComboBox, QDateEdit, QSpinBox, QPlainTextEdit {{ padding: 3px 6px; border: 1px solid #cfd3d8;
    border-radius: 4px; background: {CARD}; min-height: 20px; }}
QComboBox::drop-down, QDateEdit::drop-down {{ border: 0; width: 22px; }}
QComboBox::down-arrow, QDateEdit::down-arrow {{ image: url("{ARROW}"); width: 12px; height: 12px; }}
QComboBox::down-arrow:disabled, QDateEdit::down-arrow:disabled {{ image: none; }}
QSpinBox {{ padding-right: 2px; }}
QSpinBox::up-button, QSpinBox::down-button {{ subcontrol-origin: padding; width: 18px; border: 0;
    border-left: 1px solid {LINE}; background: #fafafb; }}
QSpinBox::up-button {{ subcontrol-position: top right; border-top-right-radius: 4px; }}
QSpinBox::down-button {{ subcontrol-position: bottom right; border-bottom-right-radius: 4px; }}
QSpinBox::up-button:hover, QSpinBox::down-button:hover {{ background: {RED_TINT}; }}
QSpinBox::up-arrow {{ image: url("{ARROW_UP}"); width: 9px; height: 9px; }}
QSpinBox::down-arrow {{ image: url("{ARROW}"); width: 9px; height: 9px; }}
QSpinBox::up-arrow:disabled, QSpinBox::down-arrow:disabled {{ image: none; }}
QLineEdit:focus, QComboBox:focus, QDateEdit:focus, QSpinBox:focus, QPlainTextEdit:focus {{
    border-color: {FOCUS}; }}
QLineEdit[invalid="true"]:focus {{ border-color: {DANGER}; }}
QComboBox {{ combobox-popup: 0; }}
QComboBox QAbstractItemView {{ border: 1px solid #cfd3d8; background: {CARD}; outline: 0;
    selection-background-color: {RED_TINT}; selection-color: {INK}; padding: 2px; }}
QComboBox QAbstractItemView::item {{ padding: 4px 8px; min-height: 22px; }}
QComboBox QAbstractItemView::item:selected {{ background: {RED_TINT}; color: {INK}; }}
QDialogButtonBox {{ dialogbuttonbox-buttons-have-icons: 0; }}
QLineEdit:disabled, QComboBox:disabled, QDateEdit:disabled {{ background: #f3f4f6; color: #9ca3af; }}
QLineEdit[invalid="true"] {{ border-color: {DANGER}; background: #fff6f6; }}
QGroupBox {{ font-weight: bold; border: 1px solid {LINE}; border-radius: 6px; margin-top: 12px;
    padding-top: 8px; background: {CARD}; }}
QGroupBox::title {{ subcontrol-origin: margin; left: 10px; padding: 0 4px; color: {RED}; }}
QSplitter::handle {{ background: {PAGE}; }}
QStatusBar {{ color: {MUTED}; }}
QStatusBar QLabel {{ padding: 0 8px; }}
QScrollArea#plain, QScrollArea#plain > QWidget > QWidget {{ background: transparent; }}
QLabel#small {{ color: {MUTED}; font-size: 12px; }}
QLabel#warningText {{ color: {WARNING}; }}
QLabel#okNote {{ color: {OK}; font-size: 14px; padding: 12px 0; }}
QLabel#cardLabel {{ color: {MUTED}; font-size: 13px; }}
QLabel#cardValue {{ font-size: 30px; font-weight: bold; }}
QLabel#alertTitle {{ font-weight: bold; color: {INK}; }}
QLabel#alertTag {{ color: white; border-radius: 3px; font-size: 12px; padding: 1px 0; }}
AlertRow {{ border: 0; border-left: 3px solid {INFO}; background: #fbfbfc; }}
QLabel#dueItem {{ padding: 3px 0; }}
QLabel#dueItem[overdue="true"] {{ color: {WARNING}; }}
"""
# 首页's pieces are styled here, by name and property, never by a stylesheet of their own: a widget with its
# own stylesheet (or under a parent that has one) takes about twice as long to polish (docs/benchmark.md).
ACCENTS = {"ink": INK, "red": RED, "gold": GOLD, "info": INFO, "muted": MUTED}
QSS += "".join(f'QFrame#card[accent="{key}"] {{ border-top: 3px solid {value}; }}\n'
               f'QFrame#card[accent="{key}"] QLabel#cardValue {{ color: {value}; }}\n'
               for key, value in ACCENTS.items())
QSS += "".join(f'AlertRow[level="{level}"] {{ border-left-color: {value}; }}\n'
               f'QLabel#alertTag[level="{level}"] {{ background: {value}; }}\n'
               for level, value in LEVEL_COLOURS.items())


def apply(app: QApplication | None = None) -> None:
    """Install the stylesheet once per application (tabs and tests may both ask)."""
    app = app or QApplication.instance()  # type: ignore[assignment]
    if app is None or app.property("dangjian_styled"):
        return
    app.setStyleSheet(QSS)
    app.setProperty("dangjian_styled", True)


def colour(name: str) -> QColor:
    return QColor(name)


def set_role(widget: QWidget, name: str) -> QWidget:
    """Give a widget an objectName the stylesheet knows (pageTitle, card, primary…); a widget already shown
    is styled again at once."""
    if widget.objectName() != name:
        widget.setObjectName(name)
        widget.style().unpolish(widget)
        widget.style().polish(widget)
    return widget
