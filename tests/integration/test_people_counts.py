"""Counts that agree (issue 16): 首页, the organization tree and the restore preview say the same numbers
in the same words, from app.services.people_counts and the one rule in app.domain.member_counts."""

from __future__ import annotations

import datetime as dt

from app.domain.enums import MemberCategory, MemberStatus, OrgKind
from app.domain.member_counts import PeopleCount, tally
from app.services import backup_cases, member_cases, org_cases, restore_cases
from app.services.home_view import home_overview
from app.services.members import MemberQuery


def _leave(ctx, category: MemberCategory) -> None:
    """One active person of `category` leaves the roster (a record that must no longer be counted)."""
    row = member_cases.find_members(ctx, MemberQuery(category=category))[0]
    member_cases.record_leaving(ctx, row.id, MemberStatus.TRANSFERRED_OUT, dt.date(2025, 6, 30), "县第二中学党支部")


def test_the_rule_counts_people_on_the_roster_by_stage() -> None:
    people = tally([("full", "active", 50), ("probationary", "active", 4), ("candidate", "active", 2),
                    ("activist", "active", 3), ("applicant", "active", 4), ("full", "transferred_out", 7),
                    ("applicant", "removed", 1), ("full", "suspended", 1), ("no such stage", "active", 9)])
    assert (people.full, people.probationary, people.party, people.developing) == (50, 4, 54, 9)
    assert people.describe() == "党员 54 人（正式 50、预备 4），入党申请人等 9 人"
    assert people + PeopleCount(full=1) == tally([("full", "active", 51), ("probationary", "active", 4),
                                                  ("candidate", "active", 2), ("activist", "active", 3),
                                                  ("applicant", "active", 4)])


def test_home_the_tree_and_the_restore_preview_agree(school_ctx) -> None:
    _leave(school_ctx, MemberCategory.FULL)  # history rows: counted by none of the three
    _leave(school_ctx, MemberCategory.ACTIVIST)
    on_roster = member_cases.find_members(school_ctx, MemberQuery())  # 在册, every stage
    expected = PeopleCount(**{c.value: sum(1 for r in on_roster if r.category == c) for c in MemberCategory})
    assert (expected.party, expected.full, expected.probationary, expected.developing) == (38, 34, 4, 5)

    home = home_overview(school_ctx, dt.date(2025, 12, 1)).summary.people
    tree = org_cases.load_org_tree(school_ctx)
    branches = sum((o.people for o in tree.organizations if o.kind.is_branch), PeopleCount())
    preview = restore_cases.look_into_backup(backup_cases.back_up_now(school_ctx))
    assert home == tree.people == branches == preview.people == expected
    assert "全校在册：党员 38 人（正式 34、预备 4），入党申请人等 5 人" in preview.describe()
    lines = home_overview(school_ctx, dt.date(2025, 12, 1)).branches
    assert sum(line.full + line.probationary for line in lines) == 38 and sum(line.developing for line in lines) == 5


def test_the_counts_by_stage_are_read_from_their_covering_indexes(school_ctx) -> None:
    """首页, the tree and the restore preview group the roster by stage; each query reads one index and no
    member row, and groups in index order (migration 0008, docs/benchmark.md). An index on the first column
    alone goes back to a wide row per member and a temporary B-tree."""
    import sqlite3

    from app.services import people_counts

    statements = {"ix_member_stage": people_counts.BY_STAGE_SQL,
                  **{f"ix_member_{column.removesuffix('_id')}_stage": people_counts.by_org_stage_sql(column)
                     for column in people_counts.ORG_COLUMNS}}
    con = sqlite3.connect(school_ctx.store.path)
    try:
        for index, sql in statements.items():
            plan = " | ".join(row[3] for row in con.execute("EXPLAIN QUERY PLAN " + sql))
            assert f"COVERING INDEX {index}" in plan and "TEMP B-TREE" not in plan, plan
    finally:
        con.close()


def test_home_the_restore_preview_and_check_count_organizations_alike(school_ctx, capsys) -> None:
    """The demo school: 首页 and `demo` say 4 党组织 (另有党小组 4 个); the restore preview and `check` used to say
    "党组织 8", every row of the table. Now all of them count and word it as 首页 does."""
    from app.cli import main

    summary = home_overview(school_ctx, dt.date(2025, 12, 1)).summary
    tree = org_cases.load_org_tree(school_ctx)
    assert summary.organization_count == sum(1 for o in tree.organizations if o.kind != OrgKind.PARTY_GROUP) == 4
    words = summary.orgs.describe()
    assert words == "党组织 4 个（其中党支部 3 个，另有党小组 4 个）"
    preview = restore_cases.look_into_backup(backup_cases.back_up_now(school_ctx))
    assert preview.orgs == summary.orgs
    assert f"内容：{words}，" in preview.describe() and "党组织 8" not in preview.describe()
    capsys.readouterr()
    assert main(["--db", str(school_ctx.store.path), "check"]) == 0
    out = capsys.readouterr().out
    assert f"内容：{words}，" in out and "党组织 8" not in out


def test_a_dissolved_organization_is_counted_by_none(school_ctx) -> None:
    from sqlalchemy import text

    from app.services.integrity import check_store

    with school_ctx.uow() as uow:  # one 党小组 dissolved: history, as 首页 leaves it out
        uow.session.execute(text("UPDATE organization SET dissolved_on = '2025-06-30' WHERE id = "
                                 "(SELECT id FROM organization WHERE kind = 'party_group' ORDER BY name LIMIT 1)"))
        uow.commit()
    home = home_overview(school_ctx, dt.date(2025, 12, 1)).summary.orgs
    preview = restore_cases.look_into_backup(backup_cases.back_up_now(school_ctx)).orgs
    report = check_store(school_ctx.store.path).orgs
    assert preview is not None and report is not None
    for counted in (preview, report):
        assert (counted.organizations, counted.branches, counted.groups) == (home.organizations, home.branches,
                                                                              home.groups) == (4, 3, 3)
        assert counted.describe() == "党组织 4 个（其中党支部 3 个，另有党小组 3 个；已撤销的 1 个未计入）"


def test_the_organization_rule() -> None:
    from app.domain.org_counts import tally_orgs

    counted = tally_orgs([("party_committee", 0, 1), ("branch", 0, 2), ("joint_branch", 0, 1),
                          ("party_group", 0, 4), ("branch", 1, 1), ("no such kind", 0, 5)])
    assert (counted.organizations, counted.branches, counted.groups, counted.dissolved) == (4, 3, 4, 1)
