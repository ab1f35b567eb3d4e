"""`dangjian find TEXT [--branch NAME]`: the members the GUI's search box finds (name, branch, category)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("find", help="查找党员（姓名、拼音、首字母或手机号，与花名册搜索框相同）")
    p.add_argument("text", help="要查找的文字，如 张三、zhangsan、zs")
    p.add_argument("--branch", default=None, help="只在这个党支部（或党小组）中查找")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from app.context import open_for_reading
    from app.services.member_find import find_members

    ctx = open_for_reading(args.db)
    try:
        rows = find_members(ctx, args.text, branch=args.branch)
    finally:
        ctx.close()
    for row in rows:
        branch = row.branch_name + (f"／{row.group_name}" if row.group_name else "")
        print(f"{row.name}\t{branch or '（未分配党支部）'}\t{row.category.label}")
    print(f"共找到 {len(rows)} 人")
    return 0
