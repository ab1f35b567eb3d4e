"""`dangjian demo [--year YYYY]`: fill an empty store with a realistic fictional school."""

from __future__ import annotations

import argparse
import datetime as dt

from app.cli.args import year


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help="在空数据文件中生成示范学校")
    p.add_argument("--year", type=year, default=None, help="示范数据年度（默认：今年）")
    p.add_argument("--open", action="store_true", help="生成后（或已有数据时）直接打开图形界面")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from app.context import open_context
    from app.services.demo_cases import has_data, make_demo_school

    year = args.year or dt.date.today().year
    ctx = open_context(args.db)
    try:
        if args.open and has_data(ctx):
            print("数据文件中已有数据，直接打开。")
        else:
            print(make_demo_school(ctx, year))
    finally:
        ctx.close()
    if args.open:
        from app.cli.gui_cmd import run_gui

        args.smoke_test = False
        return run_gui(args)
    return 0
