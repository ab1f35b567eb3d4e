"""Named points inside long writes, so fault tests kill the program exactly there, not at a random time.

Production code calls `reach("backup.copied")` at the moments that matter (after N import rows, during a
backup's copy, between a restore and its audit row). Nothing happens unless the environment asks:
- `DANGJIAN_CHECKPOINTS=1` prints `checkpoint NAME` to stderr as each point is reached;
- `DANGJIAN_KILL_AT=NAME` (or `NAME#N`, the N-th time it is reached) makes the process kill itself
  with SIGKILL there (on Windows, `os._exit`), which is what a power cut or Task Manager does.
"""

from __future__ import annotations

import os
import signal
import sys
from collections import Counter

_seen: Counter[str] = Counter()


def reach(name: str) -> None:
    if os.environ.get("DANGJIAN_CHECKPOINTS"):
        print(f"checkpoint {name}", file=sys.stderr, flush=True)
    target = os.environ.get("DANGJIAN_KILL_AT")
    if not target:
        return
    _seen[name] += 1
    point, _, nth = target.partition("#")
    if point == name and _seen[name] == int(nth or 1):
        sys.stderr.flush()
        if hasattr(signal, "SIGKILL"):
            os.kill(os.getpid(), signal.SIGKILL)
        os._exit(137)
