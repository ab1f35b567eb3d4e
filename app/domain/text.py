"""Names as people and programs type them: one form for comparing and storing (README.md, 数据安全).

A name copied from a web page or a WeChat message can carry zero-width spaces, direction marks or
full-width letters; `第一党支部(小学部)` and `第一党支部（小学部）` are the same branch to a person. So
names are NFKC-normalised (full-width letters and digits become ordinary ones), invisible and control
characters are dropped, runs of spaces become one, and round brackets are the Chinese full-width pair.
"""

from __future__ import annotations

import re
import unicodedata

from app.errors import ValidationError

_SPACES = re.compile(r"\s+")
_AROUND_BRACKETS = re.compile(r"\s*([（）])\s*")
_BRACKETS = str.maketrans({"(": "（", ")": "）"})
SEARCH_MAX = 50  # characters; a longer search is refused (SQLite's LIKE has a pattern limit)


def _visible(ch: str) -> str:
    category = unicodedata.category(ch)
    if category == "Cc":
        return " " if ch in "\t\n\r\x0b\x0c" else ""
    if category in ("Cf", "Co", "Cs", "Cn"):  # zero-width, direction marks, private use, unassigned
        return ""
    if category in ("Zs", "Zl", "Zp"):
        return " "
    return ch


def clean_name(value: str | None) -> str:
    """The stored and compared form of a person's, organization's or account's name."""
    text = unicodedata.normalize("NFKC", value or "")
    text = "".join(_visible(ch) for ch in text)
    text = _SPACES.sub(" ", text).strip().translate(_BRACKETS)
    return _AROUND_BRACKETS.sub(r"\1", text)


def look_alike_key(value: str | None) -> str:
    """Equal for names a reader would take for the same: no spaces, no punctuation, no case."""
    text = clean_name(value)
    return "".join(ch for ch in text if not ch.isspace() and not unicodedata.category(ch).startswith("P")).casefold()


def look_alikes(new: list[str], existing: list[str]) -> list[tuple[str, str]]:
    """(new name, the different name it looks like), for names that differ only in spaces or punctuation."""
    seen: dict[str, str] = {}
    for name in existing:
        seen.setdefault(look_alike_key(name), name)
    found: list[tuple[str, str]] = []
    for name in new:
        key = look_alike_key(name)
        other = seen.get(key)
        if other is not None and clean_name(other) != clean_name(name):
            found.append((name, other))
        seen.setdefault(key, name)
    return found


def clean_search(value: str | None) -> str:
    """Search box text: control and invisible characters dropped; ValidationError when too long."""
    text = "".join(_visible(ch) for ch in (value or "")).strip()
    if len(text) > SEARCH_MAX:
        raise ValidationError(f"搜索文字过长（最多 {SEARCH_MAX} 个字），请缩短后再搜索。")
    return text
