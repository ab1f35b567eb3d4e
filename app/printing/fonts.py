"""CJK fonts for ReportLab: Windows' own SimSun/SimHei when present, the bundled fonts otherwise.

Names use rare characters (珺玥昇堃喆琇镕䶮): every string is checked against the font's cmap and a
missing character falls back to the bundled Song face, which covers them; characters no font has
(emoji) become □ instead of a blank or a crash.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from app import paths

BODY = "DJSong"
TITLE = "DJHei"
FALLBACK = "DJSongFallback"
MISSING = "□"


@dataclass(frozen=True)
class FontFile:
    path: Path
    subfont: int = 0


def _windows_font(*names: str) -> FontFile | None:
    folder = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
    for name in names:
        candidate = folder / name
        if candidate.exists():
            return FontFile(candidate, 0)
    return None


def _candidates() -> tuple[FontFile, FontFile, FontFile]:
    bundled_song = FontFile(paths.fonts_dir() / "uming.ttc", 0)
    bundled_hei = FontFile(paths.fonts_dir() / "wqy-microhei.ttc", 0)
    body = bundled_song
    title = bundled_hei
    if os.name == "nt" and not os.environ.get("DANGJIAN_BUNDLED_FONTS"):  # pragma: no cover - Windows
        body = _windows_font("simsun.ttc") or bundled_song
        title = _windows_font("simhei.ttf") or bundled_hei
    return body, title, bundled_song


@lru_cache(maxsize=1)
def register() -> dict[str, frozenset[int]]:
    """Register the three faces once per process; returns each face's set of code points."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from app.printing import linebreak

    linebreak.install()
    cmaps: dict[str, frozenset[int]] = {}
    for name, font in zip((BODY, TITLE, FALLBACK), _candidates(), strict=True):
        ttf = TTFont(name, str(font.path), subfontIndex=font.subfont)
        pdfmetrics.registerFont(ttf)
        cmaps[name] = frozenset(ttf.face.charToGlyph)
    pdfmetrics.registerFontFamily(BODY, normal=BODY, bold=TITLE, italic=BODY, boldItalic=TITLE)
    return cmaps


_CONTROL = re.compile(r"[\u0000-\u0008\u000b\u000c\u000e-\u001f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def clean(text: str | None) -> str:
    """Drop control characters and bidi marks that would garble a printed line."""
    return _CONTROL.sub("", text or "")


def markup(text: str | None, font: str = BODY) -> str:
    """User text → escaped Paragraph markup with per-character font fallback. Newlines become <br/>;
    an ideographic space becomes two no-break spaces, which Paragraph keeps."""
    cmaps = register()
    primary = cmaps[font]
    fallback = cmaps[FALLBACK]
    out: list[str] = []
    run_font = font
    run: list[str] = []

    def flush() -> None:
        if not run:
            return
        chunk = escape("".join(run))
        out.append(chunk if run_font == font else f'<font name="{run_font}">{chunk}</font>')
        run.clear()

    for ch in clean(text):
        if ch == "\n":
            flush()
            out.append("<br/>")
            continue
        if ch == "\u3000":  # Paragraph collapses ideographic spaces: keep indents and form blanks
            if run_font != font:
                flush()
                run_font = font
            run.append("\xa0\xa0")
            continue
        code = ord(ch)
        if code in primary or ch in " \t":
            want = font
        elif code in fallback:
            want = FALLBACK
        else:
            want, ch = font, MISSING
        if want != run_font:
            flush()
            run_font = want
        run.append(ch)
    flush()
    return "".join(out)


def plain(text: str | None, font: str = BODY) -> str:
    """For canvas.drawString (no markup): replace characters the face lacks with □."""
    cmap = register()[font]
    return "".join(ch if ord(ch) in cmap or ch == " " else MISSING for ch in clean(text))
