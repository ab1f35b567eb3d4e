"""A county-sized roster (3,000+ people): the table holds one page, search runs in SQL."""

from __future__ import annotations

import datetime as dt
import itertools

from sqlalchemy import insert

from app.domain import idcard
from app.domain.search_keys import pinyin_keys
from app.gui.widgets.roster_panel import RosterPanel
from app.services import organizations
from app.store.models import Member, new_id

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰建国红梅志"


def test_three_thousand_members_page_in(demo_ctx, qtbot) -> None:
    with demo_ctx.uow() as uow:
        school = organizations.get_school(uow)
        branch = organizations.find_by_name(uow, "第二党支部（初中部）")
        rows = []
        for i, (s, g1, g2) in enumerate(itertools.islice(itertools.product(SURNAMES, GIVEN, GIVEN), 3000)):
            name = s + g1 + g2
            full, initials = pinyin_keys(name)
            birth = dt.date(1970 + i % 30, 1 + i % 12, 1 + i % 28)
            rows.append({"id": new_id(), "school_id": school.id, "name": name, "name_pinyin": full,
                         "name_initials": initials, "gender": "male", "birth_date": birth,
                         "id_number": idcard.make_number("620102", birth, i % 1000) if i < 1000 else None,
                         "category": "full", "branch_id": branch.id, "status": "active",
                         "joined_on": dt.date(2005, 7, 1), "full_on": dt.date(2006, 7, 1)})
        uow.session.execute(insert(Member), rows)
        uow.commit()
    panel = RosterPanel(demo_ctx)
    qtbot.addWidget(panel)
    assert panel.model.rowCount() == 200  # one page, not 3,045 rows
    assert "共 3045 人" in panel.footer.text() and "已显示 200 人" in panel.footer.text()
    panel.model.fetchMore()
    assert panel.model.rowCount() == 400
    panel.search.setText("zwf")
    panel.apply_filters()
    found = [panel.model.row_at(r).name for r in range(panel.model.rowCount())]
    assert found == ["张伟芳"]
