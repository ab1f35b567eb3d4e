"""The one print preview every 打印… action opens (issue #17).

Every print action renders its PDF through a use case (on a worker thread, via
`app.gui.operations.Operation`) into `pdf_path(name)`, then calls `show_pdf(parent, path, title=...)`.
The preview shows the pages of that same PDF (the one `dangjian print` writes), rendered by PDFium
(`pypdfium2`), with page navigation and zoom, and the buttons 打印… (the system print dialog through
Qt's print support: printer, copies, page range), 另存为 PDF… and 打开所在文件夹.

Pages render lazily: only the pages in view are rasterised, one per event-loop turn, and a few are kept,
so a 150-page 会议记录汇编 opens as fast as a one-page sign-in sheet and scrolling never waits for pages
the user does not see. PDFium is not thread-safe, so everything touching the document stays on the GUI
thread. Printing draws each page at the printer's resolution onto the full sheet, with the sheet size
and orientation of that page (an A3 page prints on A3, a landscape page landscape).
"""

from __future__ import annotations

import contextlib
import logging
import shutil
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QMarginsF, QPoint, QRect, QRectF, QSize, QSizeF, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QImage,
    QKeySequence,
    QPageLayout,
    QPageSize,
    QPainter,
    QPaintEvent,
    QShortcut,
)
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app import paths

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

log = logging.getLogger("dangjian.gui")

GAP = 16  # pixels between pages on screen
SCREEN_PX_PER_PT = 96 / 72  # zoom 100 % = the page at its real size on a 96-dpi screen
ZOOMS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0)
FIT_WIDTH, FIT_PAGE = "fit-width", "fit-page"
CACHED_PAGES = 12  # rendered page images kept (a few screens' worth)
PRINT_DPI = 300  # asked of the printer: sharp text, and a page image of 26 MB rather than 100+

_open: list[PrintPreview] = []  # previews without a parent stay alive until closed


def pdf_path(name: str) -> Path:
    """Where a print action writes its PDF before it is shown (the data folder's prints/)."""
    folder = paths.data_dir() / "prints"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name


def show_pdf(parent: QWidget | None, pdf: Path, *, title: str, modal: bool = False) -> PrintPreview:
    """Open the print preview on a finished PDF (it stays open beside the window; `modal` waits)."""
    preview = PrintPreview(Path(pdf), title=title, parent=parent)
    if parent is None:
        _open.append(preview)
        preview.finished.connect(lambda _r: _open.remove(preview) if preview in _open else None)
    if modal:
        preview.exec()
    else:
        preview.show()
        preview.activateWindow()
    return preview


def open_previews() -> list[PrintPreview]:
    """Every preview window currently shown (tests look for the one a print action opened)."""
    app = QApplication.instance()
    if app is None:
        return []
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, PrintPreview) and w.isVisible()]


def _load_pdfium() -> Any:
    import pypdfium2  # PDFium renders the app's ReportLab PDFs exactly, embedded CJK fonts included

    return pypdfium2


def warm_up() -> None:
    """Load the PDF renderer ahead: importing pypdfium2 is half of the first preview's wait (about 60 ms on a
    slow laptop). The main window calls this when idle, after building its tabs ahead (main_window.py)."""
    _load_pdfium()


def render_page(document: Any, index: int, scale: float) -> QImage:
    """One page as an RGB image, `scale` pixels per PDF point (white background)."""
    bitmap = document[index].render(scale=scale, rev_byteorder=True)
    fmt = QImage.Format.Format_RGBA8888 if bitmap.n_channels == 4 else QImage.Format.Format_RGB888
    # copy(): the QImage must own its pixels once the PDFium bitmap is freed
    return QImage(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride, fmt).copy()


def page_layout(width_pt: float, height_pt: float) -> QPageLayout:
    """The sheet a page of this size prints on: A4/A3… when it is one (portrait or landscape), no margins."""
    portrait = QSizeF(min(width_pt, height_pt), max(width_pt, height_pt))
    size = QPageSize(portrait, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch)
    orientation = (QPageLayout.Orientation.Landscape if width_pt > height_pt + 1
                   else QPageLayout.Orientation.Portrait)
    return QPageLayout(size, orientation, QMarginsF(0, 0, 0, 0))


class PageCanvas(QWidget):
    """All pages one below the other; paints only what is in view, from a small cache of page images."""

    page_painted = Signal(int)

    def __init__(self, document: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.sizes_pt = [tuple(document.get_page_size(i)) for i in range(len(document))]
        self.zoom = 1.0
        self._tops: list[int] = []
        self._cache: OrderedDict[tuple[int, float], QImage] = OrderedDict()
        self._wanted: list[int] = []
        self._render_timer = QTimer(self, singleShot=True, interval=0)
        self._render_timer.timeout.connect(self._render_next)
        self.painted_pages: set[int] = set()
        self.setAutoFillBackground(False)
        self._relayout()

    # ---- geometry ----------------------------------------------------------------------------
    def page_size_px(self, index: int) -> QSize:
        w, h = self.sizes_pt[index]
        f = self.zoom * SCREEN_PX_PER_PT
        return QSize(round(w * f), round(h * f))

    def _relayout(self) -> None:
        y = GAP
        self._tops = []
        width = 0
        for i in range(len(self.sizes_pt)):
            self._tops.append(y)
            size = self.page_size_px(i)
            y += size.height() + GAP
            width = max(width, size.width())
        self.setFixedSize(width + 2 * GAP, y)
        self.update()

    def page_rect(self, index: int) -> QRect:
        size = self.page_size_px(index)
        return QRect(QPoint((self.width() - size.width()) // 2, self._tops[index]), size)

    def page_at(self, y: int) -> int:
        """The page shown at height y (the last one starting above it)."""
        import bisect

        return max(0, bisect.bisect_right(self._tops, y) - 1)

    def set_zoom(self, zoom: float) -> None:
        zoom = max(0.2, min(4.0, zoom))
        if abs(zoom - self.zoom) > 1e-3:
            self.zoom = zoom
            self._relayout()

    # ---- painting ----------------------------------------------------------------------------
    def _scale(self) -> float:
        return self.zoom * SCREEN_PX_PER_PT * self.devicePixelRatioF()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(event.rect(), QColor("#8a8f96"))
        area = event.rect()
        first = self.page_at(area.top())
        scale = self._scale()
        wanted: list[int] = []
        for i in range(first, len(self.sizes_pt)):
            rect = self.page_rect(i)
            if rect.top() > area.bottom():
                break
            if not rect.intersects(area):
                continue
            painter.fillRect(rect.translated(3, 3), QColor(0, 0, 0, 60))
            image = self._cache.get((i, scale))
            if image is None:
                painter.fillRect(rect, Qt.GlobalColor.white)
                painter.setPen(QColor("#9aa0a6"))
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, f"正在显示第 {i + 1} 页…")
                wanted.append(i)
            else:
                self._cache.move_to_end((i, scale))
                painter.drawImage(rect, image)
                if i not in self.painted_pages:
                    self.painted_pages.add(i)
                    self.page_painted.emit(i)
        painter.end()
        if wanted:
            self._wanted = wanted
            self._render_timer.start()

    def _render_next(self) -> None:
        """Rasterise one page that is in view and missing, then come back for the next."""
        scale = self._scale()
        while self._wanted:
            i = self._wanted.pop(0)
            if (i, scale) in self._cache:
                continue
            try:
                image = render_page(self.document, i, scale)
            except Exception:  # a page PDFium cannot draw stays blank with its label; the rest still show
                log.exception("rendering page %d of the preview failed", i + 1)
                continue
            image.setDevicePixelRatio(self.devicePixelRatioF())
            self._cache[(i, scale)] = image
            while len(self._cache) > CACHED_PAGES:
                self._cache.popitem(last=False)
            self.update(self.page_rect(i))
            break
        if self._wanted:
            self._render_timer.start()

    def render_pending(self) -> bool:
        return bool(self._wanted) or self._render_timer.isActive()


class PrintPreview(QDialog):
    """The pages of one PDF, with 打印…, 另存为 PDF… and 打开所在文件夹."""

    def __init__(self, pdf: Path, *, title: str, parent: QWidget | None = None,
                 opener: Callable[[QUrl], bool] = QDesktopServices.openUrl) -> None:
        super().__init__(parent)
        self.pdf = Path(pdf)
        self.title = title
        self.opener = opener
        self.setWindowTitle(f"打印预览 - {title}")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.document = _load_pdfium().PdfDocument(str(self.pdf))
        self.page_count = len(self.document)
        self._fit: str | None = FIT_WIDTH

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        bar = QHBoxLayout()
        self.print_button = QPushButton("打印…")
        self.print_button.setObjectName("primary")
        self.print_button.setToolTip("选择打印机、份数和页码范围（Ctrl+P）")
        self.save_button = QPushButton("另存为 PDF…")
        self.folder_button = QPushButton("打开所在文件夹")
        self.prev_button = QPushButton("上一页")
        self.next_button = QPushButton("下一页")
        self.page_spin = QSpinBox(minimum=1, maximum=max(1, self.page_count))
        self.page_spin.setPrefix("第 ")
        self.page_spin.setSuffix(f" 页 / 共 {self.page_count} 页")
        self.zoom_box = QComboBox()
        self.zoom_box.addItem("适合宽度", FIT_WIDTH)
        self.zoom_box.addItem("整页", FIT_PAGE)
        for z in ZOOMS:
            self.zoom_box.addItem(f"{round(z * 100)}%", z)
        self.zoom_box.setToolTip("缩放（Ctrl+加号 / Ctrl+减号）")
        self.close_button = QPushButton("关闭")
        for w in (self.print_button, self.save_button, self.folder_button):
            bar.addWidget(w)
        bar.addStretch(1)
        for w in (self.prev_button, self.page_spin, self.next_button, QLabel("缩放"), self.zoom_box):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.close_button)
        layout.addLayout(bar)

        self.canvas = PageCanvas(self.document)
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.canvas)
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.scroll.setStyleSheet("QScrollArea { background: #8a8f96; border: 0; }")
        self.scroll.setWidgetResizable(False)
        layout.addWidget(self.scroll, 1)
        self.where = QLabel(f"文件：{self.pdf}")
        self.where.setObjectName("muted")
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.where)

        self.print_button.clicked.connect(self.print_dialog)
        self.save_button.clicked.connect(self.save_as)
        self.folder_button.clicked.connect(self.open_folder)
        self.close_button.clicked.connect(self.close)
        self.prev_button.clicked.connect(lambda: self.go_to(self.current_page() - 1))
        self.next_button.clicked.connect(lambda: self.go_to(self.current_page() + 1))
        self.page_spin.editingFinished.connect(lambda: self.go_to(self.page_spin.value() - 1))
        self.zoom_box.activated.connect(self._zoom_chosen)
        self.scroll.verticalScrollBar().valueChanged.connect(self._scrolled)
        QShortcut(QKeySequence.StandardKey.Print, self, activated=self.print_dialog)
        QShortcut(QKeySequence(Qt.Key.Key_PageDown), self, activated=lambda: self.go_to(self.current_page() + 1))
        QShortcut(QKeySequence(Qt.Key.Key_PageUp), self, activated=lambda: self.go_to(self.current_page() - 1))
        QShortcut(QKeySequence.StandardKey.ZoomIn, self, activated=lambda: self.step_zoom(+1))
        QShortcut(QKeySequence("Ctrl+="), self, activated=lambda: self.step_zoom(+1))
        QShortcut(QKeySequence.StandardKey.ZoomOut, self, activated=lambda: self.step_zoom(-1))
        self._fit_screen()
        self._update_nav()

    # ---- window ------------------------------------------------------------------------------
    def _fit_screen(self) -> None:
        """As large as the page at 100 % needs, within the screen (1366×700 usable on a school laptop)."""
        screen = (self.parentWidget().screen() if self.parentWidget() else QApplication.primaryScreen())
        avail = screen.availableGeometry() if screen else QRect(0, 0, 1366, 700)
        widest = max((w for w, _h in self.canvas.sizes_pt), default=595.0) * SCREEN_PX_PER_PT
        self.resize(min(int(widest) + 2 * GAP + 60, avail.width() - 40), max(480, avail.height() - 40))
        self.setMinimumSize(640, 420)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._apply_fit()

    def closeEvent(self, event: Any) -> None:
        super().closeEvent(event)
        with contextlib.suppress(Exception):  # already closed
            self.document.close()

    # ---- navigation and zoom -----------------------------------------------------------------
    def current_page(self) -> int:
        """0-based page at the top of the view."""
        return self.canvas.page_at(self.scroll.verticalScrollBar().value() + GAP)

    def go_to(self, index: int) -> None:
        index = max(0, min(self.page_count - 1, index))
        self.scroll.verticalScrollBar().setValue(self.canvas.page_rect(index).top() - GAP // 2)
        self._update_nav()

    def _scrolled(self, _value: int) -> None:
        self._update_nav()

    def _update_nav(self) -> None:
        page = self.current_page()
        blocked = self.page_spin.blockSignals(True)
        self.page_spin.setValue(page + 1)
        self.page_spin.blockSignals(blocked)
        self.prev_button.setEnabled(page > 0)
        self.next_button.setEnabled(page < self.page_count - 1)

    def _zoom_chosen(self, _index: int) -> None:
        data = self.zoom_box.currentData()
        if data in (FIT_WIDTH, FIT_PAGE):
            self._fit = data
            self._apply_fit()
        else:
            self.set_zoom(float(data), keep_mode=True)

    def set_zoom(self, zoom: float, *, keep_mode: bool = False) -> None:
        page = self.current_page()
        self._fit = None
        self.canvas.set_zoom(zoom)
        if not keep_mode:
            index = self.zoom_box.findData(zoom)
            if index >= 0:
                self.zoom_box.setCurrentIndex(index)
        self.go_to(page)

    def step_zoom(self, step: int) -> None:
        """Ctrl+plus / Ctrl+minus: the next listed zoom above or below the current one."""
        now = self.canvas.zoom
        larger = [z for z in ZOOMS if z > now + 1e-3]
        smaller = [z for z in ZOOMS if z < now - 1e-3]
        if step > 0 and larger:
            self.set_zoom(larger[0])
        elif step < 0 and smaller:
            self.set_zoom(smaller[-1])

    def _apply_fit(self) -> None:
        if self._fit is None or not self.page_count:
            return
        page = self.current_page()
        viewport = self.scroll.viewport().size()
        w_pt = max(w for w, _h in self.canvas.sizes_pt)
        h_pt = max(h for _w, h in self.canvas.sizes_pt)
        by_width = (viewport.width() - 2 * GAP - 4) / (w_pt * SCREEN_PX_PER_PT)
        zoom = by_width if self._fit == FIT_WIDTH else min(
            by_width, (viewport.height() - 2 * GAP) / (h_pt * SCREEN_PX_PER_PT))
        # fit width, but no larger than real size: a page wider than life is harder, not easier, to read
        self.canvas.set_zoom(min(zoom, 1.0) if self._fit == FIT_WIDTH else zoom)
        self.go_to(page)

    # ---- actions -----------------------------------------------------------------------------
    def make_printer(self) -> QPrinter:
        from PySide6.QtPrintSupport import QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setResolution(PRINT_DPI)
        printer.setFullPage(True)
        printer.setDocName(self.title)
        if self.page_count:
            printer.setPageLayout(page_layout(*self.canvas.sizes_pt[0]))
        return printer

    def print_dialog(self) -> None:
        """The system print dialog (printer, copies, page range), then the pages to that printer."""
        from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter

        printer = self.make_printer()
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(f"打印 - {self.title}")
        dialog.setMinMax(1, max(1, self.page_count))
        dialog.setFromTo(1, max(1, self.page_count))
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCurrentPage, True)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintToFile, True)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        first, last = 1, self.page_count
        if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
            first, last = printer.fromPage(), min(printer.toPage() or self.page_count, self.page_count)
        elif printer.printRange() == QPrinter.PrintRange.CurrentPage:
            first = last = self.current_page() + 1
        self.print_to(printer, first, last)

    def print_to(self, printer: QPrinter, first: int = 1, last: int | None = None) -> int:
        """Send pages first..last (1-based) to `printer`, each on a sheet of its own size; returns the
        number of sheets sent (copies included). Copies the driver cannot make are printed here."""
        last = self.page_count if last is None else last
        pages = list(range(first - 1, last))
        if not pages:
            return 0
        copies = 1
        if not printer.supportsMultipleCopies():  # e.g. PDF output: the driver would print one copy
            copies = max(1, printer.copyCount())
            printer.setCopyCount(1)
        order = [p for _c in range(copies) for p in pages]
        progress = QProgressDialog("正在发送到打印机…", "取消", 0, len(order), self)
        progress.setWindowTitle("打印")
        progress.setMinimumDuration(800)
        printer.setFullPage(True)
        printer.setPageLayout(page_layout(*self.canvas.sizes_pt[order[0]]))
        painter = QPainter()
        if not painter.begin(printer):
            QMessageBox.warning(self, "打印", "无法连接打印机，请检查打印机是否已打开并连接好。")
            return 0
        sent = 0
        try:
            for n, index in enumerate(order):
                if progress.wasCanceled():
                    break
                if n:
                    printer.setPageLayout(page_layout(*self.canvas.sizes_pt[index]))
                    printer.newPage()
                image = render_page(self.document, index, printer.resolution() / 72)
                painter.drawImage(QRectF(0, 0, printer.width(), printer.height()), image)
                sent += 1
                progress.setValue(n + 1)
                QApplication.processEvents()
        finally:
            painter.end()
            progress.close()
        return sent

    def save_as(self) -> None:
        folder = paths.exports_dir()
        folder.mkdir(parents=True, exist_ok=True)
        target, _ = QFileDialog.getSaveFileName(self, "另存为 PDF", str(folder / self.pdf.name), "PDF 文件 (*.pdf)")
        if not target:
            return
        if not target.lower().endswith(".pdf"):
            target += ".pdf"
        try:
            if Path(target).resolve() != self.pdf.resolve():
                shutil.copyfile(self.pdf, target)
        except OSError as exc:
            QMessageBox.warning(self, "另存为 PDF", f"保存失败：{exc.strerror or exc}\n{target}")
            return
        self.where.setText(f"已另存为：{target}")

    def open_folder(self) -> None:
        folder = self.pdf.parent
        if not self.opener(QUrl.fromLocalFile(str(folder))):
            QMessageBox.information(self, "打开所在文件夹", f"无法自动打开文件夹，文件在：\n{self.pdf}")
