"""`dangjian print candidates -o FILE.pdf`: the 入党申请人、积极分子、发展对象 ledger."""

from __future__ import annotations

import argparse
from pathlib import Path


def print_candidates_cmd(ctx, args: argparse.Namespace, output_path: Path) -> Path:
    from app.documents.print_cases import print_candidates

    return print_candidates(ctx, output_path, branch_name=getattr(args, "branch", None))
