"""首页's drawn rows (app/gui/widgets/painted_rows.py) keep their columns as wide as their text."""

from __future__ import annotations

from PySide6.QtGui import QFont

from app.gui.widgets.painted_rows import Cell, PaintedRows


def test_columns_are_measured_again_when_the_font_changes(qtbot) -> None:
    """Filled before the stylesheet's font (or a screen with another DPI) reaches it, a column measured
    with the old font would cut its text off."""
    rows = PaintedRows()
    qtbot.addWidget(rows)
    rows.set_rows([[Cell("第一党支部（小学部）"), Cell(bar=(3, 5))]])
    before = rows.sizeHint().width()
    font = QFont(rows.font())
    font.setPixelSize(font.pixelSize() * 2 if font.pixelSize() > 0 else 28)
    rows.setFont(font)
    assert rows.sizeHint().width() > before + 50
    assert rows.cell_rect(0, 0).width() >= rows.fontMetrics().horizontalAdvance("第一党支部（小学部）")
