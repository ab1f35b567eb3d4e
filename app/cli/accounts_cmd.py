"""`dangjian account list|add|set-password`: the machine administrator's tool (e.g. a forgotten password).

No prompt: the password is read from the environment variable DANGJIAN_NEW_PASSWORD or, if unset, from
the first line of standard input, so it never appears in the command line or shell history.
"""

from __future__ import annotations

import argparse
import os
import sys

ROLES = {"admin": "管理员", "branch_secretary": "支部书记", "viewer": "查看"}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("account", help="账号管理（列出、新建、重设密码）")
    s = p.add_subparsers(dest="what", metavar="操作", required=True)
    s.add_parser("list", help="列出账号").set_defaults(func=run_list)
    a = s.add_parser("add", help="新建账号（密码取自 DANGJIAN_NEW_PASSWORD 或标准输入）")
    a.add_argument("username")
    a.add_argument("--role", choices=sorted(ROLES), default="viewer",
                   help="；".join(f"{k}={v}" for k, v in ROLES.items()))
    a.add_argument("--branch", default=None, help="支部书记所在党支部名称")
    a.add_argument("--name", default="", help="姓名")
    a.set_defaults(func=run_add)
    r = s.add_parser("set-password", help="重设密码（密码取自 DANGJIAN_NEW_PASSWORD 或标准输入）")
    r.add_argument("username")
    r.set_defaults(func=run_set_password)


def _password() -> str:
    value = os.environ.get("DANGJIAN_NEW_PASSWORD")
    if value is None:
        value = sys.stdin.readline().rstrip("\r\n")
    return value


def run_list(args: argparse.Namespace) -> int:
    from app.context import open_context
    from app.services.account_cases import load_accounts

    ctx = open_context(args.db, read_only=True)
    try:
        rows = load_accounts(ctx)
    finally:
        ctx.close()
    if not rows:
        print("尚未设置任何账号（图形界面无需登录）。")
    for acc in rows:
        state = "" if acc.active else "（已停用）"
        print(f"{acc.username}\t{acc.role.label}\t{acc.organization_name}\t{acc.display_name}{state}")
    return 0


def run_add(args: argparse.Namespace) -> int:
    from app.context import open_context
    from app.domain.enums import Role
    from app.services.account_cases import add_account

    password = _password()
    ctx = open_context(args.db)
    try:
        info = add_account(ctx, username=args.username, password=password, role=Role(args.role),
                           branch_name=args.branch, display_name=args.name)
    finally:
        ctx.close()
    print(f"已新建账号：{info.username}（{info.role.label}）")
    return 0


def run_set_password(args: argparse.Namespace) -> int:
    from app.context import open_context
    from app.services.account_cases import reset_password

    password = _password()
    ctx = open_context(args.db)
    try:
        reset_password(ctx, args.username, password)
    finally:
        ctx.close()
    print(f"已重设账号“{args.username}”的密码。")
    return 0
