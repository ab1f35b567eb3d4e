"""`print meetings|signin|plan|blank|compliance`: argument checks and the use case in meeting_printing."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from app.documents import meeting_printing
from app.domain.dates import year_problem
from app.errors import ValidationError
from app.store.uow import Ledger


def _year(args: argparse.Namespace, *, required: bool) -> int:
    year = getattr(args, "year", None)
    if year is None:
        if required:
            raise ValidationError("请用 --year 指定年度，例如 --year 2025")
        return dt.date.today().year
    if (problem := year_problem(year)) is not None:  # the one year rule (app/domain/dates.py)
        raise ValidationError(problem)
    return int(year)


def print_meetings_cmd(ctx: Ledger, args: argparse.Namespace, output_path: Path) -> Path:
    """The year's 会议记录汇编 for one branch (and its party groups) or all branches."""
    return meeting_printing.print_compilation(ctx, _year(args, required=True), output_path,
                                              branch_name=getattr(args, "branch", None))


def _is_meeting_id(text: str) -> bool:
    return len(text) == 36 and text.count("-") == 4


def print_signin_cmd(ctx: Ledger, args: argparse.Namespace, output_path: Path) -> Path:
    """--branch NAME: the branch's next recorded meeting, or its roster with blank date and place;
    without --branch, one sheet per branch in one file. --meeting takes a meeting's ID, or a date
    (YYYY-MM-DD) together with --branch for that branch's meeting on that day."""
    from app.domain.dates import parse_date

    meeting = getattr(args, "meeting", None)
    branch = getattr(args, "branch", None)
    meeting_id, held_on = None, None
    if meeting and _is_meeting_id(meeting):
        meeting_id = meeting
    elif meeting:
        try:
            held_on = parse_date(meeting)
        except ValueError as exc:
            raise ValidationError(f"--meeting 应为会议日期（如 2025-06-30）或会议编号：{exc}") from None
        if held_on is None or not branch:
            raise ValidationError("按日期指定会议时，请同时用 --branch 指定党支部")
    return meeting_printing.print_branch_signins(ctx, output_path, branch_name=branch, meeting_id=meeting_id,
                                                 held_on=held_on)


def print_plan_cmd(ctx: Ledger, args: argparse.Namespace, output_path: Path) -> Path:
    return meeting_printing.print_plan(ctx, _year(args, required=False), output_path,
                                       branch_name=getattr(args, "branch", None))


def print_blank_cmd(ctx: Ledger, args: argparse.Namespace, output_path: Path) -> Path:
    """A blank 会议记录 and a 签到表 with the branch's roster (or empty lines without --branch)."""
    return meeting_printing.print_blank_forms(ctx, output_path, branch_name=getattr(args, "branch", None))


def print_compliance_cmd(ctx: Ledger, args: argparse.Namespace, output_path: Path) -> Path:
    """督查表: --year (default this year), --branch NAME (default all)."""
    return meeting_printing.print_compliance_report(ctx, _year(args, required=False), output_path,
                                                    branch_name=getattr(args, "branch", None))
