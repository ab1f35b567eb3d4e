"""「帮助」menu and the 关于 dialog: version, where the data and the logs are, with buttons to open them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME, __version__, paths
from app.context import AppContext
from app.gui import style


def open_folder(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def store_label(ctx: AppContext) -> str:
    """The store as a person would name it: the file, or the server without its password."""
    if ctx.store.path is not None:
        return str(ctx.store.path)
    url = ctx.store.url
    return url.split("@", 1)[-1] if "@" in url else url


class AboutDialog(QDialog):
    """Which version this is and where everything lives; `opener` is replaceable for tests."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None,
                 opener: Callable[[Path], None] = open_folder) -> None:
        super().__init__(parent)
        self.opener = opener
        self.setWindowTitle(f"关于{APP_NAME}")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(12)
        title = QLabel(f"{APP_NAME}　{__version__}")
        title.setObjectName("pageTitle")
        intro = QLabel("学校党组织建设台账：组织设置、党员花名册、三会一课记录与督查。所有数据保存在本机，"
                       "不联网、不上传。")
        intro.setWordWrap(True)
        intro.setObjectName("muted")
        layout.addWidget(title)
        layout.addWidget(intro)
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(8)
        self.open_buttons: dict[str, QPushButton] = {}
        data_file = ctx.store.path
        rows: list[tuple[str, str, Path | None]] = [
            ("数据文件", store_label(ctx), data_file.parent if data_file else None),
            ("数据文件夹", str(paths.data_dir()), paths.data_dir()),
            ("自动备份", str(paths.backups_dir()), paths.backups_dir()),
            ("日志文件夹", str(paths.logs_dir()), paths.logs_dir()),
        ]
        for row, (label, text, folder) in enumerate(rows):
            name = QLabel(label)
            name.setStyleSheet(f"color: {style.MUTED};")
            value = QLabel(text)
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(name, row, 0)
            grid.addWidget(value, row, 1)
            if folder is not None:
                button = QPushButton("打开")
                button.setToolTip(f"在文件管理器中打开：{folder}")
                button.clicked.connect(lambda _c=False, f=folder: self.opener(f))
                grid.addWidget(button, row, 2)
                self.open_buttons[label] = button
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        hint = QLabel("遇到程序错误时，请把日志文件夹中的 dangjian.log 发给技术支持人员。")
        hint.setWordWrap(True)
        hint.setObjectName("muted")
        layout.addWidget(hint)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def show_user_guide(parent: QWidget) -> None:
    """帮助 → 使用说明: the built-in guide (app/printing/user_guide.py), in the print preview."""
    from app.gui import print_preview
    from app.gui.operations import Operation

    def render(_progress: object) -> Path:
        from app.printing.user_guide import render_user_guide

        return render_user_guide(print_preview.pdf_path("党建台账使用说明.pdf"))

    Operation(parent, render, title="使用说明") \
        .success(lambda path: print_preview.show_pdf(parent, path, title="使用说明")).run()


def install_help_menu(window: QMainWindow, ctx: AppContext) -> dict[str, QAction]:
    menu = window.menuBar().addMenu("帮助(&H)")
    actions: dict[str, QAction] = {}
    guide = QAction("使用说明…", window)
    guide.setShortcut(QKeySequence(Qt.Key.Key_F1))
    guide.triggered.connect(lambda _checked=False: show_user_guide(window))
    menu.addAction(guide)
    menu.addSeparator()
    actions["guide"] = guide
    for key, text, slot in (
            ("data", "打开数据文件夹", lambda: open_folder(paths.data_dir())),
            ("logs", "打开日志文件夹", lambda: open_folder(paths.logs_dir())),
            ("about", f"关于{APP_NAME}…", lambda: AboutDialog(ctx, window).exec())):
        if key == "about":
            menu.addSeparator()
        action = QAction(text, window)
        action.triggered.connect(lambda _checked=False, s=slot: s())
        menu.addAction(action)
        actions[key] = action
    return actions
