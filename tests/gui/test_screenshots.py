"""Each tab renders at 1280x800 with the demo school. DANGJIAN_SCREENSHOTS=1 refreshes docs/screenshots/."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from app.gui.main_window import MainWindow

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _distinct_colours(image: QImage) -> int:
    step = 37
    return len({image.pixel(x, y) for x in range(0, image.width(), step) for y in range(0, image.height(), step)})


def _save_small(image: QImage, path: Path) -> None:
    """A 256-colour PNG keeps the repository light; Pillow comes with ReportLab."""
    from PIL import Image

    raw = path.with_suffix(".raw.png")
    image.save(str(raw))
    Image.open(raw).convert("RGB").quantize(256).save(path, optimize=True)
    raw.unlink()


@pytest.mark.qt_log_ignore("does not support propagateSizeHints")  # offscreen platform, shown window
def test_tabs_render(demo_ctx, qtbot) -> None:
    window = MainWindow(demo_ctx)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    with qtbot.waitExposed(window):
        window.show()
    shots = {}
    for index, name in ((0, "home"), (1, "org_setup")):
        window.tabs.setCurrentIndex(index)
        if name == "org_setup":
            tab = window.tab_widget("组织设置")
            tab.orgs.view.setCurrentIndex(tab.orgs.model.index(0, 0))
            tab.roster.table.selectRow(2)
        QApplication.processEvents()  # let the views lay out (scroll bars) before grabbing
        image = window.grab().toImage()
        assert (image.width(), image.height()) == (1280, 800)
        assert _distinct_colours(image) > 20  # drawn, not a blank window
        shots[name] = image
    if os.environ.get("DANGJIAN_SCREENSHOTS"):
        DOCS.mkdir(parents=True, exist_ok=True)
        for name, image in shots.items():
            _save_small(image, DOCS / f"{name}.png")
