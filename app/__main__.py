"""`python -m app` is the same program as the `dangjian` script, and the frozen bundle's entry point."""

import os
import sys

if sys.stdout is None or sys.stderr is None:
    # The windowed dangjian.exe has no console: Python sets both to None, and a command's message would
    # crash on .write() instead of being dropped. Messages that matter also go to the log file.
    sys.stdout = sys.stdout or open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives as long as the process
    sys.stderr = sys.stderr or open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115

from app.cli import main

raise SystemExit(main())
