"""The demo school looks like a real one (issue 16): names fit the ID's sex, no holiday meetings, the
committee at its 支委会, one post per person per organization, varied records, honest rule problems."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from sqlalchemy import select

from app.domain import idcard
from app.domain import meeting_rules as mr
from app.domain.enums import Gender
from app.services import demo, rule_checks
from app.services.demo_meetings import SPRING_FESTIVAL
from app.store.models import Attendance, Meeting, Member, Post
from tests.conftest import DEMO_YEAR

YEAR = 2025


@pytest.fixture(scope="module")
def school(tmp_path_factory, demo_templates):
    """`build_demo(uow, YEAR)` on an empty store: a copy of the run's demo template (DEMO_YEAR is YEAR)."""
    import shutil

    from app.context import open_context

    assert DEMO_YEAR == YEAR
    path = tmp_path_factory.mktemp("demo") / "store.sqlite"
    shutil.copyfile(demo_templates(True), path)
    ctx = open_context(path)
    yield ctx
    ctx.close()


def test_given_names_fit_the_sex_in_the_id_number(school) -> None:
    with school.uow() as uow:
        people = list(uow.session.execute(select(Member.name, Member.id_number)))
    for name, number in people:
        sex = idcard.parse(number).gender
        given = demo.GIVEN_MALE if sex == Gender.MALE else demo.GIVEN_FEMALE
        assert any(name.endswith(g) for g in given), (name, sex)


def test_no_meetings_on_holidays_or_in_the_summer_break(school) -> None:
    festival = SPRING_FESTIVAL[YEAR]
    with school.uow() as uow:
        days = list(uow.session.scalars(select(Meeting.held_on)))
    assert days
    for day in days:
        assert day.weekday() < 5, day
        assert not (day.month == 10 and day.day <= 7), day
        assert not (festival - dt.timedelta(days=7) <= day <= festival + dt.timedelta(days=8)), day
        assert not (dt.date(YEAR, 7, 11) <= day <= dt.date(YEAR, 8, 24)), day


def test_committee_meetings_are_attended_by_the_committee(school) -> None:
    with school.uow() as uow:
        posts: dict[str, list[mr.PostSpan]] = {}
        for p in uow.session.scalars(select(Post)):
            posts.setdefault(p.organization_id, []).append(mr.PostSpan(p.member_id, p.kind, p.term_start, p.term_end))
        committee_meetings = list(uow.session.scalars(select(Meeting).where(Meeting.kind == "committee_meeting")))
        assert len(committee_meetings) >= 12 * 4  # three branches and the 党总支
        for m in committee_meetings:
            expected = {a.member_id for a in uow.session.scalars(select(Attendance).where(
                Attendance.meeting_id == m.id, Attendance.status.in_(["present", "absent"])))}
            assert expected == mr.committee_on(posts[m.organization_id], m.held_on)
            assert m.expected_count == len(expected) <= 5


def test_one_post_per_person_per_organization(school) -> None:
    with school.uow() as uow:
        held = Counter((p.organization_id, p.member_id) for p in uow.session.scalars(select(Post)))
    assert max(held.values()) == 1


def test_record_contents_vary_and_rules_hold(school) -> None:
    with school.uow() as uow:
        contents = list(uow.session.scalars(select(Meeting.content).where(Meeting.kind != "talk")))
        combined = list(uow.session.scalars(select(Meeting.also_kinds).where(Meeting.also_kinds != "")))
        problems = rule_checks.year_problems(uow, YEAR, today=dt.date(YEAR, 12, 31))
    assert len(set(contents)) > len(contents) * 0.9
    assert sorted(combined) == ["member_review", "party_lecture"]
    # the only rule problems are the intended gap: the retired teachers' short 3rd-quarter vote
    assert problems and all("退休教师党支部" in p and "第3季度" in p for p in problems)
