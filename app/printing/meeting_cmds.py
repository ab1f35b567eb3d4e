"""CLI print targets for the meeting forms: `print meetings|signin|plan|blank`. Read-only."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from app.errors import ValidationError


def _year(args: argparse.Namespace, *, required: bool) -> int:
    year = getattr(args, "year", None)
    if year is None:
        if required:
            raise ValidationError("请用 --year 指定年度，例如 --year 2025")
        return dt.date.today().year
    if not 1949 <= year <= 2100:
        raise ValidationError(f"年度“{year}”不正确")
    return year


def print_meetings_cmd(ctx, args: argparse.Namespace, output_path: Path) -> Path:
    """The year's 会议记录汇编 for one branch (and its party groups) or all branches."""
    from app.printing.meeting_record import render_records
    from app.services.meeting_print_data import record_docs

    year = _year(args, required=True)
    branch = getattr(args, "branch", None)
    with ctx.uow() as uow:
        docs = record_docs(uow, year, branch)
    if not docs:
        raise ValidationError(f"{branch or '全校'}{year}年没有会议记录，未生成文件")
    return render_records(docs, output_path, compilation_title=f"{year}年度三会一课会议记录汇编")


def print_signin_cmd(ctx, args: argparse.Namespace, output_path: Path) -> Path:
    """--meeting ID: that meeting's sheet; --branch NAME: the branch's next recorded meeting, or a sheet
    with the branch's roster and blank date/place when none is scheduled."""
    from app.printing.signin import render_signin
    from app.services import meeting_print_data as data

    meeting_id = getattr(args, "meeting", None)
    branch = getattr(args, "branch", None)
    with ctx.uow() as uow:
        if meeting_id:
            doc = data.signin_doc(uow, meeting_id)
        elif branch:
            org = data.find_organization(uow, branch)
            next_id = data.next_meeting_id(uow, org.id, dt.date.today())
            doc = data.signin_doc(uow, next_id) if next_id else data.signin_blank_doc(uow, org.id, None)
        else:
            raise ValidationError("请用 --branch 指定党支部，或用 --meeting 指定会议")
    return render_signin([doc], output_path)


def print_plan_cmd(ctx, args: argparse.Namespace, output_path: Path) -> Path:
    from app.printing.plan import render_plan
    from app.services.meeting_print_data import plan_doc

    year = _year(args, required=False)
    with ctx.uow() as uow:
        doc = plan_doc(uow, year, getattr(args, "branch", None))
    return render_plan(doc, output_path)


def print_blank_cmd(ctx, args: argparse.Namespace, output_path: Path) -> Path:
    """A blank 会议记录 and a 签到表 with the branch's roster (or empty lines without --branch)."""
    from reportlab.platypus import PageBreak

    from app.printing.base import PageDecor, build_pdf
    from app.printing.meeting_docs import SignInDoc
    from app.printing.meeting_record import blank_record_story
    from app.printing.signin import signin_story
    from app.services import meeting_print_data as data
    from app.services.organizations import get_school

    branch = getattr(args, "branch", None)
    with ctx.uow() as uow:
        school = get_school(uow)
        if branch:
            org = data.find_organization(uow, branch)
            sheet = data.signin_blank_doc(uow, org.id, None)
        else:
            sheet = SignInDoc(school_name=school.name if school else "", org_name="", kind=None, lines=[],
                              spare_rows=20)
    story = [*blank_record_story(None, branch or ""), PageBreak(), *signin_story(sheet)]
    decor = PageDecor(header_left=sheet.school_name, header_right="空白表格（手写）")
    return build_pdf(output_path, story, title="空白会议记录与签到表", decor=decor)
