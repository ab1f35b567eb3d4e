"""首页 alerts on crafted data: each rule fires when it should and stays quiet otherwise."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from sqlalchemy import select

from app.domain import idcard
from app.domain.enums import Gender, MemberCategory, OrgKind, PostKind, Role
from app.domain.member_rules import MemberData
from app.errors import PermissionDenied, ValidationError
from app.services import dashboard, members, organizations, posts, privacy
from app.store.models import AuditLog
from app.store.uow import Actor

TODAY = dt.date(2025, 6, 1)


def _member(name: str, branch: str, category: MemberCategory, seq: int, joined: dt.date | None) -> MemberData:
    birth = dt.date(1985, 3, 3)
    full_on = dt.date(joined.year + 1, joined.month, joined.day) if joined and category == MemberCategory.FULL else None
    return MemberData(name=name, gender=Gender.MALE, birth_date=birth,
                      id_number=idcard.make_number("610330", birth, seq * 2 + 1), category=category,
                      branch_name=branch, joined_on=joined, full_on=full_on)


@pytest.fixture
def school(ctx):
    """One branch with a term that ended in 2025-03, 3 full members and one overdue probationary member."""
    with ctx.uow() as uow:
        organizations.ensure_school(uow, "测试学校")
        branch = organizations.create_organization(
            uow, name="一支部", kind=OrgKind.BRANCH, term_start=dt.date(2022, 3, 1), term_years=3)
        organizations.create_organization(
            uow, name="二支部", kind=OrgKind.BRANCH, term_start=dt.date(2022, 8, 1), term_years=3)
        for i in range(3):
            members.create_member(uow, _member(f"正式{'甲乙丙'[i]}", "一支部", MemberCategory.FULL, i,
                                               dt.date(2010, 7, 1)))
        members.create_member(uow, _member("预备甲", "一支部", MemberCategory.PROBATIONARY, 10, dt.date(2024, 5, 1)))
        members.create_member(uow, _member("预备乙", "一支部", MemberCategory.PROBATIONARY, 11, dt.date(2024, 9, 1)))
        uow.commit()
    return branch


def test_expired_and_due_terms(ctx, school) -> None:
    with ctx.uow() as uow:
        found = dashboard.term_alerts(uow, TODAY, dashboard.Thresholds())
    titles = {a.title: a for a in found}
    assert titles["一支部任期已届满"].level == dashboard.DANGER
    assert "2025-03-01" in titles["一支部任期已届满"].detail
    assert titles["二支部即将换届"].level == dashboard.WARNING  # 2025-08-01 is 61 days away
    with ctx.uow() as uow:
        early = dashboard.term_alerts(uow, dt.date(2024, 1, 1), dashboard.Thresholds())
    assert early == []


def test_probationary_overdue_only_after_one_year(ctx, school) -> None:
    with ctx.uow() as uow:
        found = dashboard.probation_alerts(uow, TODAY, dashboard.Thresholds())
    assert [a.title for a in found] == ["预备党员预备甲预备期已满"]
    assert "2025-05-01" in found[0].detail
    with ctx.uow() as uow:
        later = dashboard.probation_alerts(uow, dt.date(2025, 10, 1), dashboard.Thresholds())
    assert [a.title for a in later] == ["预备党员预备甲预备期已满", "预备党员预备乙预备期已满"]  # longest overdue first


def test_branch_size_and_committee_rules(ctx, school) -> None:
    with ctx.uow() as uow:
        found = dashboard.branch_alerts(uow, TODAY, dashboard.Thresholds())
    titles = [a.title for a in found]
    assert "二支部正式党员不足3名" in titles
    assert "一支部正式党员不足3名" not in titles
    assert not any("支部委员会" in t for t in titles)  # 3 full members: no committee needed
    with ctx.uow() as uow:
        tight = dashboard.branch_alerts(uow, TODAY, dashboard.Thresholds(committee_from=3, max_branch_members=4))
    titles = [a.title for a in tight]
    assert "一支部未配齐支部委员会" in titles
    assert "一支部党员人数超过4名" in titles


def test_committee_posts_silence_the_alert(ctx, school) -> None:
    limits = dashboard.Thresholds(committee_from=3)
    with ctx.uow() as uow:
        for kind in (PostKind.SECRETARY, PostKind.ORGANIZATION_OFFICER, PostKind.PUBLICITY_OFFICER):
            posts.add_post(uow, organization_id=school.id, kind=kind, holder_name=f"某{kind.label}", reason="测试")
        uow.commit()
    with ctx.uow() as uow:
        assert not any("支部委员会" in a.title for a in dashboard.branch_alerts(uow, TODAY, limits))


def test_alerts_sorted_and_extensible(ctx, school, monkeypatch) -> None:
    extra = dashboard.Alert(dashboard.INFO, "备份提醒", "已30天未备份", "数据备份")
    monkeypatch.setattr(dashboard, "_SOURCES", list(dashboard._SOURCES))
    dashboard.register_alert_source(lambda uow, today, limits: [extra])
    with ctx.uow() as uow:
        found = dashboard.alerts(uow, today=TODAY)
    levels = [a.level for a in found]
    assert levels == sorted(levels, key=lambda x: dashboard._LEVEL_ORDER[x])
    assert found[0].level == dashboard.DANGER and found[-1] == extra


def test_summary_counts(demo_ctx) -> None:
    with demo_ctx.uow() as uow:
        s = dashboard.summary(uow)
    assert s.school_name == "青山镇中心学校"
    assert s.organization_count == 4 and s.branch_count == 3
    assert s.counts[MemberCategory.PROBATIONARY] == 4
    assert s.party_members == sum(s.counts[c] for c in (MemberCategory.FULL, MemberCategory.PROBATIONARY))


def test_reveal_is_audited_and_admin_only(ctx) -> None:
    with ctx.uow() as uow:
        privacy.reveal_sensitive(uow, "核对信息")
        uow.commit()
    with ctx.uow() as uow:
        rows = [a.summary for a in uow.session.scalars(select(AuditLog).where(AuditLog.action == "reveal"))]
    assert len(rows) == 1 and "核对信息" in rows[0]
    ctx.actor = Actor("viewer", Role.VIEWER)
    with ctx.uow() as uow, pytest.raises(PermissionDenied):
        privacy.reveal_sensitive(uow, "好奇")
    ctx.actor = Actor.cli()
    with ctx.uow() as uow, pytest.raises(ValidationError):
        privacy.reveal_sensitive(uow, "  ")


def test_branch_overview(ctx, school) -> None:
    with ctx.uow() as uow:
        lines = {line.name: line for line in dashboard.branch_overview(uow)}
    assert (lines["一支部"].full, lines["一支部"].probationary, lines["一支部"].developing) == (3, 2, 0)
    assert lines["二支部"].full == 0 and lines["二支部"].next_election_due == dt.date(2025, 8, 1)


def test_upcoming_milestones(ctx, school) -> None:
    with ctx.uow() as uow:
        activist = replace(_member("积极甲", "二支部", MemberCategory.ACTIVIST, 20, None),
                           applied_on=dt.date(2024, 3, 1), activist_on=dt.date(2024, 7, 15))
        members.create_member(uow, activist)
        uow.commit()
    with ctx.uow() as uow:
        found = dashboard.upcoming(uow, today=TODAY, days=120)
    assert [(m.on, m.title) for m in found] == [(dt.date(2025, 7, 15), "积极甲培养满一年"),
                                               (dt.date(2025, 8, 1), "二支部换届"),
                                               (dt.date(2025, 9, 1), "预备乙预备期满")]


def test_ended_posts_and_group_leaders_do_not_fill_the_committee(ctx, school) -> None:
    """Who sits on the committee is app.domain.meeting_rules.committee_posts_on, as for 支委会 attendance."""
    limits = dashboard.Thresholds(committee_from=3)
    with ctx.uow() as uow:
        group = organizations.create_organization(uow, name="一小组", kind=OrgKind.PARTY_GROUP, parent_id=school.id)
        for kind in (PostKind.SECRETARY, PostKind.ORGANIZATION_OFFICER):
            posts.add_post(uow, organization_id=school.id, kind=kind, holder_name=f"某{kind.label}", reason="测试")
        ended = posts.add_post(uow, organization_id=school.id, kind=PostKind.PUBLICITY_OFFICER, holder_name="某甲",
                               term_start=dt.date(2020, 1, 1), reason="测试")
        posts.end_post(uow, ended, dt.date(2025, 5, 31))
        posts.add_post(uow, organization_id=group.id, kind=PostKind.GROUP_LEADER, holder_name="某组长")
        uow.commit()
    with ctx.uow() as uow:
        found = [a for a in dashboard.branch_alerts(uow, TODAY, limits) if "支部委员会" in a.title]
    assert found and "现有支委2名" in found[0].detail
