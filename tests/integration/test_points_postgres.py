"""党员积分 on PostgreSQL: the ranking and detail statements give the same totals (skipped without a server)."""

from __future__ import annotations

import pytest

from app.services import points, points_print_data
from app.services.demo import build_demo
from tests.integration.test_postgres import needs_server, pg_ctx  # noqa: F401 - the fixture

pytestmark = [pytest.mark.postgres]


@needs_server
def test_points_rank_and_detail_agree_on_postgres(pg_ctx) -> None:  # noqa: F811
    with pg_ctx.uow() as uow:
        build_demo(uow, 2025)
        uow.commit()
    ranking = points.year_ranking(pg_ctx, 2025)
    assert sum(r.category.is_party_member for r in ranking.rows) == 39 and len(ranking.rows) == 43  # + activists
    assert sum(r.vetoed for r in ranking.rows) == 1
    book = points_print_data.workbook(pg_ctx, 2025)
    sums: dict[tuple[str, str], int] = {}
    for d in book.details:
        sums[(d.name, d.branch)] = sums.get((d.name, d.branch), 0) + d.points
    assert all(sums[(s.name, s.branch)] == s.total for s in book.summary)
