"""Use cases that print the meeting documents and export the meeting ledger: read, build plain data, render.

Each opens its own (read-only) unit of work, builds the printing dataclasses with meeting_print_data,
closes it, then hands the data to an app.printing / app.excel adapter that writes `path`. The GUI runs
them through its operation runner and shows the PDF; the CLI prints where it went.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path

from app.domain.docs.meeting_docs import SignInDoc
from app.errors import ValidationError
from app.excel.meeting_ledger import write_ledger
from app.printing.compliance_report import filter_branch, render_compliance
from app.printing.meeting_record import render_records
from app.printing.plan import render_plan
from app.printing.signin import render_blank_forms, render_signin
from app.services import compliance, meeting_print_data, organizations
from app.services.meeting_export import ledger as ledger_data
from app.services.meeting_types import MeetingInput
from app.services.progress import Progress, no_progress
from app.store.uow import Ledger, UnitOfWork


def print_record(ledger: Ledger, meeting_id: str, path: Path) -> Path:
    """One 会议记录 as the paper form."""
    with ledger.uow() as uow:
        doc = meeting_print_data.record_doc(uow, meeting_id)
    return render_records([doc], path)


def print_compilation(ledger: Ledger, year: int, path: Path, *, branch_name: str | None = None,
                      progress: Progress = no_progress) -> Path:
    """The year's 会议记录汇编 (cover, 目录, every record) for one branch and its groups, or all branches.

    Reports each record as layout reaches it; the reporter may raise Cancelled, and then no file is left.
    """
    progress(0, 0, "正在读取会议记录…")
    with ledger.uow() as uow:
        docs = meeting_print_data.record_docs(uow, year, branch_name)
    if not docs:
        raise ValidationError(f"{branch_name or '全校'}{year}年没有会议记录，未生成文件")

    passes = {"n": 1, "last": -1}  # a 汇编 with a 目录 is laid out more than once: say which time

    def laid_out(done: int, total: int) -> None:
        if done < passes["last"]:
            passes["n"] += 1
        passes["last"] = done
        again = f"（第 {passes['n']} 遍，为目录页码）" if passes["n"] > 1 else ""
        progress(done, total, f"正在排版会议记录汇编{again}：第 {done + 1}/{total} 份")

    return render_records(docs, path, compilation_title=f"{year}年度三会一课会议记录汇编", progress=laid_out)


def print_signin(ledger: Ledger, path: Path, *, meeting_id: str | None = None,
                 draft: MeetingInput | None = None) -> Path:
    """The 签到表 of a saved record; or, before it is saved, of the record being typed (`draft`): its
    organization's roster on that day with the name, times, place and host typed so far."""
    with ledger.uow() as uow:
        if meeting_id:
            doc = meeting_print_data.signin_doc(uow, meeting_id)
        elif draft is not None:
            doc = meeting_print_data.signin_blank_doc(uow, draft.organization_id, draft.kind,
                                                      draft.held_on)
            doc = replace(doc, title=draft.title.strip(), start_time=draft.start_time.strip(),
                          end_time=draft.end_time.strip(), place=draft.place.strip(), host=draft.host.strip())
        else:
            raise ValidationError("请指定要打印签到表的会议")
    return render_signin([doc], path)


def print_branch_signins(ledger: Ledger, path: Path, *, branch_name: str | None = None,
                         meeting_id: str | None = None, held_on: dt.date | None = None,
                         today: dt.date | None = None) -> Path:
    """签到表 by what the CLI names: a meeting (its ID, or its date within --branch); a branch's next
    recorded meeting or its roster with blank date and place; or without a branch, one sheet per branch."""
    today = today or dt.date.today()
    with ledger.uow() as uow:
        if meeting_id:
            docs = [meeting_print_data.signin_doc(uow, meeting_id)]
        elif held_on is not None:
            if not branch_name:
                raise ValidationError("按日期指定会议时，请同时用 --branch 指定党支部")
            docs = [meeting_print_data.signin_doc(uow, _meeting_on(uow, branch_name, held_on))]
        elif branch_name:
            org = meeting_print_data.find_organization(uow, branch_name)
            docs = [meeting_print_data.branch_signin_doc(uow, org.id, today)]
        else:
            docs = [meeting_print_data.branch_signin_doc(uow, org.id, today) for org in organizations.branches(uow)]
            if not docs:
                raise ValidationError("还没有党支部，无法打印签到表")
    return render_signin(docs, path)


def _meeting_on(uow: UnitOfWork, branch_name: str, day: dt.date) -> str:
    found = meeting_print_data.meetings_on(uow, meeting_print_data.find_organization(uow, branch_name).id, day)
    if not found:
        raise ValidationError(f"{branch_name}在{day:%Y-%m-%d}没有会议记录")
    if len(found) > 1:
        kinds = "、".join(label for _id, label in found)
        raise ValidationError(f"{branch_name}在{day:%Y-%m-%d}有{len(found)}次会议（{kinds}），请用会议编号指定：",
                              details=[f"{label}：{meeting_id}" for meeting_id, label in found])
    return found[0][0]


def print_blank_forms(ledger: Ledger, path: Path, *, branch_name: str | None = None,
                      organization_id: str | None = None) -> Path:
    """A blank 会议记录 and a 签到表 with the organization's roster (or empty lines without one)."""
    with ledger.uow() as uow:
        school = organizations.get_school(uow)
        if branch_name:
            organization_id = meeting_print_data.find_organization(uow, branch_name).id
        if organization_id:
            sheet = meeting_print_data.signin_blank_doc(uow, organization_id, None)
        else:
            sheet = SignInDoc(school_name=school.name if school else "", org_name="", kind=None, lines=[])
    return render_blank_forms(sheet, path, org_name=sheet.org_name)


def print_plan(ledger: Ledger, year: int, path: Path, *, branch_name: str | None = None,
               today: dt.date | None = None) -> Path:
    """年度计划: each branch's plan month by month against the meetings held."""
    with ledger.uow() as uow:
        doc = meeting_print_data.plan_doc(uow, year, branch_name, today)
    return render_plan(doc, path)


def print_compliance_report(ledger: Ledger, year: int, path: Path, *, branch_name: str | None = None,
                            branch_id: str | None = None, today: dt.date | None = None) -> Path:
    """督查表: the year's compliance grid for all branches, or one (by name from the CLI, by id from the GUI)."""
    with ledger.uow() as uow:
        grid = compliance.compute(uow, year, today=today)
        if branch_name:
            branch = organizations.require_by_name(uow, branch_name)
            branch_id, branch_name = branch.id, branch.name
        elif branch_id:
            found = next((b for b in organizations.branches(uow) if b.id == branch_id), None)
            branch_name = found.name if found else None
    if branch_id:
        grid = filter_branch(grid, branch_id)
    return render_compliance(grid, path, branch_name=branch_name)


@dataclass(frozen=True)
class LedgerExport:
    path: Path
    year: int
    meetings: int
    attendance: int


def export_meeting_ledger(ledger: Ledger, year: int, path: Path, *, organization_id: str | None = None,
                          branch_name: str | None = None, progress: Progress = no_progress) -> LedgerExport:
    """会议台账 (.xlsx): the year's meetings, one sheet per kind, and every attendance row."""
    progress(0, 2, "正在读取会议记录…")
    with ledger.uow() as uow:
        if branch_name:
            organization_id = organizations.require_by_name(uow, branch_name).id
        data = ledger_data(uow, year, organization_id)
    progress(1, 2, f"正在写入 {len(data.meetings)} 次会议…")
    written = write_ledger(data, path)
    progress(2, 2)
    return LedgerExport(written, year, len(data.meetings), len(data.attendance))
