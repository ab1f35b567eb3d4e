"""`dangjian print development|dual-cultivation|dossier|notice`: the 发展党员 forms (targets of print_cmd)."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from app.errors import ValidationError

# print_cmd's targets from this module: name → (help text, "module:function").
PRINT_TARGETS: dict[str, tuple[str, str]] = {
    "development": ("发展党员工作台账", "app.cli.development_cmd:print_development_cmd"),
    "dual-cultivation": ("双培养台账", "app.cli.development_cmd:print_dual_cmd"),
    "dossier": ("发展党员全程纪实表", "app.cli.development_cmd:print_dossier_cmd"),
    "notice": ("发展党员公示", "app.cli.development_cmd:print_notice_cmd"),
}


def _year(args: argparse.Namespace) -> int:
    return args.year or dt.date.today().year


def _member(ctx, args: argparse.Namespace) -> str:
    from app.services.development import resolve_member

    if not getattr(args, "member", None):
        raise ValidationError("请用 --member 指定人员（姓名或人员编号）")
    return resolve_member(ctx, args.member)


def print_development_cmd(ctx, args: argparse.Namespace, output_path: Path) -> Path:
    from app.documents.development_print import print_ledger

    return print_ledger(ctx, _year(args), output_path, branch_name=args.branch)


def print_dual_cmd(ctx, args: argparse.Namespace, output_path: Path) -> Path:
    from app.documents.development_print import print_dual

    return print_dual(ctx, _year(args), output_path, branch_name=args.branch)


def print_dossier_cmd(ctx, args: argparse.Namespace, output_path: Path) -> Path:
    from app.documents.development_print import print_dossier

    return print_dossier(ctx, _member(ctx, args), output_path)


def print_notice_cmd(ctx, args: argparse.Namespace, output_path: Path) -> Path:
    from app.documents.development_print import print_notice

    return print_notice(ctx, _member(ctx, args), output_path)


def check_section(ctx, year: int) -> str:
    """The `check` command's 发展党员 part: every step of the year that breaks an interval, by person."""
    from app.services.development import check_text

    return check_text(ctx, year)
