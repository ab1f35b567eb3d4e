"""`dangjian print roster|posts`: argument handling only; the use cases are in app.documents.print_cases."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.store.uow import Ledger


def print_roster(ledger: Ledger, args: argparse.Namespace, output_path: Path) -> Path:
    from app.documents.print_cases import print_roster as print_roster_case

    return print_roster_case(ledger, output_path, branch_name=getattr(args, "branch", None))


def print_posts(ledger: Ledger, args: argparse.Namespace, output_path: Path) -> Path:
    from app.documents.print_cases import print_posts as print_posts_case

    return print_posts_case(ledger, output_path, branch_name=getattr(args, "branch", None))
