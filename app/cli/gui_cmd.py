"""`dangjian gui [--smoke-test]`: the desktop program (also what runs with no command)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("gui", help="启动图形界面（默认）")
    p.add_argument("--smoke-test", action="store_true", help="打开每个标签页后退出（自检）")
    p.set_defaults(func=run_gui)


def run_gui(args: argparse.Namespace) -> int:
    from app.gui.application import run
    from app.paths import new_store_path

    if (creating := new_store_path(args.db)) is not None:
        print(f"数据文件不存在，将新建：{creating}", flush=True)

    return run(db=args.db, smoke_test=bool(getattr(args, "smoke_test", False)))
