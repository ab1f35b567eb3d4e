"""The 党员花名册 holds 正式/预备 only; people in development have their own printed ledger."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from app.cli import main
from app.services import print_data
from app.services.candidates import candidates_doc
from tests.integration.meeting_world import World, build_world


def test_roster_holds_party_members_and_candidates_have_their_own_ledger(ctx, store_path: Path,
                                                                         tmp_path: Path) -> None:
    world: World = build_world(ctx)
    with ctx.uow() as uow:
        roster = print_data.load_roster(uow)
        ledger = candidates_doc(uow, today=dt.date(2025, 6, 1))
    assert "吴十" not in {r.name for r in roster.rows} and len(roster.rows) == 10  # 7 正式 + 3 预备
    assert [(r.name, r.category, r.activist_on) for r in ledger.rows] == [("吴十", "入党积极分子", dt.date(2023, 6, 1))]
    assert world.activist
    out = tmp_path / "candidates.pdf"
    assert main(["--db", str(store_path), "print", "candidates", "-o", str(out)]) == 0
    assert out.stat().st_size > 1000
