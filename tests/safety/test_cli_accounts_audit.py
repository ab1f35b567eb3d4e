"""`dangjian account …` and `dangjian audit …`: no prompts, the password never on the command line."""

from __future__ import annotations

import io
from pathlib import Path

from app.cli import main
from app.services import accounts


def test_account_add_list_and_reset(demo_ctx, monkeypatch, capsys) -> None:
    db = str(demo_ctx.store.path)
    monkeypatch.setattr("sys.stdin", io.StringIO("first-pass\n"))
    assert main(["--db", db, "account", "add", "admin", "--role", "admin"]) == 0
    monkeypatch.setenv("DANGJIAN_NEW_PASSWORD", "second-pass")
    assert main(["--db", db, "account", "add", "sec", "--role", "branch_secretary",
                 "--branch", "第一党支部（小学部）"]) == 0
    assert main(["--db", db, "account", "add", "x", "--role", "branch_secretary", "--branch", "无此支部"]) == 2
    assert main(["--db", db, "account", "set-password", "admin"]) == 0
    assert main(["--db", db, "account", "list"]) == 0
    out = capsys.readouterr().out
    assert "sec\t支部书记\t第一党支部（小学部）" in out and "first-pass" not in out
    with demo_ctx.uow() as uow:
        assert accounts.login(uow, "admin", "second-pass").username == "admin"


def test_audit_list_and_export(demo_ctx, tmp_path: Path, capsys) -> None:
    db = str(demo_ctx.store.path)
    assert main(["--db", db, "audit", "--entity", "organization", "--limit", "3"]) == 0
    out = capsys.readouterr().out
    assert out.count("党组织") >= 3 and "显示 3 条" in out
    target = tmp_path / "log.xlsx"
    assert main(["--db", db, "audit", "-o", str(target)]) == 0
    assert target.exists()
