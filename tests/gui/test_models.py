"""The Qt models pass pytest-qt's model tester; the roster model fetches lazily, one page at a time."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from PySide6.QtCore import Qt

from app.domain.enums import BackboneLevel, Gender, MemberCategory, MemberStatus, OrgKind
from app.gui.models.member_table import ID_NUMBER, MemberTableModel
from app.gui.models.org_tree import OrgTreeModel
from app.gui.models.post_table import PostTableModel
from app.services import members, organizations, posts
from app.services.members import MemberQuery, MemberRow
from app.services.organizations import OrgInfo


def _row(i: int) -> MemberRow:
    return MemberRow(id=f"m{i}", name=f"人员{i}", gender=Gender.FEMALE, ethnicity="汉族",
                     birth_date=dt.date(1980, 1, 1), id_number="610330198001011234", education="",
                     category=MemberCategory.FULL, branch_name="一支部", group_name="", phone="13812345678",
                     joined_on=None, full_on=None, job="", subject="", backbone_level=BackboneLevel.NONE,
                     model_post="", status=MemberStatus.ACTIVE, status_note="")


class FakeRoster:
    """3,000 rows behind the same paging contract as services.members.search_members."""

    def __init__(self, n: int) -> None:
        self.rows = [_row(i) for i in range(n)]
        self.calls: list[MemberQuery] = []

    def __call__(self, q: MemberQuery) -> list[MemberRow]:
        self.calls.append(q)
        end = None if q.limit is None else q.offset + q.limit
        return self.rows[q.offset:end]


def test_member_model_fetches_pages_lazily() -> None:
    roster = FakeRoster(3000)
    model = MemberTableModel(roster, page_size=200)
    model.set_query(MemberQuery())
    assert model.rowCount() == 0 and model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 200
    assert roster.calls[-1].offset == 0 and roster.calls[-1].limit == 200
    model.fetchMore()
    assert model.rowCount() == 400 and roster.calls[-1].offset == 200
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 3000
    assert len(roster.calls) == 16  # 15 full pages and one empty answer ends it


def test_member_model_passes_model_tester(qtmodeltester) -> None:
    model = MemberTableModel(FakeRoster(45), page_size=20)
    model.set_query(MemberQuery())
    model.fetchMore()
    qtmodeltester.check(model)  # the tester itself fetches the remaining pages
    assert model.rowCount() == 45 and not model.canFetchMore()


def test_member_model_masks_until_shown() -> None:
    model = MemberTableModel(FakeRoster(3))
    model.set_query(MemberQuery())
    model.fetchMore()
    index = model.index(0, ID_NUMBER)
    assert model.data(index) == "610330********1234"
    model.set_show_sensitive(True)
    assert model.data(index) == "610330198001011234"


def test_org_tree_model(qtmodeltester, demo_ctx) -> None:
    with demo_ctx.uow() as uow:
        orgs = organizations.list_organizations(uow)
    model = OrgTreeModel()
    model.set_organizations(orgs)
    qtmodeltester.check(model)
    assert model.rowCount() == 1
    top = model.index(0, 0)
    assert model.data(top) == "青山镇中心学校党总支"
    assert model.data(model.index(0, 2)) == 39  # 党员 (正式+预备) of the three branches, as 首页 counts them
    assert [model.data(model.index(r, 0, top)) for r in range(model.rowCount(top))] == [
        "第一党支部（小学部）", "第二党支部（初中部）", "退休教师党支部"]


def test_org_tree_marks_expired_terms(qtmodeltester) -> None:
    expired = OrgInfo("a", "一支部", OrgKind.BRANCH, None, None, dt.date(2020, 1, 1), 3, 5)
    fine = replace(expired, id="b", name="二支部", term_start=dt.date.today())
    model = OrgTreeModel()
    model.set_organizations([expired, fine])
    qtmodeltester.check(model)
    assert model.data(model.index(0, 3)) == "2023-01-01 已到期"
    assert "已到期" not in model.data(model.index(1, 3))
    model.set_compact(True)  # a narrow tree (1024 wide): the date alone, red and the tooltip still say it
    assert model.data(model.index(0, 3)) == "2023-01-01"
    assert "任期已届满" in model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole)


def test_post_model(qtmodeltester, demo_ctx) -> None:
    with demo_ctx.uow() as uow:
        rows = posts.list_posts(uow)
    model = PostTableModel()
    model.set_rows(rows)
    qtmodeltester.check(model)
    assert model.rowCount() == len(rows) > 0


def test_real_roster_pages(demo_ctx) -> None:
    """The page loader the roster panel uses: offsets and limits reach SQL, no row twice or missed."""
    with demo_ctx.uow() as uow:
        everyone = [r.id for r in members.search_members(uow, MemberQuery())]
        paged = [r.id for off in range(0, 50, 10)
                 for r in members.search_members(uow, MemberQuery(offset=off, limit=10))]
    assert paged == everyone and len(everyone) == 45
