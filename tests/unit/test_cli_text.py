"""What the command line prints to users is Chinese, including argparse's own words."""

from __future__ import annotations

import pytest

from app.cli import main


def test_help_is_chinese(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "用法" in out and "显示帮助并退出" in out
    assert "show this help" not in out and "positional arguments" not in out


def test_bad_arguments_exit_2_in_chinese(capsys, tmp_path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--db", str(tmp_path / "s.sqlite"), "print", "roster"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "缺少必需的参数" in err and "required" not in err
