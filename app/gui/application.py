"""QApplication set-up: bundled CJK font, Qt's zh_CN strings, global error dialog, then the main window."""

from __future__ import annotations

import logging
import os
import sys

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from app import APP_NAME, paths
from app.errors import KnownError

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


def show_error(exc: BaseException, parent=None) -> None:
    """A KnownError gets its plain message; a bug gets an apology and the log file's place."""
    if isinstance(exc, KnownError):
        QMessageBox.warning(parent, APP_NAME, str(exc))
        return
    log.error("unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
    box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME,
                      "程序遇到意外错误，刚才的操作没有完成，已输入的内容已保存为草稿。\n"
                      f"详细信息已记录在：{paths.logs_dir() / 'dangjian.log'}", parent=parent)
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
    return app  # type: ignore[return-value]


def run(db: str | None = None, smoke_test: bool = False) -> int:
    """Open the store, show the main window; with smoke_test open every tab, paint, then exit 0."""
    from app.gui.main_window import MainWindow
    from app.gui.startup import open_for_gui

    app = make_application()
    install_excepthook()
    try:
        ctx = open_for_gui(db, smoke_test)  # in use elsewhere, damaged store, daily backup, login
    except KnownError as exc:
        if smoke_test:
            raise
        QMessageBox.critical(None, APP_NAME, str(exc))
        return exc.exit_code
    if isinstance(ctx, int):
        return ctx
    window = MainWindow(ctx)
    window.show()
    if smoke_test:
        def visit_all() -> None:
            for i in range(window.tabs.count()):
                window.tabs.setCurrentIndex(i)
                app.processEvents()
            window.tabs.setCurrentIndex(0)
            app.processEvents()
            window.close()
            app.quit()

        QTimer.singleShot(0, visit_all)
    code = app.exec()
    ctx.close()
    return code
