"""Every dialog fits a small screen: what cannot shrink leaves room for the title bar, and fields taller than
the screen scroll inside while the buttons stay in view (issue #17; app/gui/screen_fit.py).

A 1366×768 laptop at Windows' 125 % scaling, minus the taskbar, leaves about 1093×580 logical pixels; a
1024×600 netbook about 1024×560. The test asks for the smaller of the two."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QScrollArea

from app.domain.enums import MeetingKind
from app.gui import screen_fit
from tests.conftest import DEMO_YEAR

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

SMALL = QRect(0, 0, 1024, 560)


def _factories(ctx) -> dict[str, Callable[[], QDialog]]:
    from app.gui.dialogs.accounts_dialog import AccountsDialog, NewAccountDialog
    from app.gui.dialogs.audit_dialog import AuditDialog
    from app.gui.dialogs.catalog_dialog import CatalogDialog
    from app.gui.dialogs.clean_school_dialogs import ActivityDialog, DecisionDialog
    from app.gui.dialogs.commitment_dialog import CommitmentDialog
    from app.gui.dialogs.development_step_dialog import StepDialog
    from app.gui.dialogs.dual_dialog import DualDialog, DualEntryDialog
    from app.gui.dialogs.import_dialog import ImportDialog
    from app.gui.dialogs.leave_dialog import LeaveDialog
    from app.gui.dialogs.meeting_dialog import MeetingDialog
    from app.gui.dialogs.member_dialog import MemberDialog
    from app.gui.dialogs.notice_dialog import NoticeDialog
    from app.gui.dialogs.org_dialog import OrgDialog
    from app.gui.dialogs.plan_dialog import PlanCellDialog, PlanDialog
    from app.gui.dialogs.points_entry_dialog import EntryDialog
    from app.gui.dialogs.post_dialog import EndPostDialog, PostDialog
    from app.gui.dialogs.probation_dialog import ProbationDialog
    from app.gui.dialogs.review_dialog import ReviewDialog
    from app.gui.dialogs.rules_dialog import RulesDialog
    from app.gui.help_menu import AboutDialog
    from app.gui.login_dialog import LoginDialog, SetAdminPasswordDialog
    from app.services import org_cases, points, posts

    ranking = points.year_ranking(ctx, DEMO_YEAR)
    person = ranking.rows[0]
    with ctx.uow() as uow:
        post = posts.list_posts(uow)[0]
    branch = next(o for o in org_cases.load_org_tree(ctx).organizations if o.kind.value == "branch")
    day = dt.date(DEMO_YEAR, 6, 1)
    return {
        "AboutDialog": lambda: AboutDialog(ctx),
        "LoginDialog": lambda: LoginDialog(ctx),
        "SetAdminPasswordDialog": lambda: SetAdminPasswordDialog(ctx),
        "AccountsDialog": lambda: AccountsDialog(ctx),
        "NewAccountDialog": lambda: NewAccountDialog(ctx),
        "AuditDialog": lambda: AuditDialog(ctx),
        "ImportDialog": lambda: ImportDialog(ctx),
        "MemberDialog": lambda: MemberDialog(ctx),
        "MemberDialog (edit)": lambda: MemberDialog(ctx, member_id=person.member_id),
        "LeaveDialog": lambda: LeaveDialog(ctx, person.member_id, person.name),
        "ProbationDialog": lambda: ProbationDialog(ctx, person.member_id, person.name, today=day),
        "OrgDialog": lambda: OrgDialog(ctx),
        "PostDialog": lambda: PostDialog(ctx),
        "EndPostDialog": lambda: EndPostDialog(ctx, post),
        "MeetingDialog": lambda: MeetingDialog(ctx),
        "MeetingDialog (谈心谈话)": lambda: MeetingDialog(ctx, kind=MeetingKind.TALK),
        "MeetingDialog (主题党日)": lambda: MeetingDialog(ctx, kind=MeetingKind.THEME_DAY),
        "PlanDialog": lambda: PlanDialog(ctx, DEMO_YEAR),
        "PlanCellDialog": lambda: PlanCellDialog(ctx, branch.id, branch.name, DEMO_YEAR, 3),
        "RulesDialog": lambda: RulesDialog(ctx, day),
        "StepDialog": lambda: StepDialog(ctx, person.member_id, person.name, number=1, today=day),
        "NoticeDialog": lambda: NoticeDialog(person.name, "candidate", today=day),
        "DualDialog": lambda: DualDialog(ctx, year=DEMO_YEAR),
        "DualEntryDialog": lambda: DualEntryDialog(ctx),
        "EntryDialog": lambda: EntryDialog(ctx, DEMO_YEAR, ranking.rows, [person.member_id], today=day),
        "CommitmentDialog": lambda: CommitmentDialog(ctx, DEMO_YEAR, ranking.rows, person.member_id),
        "ReviewDialog": lambda: ReviewDialog(ctx, DEMO_YEAR, ranking.branches, today=day),
        "CatalogDialog": lambda: CatalogDialog(ctx, DEMO_YEAR),
        "DecisionDialog": lambda: DecisionDialog(ctx, DEMO_YEAR),
        "ActivityDialog": lambda: ActivityDialog(ctx, DEMO_YEAR),
    }


def test_every_dialog_fits_a_small_screen_and_tall_fields_scroll(demo_ctx, qtbot, monkeypatch) -> None:
    monkeypatch.setattr(screen_fit, "available", lambda _w=None: SMALL)
    too_big: list[str] = []
    for name, make in _factories(demo_ctx).items():
        dialog = make()
        qtbot.addWidget(dialog)
        minimum = dialog.minimumSizeHint().expandedTo(dialog.minimumSize())
        wide = minimum.width() > SMALL.width() - screen_fit.FRAME
        if wide or minimum.height() + screen_fit.TITLE_BAR > SMALL.height():
            too_big.append(f"{name}: {minimum.width()}×{minimum.height()}")
    assert not too_big, "dialogs that cannot shrink to 1024×560: " + "; ".join(too_big)


def test_a_clamped_meeting_dialog_scrolls_its_fields_and_keeps_its_buttons(demo_ctx, qtbot, monkeypatch) -> None:
    from app.gui.dialogs.meeting_dialog import MeetingDialog

    monkeypatch.setattr(screen_fit, "available", lambda _w=None: SMALL)
    dialog = MeetingDialog(demo_ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    QApplication.processEvents()
    assert dialog.height() + screen_fit.TITLE_BAR <= SMALL.height()
    area = dialog.findChild(QScrollArea)
    assert area is not None and area.verticalScrollBar().maximum() > 0  # the fields scroll…
    buttons = dialog.findChild(QDialogButtonBox)
    if buttons is not None:  # …and the buttons are inside the dialog, below the scrolled fields
        bottom = buttons.mapTo(dialog, buttons.rect().bottomLeft()).y()
        assert bottom <= dialog.height()
