"""Read and print commands never start a new store (issue #17).

`print`, `export`, `check`, `find`, `audit`, `backup` and `account` only make sense on a store that exists: given a
path with no file they say so in Chinese (exit 2) and create nothing. Only `demo`, `import`, `gui` and
`restore` may start a new store (and `gui` says that it does).
"""

from __future__ import annotations

import argparse

from app.errors import KnownError
from app.paths import new_store_path

READ_COMMANDS = frozenset({"print", "export", "check", "find", "audit", "backup", "account"})


class StoreMissing(KnownError):
    exit_code = 2


def refuse_missing_store(args: argparse.Namespace) -> None:
    """Raise StoreMissing for a read command on a store path with no file; nothing is created."""
    if getattr(args, "command", None) not in READ_COMMANDS:
        return
    if args.command == "export" and getattr(args, "what", None) == "template":
        return  # the blank import template needs no store
    path = new_store_path(args.db)
    if path is not None:
        raise StoreMissing(
            f"数据文件不存在：{path}\n"
            "请检查 --db 指定的路径是否正确。要新建数据文件，请打开图形界面（dangjian gui），"
            "或用 dangjian import members 导入花名册、dangjian restore 从备份恢复。")
