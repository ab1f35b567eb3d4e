"""`dangjian audit [--user U] [--action A] [--entity E] [--limit N] [-o FILE.xlsx]`: read or export the log."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("audit", help="查看或导出审计日志")
    p.add_argument("--user", default="", help="只看此账号")
    p.add_argument("--action", default="", help="操作，如 create、update、login_failed")
    p.add_argument("--entity", default="", help="对象，如 member、organization")
    p.add_argument("--text", default="", help="搜索文字")
    p.add_argument("--limit", type=int, default=50, help="显示条数（默认 50）")
    p.add_argument("-o", "--output", type=Path, default=None, help="导出到 .xlsx 文件（全部符合条件的记录）")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from app.context import open_context
    from app.documents import audit_export
    from app.services import audit_cases
    from app.services.audit import AuditQuery

    query = AuditQuery(text=args.text, username=args.user, action=args.action, entity=args.entity,
                       limit=max(1, args.limit))
    ctx = open_context(args.db, read_only=args.output is None)
    try:
        if args.output is not None:
            out = audit_export.export_audit_log(ctx, query, args.output)
            print(f"已导出审计日志：{out}")
            return 0
        total, rows = audit_cases.load_audit_page(ctx, query)
    finally:
        ctx.close()
    for r in rows:
        print(f"{r.at:%Y-%m-%d %H:%M:%S}\t{r.username}\t{r.action_label}\t{r.entity_label}\t{r.summary}")
    print(f"共 {total} 条，显示 {len(rows)} 条。")
    return 0
