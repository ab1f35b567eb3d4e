"""`dangjian check [--year YYYY]` and `dangjian export meetings --year YYYY -o FILE.xlsx`."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from app.cli.args import year


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("check", help="检查数据文件完整性和三会一课落实情况")
    p.add_argument("--year", type=year, default=None, help="年度（默认：今年）")
    p.set_defaults(func=run_check)


def add_export_meetings(export_sub: argparse._SubParsersAction) -> None:
    """Called from members_cmd.register: `export` is one subparser shared by several objects."""
    e = export_sub.add_parser("meetings", help="导出年度会议台账")
    e.add_argument("--year", type=year, default=None, help="年度（默认：今年）")
    e.add_argument("--branch", default=None, help="党支部名称（默认全部）")
    e.add_argument("-o", "--output", type=Path, required=True)
    e.set_defaults(func=run_export_meetings)


def run_check(args: argparse.Namespace) -> int:
    """Integrity first (never touching a damaged file), then the year's compliance summary."""
    from app.cli import clean_school_cmd, development_cmd
    from app.context import open_for_reading
    from app.services.integrity import check_store
    from app.services.meeting_ops import compliance_summary

    report = check_store(args.db)
    print(report.describe())
    if not report.ok:
        return report.exit_code or 4
    print()
    year = args.year or dt.date.today().year
    ctx = open_for_reading(args.db)
    try:
        print(compliance_summary(ctx, year))
        print("\n" + development_cmd.check_section(ctx, year))
        print("\n" + "\n".join(clean_school_cmd.check_lines(ctx, year, dt.date.today())))
    finally:
        ctx.close()
    return 0


def run_export_meetings(args: argparse.Namespace) -> int:
    from app.context import open_for_reading
    from app.documents.meeting_printing import export_meeting_ledger

    year = args.year or dt.date.today().year
    ctx = open_for_reading(args.db)
    try:
        done = export_meeting_ledger(ctx, year, args.output, branch_name=args.branch)
    finally:
        ctx.close()
    print(f"已导出 {year} 年会议台账：{done.meetings} 次会议，{done.attendance} 条出勤记录 → {done.path}")
    return 0
