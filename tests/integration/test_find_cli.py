"""`dangjian find` prints what the roster's search box finds; read commands refuse a store that is not there."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.cli import main
from app.domain import idcard
from app.domain.enums import Gender, MemberCategory, OrgKind
from app.domain.member_rules import MemberData
from app.services import members, organizations


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(ctx, store_path: Path) -> str:
    birth = dt.date(1985, 3, 3)
    with ctx.uow() as uow:
        organizations.ensure_school(uow, "测试学校")
        for name in ("一支部", "二支部"):
            organizations.create_organization(uow, name=name, kind=OrgKind.BRANCH)
        for seq, (name, branch) in enumerate([("曾佳", "一支部"), ("单雄信", "二支部"), ("张杰", "一支部"),
                                              ("陈军", "二支部"), ("沈星星", "一支部")]):
            members.create_member(uow, MemberData(
                name=name, gender=Gender.MALE, birth_date=birth, branch_name=branch,
                id_number=idcard.make_number("610330", birth, seq * 2 + 1), category=MemberCategory.FULL,
                joined_on=dt.date(2010, 7, 1), full_on=dt.date(2011, 7, 1)))
        uow.commit()
    ctx.close()
    return str(store_path)


def found(out: str) -> list[str]:
    return [line.split("\t")[0] for line in out.splitlines() if "\t" in line]


def test_find_polyphonic_surnames(db: str, capsys) -> None:
    code, out, err = run(capsys, "--db", db, "find", "zj")
    assert code == 0, err
    assert found(out) == ["曾佳", "张杰"]  # 曾 as the surname zēng; 张杰 is zj anyway
    assert "曾佳\t一支部\t正式党员" in out and "共找到 2 人" in out
    assert found(run(capsys, "--db", db, "find", "sxx")[1]) == ["沈星星", "单雄信"]
    assert found(run(capsys, "--db", db, "find", "cj")[1]) == ["曾佳", "陈军"]  # ordinary céng still works
    assert found(run(capsys, "--db", db, "find", "dxx")[1]) == ["单雄信"]
    assert found(run(capsys, "--db", db, "find", "zj", "--branch", "二支部")[1]) == []
    code, _out, err = run(capsys, "--db", db, "find", "zj", "--branch", "三支部")
    assert code == 2 and "三支部" in err


def test_find_prints_what_the_gui_search_finds(db: str, capsys, qtbot) -> None:
    from app.context import open_context
    from app.gui.models.member_table import NAME
    from app.gui.tabs.org_setup import OrgSetupTab

    ctx = open_context(db)
    try:
        tab = OrgSetupTab(ctx)
        qtbot.addWidget(tab)
        for text in ("zj", "sxx", "zeng", "单"):
            tab.roster.search.setText(text)
            tab.roster.apply_filters()
            model = tab.roster.model
            shown = [model.data(model.index(r, NAME)) for r in range(model.rowCount())]
            assert shown == found(run(capsys, "--db", db, "find", text)[1]), text
            assert shown
        tab.close()
    finally:
        ctx.close()


@pytest.mark.parametrize("argv", [
    ["print", "roster", "-o", "{tmp}/r.pdf"], ["export", "members", "-o", "{tmp}/m.xlsx"], ["check"],
    ["find", "zs"], ["audit"], ["backup"],
])
def test_read_commands_refuse_a_missing_store(argv: list[str], tmp_path: Path, capsys) -> None:
    missing = tmp_path / "no-such-folder" / "store.sqlite"
    code, _out, err = run(capsys, "--db", str(missing), *[a.format(tmp=tmp_path) for a in argv])
    assert code == 2
    assert "数据文件不存在" in err and str(missing) in err
    assert not missing.exists() and not missing.parent.exists()
    assert not list(tmp_path.glob("*.pdf")) and not list(tmp_path.glob("*.xlsx"))


def test_new_store_path_agrees_with_the_engine(tmp_path: Path, monkeypatch) -> None:
    from app.paths import new_store_path
    from app.store.engine import sqlite_path

    (tmp_path / "there.sqlite").write_bytes(b"")
    for value in (str(tmp_path / "new.sqlite"), f"sqlite:///{tmp_path}/new2.sqlite", str(tmp_path / "there.sqlite")):
        expected = sqlite_path(value)
        assert new_store_path(value) == (None if expected.exists() else expected)
    assert new_store_path("postgresql://u@h/db") is None
    monkeypatch.setenv("DANGJIAN_DB", str(tmp_path / "env.sqlite"))
    assert new_store_path(None) == tmp_path / "env.sqlite"


def test_gui_on_a_new_path_says_it_creates_one(tmp_path: Path, capsys, monkeypatch) -> None:
    import app.gui.application as application

    monkeypatch.setattr(application, "run", lambda db, smoke_test: 0)
    new = tmp_path / "fresh.sqlite"
    code, out, _err = run(capsys, "--db", str(new), "gui")
    assert code == 0 and f"将新建：{new}" in out
