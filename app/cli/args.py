"""Argument types shared by every command, so a value means the same everywhere (e.g. one --year rule)."""

from __future__ import annotations

import argparse

from app.domain.dates import year_problem


def year(text: str) -> int:
    """`--year`: a whole number within the years a ledger can hold; otherwise exit 2 with the reason."""
    try:
        value = int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"年度“{text}”不是数字，例如 --year 2025") from None
    if (problem := year_problem(value)) is not None:
        raise argparse.ArgumentTypeError(problem)
    return value
