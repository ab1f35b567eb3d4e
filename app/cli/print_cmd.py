"""`dangjian print WHAT -o FILE.pdf`: printed forms. Each target is one entry in TARGETS."""

from __future__ import annotations

import argparse
import importlib
from pathlib import Path

from app.cli.args import year

USES_MEETING = {"signin"}  # the targets that take --meeting; for any other it is refused, never ignored

# target name → (help text, "module:function" taking (ctx, args, output_path)).
TARGETS: dict[str, tuple[str, str]] = {
    "roster": ("党员花名册", "app.cli.print_roster_cmd:print_roster"),
    "candidates": ("入党申请人、积极分子、发展对象名册", "app.cli.candidates_cmd:print_candidates_cmd"),
    "posts": ("班子配备台账", "app.cli.print_roster_cmd:print_posts"),
    "meetings": ("会议记录汇编", "app.cli.meeting_print_cmds:print_meetings_cmd"),
    "signin": ("签到表", "app.cli.meeting_print_cmds:print_signin_cmd"),
    "plan": ("年度计划", "app.cli.meeting_print_cmds:print_plan_cmd"),
    "blank": ("空白会议记录与签到表", "app.cli.meeting_print_cmds:print_blank_cmd"),
    "compliance": ("三会一课督查报告", "app.cli.meeting_print_cmds:print_compliance_cmd"),
}
# Areas that keep their print targets beside their other commands (each a PRINT_TARGETS of the same form).
AREA_MODULES = ("app.cli.development_cmd", "app.cli.points_cmd", "app.cli.clean_school_cmd")
for _module in AREA_MODULES:
    TARGETS.update(importlib.import_module(_module).PRINT_TARGETS)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("print", help="打印（生成 PDF）")
    p.add_argument("what", choices=sorted(TARGETS), metavar="{" + ",".join(TARGETS) + "}",
                   help="；".join(f"{k}={v[0]}" for k, v in TARGETS.items()))
    p.add_argument("-o", "--output", type=Path, required=True, help="输出 PDF 文件")
    p.add_argument("--year", type=year, default=None, help="年度")
    p.add_argument("--branch", default=None, help="党支部名称（默认全部）")
    p.add_argument("--meeting", default=None, metavar="ID|日期",
                   help="签到表的会议：会议编号，或会议日期（如 2025-06-30，需同时指定 --branch）")
    p.add_argument("--paper", choices=["A3", "A4"], default="A3", help="清单海报的纸张：A3 纵向（默认）或 A4 横向")
    p.add_argument("--member", default=None, metavar="姓名|编号", help="纪实表、公示的人员：姓名或人员编号")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import importlib

    from app.context import open_for_reading

    if args.meeting is not None and args.what not in USES_MEETING:
        from app.errors import ValidationError

        raise ValidationError(f"参数 --meeting 只用于 {'、'.join(sorted(USES_MEETING))}，"
                              f"print {args.what} 不使用它（未生成文件）。")
    module_name, func_name = TARGETS[args.what][1].split(":")
    func = getattr(importlib.import_module(module_name), func_name)
    ctx = open_for_reading(args.db)
    try:
        path = func(ctx, args, args.output)
    finally:
        ctx.close()
    print(f"已生成 {TARGETS[args.what][0]}：{path}")
    return 0
