"""Chinese line breaking: keep full-width closing punctuation off the start of a line.

ReportLab's list lacks "，：；？！）》”’" and its paragraph module keeps its own copy of the list, so both
are extended once, before the first paragraph is built.
"""

from __future__ import annotations

EXTRA_CANNOT_START = "，：；？！）》”’〉」』】…—·"

_done = False


def install() -> None:
    global _done
    if _done:
        return
    from reportlab.lib import textsplit
    from reportlab.platypus import paragraph

    extended = textsplit.ALL_CANNOT_START + "".join(
        ch for ch in EXTRA_CANNOT_START if ch not in textsplit.ALL_CANNOT_START)
    textsplit.ALL_CANNOT_START = extended
    paragraph.ALL_CANNOT_START = extended
    _done = True
