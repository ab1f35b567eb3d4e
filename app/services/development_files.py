"""Scanned forms kept with a development step: added, listed, removed; files handled as for meetings."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from app import paths
from app.domain import development_rules as rules
from app.errors import NotFoundError
from app.services.attachments import copy_in, forget_files_after_commit
from app.services.permissions import require_edit
from app.store.models import DevelopmentAttachment, DevelopmentStep, Member
from app.store.uow import Ledger, UnitOfWork


@dataclass(frozen=True)
class StepFile:
    id: str
    step_id: str
    original_name: str
    stored_name: str
    size: int

    @property
    def path(self) -> Path:
        return paths.attachments_dir() / self.stored_name


def _row(a: DevelopmentAttachment) -> StepFile:
    return StepFile(a.id, a.step_id, a.original_name, a.stored_name, a.size)


def _step(uow: UnitOfWork, step_id: str, what: str) -> DevelopmentStep:
    step = uow.session.get(DevelopmentStep, step_id)
    if step is None:
        raise NotFoundError("该发展步骤已不存在")
    member = uow.session.get(Member, step.member_id)
    require_edit(uow.actor, uow.session, member.branch_id if member else None, what)
    return step


def attach(ledger: Ledger, step_id: str, sources: list[Path]) -> list[StepFile]:
    """Copy the files in and record them, all or none."""
    with ledger.uow() as uow:
        step = _step(uow, step_id, "添加附件")
        added = []
        for source in sources:
            stored, size, sha256 = copy_in(uow, Path(source))
            row = DevelopmentAttachment(step_id=step.id, original_name=Path(source).name[:255], stored_name=stored,
                                        size=size, sha256=sha256)
            uow.session.add(row)
            uow.session.flush()
            uow.audit("create", "development_attachment", row.id,
                      f"{rules.step_label(step.step_no, short=True)} 添加附件 {row.original_name}",
                      new={"step_id": step.id, "original_name": row.original_name, "sha256": sha256})
            added.append(_row(row))
        uow.commit()
        return added


def files(ledger: Ledger, step_id: str) -> list[StepFile]:
    with ledger.uow() as uow:
        return files_in(uow, [step_id]).get(step_id, [])


def files_in(uow: UnitOfWork, step_ids: list[str]) -> dict[str, list[StepFile]]:
    """Every step's files in one query (timelines, the dossier)."""
    found: dict[str, list[StepFile]] = {}
    if not step_ids:
        return found
    stmt = select(DevelopmentAttachment).where(DevelopmentAttachment.step_id.in_(step_ids)).order_by(
        DevelopmentAttachment.created_at)
    for a in uow.session.scalars(stmt):
        found.setdefault(a.step_id, []).append(_row(a))
    return found


def remove(ledger: Ledger, attachment_id: str) -> None:
    with ledger.uow() as uow:
        row = uow.session.get(DevelopmentAttachment, attachment_id)
        if row is None:
            raise NotFoundError("附件不存在")
        _step(uow, row.step_id, "删除附件")
        old = {"step_id": row.step_id, "original_name": row.original_name, "stored_name": row.stored_name}
        uow.session.delete(row)
        uow.session.flush()
        forget_files_after_commit(uow, [old["stored_name"]])
        uow.audit("delete", "development_attachment", attachment_id, f"删除附件 {old['original_name']}", old=old)
        uow.commit()


def forget_step_files(uow: UnitOfWork, step_id: str) -> None:
    """A deleted step takes its attachment rows with it (ON DELETE CASCADE); the files go after the commit."""
    forget_files_after_commit(uow, [f.stored_name for f in files_in(uow, [step_id]).get(step_id, [])])
