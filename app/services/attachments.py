"""Meeting attachments (photos, scans): copied into the data folder under a uuid name, with sha256 and size.

A copied file is deleted again when its transaction ends without a commit (a failed or abandoned save);
a removed file is deleted only after the removal is committed, so a rollback never loses a file a
committed record still names.
"""

from __future__ import annotations

import contextlib
import hashlib
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import event, select

from app import paths
from app.errors import KnownError, NotFoundError, ValidationError
from app.files import write_atomically
from app.services.permissions import require_edit
from app.store.models import Attachment, Meeting
from app.store.uow import UnitOfWork

MAX_SIZE = 200 * 1024 * 1024


@dataclass(frozen=True)
class AttachmentRow:
    id: str
    meeting_id: str
    original_name: str
    stored_name: str
    size: int
    sha256: str

    @property
    def path(self) -> Path:
        return paths.attachments_dir() / self.stored_name


def _row(a: Attachment) -> AttachmentRow:
    return AttachmentRow(a.id, a.meeting_id, a.original_name, a.stored_name, a.size, a.sha256)


def add_attachment(uow: UnitOfWork, meeting_id: str, source: str | Path) -> AttachmentRow:
    meeting = uow.session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFoundError("会议记录不存在")
    require_edit(uow.actor, uow.session, meeting.organization_id, "添加附件")
    source = Path(source)
    stored, size, sha256 = copy_in(uow, source)
    row = Attachment(meeting_id=meeting_id, original_name=source.name[:255], stored_name=stored,
                     size=size, sha256=sha256)
    uow.session.add(row)
    uow.session.flush()
    uow.audit("create", "attachment", row.id, f"添加附件 {source.name}",
              new={"meeting_id": meeting_id, "original_name": source.name, "sha256": row.sha256})
    return _row(row)


def copy_in(uow: UnitOfWork, source: Path) -> tuple[str, int, str]:
    """Copy a file into the attachments folder under a uuid name, owned by `uow`'s transaction (deleted
    again unless it commits); returns (stored name, size, sha256). Shared by every kind of attachment."""
    if not source.is_file():
        raise ValidationError(f"找不到文件“{source}”")
    if source.stat().st_size > MAX_SIZE:
        raise ValidationError("附件超过 200 MB，请压缩后再添加")
    stored = uuid.uuid4().hex + source.suffix.lower()[:10]
    target = paths.attachments_dir() / stored
    digest = hashlib.sha256()

    def copy(tmp: Path) -> None:
        with source.open("rb") as src, tmp.open("wb") as dst:
            for chunk in iter(lambda: src.read(1 << 20), b""):
                digest.update(chunk)
                dst.write(chunk)

    try:
        write_atomically(target, copy)
    except OSError as exc:
        raise KnownError(f"无法复制附件“{source.name}”：{exc.strerror or exc}") from None
    _drop_unless_committed(uow, target)
    return stored, target.stat().st_size, digest.hexdigest()


def _drop_unless_committed(uow: UnitOfWork, target: Path) -> None:
    """The copy belongs to this transaction: if it ends without a commit, nothing names the file."""
    session = uow.session
    root = session.get_transaction()
    state = {"committed": False, "done": False}  # listeners stay (the session is short-lived) but go quiet

    def on_commit(_session: object) -> None:
        state["committed"] = True

    def on_end(_session: object, transaction: object) -> None:
        if transaction is not root or state["done"]:
            return
        state["done"] = True
        if not state["committed"]:
            with contextlib.suppress(OSError):
                target.unlink(missing_ok=True)

    event.listen(session, "after_commit", on_commit)
    event.listen(session, "after_transaction_end", on_end)


def list_attachments(uow: UnitOfWork, meeting_id: str) -> list[AttachmentRow]:
    stmt = select(Attachment).where(Attachment.meeting_id == meeting_id).order_by(Attachment.created_at)
    return [_row(a) for a in uow.session.scalars(stmt)]


def remove_attachment(uow: UnitOfWork, attachment_id: str) -> None:
    row = uow.session.get(Attachment, attachment_id)
    if row is None:
        raise NotFoundError("附件不存在")
    meeting = uow.session.get(Meeting, row.meeting_id)
    require_edit(uow.actor, uow.session, meeting.organization_id if meeting else None, "删除附件")
    stored, name = row.stored_name, row.original_name
    uow.session.delete(row)
    uow.session.flush()
    forget_files_after_commit(uow, [stored])
    uow.audit("delete", "attachment", attachment_id, f"删除附件 {name}",
              old={"meeting_id": row.meeting_id, "original_name": name, "stored_name": stored})


def forget_files_after_commit(uow: UnitOfWork, stored_names: list[str]) -> None:
    """Delete the files once the transaction that stopped naming them has committed (uuid names: one row each)."""
    if not stored_names:
        return
    names = list(stored_names)

    def unlink(_session: object) -> None:
        for name in names:
            # A file held open by a viewer on Windows is left behind: harmless.
            with contextlib.suppress(OSError):
                (paths.attachments_dir() / name).unlink(missing_ok=True)

    event.listen(uow.session, "after_commit", unlink, once=True)
