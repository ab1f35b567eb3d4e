"""A command run in the test's own process, as `dangjian` runs it (app.cli.main): its exit code, also when
argparse refuses the arguments before any command runs (SystemExit)."""

from __future__ import annotations


def exit_code(*args: str) -> int:
    from app.cli import main

    try:
        return main(list(args))
    except SystemExit as exc:
        return int(exc.code or 0)
