"""The year's points workbook: 积分汇总 (one row per member) and 积分明细 (one row per entry, the base score and
cap cuts included, so each member's detail rows add up to the total in 积分汇总). Plain dataclasses in."""

from __future__ import annotations

from pathlib import Path

from app.domain.docs.points import PointsWorkbook
from app.errors import KnownError
from app.excel.fast_cells import fast_cells
from app.excel.meeting_ledger import _sheet
from app.excel.roster_writer import save_atomically
from app.excel.write_only import write_only_workbook

SUMMARY_HEADERS = [("序号", 6), ("姓名", 10), ("所在党支部", 20), ("人员类别", 10), ("总分", 7), ("排名", 6),
                   ("支部排名", 8), ("评议等次", 9), ("建议等次", 9), ("一票否决", 8), ("民主测评", 34),
                   ("评定理由", 30)]
DETAIL_HEADERS = [("序号", 7), ("日期", 12), ("姓名", 10), ("所在党支部", 20), ("类别", 9), ("项目", 34), ("分值", 6),
                  ("来源", 12), ("来源说明", 36), ("录入人", 10)]


def write_points(book: PointsWorkbook, path: Path) -> Path:
    path = Path(path)
    if not path.parent.exists():
        raise KnownError(f"输出文件夹“{path.parent}”不存在。")
    with fast_cells(), write_only_workbook() as wb:
        rows = [[i + 1, r.name, r.branch, r.category, r.total, r.rank_school, r.rank_branch, r.grade, r.suggested,
                 "是" if r.vetoed else "", r.votes, r.reason] for i, r in enumerate(book.summary)]
        _sheet(wb, "积分汇总", SUMMARY_HEADERS, rows,
               f"{book.school_name} {book.year}年度党员积分汇总（共 {len(rows)} 人）")
        lines = [[i + 1, d.day, d.name, d.branch, d.category, d.item, d.points, d.source, d.source_text, d.entered_by]
                 for i, d in enumerate(book.details)]
        _sheet(wb, "积分明细", DETAIL_HEADERS, lines, f"{book.school_name} {book.year}年度党员积分明细"
               f"（共 {len(lines)} 条；每人明细之和等于汇总表总分）")
        return save_atomically(wb, path)
