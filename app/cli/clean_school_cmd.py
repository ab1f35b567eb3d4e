"""清廉学校 on the command line: `print {powers,flowcharts,negative,risks,decisions,warning-education}`,
`export integrity` and `import integrity`, and the lines `check` adds."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from app.domain.clean_school import ListKind

if TYPE_CHECKING:  # the parser is built before every command, `gui` too: no store layer at import
    from app.context import AppContext

PRINT_TARGETS: dict[str, tuple[str, str]] = {
    "powers": ("小微权力清单（海报）", "app.cli.clean_school_cmd:print_powers_cmd"),
    "flowcharts": ("权力运行流程图", "app.cli.clean_school_cmd:print_flowcharts_cmd"),
    "negative": ("办学行为负面清单（海报）", "app.cli.clean_school_cmd:print_negative_cmd"),
    "risks": ("廉政风险点（海报）", "app.cli.clean_school_cmd:print_risks_cmd"),
    "decisions": ("三重一大事项登记表", "app.cli.clean_school_cmd:print_decisions_cmd"),
    "warning-education": ("警示教育活动记录", "app.cli.clean_school_cmd:print_activities_cmd"),
}


def _year(args: argparse.Namespace) -> int:
    return getattr(args, "year", None) or dt.date.today().year


def _poster(ctx: AppContext, args: argparse.Namespace, path: Path, kind: ListKind) -> Path:
    from app.documents.clean_school_files import print_poster

    return print_poster(ctx, kind, _year(args), path, a4=getattr(args, "paper", None) == "A4")


def print_powers_cmd(ctx: AppContext, args: argparse.Namespace, path: Path) -> Path:
    return _poster(ctx, args, path, ListKind.POWER)


def print_negative_cmd(ctx: AppContext, args: argparse.Namespace, path: Path) -> Path:
    return _poster(ctx, args, path, ListKind.NEGATIVE)


def print_risks_cmd(ctx: AppContext, args: argparse.Namespace, path: Path) -> Path:
    return _poster(ctx, args, path, ListKind.RISK)


def print_flowcharts_cmd(ctx: AppContext, args: argparse.Namespace, path: Path) -> Path:
    from app.documents.clean_school_files import print_flowcharts

    return print_flowcharts(ctx, _year(args), path)


def print_decisions_cmd(ctx: AppContext, args: argparse.Namespace, path: Path) -> Path:
    from app.documents.clean_school_files import print_decisions

    return print_decisions(ctx, _year(args), path)


def print_activities_cmd(ctx: AppContext, args: argparse.Namespace, path: Path) -> Path:
    from app.documents.clean_school_files import print_activities

    return print_activities(ctx, _year(args), path)


def add_export_integrity(export_sub: argparse._SubParsersAction) -> None:
    e = export_sub.add_parser("integrity", help="导出清廉学校清单、三重一大和警示教育（Excel）")
    e.add_argument("--year", type=int, default=None, help="年度（默认：今年）")
    e.add_argument("-o", "--output", type=Path, required=True)
    e.set_defaults(func=run_export)


def add_import_integrity(import_sub: argparse._SubParsersAction) -> None:
    i = import_sub.add_parser("integrity", help="导入清廉学校清单（作为新版本发布）")
    i.add_argument("file", type=Path)
    i.add_argument("--year", type=int, default=None, help="清单所属年度（默认：今年）")
    i.set_defaults(func=run_import)


def run_export(args: argparse.Namespace) -> int:
    from app.context import open_for_reading
    from app.documents.clean_school_files import export_workbook

    ctx = open_for_reading(args.db)
    try:
        done = export_workbook(ctx, _year(args), Path(args.output))
    finally:
        ctx.close()
    print(f"已导出 {done.summary} → {done.path}")
    return 0


def run_import(args: argparse.Namespace) -> int:
    from app.context import writing_context
    from app.documents.clean_school_files import import_lists

    with writing_context(args.db) as ctx:  # a new store appears only if the import succeeds
        published = import_lists(ctx, _year(args), args.file)
    for v in published:
        print(f"已发布 {v.year} 年度{v.kind.label}第 {v.version} 版：{v.rows} 项")
    return 0


def check_lines(ctx: AppContext, year: int, today: dt.date) -> list[str]:
    """What `check --year` says about 清廉学校: every flagged decision and every overdue risk."""
    from app.services.clean_risk_review import overdue_risks
    from app.services.major_decisions import decision_register

    lines = []
    for d in decision_register(ctx, year, today=today).rows:
        day = d.party_meeting_on or d.office_meeting_on
        for flag in d.flags:
            when = f" {day:%Y-%m-%d}" if day else ""
            lines.append(f"  三重一大{when}「{d.topic}」：{flag}")
    for r in overdue_risks(ctx, today):
        lines.append(f"  廉政风险点「{r.subject}」：复查日期 {r.review_on:%Y-%m-%d} 已过，"
                     f"责任人 {r.person or '未填写'}")
    head = f"清廉学校（{year}年度）：" + ("未发现问题。" if not lines else f"{len(lines)} 个问题")
    return [head, *lines]
