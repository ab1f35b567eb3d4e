"""党员积分 as files: the year's workbook (积分汇总 + 积分明细) and the four prints, each a service's plain
data through its adapter; the GUI and the CLI call these."""

from __future__ import annotations

from pathlib import Path

from app.domain.docs.points import PointsWorkbook
from app.excel.points_export import write_points
from app.printing import points as printing
from app.services import points_print_data as data
from app.services.points_print_data import workbook
from app.store.uow import Ledger


def export_points(ledger: Ledger, year: int, path: Path, branch_id: str | None = None) -> tuple[Path, PointsWorkbook]:
    book = workbook(ledger, year, branch_id)
    return write_points(book, path), book


def print_notice(ledger: Ledger, year: int, path: Path, branch_id: str | None = None) -> Path:
    """积分及评议结果公示."""
    return printing.render_notice(data.notice(ledger, year, branch_id), path)


def print_cards(ledger: Ledger, year: int, path: Path, branch_id: str | None = None) -> Path:
    """Each member's 积分卡."""
    return printing.render_cards(data.cards(ledger, year, branch_id), path)


def print_commitments(ledger: Ledger, year: int, path: Path, branch_id: str | None = None) -> Path:
    """承诺书, one page per member."""
    return printing.render_commitments(data.commitment_book(ledger, year, branch_id), path)


def print_ballots(ledger: Ledger, year: int, path: Path, branch_id: str | None = None) -> Path:
    """民主测评表, one ballot per branch."""
    return printing.render_ballots(data.ballots(ledger, year, branch_id), path)
