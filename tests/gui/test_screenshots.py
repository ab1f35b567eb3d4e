"""Each tab renders at 1366×700 (a 1366×768 laptop less taskbar and title bar) and 首页 at 1024×600, with the
demo school. DANGJIAN_SCREENSHOTS=1 refreshes docs/screenshots/; run it under a real X display:

    DANGJIAN_SCREENSHOTS=1 QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1366x700x24" \
        .venv/bin/python -m pytest -q -p no:cacheprovider tests/gui/test_screenshots.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QPushButton

from app.gui import operations
from app.gui.main_window import MainWindow
from tests.conftest import DEMO_YEAR
from tests.gui.conftest import settle

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _grab(window) -> QImage:
    """What the screen shows (a real X display), or the widget's own rendering offscreen."""
    if QApplication.platformName() == "xcb":
        for _ in range(5):
            QApplication.processEvents()
        return window.screen().grabWindow(window.winId()).toImage()
    return window.grab().toImage()


def _distinct_colours(image: QImage, step: int = 37) -> int:
    return len({image.pixel(x, y) for x in range(0, image.width(), step) for y in range(0, image.height(), step)})


def _save_small(image: QImage, path: Path) -> None:
    """A 256-colour PNG keeps the repository light; Pillow comes with ReportLab."""
    from PIL import Image

    raw = path.with_suffix(".raw.png")
    image.save(str(raw))
    Image.open(raw).convert("RGB").quantize(256).save(path, optimize=True)
    raw.unlink()


def _shown_ctx(request: pytest.FixtureRequest):
    """The demo school of DEMO_YEAR; for docs/screenshots, of this year, as `dangjian demo --open` shows it
    today (the DEMO_YEAR store shows an empty 2026 meeting list and a grid of misses)."""
    if not os.environ.get("DANGJIAN_SCREENSHOTS"):
        return request.getfixturevalue("demo_ctx")
    import datetime as dt

    from app.services.demo_cases import make_demo_school

    ctx = request.getfixturevalue("ctx")
    make_demo_school(ctx, dt.date.today().year)
    return ctx


@pytest.mark.qt_log_ignore("does not support propagateSizeHints")  # offscreen platform, shown window
def test_tabs_render(request, qtbot) -> None:
    window = MainWindow(_shown_ctx(request))
    qtbot.addWidget(window)
    window.move(0, 0)
    window.resize(1366, 700)
    with qtbot.waitExposed(window):
        window.show()
    shots = {}
    tabs = [(0, "home"), (1, "org_setup"), (1, "org_posts"), (2, "meetings"), (3, "placeholder"),
            (4, "placeholder_clean")]
    for index, name in tabs:
        window.tabs.setCurrentIndex(index)
        if name == "org_setup":
            tab = window.tab_widget("组织设置")
            tab.orgs.view.setCurrentIndex(tab.orgs.model.index(0, 0))
            tab.roster.table.selectRow(2)
            tab.pages.setCurrentIndex(0)
        if name == "org_posts":
            window.tab_widget("组织设置").pages.setCurrentIndex(1)
        settle(qtbot)  # 首页's development list is read on a worker
        for _ in range(3):  # let the views lay out (scroll bars) and 首页 fill its grid before grabbing
            QApplication.processEvents()
        image = _grab(window)
        assert (image.width(), image.height()) == (1366, 700)
        assert _distinct_colours(image, 37 if "placeholder" not in name else 5) > 20  # drawn, not blank
        shots[name] = image
    window.tabs.setCurrentIndex(0)
    window.resize(1024, 600)
    settle(qtbot)
    for _ in range(3):
        QApplication.processEvents()
    image = _grab(window)
    assert (image.width(), image.height()) == (1024, 600)
    shots["home_1024x600"] = image
    if os.environ.get("DANGJIAN_SCREENSHOTS"):
        DOCS.mkdir(parents=True, exist_ok=True)
        for name, image in shots.items():
            _save_small(image, DOCS / f"{name}.png")


@pytest.mark.qt_log_ignore("does not support propagateSizeHints")
def test_dialogs_render(demo_ctx, qtbot, tmp_path: Path) -> None:
    """The main dialogs, drawn as a user sees them (Chinese buttons, nothing clipped when looked at)."""

    from app.gui.dialogs.audit_dialog import AuditDialog
    from app.gui.dialogs.import_dialog import ImportDialog
    from app.gui.dialogs.meeting_dialog import MeetingDialog
    from app.gui.dialogs.member_dialog import MemberDialog
    from app.gui.help_menu import AboutDialog
    from app.gui.login_dialog import LoginDialog
    from app.services import meeting_list, members
    from tests.roster_files import person, roster

    with demo_ctx.uow() as uow:
        member_id = members.search_members(uow, members.MemberQuery())[3].id
        meeting_id = meeting_list.list_meetings(uow, meeting_list.MeetingQuery(year=DEMO_YEAR))[0].id
    branch = {"所在党支部": "第一党支部（小学部）"}
    sheet = roster(tmp_path / "花名册.xlsx", [
        person(1, 姓名="张晓红", **branch), person(2, 姓名="李建国", 公民身份号码="610330198503090001", **branch),
        person(3, 姓名="王芳", 入党日期="2019.07", 转正日期="2020年7月1日", **branch)])
    dialogs = {
        "member": MemberDialog(demo_ctx, member_id=member_id),
        "meeting": MeetingDialog(demo_ctx, meeting_id),
        "import_preview": ImportDialog(demo_ctx, path=sheet),
        "login": LoginDialog(demo_ctx),
        "audit_log": AuditDialog(demo_ctx),
        "about": AboutDialog(demo_ctx),
    }
    operations.wait_for_all()  # the import preview reads its file on a worker thread
    shots = {}
    for name, dialog in dialogs.items():
        qtbot.addWidget(dialog)
        dialog.show()
        QApplication.processEvents()
        image = dialog.grab().toImage()
        assert _distinct_colours(image, 3) > 20, name
        buttons = " ".join(b.text() for b in dialog.findChildren(QPushButton))
        assert not {"OK", "Cancel", "&OK", "&Cancel", "Close"} & set(buttons.split()), (name, buttons)
        shots[name] = image
        dialog.close()
    if os.environ.get("DANGJIAN_SCREENSHOTS"):
        DOCS.mkdir(parents=True, exist_ok=True)
        for name, image in shots.items():
            _save_small(image, DOCS / f"{name}.png")


@pytest.mark.qt_log_ignore("does not support propagateSizeHints")
def test_print_preview_renders(demo_ctx, qtbot) -> None:
    """The print preview on one branch's 会议记录汇编, at 1366×700, its first page drawn. The retired
    teachers' branch: 41 pages, built in 2 s where a teaching branch's 67 take 3 s."""
    from app.documents import meeting_printing
    from app.gui import print_preview

    pdf = meeting_printing.print_compilation(demo_ctx, DEMO_YEAR, print_preview.pdf_path("会议记录汇编.pdf"),
                                             branch_name="退休教师党支部")
    preview = print_preview.show_pdf(None, pdf, title="会议记录汇编")
    qtbot.addWidget(preview)
    preview.move(0, 0)
    preview.resize(1366, 700)
    qtbot.waitUntil(lambda: 0 in preview.canvas.painted_pages, timeout=10000)
    image = _grab(preview)
    assert _distinct_colours(image, 7) > 20
    if os.environ.get("DANGJIAN_SCREENSHOTS"):
        DOCS.mkdir(parents=True, exist_ok=True)
        _save_small(image, DOCS / "print_preview.png")
    preview.close()
