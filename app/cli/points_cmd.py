"""`dangjian export points --year YYYY [--branch NAME] -o FILE.xlsx`, and the print targets points,
points-cards, commitments and review-ballot (PRINT_TARGETS, merged into app/cli/print_cmd.py TARGETS)."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

# `print` targets of this area (app/cli/print_cmd.py merges them into its TARGETS).
PRINT_TARGETS: dict[str, tuple[str, str]] = {
    "points": ("党员积分及评议结果公示", "app.cli.points_cmd:print_notice_cmd"),
    "points-cards": ("党员积分卡", "app.cli.points_cmd:print_cards_cmd"),
    "commitments": ("党员承诺书", "app.cli.points_cmd:print_commitments_cmd"),
    "review-ballot": ("民主评议党员测评表", "app.cli.points_cmd:print_ballots_cmd"),
}


def register(sub: argparse._SubParsersAction) -> None:
    """Adds `points` to the `export` command (made by app.cli.members_cmd, registered before this module)."""
    export = sub.choices["export"]
    export_sub = next(a for a in export._actions if isinstance(a, argparse._SubParsersAction))
    e = export_sub.add_parser("points", help="导出年度党员积分（积分汇总、积分明细）")
    e.add_argument("--year", type=int, default=None, help="年度（默认今年）")
    e.add_argument("--branch", default=None, help="党支部名称（默认全部）")
    e.add_argument("-o", "--output", type=Path, required=True)
    e.set_defaults(func=run_export_points)


def _branch_id(ctx, name: str | None) -> str | None:
    if not name:
        return None
    from app.services import organizations

    with ctx.uow() as uow:
        return organizations.require_by_name(uow, name, "党支部").id


def _year(args: argparse.Namespace) -> int:
    return args.year or dt.date.today().year


def run_export_points(args: argparse.Namespace) -> int:
    from app.context import open_for_reading
    from app.documents.points_files import export_points

    ctx = open_for_reading(args.db)
    try:
        path, book = export_points(ctx, _year(args), args.output, _branch_id(ctx, args.branch))
    finally:
        ctx.close()
    print(f"已导出 {_year(args)} 年度党员积分：{len(book.summary)} 人，明细 {len(book.details)} 条 → {path}")
    return 0


# ---- print targets: (ctx, args, output_path) → path ------------------------------------------------

def print_notice_cmd(ctx, args: argparse.Namespace, output_path: Path) -> Path:
    from app.documents.points_files import print_notice

    return print_notice(ctx, _year(args), output_path, _branch_id(ctx, args.branch))


def print_cards_cmd(ctx, args: argparse.Namespace, output_path: Path) -> Path:
    from app.documents.points_files import print_cards

    return print_cards(ctx, _year(args), output_path, _branch_id(ctx, args.branch))


def print_commitments_cmd(ctx, args: argparse.Namespace, output_path: Path) -> Path:
    from app.documents.points_files import print_commitments

    return print_commitments(ctx, _year(args), output_path, _branch_id(ctx, args.branch))


def print_ballots_cmd(ctx, args: argparse.Namespace, output_path: Path) -> Path:
    from app.documents.points_files import print_ballots

    return print_ballots(ctx, _year(args), output_path, _branch_id(ctx, args.branch))
