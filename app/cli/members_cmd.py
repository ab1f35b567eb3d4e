"""`dangjian import members FILE.xlsx [--skip-invalid]` and `dangjian export members -o FILE.xlsx`."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    imp = sub.add_parser("import", help="从 Excel 导入")
    imp_sub = imp.add_subparsers(dest="what", metavar="对象", required=True)
    m = imp_sub.add_parser("members", help="导入党员花名册")
    m.add_argument("file", type=Path)
    m.add_argument("--skip-invalid", action="store_true", help="跳过有错误的行，只导入正确的行")
    m.set_defaults(func=run_import)

    exp = sub.add_parser("export", help="导出为 Excel")
    exp_sub = exp.add_subparsers(dest="what", metavar="对象", required=True)
    e = exp_sub.add_parser("members", help="导出党员花名册")
    e.add_argument("-o", "--output", type=Path, required=True)
    e.set_defaults(func=run_export)
    t = exp_sub.add_parser("template", help="导出空白导入模板")
    t.add_argument("-o", "--output", type=Path, required=True)
    t.set_defaults(func=run_template)
    from app.cli.meetings_cmd import add_export_meetings

    add_export_meetings(exp_sub)


def run_import(args: argparse.Namespace) -> int:
    raise NotImplementedError


def run_export(args: argparse.Namespace) -> int:
    raise NotImplementedError


def run_template(args: argparse.Namespace) -> int:
    raise NotImplementedError
