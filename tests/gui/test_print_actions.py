"""Every 打印… action outside 组织设置's and 三会一课's main buttons (tests/gui/test_print_preview.py has those)
opens the one print preview on its PDF, and the preview sends every page of it to a printer (issue #17)."""

from __future__ import annotations

from collections.abc import Callable

import pypdf
import pytest
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget

from app.gui import print_preview
from tests.conftest import DEMO_YEAR

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def _points(what: str) -> Callable[[object, object, object], QWidget]:
    def run(ctx, qtbot, monkeypatch) -> QWidget:
        from app.gui.tabs.points import PointsTab

        tab = PointsTab(ctx)
        qtbot.addWidget(tab)
        tab.year.setValue(DEMO_YEAR)
        tab.print_doc(what)
        return tab
    return run


def _development(button: str) -> Callable[[object, object, object], QWidget]:
    def run(ctx, qtbot, monkeypatch) -> QWidget:
        from app.gui.dialogs import notice_dialog
        from app.gui.widgets.development_panel import DevelopmentPanel

        panel = DevelopmentPanel(ctx)
        qtbot.addWidget(panel)
        panel.year.setValue(DEMO_YEAR)
        panel.show()
        qtbot.waitUntil(lambda: bool(panel.people), timeout=10_000)
        panel.people_table.selectRow(0)
        assert panel.line is not None
        monkeypatch.setattr(notice_dialog.NoticeDialog, "exec", lambda _self: 1)  # 确定 on its defaults
        getattr(panel, button).click()
        return panel
    return run


def _plan(ctx, qtbot, _monkeypatch) -> QWidget:
    from app.gui.dialogs.plan_dialog import PlanDialog

    dialog = PlanDialog(ctx, DEMO_YEAR)
    qtbot.addWidget(dialog)
    dialog.print_button.click()
    return dialog


def _dual(ctx, qtbot, _monkeypatch) -> QWidget:
    from app.gui.dialogs.dual_dialog import DualDialog

    dialog = DualDialog(ctx, year=DEMO_YEAR)
    qtbot.addWidget(dialog)
    dialog.print_button.click()
    return dialog


def _clean(page: str, method: str) -> Callable[[object, object, object], QWidget]:
    def run(ctx, qtbot, monkeypatch) -> QWidget:
        from app.gui.tabs.clean_school import CleanSchoolTab

        tab = CleanSchoolTab(ctx)
        qtbot.addWidget(tab)
        tab._year.setValue(DEMO_YEAR)
        getattr(getattr(tab, page), method)()
        return tab
    return run


ACTIONS = {
    "积分公示": _points("notice"), "积分卡": _points("cards"), "承诺书": _points("commitments"),
    "民主测评表": _points("ballots"), "发展党员工作台账": _development("ledger_button"),
    "全程纪实表": _development("dossier_button"), "公示": _development("notice_button"), "年度计划": _plan,
    "双培养台账": _dual, "清单": _clean("lists", "print_poster"), "流程图": _clean("lists", "print_flowcharts"),
    "三重一大登记表": _clean("decisions", "print_records"), "活动记录": _clean("activities", "print_records"),
}


@pytest.mark.parametrize("action", list(ACTIONS))
def test_the_action_opens_the_preview_and_prints_every_page(action, demo_ctx, qtbot, tmp_path, monkeypatch) -> None:
    before = set(map(id, print_preview.open_previews()))
    ACTIONS[action](demo_ctx, qtbot, monkeypatch)
    qtbot.waitUntil(lambda: any(id(p) not in before for p in print_preview.open_previews()), timeout=20_000)
    preview = next(p for p in print_preview.open_previews() if id(p) not in before)
    qtbot.addWidget(preview)
    pages = len(pypdf.PdfReader(preview.pdf).pages)
    assert pages >= 1 and preview.page_count == pages
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setResolution(72)
    assert preview.print_to(printer) == pages
    assert len(pypdf.PdfReader(tmp_path / "printed.pdf").pages) == pages
    preview.close()
