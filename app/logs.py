"""Rotating log file in the data directory; bugs land here with their stack."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler

_done = False


def setup_logging() -> None:
    global _done
    if _done:
        return
    from app import paths

    handler = RotatingFileHandler(paths.logs_dir() / "dangjian.log", maxBytes=2_000_000, backupCount=5,
                                  encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("dangjian")
    root.setLevel(logging.INFO)
    root.addHandler(handler)
    _done = True
