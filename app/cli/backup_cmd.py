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
    from app.context import open_for_reading
    from app.errors import StoreError
    from app.services.backup_cases import back_up_now, back_up_to_folder
    from app.services.restore_cases import look_into_backup
    from app.store.engine import sqlite_path

    path = sqlite_path(args.db)
    if path is not None and not path.is_file():  # opening would create an empty store to back up
        raise StoreError(f"数据文件不存在：{path}")
    ctx = open_for_reading(args.db)
    try:
        target = back_up_to_folder(ctx, args.output) if args.output else back_up_now(ctx)
    finally:
        ctx.close()
    print(f"备份完成（已校验）：{target}")
    print(look_into_backup(target).describe())
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from app.context import open_context
    from app.errors import StoreDamaged
    from app.services.restore_cases import look_into_backup, replace_damaged_store, restore_from_backup

    look_into_backup(args.file)
    try:
        ctx = open_context(args.db)
    except StoreDamaged as exc:
        # The CLI user named the backup explicitly: that is the say-so to replace a damaged file.
        done = replace_damaged_store(args.db, args.file)
        print(f"原数据文件已损坏（{exc.message}）")
        print(f"已用备份替换：{done.replaced}\n恢复自：{done.source}\n损坏的文件已另存为：{done.damaged_copy}")
        return 0
    try:
        result = restore_from_backup(ctx, args.file)
    finally:
        ctx.close()
    print(result.describe())
    return 0
