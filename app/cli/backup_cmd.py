"""`dangjian backup [-o DIR]` and `dangjian restore FILE`: the machine administrator's tools, no prompts."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    b = sub.add_parser("backup", help="备份数据文件（经过校验）")
    b.add_argument("-o", "--output", type=Path, default=None, metavar="DIR",
                   help="备份到此文件夹（默认：数据目录下的 backups）")
    b.set_defaults(func=run_backup)
    r = sub.add_parser("restore", help="从备份恢复（先自动备份当前数据）")
    r.add_argument("file", type=Path, help="备份文件")
    r.set_defaults(func=run_restore)


def run_backup(args: argparse.Namespace) -> int:
    """A read-only job: it needs no write lock, so it also works while the GUI is open."""
    from app import paths
    from app.errors import StoreError
    from app.services.backup import backup_file, preview_backup
    from app.store.engine import sqlite_path

    path = sqlite_path(args.db)
    if path is None:
        raise StoreError("服务器数据库请用数据库自身的备份工具（如 pg_dump）。")
    folder = args.output or paths.backups_dir()
    target = backup_file(path, folder)
    print(f"备份完成（已校验）：{target}")
    print(preview_backup(target).describe())
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from app.context import open_context
    from app.errors import StoreDamaged
    from app.services.backup import preview_backup, replace_damaged, restore_backup
    from app.store import lock
    from app.store.engine import sqlite_path

    preview_backup(args.file)
    try:
        ctx = open_context(args.db)
    except StoreDamaged as exc:
        # The CLI user named the backup explicitly: that is the say-so to replace a damaged file.
        path = sqlite_path(args.db)
        if path is None:
            raise
        held = lock.acquire(path)
        try:
            done = replace_damaged(path, args.file)
        finally:
            held.release()
        print(f"原数据文件已损坏（{exc.message}）")
        print(f"已用备份替换：{done.replaced}\n恢复自：{done.source}\n损坏的文件已另存为：{done.damaged_copy}")
        return 0
    try:
        result = restore_backup(ctx.store, args.file, ctx.actor)
    finally:
        ctx.close()
    print(result.describe())
    return 0
