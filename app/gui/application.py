"""QApplication set-up: bundled CJK font, Qt's zh_CN strings, global error dialog, then the main window."""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app import APP_NAME, paths
from app.errors import KnownError
from app.gui.after_paint import AfterPaint

log = logging.getLogger("dangjian.gui")
_translators: list[QTranslator] = []


def load_fonts(app: QApplication) -> str:
    """Register the bundled fonts so Chinese renders on machines without system CJK fonts."""
    family = ""
    for name in ("wqy-microhei.ttc", "uming.ttc"):
        font_id = QFontDatabase.addApplicationFont(str(paths.fonts_dir() / name))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if families and not family:
            family = families[0]
    preferred = [f for f in ("Microsoft YaHei UI", "Microsoft YaHei") if f in QFontDatabase.families()]
    chosen = preferred[0] if preferred else family
    if chosen:
        font = QFont(chosen, 10)
        app.setFont(font)
    return chosen


def install_translations(app: QApplication) -> None:
    """Qt's own Chinese strings: standard buttons read 确定/取消."""
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in ("qtbase", "qt"):
        translator = QTranslator(app)
        if translator.load(QLocale("zh_CN"), name, "_", folder):
            app.installTranslator(translator)
            _translators.append(translator)


def show_error(exc: BaseException, parent=None, title: str = "") -> None:
    """A KnownError gets its plain message; a bug gets an apology and the log file's place.

    The one place the GUI turns an error into a dialog (`app.gui.operations.report_error` calls it)."""
    if isinstance(exc, KnownError):
        QMessageBox.warning(parent, title or APP_NAME, str(exc))
        return
    from app.logs import is_disk_full, unexpected_error_text

    log.error("unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
    drafts = "" if is_disk_full(exc) else "已输入的内容已保存为草稿。\n"
    box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME, drafts + unexpected_error_text(exc), parent=parent)
    box.exec()


def install_excepthook() -> None:
    """Errors raised inside Qt slots land here: log, dialog, and the app keeps running."""

    def hook(exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        log.error("uncaught error", exc_info=(exc_type, exc, tb))
        if os.environ.get("DANGJIAN_GUI_RAISE"):
            sys.__excepthook__(exc_type, exc, tb)
        if QApplication.instance() is not None:
            show_error(exc)

    sys.excepthook = hook


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("DangjianLedger")
    app.setWindowIcon(QIcon(str(paths.resources_dir() / "icons" / "app.png")))
    load_fonts(app)
    install_translations(app)
    from app.gui import style

    style.apply(app)  # before the first window: a stylesheet set later re-polishes every widget shown
    return app  # type: ignore[return-value]


def when_first_painted(window: QWidget, then: Callable[[], None], also: tuple[QWidget, ...] = ()) -> None:
    """Calls `then` once, right after `window` (or one of `also`: styles differ in who gets Paint) has
    painted for the first time, so the user sees the window before the store opens. With
    DANGJIAN_STARTUP_TIMES set, it writes the moment to stderr for the benchmark."""

    def painted() -> None:
        startup_time("painted")
        then()

    AfterPaint((window, *also), painted, hidden_too=True)


EXIT_CLOSED = 0  # the user closed the window before the store was open: a normal exit


def startup_time(stage: str) -> None:
    """For the benchmark (tests.perf.bench): when the window was painted, and when it showed data."""
    if os.environ.get("DANGJIAN_STARTUP_TIMES"):
        print(f"startup {stage} {time.time():.6f}", file=sys.stderr, flush=True)


def run(db: str | None = None, smoke_test: bool = False) -> int:
    """Paint the main window, then open the store and fill the first tab; with smoke_test open every
    tab, paint, then exit 0 (or non-zero, with the error raised, when the store cannot be used).

    Painting first means the user sees the program respond at once; the store layer (SQLAlchemy, about
    0.15 s of imports) and the store itself load while the frame is already on screen."""
    from app.gui.main_window import MainWindow

    app = make_application()
    install_excepthook()
    window = MainWindow(None)  # the frame only: nothing here touches the store
    outcome: dict[str, Any] = {}

    def open_and_fill() -> None:
        from app.gui.startup import open_for_gui
        from app.paths import new_store_path

        window.prepare()  # 首页's page, built while the store opens; attach() then only fills it
        try:
            creating = new_store_path(db)  # said in the status bar once the window shows the new store
            ctx = open_for_gui(db, smoke_test)  # in use elsewhere, damaged store, daily backup, login
        except KnownError as exc:
            if smoke_test:
                outcome["error"] = exc
            else:
                QMessageBox.critical(window, APP_NAME, str(exc))
            app.exit(exc.exit_code)
            return
        except BaseException as exc:  # a bug: leave the loop and let it surface as before
            outcome["error"] = exc
            app.exit(1)
            return
        if isinstance(ctx, int):
            app.exit(ctx)
            return
        outcome["ctx"] = ctx
        if not window.isVisible():  # closed by the user while the store was opening (e.g. at the login)
            app.exit(EXIT_CLOSED)
            return
        window.attach(ctx)
        if creating is not None:
            window.statusBar().showMessage(f"已新建空白数据文件：{creating}", 30000)
        window.tabs.currentWidget().repaint()
        startup_time("ready")
        if smoke_test:
            QTimer.singleShot(0, visit_all)

    def visit_all() -> None:
        for i in range(window.tabs.count()):
            window.tabs.setCurrentIndex(i)
            app.processEvents()
        window.tabs.setCurrentIndex(0)
        app.processEvents()
        window.close()
        app.quit()

    when_first_painted(window, open_and_fill, also=(window.tabs, window.tabs.tabBar()))
    window.show()
    code = app.exec()
    window.close()
    from app.gui.operations import wait_for_all

    wait_for_all()  # a background count (首页's grid) still reading the store finishes before it closes
    if outcome.get("ctx") is not None:
        outcome["ctx"].close()
    if isinstance(error := outcome.get("error"), BaseException):
        raise error
    return code
