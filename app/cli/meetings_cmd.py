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
    from app.context import open_for_reading
    from app.services.compliance import summary_text
    from app.services.integrity import check_store

    report = check_store(args.db)
    print(report.describe())
    if not report.ok:
        return report.exit_code or 4
    print()
    year = args.year or dt.date.today().year
    ctx = open_for_reading(args.db)
    try:
        with ctx.uow() as uow:
            print(summary_text(uow, year))
    finally:
        ctx.close()
    return 0


def run_export_meetings(args: argparse.Namespace) -> int:
    from app.context import open_for_reading
    from app.excel.meeting_ledger import write_ledger
    from app.services import organizations
    from app.services.meeting_export import ledger

    year = args.year or dt.date.today().year
    ctx = open_for_reading(args.db)
    try:
        with ctx.uow() as uow:
            org_id = organizations.require_by_name(uow, args.branch).id if args.branch else None
            data = ledger(uow, year, org_id)
        path = write_ledger(data, args.output)
    finally:
        ctx.close()
    print(f"已导出 {year} 年会议台账：{len(data.meetings)} 次会议，{len(data.attendance)} 条出勤记录 → {path}")
    return 0
