"""首页 and the organization tree say the whole school's count in the same words (issue 16); the restore
preview's is pinned in tests/integration/test_people_counts.py."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.gui.tabs.home import HomeTab
from app.gui.tabs.org_setup import OrgSetupTab
from app.services.people_counts import count_people


def test_home_and_the_tree_say_the_same_count(school_ctx, qtbot) -> None:
    home = HomeTab(school_ctx)
    qtbot.addWidget(home)
    tab = OrgSetupTab(school_ctx)
    qtbot.addWidget(tab)
    with school_ctx.uow() as uow:
        people = count_people(uow.session)
    assert people.describe() == "党员 39 人（正式 35、预备 4），入党申请人等 6 人"
    said = f"全校在册：{people.describe()}"
    assert said in home.subtitle.text()
    assert tab.orgs.total.text() == said
    assert home.cards["正式党员"].caption.text() == "党员 39 人"
    top = tab.orgs.model.index(0, 0)
    assert tab.orgs.model.data(tab.orgs.model.index(0, 2)) == people.party  # the 党总支 rolls its branches up
    assert f"在册：{people.describe()}" in tab.orgs.model.data(top, Qt.ItemDataRole.ToolTipRole)


def test_roster_footer_says_party_members_and_candidates_in_the_same_words(demo_ctx, qtbot) -> None:
    """组织设置's list holds everyone on the roster; its footer splits them as 首页 and the tree do."""
    from app.domain.enums import MemberCategory
    from app.gui.widgets.forms import set_combo_data
    from app.gui.widgets.roster_panel import RosterPanel

    panel = RosterPanel(demo_ctx)
    qtbot.addWidget(panel)
    panel.apply_filters()
    panel._update_footer()
    assert panel.footer.text().startswith("共 45 人：党员 39 人，入党申请人等 6 人")
    set_combo_data(panel.category, MemberCategory.FULL.value)
    panel.apply_filters()
    panel._update_footer()
    assert panel.footer.text().startswith("共 35 人") and "入党申请人等" not in panel.footer.text()
