"""The meeting use cases own their unit of work: all of one operation or nothing, permissions checked inside."""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app import paths
from app.context import AppContext
from app.documents import meeting_printing
from app.domain.enums import MeetingKind, Role
from app.errors import KnownError, PermissionDenied, ValidationError
from app.services import attachments, meeting_ops
from app.services.meeting_ops import PlanItemInput
from app.services.meeting_templates import template
from app.services.progress import Cancelled
from app.store.models import Attachment, AuditLog, Meeting, MeetingPlan
from app.store.uow import Actor, UnitOfWork
from tests import forked
from tests.integration.meeting_world import World

JUNE = dt.date(2025, 6, 10)
TODAY = dt.date(2025, 12, 31)


@dataclass
class As:
    """The same store seen by another account (a Ledger like AppContext)."""

    ctx: AppContext
    actor: Actor
    read_only: bool = False

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.ctx.store.session_factory, self.actor)


@pytest.fixture
def world(meeting_world: World) -> World:
    return meeting_world  # a copy of the run's built world (tests/conftest.py)


def _counts(ctx) -> dict[str, int]:
    with ctx.uow() as uow:
        return {model.__tablename__: uow.session.scalar(select(func.count()).select_from(model)) or 0
                for model in (Meeting, Attachment, MeetingPlan, AuditLog)}


def _files() -> list[str]:
    return sorted(p.name for p in paths.attachments_dir().iterdir())


def _photo(tmp_path: Path, name: str = "合影.png") -> Path:
    path = tmp_path / name
    path.write_bytes(b"\x89PNG fake " + name.encode())
    return path


def _saved(ctx, world: World, tmp_path: Path) -> str:
    return meeting_ops.record_meeting(ctx, template(MeetingKind.THEME_DAY, world.branch, JUNE),
                                      add_files=[_photo(tmp_path)], today=TODAY).id


def test_record_meeting_saves_record_attachments_and_audit_together(ctx, world: World, tmp_path: Path) -> None:
    before = _counts(ctx)
    data = template(MeetingKind.THEME_DAY, world.branch, JUNE)
    result = meeting_ops.record_meeting(ctx, data, add_files=[_photo(tmp_path), _photo(tmp_path, "签到.jpg")],
                                        today=TODAY)
    after = _counts(ctx)
    assert after["meeting"] == before["meeting"] + 1 and after["attachment"] == before["attachment"] + 2
    assert after["audit_log"] == before["audit_log"] + 3  # the record and each file, in the same commit
    assert [a.original_name for a in meeting_ops.list_attachments(ctx, result.id)] == ["合影.png", "签到.jpg"]
    assert len(_files()) == 2


def test_record_meeting_rolls_back_everything_when_an_attachment_fails(ctx, world: World, tmp_path: Path) -> None:
    before = _counts(ctx)
    data = template(MeetingKind.THEME_DAY, world.branch, JUNE)
    with pytest.raises(ValidationError, match="找不到文件"):
        meeting_ops.record_meeting(ctx, data, add_files=[_photo(tmp_path), tmp_path / "不存在.png"], today=TODAY)
    assert _counts(ctx) == before  # no record, no attachment row, no audit row
    assert _files() == []  # the first file's copy went with the transaction


def test_record_meeting_rolls_back_on_a_bug_after_the_writes(ctx, world: World, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    meeting_id = _saved(ctx, world, tmp_path)
    [old] = meeting_ops.list_attachments(ctx, meeting_id)
    before, files = _counts(ctx), _files()
    data = meeting_ops.load_meeting(ctx, meeting_id)
    data.title = "改过的名称"

    def broken(*_a, **_k):
        raise RuntimeError("disk gone")

    monkeypatch.setattr(attachments, "add_attachment", broken)
    with pytest.raises(RuntimeError):
        meeting_ops.record_meeting(ctx, data, meeting_id=meeting_id, remove_attachments=[old.id],
                                   add_files=[_photo(tmp_path, "新.png")], today=TODAY)
    assert _counts(ctx) == before and _files() == files  # the removal did not happen either
    assert meeting_ops.load_meeting(ctx, meeting_id).title != "改过的名称"


def test_update_with_attachment_changes(ctx, world: World, tmp_path: Path) -> None:
    meeting_id = _saved(ctx, world, tmp_path)
    [old] = meeting_ops.list_attachments(ctx, meeting_id)
    data = meeting_ops.load_meeting(ctx, meeting_id)
    data.place = "会议室"
    meeting_ops.record_meeting(ctx, data, meeting_id=meeting_id, remove_attachments=[old.id],
                               add_files=[_photo(tmp_path, "新.png")], today=TODAY)
    assert [a.original_name for a in meeting_ops.list_attachments(ctx, meeting_id)] == ["新.png"]
    assert old.stored_name not in _files() and len(_files()) == 1
    assert meeting_ops.load_meeting(ctx, meeting_id).place == "会议室"


def test_delete_meeting_removes_rows_and_files_after_commit(ctx, world: World, tmp_path: Path) -> None:
    meeting_id = _saved(ctx, world, tmp_path)
    meeting_ops.delete_meeting(ctx, meeting_id)
    counts = _counts(ctx)
    assert counts["meeting"] == 0 and counts["attachment"] == 0 and _files() == []
    with pytest.raises(KnownError, match="不存在"):
        meeting_ops.delete_meeting(ctx, meeting_id)


def test_month_plan_is_replaced_in_one_transaction_and_rolls_back(ctx, world: World) -> None:
    ids = meeting_ops.save_month_plan(ctx, world.branch, 2025, 3, [PlanItemInput(MeetingKind.PARTY_LECTURE, "初心"),
                                                                    PlanItemInput(MeetingKind.THEME_DAY, "植树")])
    assert [p.topic for p in meeting_ops.month_plan(ctx, world.branch, 2025, 3)] == ["初心", "植树"]
    before = _counts(ctx)
    with pytest.raises(ValidationError, match="200"):  # the first item's deletion must not survive
        meeting_ops.save_month_plan(ctx, world.branch, 2025, 3, [PlanItemInput(MeetingKind.THEME_DAY, "长" * 201,
                                                                                ids[1])])
    assert _counts(ctx) == before
    meeting_ops.save_month_plan(ctx, world.branch, 2025, 3, [PlanItemInput(MeetingKind.THEME_DAY, "植树节", ids[1])])
    assert [(p.id, p.topic) for p in meeting_ops.month_plan(ctx, world.branch, 2025, 3)] == [(ids[1], "植树节")]
    plan_id = meeting_ops.save_plan(ctx, organization_id=world.branch, year=2025, month=4, kind=MeetingKind.THEME_DAY)
    meeting_ops.delete_plan(ctx, plan_id)
    assert meeting_ops.month_plan(ctx, world.branch, 2025, 4) == []


def test_record_talk_and_copy_last(ctx, world: World) -> None:
    talk = meeting_ops.record_talk(ctx, member_a_id=world.full[0], member_b_id=world.full[4], held_on=JUNE,
                                   topic="谈工作")
    assert meeting_ops.load_meeting(ctx, talk.id).kind == MeetingKind.TALK
    data = template(MeetingKind.COMMITTEE_MEETING, world.branch, JUNE)
    data.place = "党员活动室"
    meeting_ops.record_meeting(ctx, data, today=TODAY)
    assert meeting_ops.copy_last(ctx, world.branch, MeetingKind.COMMITTEE_MEETING, JUNE).place == "党员活动室"


WRITES = {
    "record": lambda led, w, m, p: meeting_ops.record_meeting(led, template(MeetingKind.THEME_DAY, w.branch, JUNE),
                                                               today=TODAY),
    "update": lambda led, w, m, p: meeting_ops.record_meeting(led, template(MeetingKind.THEME_DAY, w.branch, JUNE),
                                                               meeting_id=m, today=TODAY),
    "delete": lambda led, w, m, p: meeting_ops.delete_meeting(led, m),
    "talk": lambda led, w, m, p: meeting_ops.record_talk(led, member_a_id=w.full[0], member_b_id=w.full[1],
                                                          held_on=JUNE, topic="谈"),
    "add_attachment": lambda led, w, m, p: meeting_ops.add_attachment(led, m, p),
    "remove_attachment": lambda led, w, m, p: meeting_ops.remove_attachment(
        led, meeting_ops.list_attachments(led, m)[0].id),
    "month_plan": lambda led, w, m, p: meeting_ops.save_month_plan(led, w.branch, 2025, 5,
                                                                    [PlanItemInput(MeetingKind.THEME_DAY)]),
    "save_plan": lambda led, w, m, p: meeting_ops.save_plan(led, organization_id=w.branch, year=2025, month=5,
                                                             kind=MeetingKind.THEME_DAY),
}


@pytest.mark.parametrize("write", sorted(WRITES))
def test_viewer_is_refused_and_nothing_is_written(ctx, world: World, tmp_path: Path, write: str) -> None:
    meeting_id = _saved(ctx, world, tmp_path)
    viewer = As(ctx, Actor("查看员", Role.VIEWER))
    before, files = _counts(ctx), _files()
    with pytest.raises(PermissionDenied):
        WRITES[write](viewer, world, meeting_id, _photo(tmp_path, "另一张.png"))
    assert _counts(ctx) == before and _files() == files


def test_branch_secretary_is_refused_outside_their_branch(ctx, world: World) -> None:
    secretary = As(ctx, Actor("书记", Role.BRANCH_SECRETARY, world.other))
    with pytest.raises(PermissionDenied):
        meeting_ops.record_meeting(secretary, template(MeetingKind.THEME_DAY, world.branch, JUNE), today=TODAY)
    own = meeting_ops.record_meeting(secretary, template(MeetingKind.THEME_DAY, world.other, JUNE), today=TODAY)
    assert meeting_ops.load_meeting(ctx, own.id).organization_id == world.other


# ---- printing use cases -------------------------------------------------------------------------

def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_signin_sheet_shows_start_and_end_time(ctx, world: World, tmp_path: Path) -> None:
    data = template(MeetingKind.THEME_DAY, world.branch, JUNE)
    data.start_time, data.end_time = "15:00", "16:30"
    saved = meeting_ops.record_meeting(ctx, data, today=TODAY)
    pdf = meeting_printing.print_signin(ctx, tmp_path / "s.pdf", meeting_id=saved.id)
    assert "15:00—16:30" in _text(pdf)
    draft = template(MeetingKind.COMMITTEE_MEETING, world.branch, JUNE)
    draft.start_time, draft.end_time, draft.place = "08:10", "09:00", "三楼会议室"
    text = _text(meeting_printing.print_signin(ctx, tmp_path / "d.pdf", draft=draft))
    assert "08:10—09:00" in text and "三楼会议室" in text and "王一" in text


def test_compilation_reports_progress_and_cancel_leaves_no_file(ctx, world: World, tmp_path: Path) -> None:
    for month in range(1, 6):
        meeting_ops.record_meeting(ctx, template(MeetingKind.THEME_DAY, world.branch, dt.date(2025, month, 3)),
                                   today=TODAY)
    seen: list[tuple[int, int]] = []
    texts: list[str] = []
    pdf = meeting_printing.print_compilation(ctx, 2025, tmp_path / "all.pdf",
                                             progress=lambda d, t=0, text="": seen.append((d, t)) or texts.append(text))
    assert pdf.exists() and (4, 5) in seen and seen[0] == (0, 0)
    assert "第 5/5 份" in texts[5] and "第 2 遍" in texts[-1]  # the 目录 needs a second layout pass

    def cancel_at_third(done: int, total: int = 0, text: str = "") -> None:
        if done == 2:
            raise Cancelled()

    target = tmp_path / "cancelled.pdf"
    with pytest.raises(Cancelled):
        meeting_printing.print_compilation(ctx, 2025, target, progress=cancel_at_third)
    assert list(tmp_path.glob("cancelled*")) == []
    with pytest.raises(ValidationError, match="没有会议记录"):
        meeting_printing.print_compilation(ctx, 2024, tmp_path / "none.pdf")


def test_compliance_report_blank_forms_plan_and_ledger(ctx, world: World, tmp_path: Path) -> None:
    meeting_ops.record_meeting(ctx, template(MeetingKind.THEME_DAY, world.branch, JUNE), today=TODAY)
    report = meeting_printing.print_compliance_report(ctx, 2025, tmp_path / "c.pdf", branch_id=world.branch,
                                                      today=TODAY)
    text = _text(report)
    assert "测试支部" in text and "其他支部" not in text
    blank = _text(meeting_printing.print_blank_forms(ctx, tmp_path / "b.pdf", organization_id=world.branch))
    assert "签到表" in blank and "王一" in blank
    assert "测试支部" in _text(meeting_printing.print_plan(ctx, 2025, tmp_path / "p.pdf", today=TODAY))
    done = meeting_printing.export_meeting_ledger(ctx, 2025, tmp_path / "l.xlsx", organization_id=world.branch)
    assert done.meetings == 1 and done.attendance == 9 and done.path.exists()


KILL_CHILD = """
import sys
from pathlib import Path
from app.context import open_context
from app.services import meeting_ops
from app.services.meeting_templates import template
from app.domain.enums import MeetingKind
import datetime as dt
ctx = open_context(sys.argv[1])
files = [Path(p) for p in sys.argv[3:]]
meeting_ops.record_meeting(ctx, template(MeetingKind.THEME_DAY, sys.argv[2], dt.date(2025, 6, 10)),
                           add_files=files, today=dt.date(2025, 12, 31))
print("committed")
"""


def test_killed_before_the_commit_leaves_neither_record_nor_attachment_rows(ctx, world: World, tmp_path: Path,
                                                                            store_path: Path, data_dir: Path) -> None:
    import os
    import signal
    import sys

    root = Path(__file__).resolve().parents[2]
    before = _counts(ctx)
    ctx.close()  # the child takes the store's lock
    photos = [str(_photo(tmp_path)), str(_photo(tmp_path, "签到.jpg"))]
    env = dict(os.environ, DANGJIAN_DATA_DIR=str(data_dir), DANGJIAN_KILL_AT="meeting.recorded", PYTHONPATH=str(root))
    proc = forked.run([sys.executable, "-c", KILL_CHILD, str(store_path), world.branch, *photos], cwd=root,
                      env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr  # killed exactly there, not before the work
    assert "committed" not in proc.stdout
    from app.context import open_context

    again = open_context(store_path)
    try:
        assert _counts(again) == before  # no record, no attachment row, no audit row
        with again.uow() as uow:
            assert uow.session.execute(select(func.count()).select_from(Meeting)).scalar() == 0
    finally:
        again.close()
    # The two copies are on disk without a row naming them (a kill skips the clean-up); harmless.
    assert len(list(paths.attachments_dir().iterdir())) == 2
