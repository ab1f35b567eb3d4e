"""Issue 15, errors instead of tracebacks and bad input accepted: out-of-range years, an ignored
--meeting, hostile search text, phone-prefix searches by a viewer, invisible and look-alike names."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.documents.roster_files import import_roster, preview_import
from app.domain.enums import Role
from app.domain.idcard import mask_phone
from app.errors import ValidationError
from app.services import organizations
from app.services.members import MemberQuery, count_members, search_members
from app.store.uow import Actor, UnitOfWork
from tests.cli_run import exit_code
from tests.roster_files import person, roster

# --- 7. one year validator for every command --------------------------------------------------------

YEAR_COMMANDS = [
    ("check",),
    ("print", "compliance", "-o", "{tmp}/c.pdf"),
    ("print", "meetings", "-o", "{tmp}/m.pdf"),
    ("print", "plan", "-o", "{tmp}/p.pdf"),
    ("export", "meetings", "-o", "{tmp}/l.xlsx"),
    ("demo",),
]


@pytest.mark.parametrize("bad", ["-1", "0", "1", "1900", "9999", "10000", "99999", "abc"])
def test_a_year_outside_the_range_is_refused_by_every_command(school_ctx, tmp_path: Path, capsys,
                                                               bad: str) -> None:
    store = school_ctx.store.path
    school_ctx.close()
    for command in YEAR_COMMANDS:
        args = [a.format(tmp=tmp_path) for a in command]
        code = exit_code("--db", str(store), *args, f"--year={bad}")
        err = capsys.readouterr().err
        assert code == 2, (command, bad, err)
        assert "年度" in err and "Traceback" not in err, err
    assert list(tmp_path.glob("*.pdf")) == [] and list(tmp_path.glob("*.xlsx")) == []


def test_a_year_in_the_range_still_works(school_ctx, tmp_path: Path, capsys) -> None:
    store = school_ctx.store.path
    school_ctx.close()
    assert exit_code("--db", str(store), "print", "compliance", "--year", "2025", "-o", str(tmp_path / "c.pdf")) == 0
    assert (tmp_path / "c.pdf").exists()


# --- 10. an option a command does not use is refused, not ignored -----------------------------------

def test_print_meetings_with_a_meeting_is_refused(demo_ctx, tmp_path: Path, capsys) -> None:
    store = demo_ctx.store.path
    demo_ctx.close()
    out = tmp_path / "m.pdf"
    code = exit_code("--db", str(store), "print", "meetings", "--meeting", "abc", "--year", "2025", "-o", str(out))
    assert code == 2 and "--meeting" in capsys.readouterr().err
    assert not out.exists()


# --- 9. search text is escaped and length-limited ---------------------------------------------------

def _admin(ctx) -> UnitOfWork:
    return UnitOfWork(ctx.store.session_factory, Actor("admin", Role.ADMIN))


def test_search_wildcards_and_nul_match_no_one(school_ctx) -> None:
    with _admin(school_ctx) as uow:
        everyone = count_members(uow)
        assert everyone > 10
        for hostile in ("%", "_", "\x00", "%%", "_%_", "\x00\x00"):
            assert count_members(uow, MemberQuery(text=hostile)) == 0, repr(hostile)
        someone = search_members(uow, MemberQuery(limit=1))[0]
        assert count_members(uow, MemberQuery(text=someone.name)) >= 1  # an ordinary search still finds


def test_a_huge_search_is_refused_plainly(school_ctx, capsys) -> None:
    with _admin(school_ctx) as uow, pytest.raises(ValidationError, match="搜索文字过长"):
        count_members(uow, MemberQuery(text="党" * 20_000))
    store = school_ctx.store.path
    school_ctx.close()
    assert exit_code("--db", str(store), "audit", "--text", "x" * 20_000) == 2
    assert "搜索文字过长" in capsys.readouterr().err


# --- 15. phone search needs the right to see phones -------------------------------------------------

def _recover_by_prefix(uow: UnitOfWork, member_id: str) -> str:
    """The reviewer's attack: extend a prefix digit by digit while the member is still found."""
    known = ""
    for _ in range(11):
        for digit in "0123456789":
            hits = search_members(uow, MemberQuery(text=known + digit))
            if any(r.id == member_id for r in hits):
                known += digit
                break
        else:
            break
    return known


def test_a_viewer_cannot_recover_a_masked_phone_by_prefix_search(school_ctx) -> None:
    with _admin(school_ctx) as uow:
        target = next(r for r in search_members(uow, MemberQuery()) if len(r.phone) == 11)
        assert count_members(uow, MemberQuery(text=target.phone[:7])) >= 1  # an admin may search phones
    for role in (Role.VIEWER, Role.BRANCH_SECRETARY):
        with UnitOfWork(school_ctx.store.session_factory, Actor("v", role)) as uow:
            assert count_members(uow, MemberQuery(text=target.phone[:7])) == 0
            assert count_members(uow, MemberQuery(text=target.phone)) == 0
            assert len(_recover_by_prefix(uow, target.id)) <= 3  # only what the masked form shows


def test_a_landline_shows_no_leading_digit_and_a_prefix_search_recovers_none(school_ctx) -> None:
    """A 7-digit landline is masked ****456 (app.domain.idcard.mask_phone): its leading digits are shown
    nowhere, so a viewer's prefix search must not find them either."""
    from sqlalchemy import update

    from app.store.models import Member

    with _admin(school_ctx) as uow:
        target = search_members(uow, MemberQuery())[0]
        uow.session.execute(update(Member).where(Member.id == target.id).values(phone="6123456"))
        uow.commit()
    with UnitOfWork(school_ctx.store.session_factory, Actor("v", Role.VIEWER)) as uow:
        shown = next(r for r in search_members(uow, MemberQuery()) if r.id == target.id)
        assert mask_phone(shown.phone) == "****456"
        assert count_members(uow, MemberQuery(text="612")) == 0
        assert _recover_by_prefix(uow, target.id) == ""


# --- 11. invisible and look-alike names -------------------------------------------------------------

def test_a_name_of_invisible_characters_is_not_imported(school_ctx, tmp_path: Path) -> None:
    sheet = roster(tmp_path / "in.xlsx", [person(1, 姓名="\u200b\u200b"), person(2, 姓名="\u200b张\u200d三\ufeff")])
    with _admin(school_ctx) as uow:
        report = preview_import(uow, sheet)
    bad, good = report.rows
    assert "姓名不能为空" in bad.message()
    assert good.ok and good.data.name == "张三"


def test_look_alike_branch_names_make_one_branch_and_near_duplicates_are_warned(ctx, tmp_path: Path) -> None:
    people = [person(1, 所在党支部="第一党支部(小学部)"), person(2, 所在党支部="第一党支部（小学部）"),
              person(3, 所在党支部="第一党支部（小学部）\u200b"), person(4, 所在党支部="第一党支部\u3000（小学部） "),
              person(5, 所在党支部="第二党支部"), person(6, 所在党支部="第二 党支部")]
    sheet = roster(tmp_path / "in.xlsx", people)
    with _admin(ctx) as uow:
        report = preview_import(uow, sheet)
        assert report.new_branches == ["第一党支部（小学部）", "第二党支部", "第二 党支部"]
        assert any("第二 党支部" in w and "第二党支部" in w for w in report.warnings)
        assert "注意" in report.summary()
        import_roster(uow, sheet)
        uow.commit()
    with _admin(ctx) as uow:
        names = [o.name for o in organizations.branches(uow)]
        assert names.count("第一党支部（小学部）") == 1 and len([n for n in names if "小学部" in n]) == 1
        # a later lookup by the ASCII or zero-width form finds the same branch
        assert organizations.find_by_name(uow, "第一党支部(小学部)\u200b") is not None
        with pytest.raises(ValidationError, match="已有名为"):
            organizations.create_organization(uow, name="\u200b第一党支部(小学部)", kind=organizations.OrgKind.BRANCH)
