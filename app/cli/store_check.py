"""Read and print commands never start a new store (issue #17).

`print`, `export`, `check`, `find`, `audit` and `backup` only make sense on a store that exists: given a
path with no file they say so in Chinese (exit 2) and create nothing. Only `demo`, `import`, `gui` and
`restore` may start a new store (and `gui` says that it does).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from app.errors import KnownError

READ_COMMANDS = frozenset({"print", "export", "check", "find", "audit", "backup"})


class StoreMissing(KnownError):
    exit_code = 2


def new_store_path(db: str | None) -> Path | None:
    """The SQLite file `--db` (or DANGJIAN_DB, or the default) names, when it does not exist yet.

    Without SQLAlchemy (it must not load before the GUI's first paint): a plain path, or a sqlite:/// URL,
    as `app.store.engine.resolve_target` reads them; a server URL is never "new"."""
    value = str(db if db is not None else os.environ.get("DANGJIAN_DB") or "")
    if "://" in value:
        prefix = "sqlite:///"
        if not value.startswith(prefix) or value[len(prefix):] in ("", ":memory:"):
            return None
        value = value[len(prefix):].split("?", 1)[0]
    if not value:
        from app.paths import default_store_path

        value = str(default_store_path())
    path = Path(value).expanduser().resolve()
    return None if path.exists() else path


def refuse_missing_store(args: argparse.Namespace) -> None:
    """Raise StoreMissing for a read command on a store path with no file; nothing is created."""
    if getattr(args, "command", None) not in READ_COMMANDS:
        return
    path = new_store_path(args.db)
    if path is not None:
        raise StoreMissing(
            f"数据文件不存在：{path}\n"
            "请检查 --db 指定的路径是否正确。要新建数据文件，请打开图形界面（dangjian gui），"
            "或用 dangjian import members 导入花名册、dangjian restore 从备份恢复。")
