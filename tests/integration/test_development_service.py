"""Use cases of 发展党员全程纪实: a too-early step needs a reason, writes are audited and permitted, the roster
keeps in step, what is due next, and the year's check."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from app.domain.development_rules import DecisionBody, DualDirection, ProbationOutcome, Standing
from app.domain.enums import BackboneLevel, MemberCategory, Role
from app.errors import PermissionDenied, ValidationError
from app.services import development as dev
from app.services import dual_cultivation as dual
from app.services.development import NeedsReason, StepInput
from app.store.models import AuditLog, DevelopmentStep, Member
from app.store.uow import Actor
from tests.integration.development_world import World, build

D = dt.date
TODAY = D(2026, 12, 1)


@pytest.fixture
def world(ctx) -> World:
    return build(ctx)


def _count(ctx, model) -> int:
    with ctx.uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(model)) or 0


def test_record_steps_in_order_syncs_the_roster(ctx, world: World) -> None:
    m = world.applicant
    for number, on in ((1, D(2023, 3, 10)), (2, D(2023, 3, 25)), (4, D(2023, 6, 1))):
        result = dev.record_step(ctx, StepInput(m, number, on, DecisionBody.COMMITTEE), today=TODAY)
        assert result.warnings == ()
    with ctx.uow() as uow:
        member = uow.session.get(Member, m)
        assert member.activist_on == D(2023, 6, 1)
        assert member.category == MemberCategory.ACTIVIST.value
        audits = uow.session.scalars(select(AuditLog.summary).where(AuditLog.entity == "development_step")).all()
    assert any("第4步" in a for a in audits)
    line = dev.timeline(ctx, m, today=TODAY)
    assert [s.number for s in line.steps] == [1, 2, 4]
    assert line.person.standing == Standing.ACTIVIST
    assert line.person.due is not None and line.person.due.text == "应指定两名培养联系人"


def test_too_early_step_needs_a_reason_and_the_dossier_shows_it(ctx, world: World) -> None:
    m = world.applicant
    dev.record_step(ctx, StepInput(m, 4, D(2024, 3, 10)), today=TODAY)
    too_early = StepInput(m, 8, D(2024, 5, 10), DecisionBody.COMMITTEE)
    preview = dev.preview_step(ctx, too_early, today=TODAY)
    assert preview.errors == [] and "满1年后方可列为发展对象" in preview.warnings[0]
    before = _count(ctx, DevelopmentStep)
    with pytest.raises(NeedsReason) as caught:
        dev.record_step(ctx, too_early, today=TODAY)
    assert "须填写原因" in caught.value.message and caught.value.details == preview.warnings
    assert _count(ctx, DevelopmentStep) == before  # nothing written
    reason = "县委组织部同意提前列为发展对象（青组字〔2024〕3号）"
    saved = dev.record_step(ctx, StepInput(m, 8, D(2024, 5, 10), reason=reason), today=TODAY)
    assert saved.warnings
    step = next(s for s in dev.timeline(ctx, m, today=TODAY).steps if s.number == 8)
    assert step.reason == reason and step.problems and "仅 61 天" in step.problems[0]
    text = dev.check_text(ctx, 2024)
    assert "赵子涵" in text and "第8步" in text and reason in text
    assert "未发现" in dev.check_text(ctx, 2023)


def test_exactly_one_year_saves_without_a_reason(ctx, world: World) -> None:
    dev.record_step(ctx, StepInput(world.applicant, 4, D(2024, 2, 29)), today=TODAY)
    assert dev.record_step(ctx, StepInput(world.applicant, 8, D(2025, 2, 28)), today=TODAY).warnings == ()


def test_errors_write_nothing(ctx, world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        dev.record_step(ctx, StepInput(world.applicant, 1, D(2026, 12, 2)), today=TODAY)
    assert "晚于今天" in str(caught.value)
    with pytest.raises(ValidationError):
        dev.record_step(ctx, StepInput(world.applicant, 9, D(2024, 1, 1),
                                       introducer_ids=(world.introducer_a, world.introducer_a)), today=TODAY)
    assert _count(ctx, DevelopmentStep) == 0


def test_application_at_16(ctx, world: World) -> None:
    with pytest.raises(NeedsReason) as caught:
        dev.record_step(ctx, StepInput(world.young, 1, D(2024, 9, 1)), today=TODAY)
    assert "未满18周岁" in caught.value.details[0]


def test_introducers_must_be_full_members(ctx, world: World) -> None:
    m = world.applicant
    dev.record_step(ctx, StepInput(m, 8, D(2024, 5, 10), reason="测试"), today=TODAY)
    dev.record_step(ctx, StepInput(m, 9, D(2024, 5, 20), introducer_ids=(world.introducer_a, world.introducer_b)),
                    today=TODAY)
    with pytest.raises(NeedsReason) as caught:
        dev.record_step(ctx, StepInput(m, 9, D(2024, 5, 21), introducer_ids=(world.introducer_a, world.young)),
                        today=TODAY)
    assert any("孙浩然" in d and "不是正式党员" in d for d in caught.value.details)
    step = next(s for s in dev.timeline(ctx, m, today=TODAY).steps if s.number == 9)
    assert step.introducers == ("王建国", "李秀英")


def test_probation_extended_then_completed(ctx, world: World) -> None:
    m = world.applicant
    for number, on in ((4, D(2023, 3, 1)), (8, D(2024, 3, 1)), (10, D(2024, 4, 1)), (15, D(2024, 5, 9)),
                       (17, D(2024, 6, 1))):
        reason = "介绍人见纸质材料" if number == 15 else ""  # step 9 is not on record here
        dev.record_step(ctx, StepInput(m, number, on, reason=reason), today=TODAY)
    dev.record_step(ctx, StepInput(m, 22, D(2025, 5, 9), outcome=ProbationOutcome.EXTENDED, extension_months=6),
                    today=TODAY)
    line = dev.timeline(ctx, m, today=D(2025, 9, 1))
    assert line.probation_end == D(2025, 11, 9)
    assert line.person.due is not None and "2025-11-09 届满" in line.person.due.text
    with pytest.raises(NeedsReason):
        dev.record_step(ctx, StepInput(m, 22, D(2025, 11, 8), outcome=ProbationOutcome.FULL), today=TODAY)
    dev.record_step(ctx, StepInput(m, 22, D(2025, 11, 9), outcome=ProbationOutcome.FULL), today=TODAY)
    with ctx.uow() as uow:
        member = uow.session.get(Member, m)
        assert member.category == MemberCategory.FULL.value
        assert member.full_on == D(2025, 11, 9) and member.joined_on == D(2024, 5, 9)


def test_edit_and_delete_are_audited(ctx, world: World) -> None:
    m = world.applicant
    saved = dev.record_step(ctx, StepInput(m, 2, D(2023, 3, 20)), today=TODAY)
    dev.update_step(ctx, saved.step_id, StepInput(m, 2, D(2023, 3, 21), note="书记谈话"), today=TODAY)
    assert dev.timeline(ctx, m, today=TODAY).steps[0].note == "书记谈话"
    dev.delete_step(ctx, saved.step_id)
    assert dev.timeline(ctx, m, today=TODAY).steps == []
    with ctx.uow() as uow:
        actions = uow.session.scalars(select(AuditLog.action).where(AuditLog.entity == "development_step")
                                      .order_by(AuditLog.at)).all()
    assert actions == ["create", "update", "delete"]


def test_a_viewer_cannot_record(ctx, world: World) -> None:
    ctx.actor = Actor("查看员", Role.VIEWER)
    with pytest.raises(PermissionDenied):
        dev.record_step(ctx, StepInput(world.applicant, 2, D(2023, 3, 20)), today=TODAY)
    assert _count(ctx, DevelopmentStep) == 0


def test_due_list_orders_overdue_first(ctx, world: World) -> None:
    dev.record_step(ctx, StepInput(world.young, 1, D(2026, 11, 20)), today=TODAY)
    dev.record_step(ctx, StepInput(world.applicant, 1, D(2023, 3, 10)), today=TODAY)
    found = dev.due_list(ctx, today=TODAY)
    assert [(p.name, p.due.text, p.due.overdue) for p in found if p.due] == [
        ("赵子涵", "应在 2023-04-10 前派人谈话", True),
        ("孙浩然", "应在 2026-12-20 前派人谈话", False),
    ]
    assert [p.name for p in dev.due_list(ctx, today=TODAY, within_days=7)] == ["赵子涵"]


def test_dual_cultivation_add_edit_count(ctx, world: World) -> None:
    entry = dual.add_entry(ctx, dual.DualInput(
        "赵子涵", DualDirection.TO_MEMBER, D(2025, 9, 1), member_id=world.applicant,
        level=BackboneLevel.COUNTY, level_on=D(2024, 9, 10), responsible="王建国", progress="已递交申请书"),
        today=TODAY)
    dual.add_entry(ctx, dual.DualInput("王建国", DualDirection.TO_BACKBONE, D(2026, 2, 1),
                                       member_id=world.introducer_a, level=BackboneLevel.SUBJECT_LEADER),
                   today=TODAY)
    with pytest.raises(ValidationError) as caught:
        dual.add_entry(ctx, dual.DualInput("孙浩然", DualDirection.TO_BACKBONE, D(2026, 2, 1),
                                           member_id=world.young), today=TODAY)
    assert "应是名册中的党员" in str(caught.value)
    with pytest.raises(ValidationError):
        dual.add_entry(ctx, dual.DualInput("某老师", DualDirection.TO_MEMBER, D(2026, 2, 1)), today=TODAY)
    dual.update_entry(ctx, entry, dual.DualInput(
        "赵子涵", DualDirection.TO_MEMBER, D(2025, 9, 1), member_id=world.applicant, level=BackboneLevel.COUNTY,
        progress="已列为入党积极分子"), today=TODAY)
    rows = dual.list_entries(ctx, year=2026)
    assert [r.direction for r in rows] == [DualDirection.TO_MEMBER, DualDirection.TO_BACKBONE]
    assert rows[0].progress == "已列为入党积极分子" and rows[0].branch_name == "第一党支部"
    assert dual.list_entries(ctx, year=2024) == []
    counts = dual.counts(ctx, 2026)
    assert (counts.to_member, counts.to_backbone) == (1, 1)
    with ctx.uow() as uow:
        actions = uow.session.scalars(select(AuditLog.action).where(AuditLog.entity == "dual_cultivation")
                                      .order_by(AuditLog.at)).all()
    assert actions == ["create", "create", "update"]  # the refused one wrote nothing


def test_a_secretary_records_only_in_own_branch(ctx, world: World) -> None:
    from app.domain.enums import OrgKind
    from app.services import organizations

    with ctx.uow() as uow:
        other = organizations.create_organization(uow, name="第二党支部", kind=OrgKind.BRANCH)
        uow.commit()
    ctx.actor = Actor("二支书记", Role.BRANCH_SECRETARY, other.id)
    with pytest.raises(PermissionDenied):
        dev.record_step(ctx, StepInput(world.applicant, 2, D(2023, 3, 20)), today=TODAY)
    ctx.actor = Actor("一支书记", Role.BRANCH_SECRETARY, world.branch_id)
    assert dev.record_step(ctx, StepInput(world.applicant, 2, D(2023, 3, 20)), today=TODAY).step_id


def test_attachments_kept_with_a_step(ctx, world: World, tmp_path, data_dir) -> None:
    from app.services import development_files as files

    scan = tmp_path / "入党申请书.jpg"
    scan.write_bytes(b"\xff\xd8scan")
    saved = dev.record_step(ctx, StepInput(world.applicant, 1, D(2023, 3, 10)), today=TODAY)
    added = files.attach(ctx, saved.step_id, [scan])
    assert added[0].path.read_bytes() == b"\xff\xd8scan"
    assert dev.timeline(ctx, world.applicant, today=TODAY).steps[0].files == ("入党申请书.jpg",)
    with pytest.raises(ValidationError):
        files.attach(ctx, saved.step_id, [scan, tmp_path / "missing.pdf"])  # all or none
    assert len(files.files(ctx, saved.step_id)) == 1
    assert len(list((data_dir / "attachments").iterdir())) == 1  # the refused copy was removed
    dev.delete_step(ctx, saved.step_id)
    assert not added[0].path.exists()
    with ctx.uow() as uow:
        from app.store.models import DevelopmentAttachment

        assert uow.session.scalar(select(func.count()).select_from(DevelopmentAttachment)) == 0


def test_the_school_can_change_an_interval(ctx, world: World) -> None:
    m = world.applicant
    dev.record_step(ctx, StepInput(m, 4, D(2024, 3, 10)), today=TODAY)
    early = StepInput(m, 8, D(2024, 9, 10))
    assert dev.preview_step(ctx, early, today=TODAY).warnings
    changed = dev.set_school_rules(ctx, activist_min_months=6)
    assert changed.activist_min_months == 6
    assert dev.preview_step(ctx, early, today=TODAY).warnings == []
    assert "满6个月" in dev.preview_step(ctx, StepInput(m, 8, D(2024, 9, 9)), today=TODAY).warnings[0]
    with pytest.raises(ValidationError):
        dev.set_school_rules(ctx, no_such_rule=3)
    ctx.actor = Actor("一支书记", Role.BRANCH_SECRETARY, world.branch_id)
    with pytest.raises(PermissionDenied):
        dev.set_school_rules(ctx, activist_min_months=12)


def test_a_step_only_moves_its_own_roster_date(ctx, world: World) -> None:
    """A date corrected in the member dialog is not put back by recording another step."""
    m = world.applicant
    dev.record_step(ctx, StepInput(m, 1, D(2023, 3, 10)), today=TODAY)
    with ctx.uow() as uow:
        uow.session.get(Member, m).applied_on = D(2023, 3, 9)  # as the member dialog would save it
        uow.commit()
    dev.record_step(ctx, StepInput(m, 2, D(2023, 3, 20)), today=TODAY)
    with ctx.uow() as uow:
        assert uow.session.get(Member, m).applied_on == D(2023, 3, 9)
