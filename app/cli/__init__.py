"""Command line: `dangjian [--db PATH|URL] COMMAND`. With no command it starts the GUI.

Each command lives in its own module under app.cli and exposes `register(subparsers)`; the module list
below is the only place a new command is added.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from app import __version__
from app.errors import KnownError

COMMAND_MODULES = [
    "app.cli.gui_cmd",
    "app.cli.demo_cmd",
    "app.cli.members_cmd",
    "app.cli.print_cmd",
    "app.cli.meetings_cmd",
    "app.cli.backup_cmd",
    "app.cli.accounts_cmd",
    "app.cli.audit_cmd",
    "app.cli.points_cmd",  # after members_cmd: adds `export points`
    "app.cli.find_cmd",
]

log = logging.getLogger("dangjian")


# argparse looks its own words up through gettext (`argparse._`): give them in Chinese.
_ARGPARSE_ZH = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "expected one argument": "需要一个参数值",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择：%(value)r（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "无效的值：%(value)r",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 有歧义，可能是 %(matches)s",
}


def _translate_argparse() -> None:
    original = argparse._

    def chinese(message: str) -> str:
        return _ARGPARSE_ZH.get(message, original(message))

    argparse._ = chinese  # type: ignore[attr-defined]


_translate_argparse()


class ChineseArgumentParser(argparse.ArgumentParser):
    """Usage errors are bad input: a Chinese message and exit status 2, never a traceback."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"参数错误：{message}\n")
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(prog="dangjian", description="党建台账：学校党建工作台账")
    parser.add_argument("--db", metavar="PATH|URL", help="数据文件路径或 SQLAlchemy URL（默认：用户数据目录）")
    parser.add_argument("--data-dir", metavar="DIR", help="数据目录（日志、备份、附件），默认按系统约定")
    parser.add_argument("--version", action="version", version=f"党建台账 {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=ChineseArgumentParser)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def _stdout_closed() -> int:
    """The reader of stdout went away (`dangjian check | head -1`): end quietly, as other command line tools
    do, with 128 + SIGPIPE. What was still buffered goes nowhere, so the exit does not fail again on it."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real descriptor (a test's captured stdout)
        pass
    return 141


def main(argv: list[str] | None = None) -> int:
    args_list = sys.argv[1:] if argv is None else argv
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")  # Windows consoles
    parser = build_parser()
    args = parser.parse_args(args_list)
    if args.data_dir:
        from pathlib import Path

        from app import paths

        paths.set_data_dir(Path(args.data_dir))
    if not getattr(args, "func", None):
        from app.cli.gui_cmd import run_gui

        args.smoke_test = False
        args.func = run_gui
    try:
        from app.cli.store_check import refuse_missing_store

        refuse_missing_store(args)  # print/export/check/find/audit/backup never create a store, nor a log
    except KnownError as exc:
        sys.stderr.write(f"错误：{exc}\n")
        return exc.exit_code
    from app.logs import setup_logging

    setup_logging()
    try:
        code = int(args.func(args) or 0)
        sys.stdout.flush()  # a reader that stopped early (`| head`) is met here, not at exit
        return code
    except BrokenPipeError:
        return _stdout_closed()
    except KnownError as exc:
        sys.stderr.write(f"错误：{exc}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("已取消。\n")
        return 130
    except Exception as exc:
        from app.logs import unexpected_error_text

        log.exception("unexpected error in command %s", args_list)
        sys.stderr.write(unexpected_error_text(exc) + "\n")
        return 1
