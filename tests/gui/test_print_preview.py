"""The in-app print preview (issue #17): pages from the PDF, navigation, zoom, and what reaches a printer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import QUrl
from PySide6.QtPrintSupport import QPrinter
from reportlab.lib.pagesizes import A3, A4, landscape
from reportlab.pdfgen import canvas as rl_canvas

from app.gui import print_preview


def _pdf(path: Path, sizes: list[tuple[float, float]]) -> Path:
    c = rl_canvas.Canvas(str(path))
    for n, size in enumerate(sizes, 1):
        c.setPageSize(size)
        c.drawString(72, size[1] - 72, f"page {n}")
        c.rect(36, 36, size[0] - 72, size[1] - 72)
        c.showPage()
    c.save()
    return path


def _pdf_printer(out: Path, dpi: int = 72) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    printer.setResolution(dpi)  # low: the test checks sheets and sizes, not sharpness
    return printer


def _open(qtbot, pdf: Path, title: str = "测试") -> print_preview.PrintPreview:
    preview = print_preview.show_pdf(None, pdf, title=title)
    qtbot.addWidget(preview)
    qtbot.waitUntil(lambda: 0 in preview.canvas.painted_pages, timeout=5000)
    return preview


def test_preview_shows_pages_and_navigates(qtbot, tmp_path) -> None:
    preview = _open(qtbot, _pdf(tmp_path / "a.pdf", [A4] * 40))
    assert preview.page_count == 40
    assert "共 40 页" in preview.page_spin.suffix()
    assert not preview.prev_button.isEnabled() and preview.next_button.isEnabled()
    # lazily: only what is in view was rendered, not all 40 pages
    assert len(preview.canvas.painted_pages) <= 3
    preview.next_button.click()
    assert preview.current_page() == 1
    preview.go_to(39)
    qtbot.waitUntil(lambda: 39 in preview.canvas.painted_pages, timeout=5000)
    assert preview.page_spin.value() == 40 and not preview.next_button.isEnabled()
    before = preview.canvas.page_size_px(0).width()
    preview.set_zoom(2.0)
    assert preview.canvas.page_size_px(0).width() > before
    assert preview.current_page() == 39  # zoom keeps the page in view


def test_print_sends_every_page_to_the_printer(qtbot, tmp_path) -> None:
    preview = _open(qtbot, _pdf(tmp_path / "a.pdf", [A4] * 5))
    out = tmp_path / "printed.pdf"
    assert preview.print_to(_pdf_printer(out)) == 5
    pages = pypdf.PdfReader(out).pages
    assert len(pages) == 5
    assert [round(float(v)) for v in pages[0].mediabox[2:]] == [595, 842]


def test_page_range_and_copies(qtbot, tmp_path) -> None:
    preview = _open(qtbot, _pdf(tmp_path / "a.pdf", [A4] * 6))
    out = tmp_path / "printed.pdf"
    printer = _pdf_printer(out)
    printer.setCopyCount(2)
    assert preview.print_to(printer, 2, 4) == 6
    assert len(pypdf.PdfReader(out).pages) == 6


def test_a3_and_landscape_pages_print_at_their_size(qtbot, tmp_path) -> None:
    preview = _open(qtbot, _pdf(tmp_path / "a.pdf", [A4, A3, landscape(A4)]))
    out = tmp_path / "printed.pdf"
    preview.print_to(_pdf_printer(out))
    sizes = [tuple(round(float(v)) for v in p.mediabox[2:]) for p in pypdf.PdfReader(out).pages]
    assert sizes == [(595, 842), (842, 1191), (842, 595)]
    # on screen too: the A3 page is drawn larger than the A4 one
    assert preview.canvas.page_size_px(1).height() > preview.canvas.page_size_px(0).height()


def test_print_dialog_prints_the_chosen_range(qtbot, tmp_path, monkeypatch) -> None:
    """打印… goes through QPrintDialog; the range the user picks there is what is printed."""
    from PySide6.QtPrintSupport import QPrintDialog

    preview = _open(qtbot, _pdf(tmp_path / "a.pdf", [A4] * 4))
    out = tmp_path / "printed.pdf"

    def accept(dialog: QPrintDialog) -> int:
        printer = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        printer.setResolution(72)
        printer.setPrintRange(QPrinter.PrintRange.PageRange)
        printer.setFromTo(3, 4)
        return 1

    monkeypatch.setattr(QPrintDialog, "exec", accept)
    preview.print_button.click()
    assert len(pypdf.PdfReader(out).pages) == 2


def test_save_as_and_open_folder(qtbot, tmp_path, monkeypatch) -> None:
    pdf = _pdf(tmp_path / "a.pdf", [A4])
    preview = _open(qtbot, pdf)
    target = tmp_path / "copy" / "存档.pdf"
    target.parent.mkdir()
    monkeypatch.setattr(print_preview.QFileDialog, "getSaveFileName", lambda *a: (str(target.with_suffix("")), ""))
    preview.save_button.click()
    assert target.read_bytes() == pdf.read_bytes()
    assert "已另存为" in preview.where.text()
    opened: list[str] = []
    preview.opener = lambda url: opened.append(url.toLocalFile()) or True
    preview.folder_button.click()
    assert opened == [str(tmp_path)]
    told: list[str] = []
    monkeypatch.setattr(print_preview.QMessageBox, "information", lambda _p, _t, text: told.append(text))
    preview.opener = lambda url: False  # no file manager: the user is told where the file is
    preview.folder_button.click()
    assert told and str(pdf) in told[0]
    assert isinstance(QUrl.fromLocalFile(str(tmp_path)), QUrl)


@pytest.mark.parametrize("action", ["roster", "posts", "compliance"])
def test_each_print_action_opens_the_preview(action, demo_ctx, qtbot, tmp_path) -> None:
    """组织设置's 打印花名册 / 打印班子配备台账 and 三会一课's 打印督查表 open the preview on their PDF."""
    from app.gui.tabs.meetings import MeetingsTab
    from app.gui.tabs.org_setup import OrgSetupTab
    from app.gui.widgets import roster_actions

    if action == "compliance":
        tab = MeetingsTab(demo_ctx)
        qtbot.addWidget(tab)
        tab.year.setValue(dt.date.today().year)
        tab.print_button.click()
    else:
        tab = OrgSetupTab(demo_ctx)
        qtbot.addWidget(tab)
        if action == "roster":
            roster_actions.print_roster(tab.roster)
        else:
            tab.posts.print_button.click()
    qtbot.waitUntil(lambda: bool(print_preview.open_previews()), timeout=10000)
    preview = print_preview.open_previews()[-1]
    qtbot.addWidget(preview)
    assert preview.pdf.exists() and preview.page_count >= 1
    out = tmp_path / "printed.pdf"
    assert preview.print_to(_pdf_printer(out)) == preview.page_count
    assert len(pypdf.PdfReader(out).pages) == len(pypdf.PdfReader(preview.pdf).pages)
    preview.close()
