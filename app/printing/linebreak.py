"""Chinese line breaking: keep full-width closing punctuation off the start of a line.

ReportLab's list lacks "，：；？！）》”’" and its paragraph module keeps its own copy of the list, so both
are extended once, before the first paragraph is built. Character widths are cached too.
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
    textsplit.getCharWidths = _cached_char_widths
    _done = True


_WIDTHS: dict[tuple[str, float], dict[str, float]] = {}


def _cached_char_widths(word: str, font_name: str, font_size: float) -> list[float]:
    """ReportLab measures CJK text one character at a time, uncached: 90% of a long record's build time."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    table = _WIDTHS.setdefault((font_name, font_size), {})
    out = []
    for ch in word:
        width = table.get(ch)
        if width is None:
            width = table[ch] = stringWidth(ch, font_name, font_size)
        out.append(width)
    return out
