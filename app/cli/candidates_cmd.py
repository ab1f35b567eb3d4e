"""`dangjian print candidates -o FILE.pdf`: the 入党申请人、积极分子、发展对象 ledger."""

from __future__ import annotations

import argparse
from pathlib import Path


def print_candidates_cmd(ctx, args: argparse.Namespace, output_path: Path) -> Path:
    from app.printing.candidates import render_candidates
    from app.services.candidates import candidates_doc

    with ctx.uow() as uow:
        doc = candidates_doc(uow, branch_name=getattr(args, "branch", None))
    return render_candidates(doc, output_path)
