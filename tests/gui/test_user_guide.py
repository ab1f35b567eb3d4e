"""帮助 → 使用说明 opens the built-in guide in the print preview, printable like any other document."""

from __future__ import annotations

import pypdf
from PySide6.QtPrintSupport import QPrinter

from app.gui import print_preview
from app.gui.main_window import MainWindow
from app.printing.user_guide import SECTIONS, render_user_guide
from tests.pdf_text import pdf_text


def test_guide_covers_the_everyday_tasks_with_pictures(tmp_path) -> None:
    path = render_user_guide(tmp_path / "guide.pdf")
    reader = pypdf.PdfReader(path)
    text = pdf_text(path)
    for topic in ("第一次使用", "记录一次会议", "打印", "备份", "导入党员花名册"):
        assert topic in text, topic
    assert "另存为 PDF" in text and "备份到U盘" in text
    pictures = sum(len(page.images) for page in reader.pages)
    assert pictures == sum(1 for s in SECTIONS if s.picture) >= 4  # illustrated, every picture found
    assert len(reader.pages) == len(SECTIONS)


def test_help_menu_opens_the_guide_in_the_preview(ctx, qtbot, tmp_path) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    guide = window.help_actions["guide"]
    assert guide.text() == "使用说明…" and guide.shortcut().toString() == "F1"
    guide.trigger()
    qtbot.waitUntil(lambda: bool(print_preview.open_previews()), timeout=15000)
    preview = print_preview.open_previews()[-1]
    qtbot.addWidget(preview)
    assert preview.windowTitle() == "打印预览 - 使用说明"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setResolution(72)
    assert preview.print_to(printer) == preview.page_count == len(SECTIONS)
    preview.close()
