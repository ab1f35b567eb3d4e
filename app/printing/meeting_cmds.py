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
    from app.domain.dates import year_problem

    if (problem := year_problem(year)) is not None:
        raise ValidationError(problem)
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
    """--branch NAME: the branch's next recorded meeting, or its roster with blank date and place;
    without --branch, one sheet per branch in one file. --meeting takes a meeting's ID, or a date
    (YYYY-MM-DD) together with --branch for that branch's meeting on that day."""
    from app.printing.signin import render_signin
    from app.services import meeting_print_data as data
    from app.services.organizations import branches

    meeting = getattr(args, "meeting", None)
    branch = getattr(args, "branch", None)
    today = dt.date.today()
    with ctx.uow() as uow:
        if meeting:
            docs = [data.signin_doc(uow, _meeting_id(uow, meeting, branch))]
        elif branch:
            docs = [data.branch_signin_doc(uow, data.find_organization(uow, branch).id, today)]
        else:
            docs = [data.branch_signin_doc(uow, org.id, today) for org in branches(uow)]
            if not docs:
                raise ValidationError("还没有党支部，无法打印签到表")
    return render_signin(docs, output_path)


def _meeting_id(uow, meeting: str, branch: str | None) -> str:
    """An ID as it is; a date needs --branch and must name exactly one meeting of that branch."""
    from app.domain.dates import parse_date
    from app.services import meeting_print_data as data

    if len(meeting) == 36 and meeting.count("-") == 4:
        return meeting
    try:
        day = parse_date(meeting)
    except ValueError as exc:
        raise ValidationError(f"--meeting 应为会议日期（如 2025-06-30）或会议编号：{exc}") from None
    if day is None or not branch:
        raise ValidationError("按日期指定会议时，请同时用 --branch 指定党支部")
    found = data.meetings_on(uow, data.find_organization(uow, branch).id, day)
    if not found:
        raise ValidationError(f"{branch}在{day:%Y-%m-%d}没有会议记录")
    if len(found) > 1:
        kinds = "、".join(label for _id, label in found)
        raise ValidationError(f"{branch}在{day:%Y-%m-%d}有{len(found)}次会议（{kinds}），请用会议编号指定：",
                              details=[f"{label}：{meeting_id}" for meeting_id, label in found])
    return found[0][0]


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

    from app.printing.base import FormStart, PageDecor, build_pdf
    from app.printing.meeting_docs import SignInDoc
    from app.printing.meeting_record import blank_record_story
    from app.printing.signin import fit_spare_rows, signin_story
    from app.services import meeting_print_data as data
    from app.services.organizations import get_school

    branch = getattr(args, "branch", None)
    with ctx.uow() as uow:
        school = get_school(uow)
        if branch:
            org = data.find_organization(uow, branch)
            sheet = data.signin_blank_doc(uow, org.id, None)
        else:
            sheet = SignInDoc(school_name=school.name if school else "", org_name="", kind=None, lines=[])
    story = [*blank_record_story(None, branch or ""), PageBreak(), FormStart(),
             *signin_story(fit_spare_rows(sheet))]
    decor = PageDecor(header_left=sheet.school_name, header_right="空白表格（手写）")
    return build_pdf(output_path, story, title="空白会议记录与签到表", decor=decor)
