"""Printed forms end to end: real store → services → PDF; text, fonts, structure and CLI behaviour."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from app.documents.print_cases import print_posts, print_roster
from app.domain import idcard
from app.domain.enums import MeetingKind
from app.printing.meeting_record import render_blank_record, render_records
from app.printing.plan import render_plan
from app.printing.roster import render_roster
from app.printing.signin import render_signin
from app.services import meeting_print_data as data
from app.services.print_data import load_roster
from app.store.models import Member
from tests.conftest import DEMO_YEAR
from tests.integration.meeting_rows import (
    NASTY,
    RARE,
    add_meeting,
    branch,
    extra_members,
    non_members,
    party_members,
    seed_year,
)
from tests.pdf_text import page_texts, pdf_text

YEAR = DEMO_YEAR
BRANCH = "第一党支部（小学部）"


def _pages(path: Path) -> int:
    return len(PdfReader(path).pages)


def assert_clean_pdf(path: Path) -> None:
    """Every font embedded, no Helvetica, and a structurally valid file."""
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = out.splitlines()[2:]
    assert rows, out
    assert all(" yes " in r for r in rows), out
    assert "Helvetica" not in out and "Times" not in out
    subprocess.run(["qpdf", "--check", str(path)], capture_output=True, check=True)


@pytest.fixture(scope="module")
def meetings_template(demo_templates, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo school without its records, then a year of seeded meetings: made once for this module."""
    import shutil

    from app.context import open_context
    from tests.conftest import app_data_dir

    folder = tmp_path_factory.mktemp("meetings")
    path = folder / "meetings.sqlite"
    shutil.copyfile(demo_templates(False), path)
    with app_data_dir(folder / "data"):
        ctx = open_context(path)
        try:
            with ctx.uow() as uow:
                seed_year(uow.session, YEAR)
                uow.commit()
        finally:
            ctx.close()
    return path


@pytest.fixture
def meetings_ctx(meetings_template: Path, store_path: Path, data_dir: Path):
    """A copy of meetings_template for one test (at store_path, as school_ctx's copy was)."""
    import shutil

    from app.context import open_context

    shutil.copyfile(meetings_template, store_path)
    context = open_context(store_path)
    yield context
    context.close()


def test_roster_masks_ids_unless_asked(demo_ctx, tmp_path: Path) -> None:
    with demo_ctx.uow() as uow:
        people = [(m.name, m.id_number, m.phone) for m in uow.session.scalars(select(Member).where(
            Member.status == "active", Member.category.in_(["full", "probationary"])))]
        candidates = list(uow.session.scalars(select(Member.name).where(
            Member.status == "active", Member.category.not_in(["full", "probationary"]))))
    path = print_roster(demo_ctx, tmp_path / "roster.pdf")
    text = pdf_text(path)
    assert "党员花名册" in text and "共 1 页" not in text  # 39 party members need several pages
    assert candidates and not any(name in text for name in candidates)  # they have their own ledger
    for name, number, phone in people:
        assert name in text
        assert idcard.mask(number) in text
        assert number not in text
        assert phone not in text
    assert "正式党员" in text and "小计" in text and "合计" in text and "填表人" in text
    assert_clean_pdf(path)

    with demo_ctx.uow() as uow:
        doc = load_roster(uow, full_ids=True)
    full = pdf_text(render_roster(doc, tmp_path / "full.pdf"))
    assert all(number in full for _n, number, _p in people)


def test_roster_of_one_branch_and_people_who_left(demo_ctx, tmp_path: Path) -> None:
    from app.domain.enums import MemberStatus
    from app.services.members import leave_roster

    with demo_ctx.uow() as uow:
        gone = party_members(uow.session, branch(uow.session, "第一党支部"))[0]
        name = gone.name
        leave_roster(uow, gone.id, MemberStatus.TRANSFERRED_OUT, dt.date.today(), "县实验中学")
        uow.commit()
    plain = pdf_text(print_roster(demo_ctx, tmp_path / "a.pdf", branch_name=BRANCH))
    assert name not in plain and "第二党支部" not in plain
    with demo_ctx.uow() as uow:
        doc = load_roster(uow, include_left=True)
    text = pdf_text(render_roster(doc, tmp_path / "b.pdf"))
    text = "".join(text.split())
    assert name in text and "（转出）" in text and "已离册1人" in text


def test_posts_ledger(demo_ctx, tmp_path: Path) -> None:
    from app.services.posts import list_posts

    path = print_posts(demo_ctx, tmp_path / "posts.pdf")
    text = pdf_text(path)
    with demo_ctx.uow() as uow:
        holders = {p.holder_name for p in list_posts(uow)}
    assert holders and all(h in text for h in holders)
    for heading in ("党组织名称", "本届任期", "下次换届时间", "是否交叉任职", "青山镇中心学校党总支", "书记"):
        assert heading in text
    assert_clean_pdf(path)


def test_record_with_everything_hard(school_ctx, tmp_path: Path) -> None:
    """3+ pages of content, 60 attendees, markup-like text, emoji, rare characters and a 100 KB field."""
    with school_ctx.uow() as uow:
        org = branch(uow.session, "第一党支部")
        people = party_members(uow.session, org)
        people += extra_members(uow.session, org, 60 - len(people))
        content = "\n".join(f"第{i}位发言：{NASTY}要加强师德师风建设，落实立德树人根本任务。" * 6 for i in range(40))
        meeting = add_meeting(
            uow.session, org, MeetingKind.GENERAL_ASSEMBLY, dt.date(YEAR, 5, 6), people=people,
            absent={3: ("sick_leave", "住院"), 7: ("unexcused", "")}, observers=non_members(uow.session, org)[:2],
            title=NASTY, topics=f"议题一 {NASTY}\n议题二", content=content, resolutions="决议。" * 34000,
            follow_up=NASTY, first_topic_material="学习《习近平谈治国理政》", first_topic_speaker="书记",
            votes_for=50, votes_against=1, votes_abstain=7, attachments=[NASTY + ".jpg", "会议照片.png"])
        uow.commit()
        doc = data.record_doc(uow, meeting.id)
    assert doc.expected_count == 60 and doc.present_count == 58 and len(doc.resolutions) > 100_000
    path = render_records([doc], tmp_path / "record.pdf")
    assert _pages(path) >= 8
    text = pdf_text(path).replace("\n", "")
    assert "<b>粗体</b> & <i>x</i> < 5" in text
    assert RARE in text and "😀" not in text and "□" in text
    assert "赞成 50 票" in text and "本年度第 1 次" in text and "（病假，住院）" in text
    assert text.index("第一议题") < text.index("议题一")
    assert "主持人签字" in text and "会议照片.png" in text
    assert_clean_pdf(path)


def test_compilation_has_cover_and_table_of_contents(meetings_ctx, tmp_path: Path) -> None:
    with meetings_ctx.uow() as uow:
        docs = data.record_docs(uow, YEAR, BRANCH)
        everything = data.record_docs(uow, YEAR)
    assert docs and all(d.branch_name == BRANCH for d in docs)
    assert len(everything) > len(docs)
    assert [d.held_on for d in docs] == sorted(d.held_on for d in docs)
    path = render_records(docs, tmp_path / "book.pdf", compilation_title=f"{YEAR}年度三会一课会议记录汇编")
    reader = PdfReader(path)
    assert len(reader.pages) == len(docs) + 2  # cover, contents, one page per short record
    cover, contents = page_texts(path)[:2]
    assert "会议记录汇编" in cover and BRANCH in cover and f"{YEAR}年度" in cover and "第 1 页" not in cover
    assert "目" in contents and BRANCH in contents
    numbers = [int(n) for n in re.findall(r"\.\s+(\d+)", contents)]
    assert numbers == [3, *range(3, 3 + len(docs))]  # the branch, then each record on its own page
    assert len(reader.outline) >= 1
    assert_clean_pdf(path)


def test_signin_sheet(demo_ctx, tmp_path: Path) -> None:
    with demo_ctx.uow() as uow:
        org = branch(uow.session, "第一党支部")
        people = party_members(uow.session, org)
        people += extra_members(uow.session, org, 60 - len(people))
        meeting = add_meeting(uow.session, org, MeetingKind.THEME_DAY, dt.date(YEAR, 3, 1), people=people,
                              absent={0: ("official_leave", "外出培训")}, title="三月主题党日 <&>")
        names = [p.name for p in people]
        uow.commit()
        doc = data.signin_doc(uow, meeting.id)
        blank = data.signin_blank_doc(uow, org.id, MeetingKind.COMMITTEE_MEETING)
    assert len(doc.lines) == 60 and doc.expected_count == 60
    path = render_signin([doc, blank], tmp_path / "signin.pdf")
    text = pdf_text(path)
    assert all(name in text for name in names)
    assert "公假，外出培训" in text and "三月主题党日 <&>" in text and "应到" in text and "缺席" in text
    assert _pages(path) >= 4
    assert_clean_pdf(path)


def test_blank_record_and_plan(meetings_ctx, tmp_path: Path) -> None:
    for kind in (None, MeetingKind.PARTY_LECTURE, MeetingKind.THEME_DAY):
        path = render_blank_record(kind, tmp_path / f"blank-{kind}.pdf", BRANCH)
        text = pdf_text(path)
        assert "主持人签字" in text and "会议内容" in text and _pages(path) == 2
        assert_clean_pdf(path)
    with meetings_ctx.uow() as uow:
        doc = data.plan_doc(uow, YEAR, None, today=dt.date(YEAR, 12, 31) + dt.timedelta(days=1))
    assert [b.name for b in doc.branches][:2] == [BRANCH, "第二党支部（初中部）"]
    plan_path = render_plan(doc, tmp_path / "plan.pdf")
    text = pdf_text(plan_path)
    assert "已开展" in text and "未开展" in text and "红色教育基地参观" in text
    assert_clean_pdf(plan_path)


def _cli(store: Path, *args: str) -> int:
    from app.cli import main

    return main(["--db", str(store), "print", *args])


@pytest.mark.parametrize("target", [
    ["roster"], ["posts"], ["meetings", "--year", str(YEAR)], ["meetings", "--year", str(YEAR), "--branch", BRANCH],
    ["signin", "--branch", BRANCH], ["plan", "--year", str(YEAR)], ["plan", "--branch", BRANCH],
    ["blank", "--branch", BRANCH], ["blank"],
])
def test_cli_targets(meetings_ctx, store_path: Path, tmp_path: Path, target: list[str]) -> None:
    out = tmp_path / "out.pdf"
    assert _cli(store_path, *target, "-o", str(out)) == 0
    assert _pages(out) >= 1


def test_cli_signin_for_one_meeting(meetings_ctx, store_path: Path, tmp_path: Path) -> None:
    with meetings_ctx.uow() as uow:
        meeting = add_meeting(uow.session, branch(uow.session, "第二党支部"), MeetingKind.COMMITTEE_MEETING,
                              dt.date.today() + dt.timedelta(days=3), title="下周支委会")
        uow.commit()
        meeting_id = meeting.id
    out = tmp_path / "s.pdf"
    assert _cli(store_path, "signin", "--meeting", meeting_id, "-o", str(out)) == 0
    assert "下周支委会" in pdf_text(out)
    assert _cli(store_path, "signin", "--branch", "第二党支部（初中部）", "-o", str(out)) == 0
    assert "下周支委会" in pdf_text(out)  # the branch's next meeting


@pytest.mark.parametrize("target", [
    ["meetings", "--year", str(YEAR), "--branch", "不存在的支部"], ["signin", "--branch", "不存在的支部"],
    ["plan", "--branch", "不存在的支部"], ["blank", "--branch", "不存在的支部"], ["roster", "--branch", "不存在的支部"],
    ["meetings"], ["signin", "--meeting", "no-such-id"],  # --year 1900: tests/safety/test_hardening_input.py
    ["signin", "--meeting", "2025-06-30"], ["signin", "--meeting", "2025-13-01", "--branch", "第一党支部（小学部）"],
    ["signin", "--meeting", f"{YEAR}-02-30", "--branch", "第一党支部（小学部）"],
])
def test_cli_bad_input(meetings_ctx, store_path: Path, tmp_path: Path, capsys, target: list[str]) -> None:
    out = tmp_path / "bad.pdf"
    assert _cli(store_path, *target, "-o", str(out)) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：") and "Traceback" not in err
    assert not list(tmp_path.glob("bad.pdf*"))


def test_no_meetings_is_a_clear_error(school_ctx, store_path: Path, tmp_path: Path, capsys) -> None:
    assert _cli(store_path, "meetings", "--year", str(YEAR), "-o", str(tmp_path / "x.pdf")) == 2
    assert "没有会议记录" in capsys.readouterr().err


def test_talk_and_lecture_records(demo_ctx, tmp_path: Path) -> None:
    with demo_ctx.uow() as uow:
        org = branch(uow.session, "第二党支部")
        a, b = party_members(uow.session, org)[:2]
        names = (a.name, b.name)
        talk = add_meeting(uow.session, org, MeetingKind.TALK, dt.date(YEAR, 4, 2), people=[],
                           title="谈工作作风", talk_member_a_id=a.id, talk_member_b_id=b.id,
                           content="交流了班级管理中的问题。", resolutions="加强家校沟通。")
        lecture = add_meeting(uow.session, org, MeetingKind.PARTY_LECTURE, dt.date(YEAR, 4, 9),
                              lecturer=a.name, lecture_title="弘扬教育家精神", lecture_type="书记讲党课")
        uow.commit()
        docs = [data.record_doc(uow, talk.id), data.record_doc(uow, lecture.id)]
    talk_text = pdf_text(render_records(docs[:1], tmp_path / "talk.pdf"))
    assert "谈心谈话记录" in talk_text and all(n in talk_text for n in names)
    assert "谈话对象签字" in talk_text and "应到人数" not in talk_text and "表决情况" not in talk_text
    lecture_text = pdf_text(render_records(docs[1:], tmp_path / "lecture.pdf"))
    assert "党课记录" in lecture_text and "弘扬教育家精神" in lecture_text and "书记讲党课" in lecture_text
    assert "表决情况" not in lecture_text
