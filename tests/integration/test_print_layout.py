"""Layout promises of the printed forms: per-form page numbers, no orphaned totals or footer strips,
continued boxes labelled, sign-in sheets for every branch and by meeting date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportlab.lib.units import mm

from app.cli import main
from app.printing import base
from app.printing.base import TailKeepingTable, para, styles
from app.store.models import Meeting, Organization
from tests.pdf_text import page_texts


def _cli(store: Path, *args: str) -> int:
    return main(["--db", str(store), "print", *args])


def test_signin_without_branch_prints_one_sheet_per_branch_each_numbered_alone(school_ctx, store_path, tmp_path):
    out = tmp_path / "all.pdf"
    assert _cli(store_path, "signin", "-o", str(out)) == 0
    pages = page_texts(out)
    assert len(pages) == 3  # three branches, one page each
    for page, branch in zip(pages, ("第一党支部", "第二党支部", "退休教师党支部"), strict=True):
        assert branch in page
        assert "共 1 页" in page.replace("\u3000", " ")


def _meeting(session, branch_part: str, day: dt.date, kind: str, start: str) -> str:
    org = next(o for o in session.query(Organization).all() if branch_part in o.name)
    meeting = Meeting(organization_id=org.id, kind=kind, held_on=day, start_time=start, title=f"{kind}{start}")
    session.add(meeting)
    session.flush()
    return meeting.id


def test_signin_by_meeting_date(school_ctx, store_path, tmp_path, capsys):
    day = dt.date.today() - dt.timedelta(days=10)
    with school_ctx.uow() as uow:
        _meeting(uow.session, "第一党支部", day, "theme_day", "15:00")
        _meeting(uow.session, "第二党支部", day, "theme_day", "15:00")
        _meeting(uow.session, "第二党支部", day, "committee_meeting", "17:00")
        uow.commit()
    one = tmp_path / "one.pdf"
    assert _cli(store_path, "signin", "--branch", "第一党支部（小学部）", "--meeting", f"{day:%Y-%m-%d}",
                "-o", str(one)) == 0
    assert "主题党日" in page_texts(one)[0]
    capsys.readouterr()
    assert _cli(store_path, "signin", "--branch", "第二党支部（初中部）", "--meeting", f"{day:%Y-%m-%d}",
                "-o", str(tmp_path / "two.pdf")) == 2
    err = capsys.readouterr().err
    assert "2次会议" in err and "支部委员会会议" in err  # the user is shown which IDs to choose from
    assert not (tmp_path / "two.pdf").exists()


def test_blank_signin_sheet_ends_with_its_footer_on_a_full_page(school_ctx, store_path, tmp_path):
    out = tmp_path / "blank.pdf"
    assert _cli(store_path, "blank", "-o", str(out)) == 0
    last = page_texts(out)[-1]
    assert "序号" in last and "应到" in last  # the footer strip never stands alone
    assert "共 1 页" in last.replace("\u3000", " ")  # the sheet counts its own pages


def test_tail_keeping_table_never_leaves_fewer_than_min_tail_rows(tmp_path):
    s = styles()
    rows = [["序号", "姓名"]] + [[str(i), f"人员{i}"] for i in range(40)]
    table = base.ruled_table(rows, [30 * mm, 60 * mm], table_class=TailKeepingTable)
    table.splitInRow = 0
    table.min_tail = 4
    _w, height = table.wrap(90 * mm, 10_000)
    row_h = height / len(rows)
    # room for all but two rows: a plain table would leave 2 rows on the next page
    parts = table.split(90 * mm, height - 2 * row_h + 1)
    assert len(parts) == 2
    assert len(parts[1]._cellvalues) - table.repeatRows >= 4
    assert para("x", s.cell)  # styles usable after a split


def test_continued_content_box_is_labelled(school_ctx, tmp_path):
    from app.domain.docs.meeting_docs import MeetingRecordDoc
    from app.printing.meeting_record import render_records
    from app.services.meeting_print_data import record_doc

    with school_ctx.uow() as uow:
        meeting_id = _meeting(uow.session, "第一党支部", dt.date.today() - dt.timedelta(days=3),
                              "general_assembly", "15:00")
        uow.commit()
    with school_ctx.uow() as uow:
        doc: MeetingRecordDoc = record_doc(uow, meeting_id)
    doc.content = "\n".join(f"{i}. 发言要点：结合教育教学实际谈体会，提出改进意见。" * 3 for i in range(150))
    out = render_records([doc], tmp_path / "long.pdf")
    pages = page_texts(out)
    assert len(pages) >= 3
    assert all("（续）" in page for page in pages[1:-1])
    assert "（续）" not in pages[0]
