"""Read and print commands never start a new store (issue #17).

`print`, `export`, `check`, `find`, `audit`, `backup` and `account` only make sense on a store that exists: given a
path with no file they say so in Chinese (exit 2) and create nothing. Only `demo`, `import`, `gui` and
`restore` may start a new store (and `gui` says that it does).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

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
        raise StoreMissing(missing_store_text(path, args.db))


def missing_store_text(path: Path, db: str | None) -> str:
    """Why there is no store, in the words of where its path came from: --db, DANGJIAN_DB or the default."""
    create = ("要新建数据文件，请打开图形界面（dangjian gui），"
              "或用 dangjian import members 导入花名册、dangjian restore 从备份恢复。")
    if db is not None:
        return f"数据文件不存在：{path}\n请检查 --db 指定的路径是否正确。{create}"
    if os.environ.get("DANGJIAN_DB"):
        return f"数据文件不存在：{path}\n请检查环境变量 DANGJIAN_DB 指定的路径是否正确。{create}"
    return (f"默认数据文件不存在：{path}\n"
            f"未用 --db 指定数据文件时使用这个默认位置；要打开其他位置的数据文件，请用 --db 指定其路径。{create}")
