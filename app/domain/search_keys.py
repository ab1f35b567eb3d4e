"""Pinyin search keys for names (zs finds 张三). pypinyin's dictionaries load on first use, not at start-up."""

from __future__ import annotations

from functools import lru_cache


def _each_char(chars: str) -> str:
    """Characters pypinyin has no reading for stay, one syllable each (pypinyin accepts a list here)."""
    return list(chars)  # type: ignore[return-value]


@lru_cache(maxsize=4096)
def pinyin_keys(name: str) -> tuple[str, str]:
    """(full pinyin without tones, initials), both lower case: 张三 → ("zhangsan", "zs")."""
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(name, style=Style.NORMAL, errors=_each_char)
    full = "".join(syllables).lower()
    initials = "".join(s[0] for s in syllables if s).lower()
    return full, initials
