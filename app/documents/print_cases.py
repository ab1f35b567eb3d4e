"""Use cases of 打印 for the roster and the 班子配备台账: the service loads plain data, the renderer writes
the PDF. The GUI (through its operation runner) and `dangjian print` call these same functions."""

from __future__ import annotations

from pathlib import Path

from app.printing.candidates import render_candidates
from app.printing.posts import render_posts
from app.printing.roster import render_roster
from app.services import candidates, print_data, privacy
from app.services.progress import Progress, no_progress
from app.store.uow import Ledger


def print_roster(ledger: Ledger, output: Path, *, branch_name: str | None = None, include_left: bool = False,
                 full_ids: bool = False, progress: Progress = no_progress) -> Path:
    """党员花名册 as a PDF; ID numbers and phones masked unless `full_ids` (admin only, audited)."""
    progress(0, 0, "正在读取花名册…")
    with ledger.uow() as uow:
        if full_ids:
            privacy.reveal_sensitive(uow, "打印含完整号码的花名册", scope="打印花名册")
        doc = print_data.load_roster(uow, branch_name=branch_name, include_left=include_left, full_ids=full_ids)
        if full_ids:
            uow.commit()
    progress(0, 0, f"正在生成 PDF（{len(doc.rows)} 人）…")
    return render_roster(doc, Path(output))


def print_posts(ledger: Ledger, output: Path, *, branch_name: str | None = None,
                progress: Progress = no_progress) -> Path:
    """班子配备台账 as a PDF: every organization (or one and its party groups) with its post holders."""
    progress(0, 0, "正在读取班子配备…")
    with ledger.uow() as uow:
        doc = print_data.load_posts(uow, branch_name=branch_name)
    progress(0, 0, "正在生成 PDF…")
    return render_posts(doc, Path(output))


def print_candidates(ledger: Ledger, output: Path, *, branch_name: str | None = None) -> Path:
    """入党申请人、入党积极分子、发展对象名册 as a PDF (ID numbers masked)."""
    with ledger.uow() as uow:
        doc = candidates.candidates_doc(uow, branch_name=branch_name)
    return render_candidates(doc, Path(output))
