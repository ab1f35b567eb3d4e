"""Pinyin search keys for names (zs finds 张三). pypinyin's dictionaries load on first use, not at start-up.

A name can be read more than one way, above all its surname: 曾 is zēng as a surname (céng in 曾经), 单 is
shàn (dān in 简单). Every reading of every character is indexed (pypinyin's heteronym mode), so `zj` finds
曾佳 and `sxx` finds 单雄信 while `cj` and `dxx` still do (issue #17). The keys are stored as readings
separated by spaces, the main reading first (it orders lists by name):

    曾佳   → name_pinyin "zengjia cengjia",        name_initials "zj cj"
    单雄信 → name_pinyin "shanxiongxin danxiongxin chanxiongxin danxiongshen…", name_initials "sxx dxx cxx sxs…"

A search matches the start of any reading (`matches`; in SQL: the column starts with the text, or contains
a space followed by it).
"""

from __future__ import annotations

import itertools
from functools import lru_cache
from typing import Any

PINYIN_LENGTH = 200  # the columns' sizes (app/store/models.py Member.name_pinyin / name_initials)
INITIALS_LENGTH = 50
MAX_READINGS = 32  # readings of one name kept (a name of three polyphonic characters has 27 at most)

# Characters read differently as a surname than in ordinary words: the surname reading is the main one.
SURNAME_READINGS: dict[str, str] = {
    "曾": "zeng", "单": "shan", "解": "xie", "仇": "qiu", "朴": "piao", "区": "ou", "查": "zha",
    "覃": "qin", "翟": "zhai", "盖": "ge", "缪": "miao", "尉": "yu", "秘": "bi", "种": "chong",
    "繁": "po", "员": "yun", "乐": "yue", "折": "she", "召": "shao", "华": "hua", "纪": "ji",
    "过": "guo", "任": "ren", "沈": "shen", "万": "wan", "阚": "kan", "隗": "wei", "句": "gou",
    "长": "chang", "重": "chong", "宿": "su", "能": "nai", "黑": "he", "薄": "bo", "费": "fei",
}


def _keep(chars: str) -> Any:
    """Characters pypinyin has no reading for (Latin letters, ·) stay as they are, one per syllable
    (pypinyin accepts a list here; its stubs say str)."""
    return list(chars)


def _syllables(name: str) -> list[str]:
    from pypinyin import Style, lazy_pinyin

    return [s.lower() for s in lazy_pinyin(name, style=Style.NORMAL, errors=_keep)]


def _readings_of(ch: str) -> list[str]:
    from pypinyin import Style, pinyin

    return [r.lower() for r in pinyin(ch, style=Style.NORMAL, heteronym=True, errors=_keep)[0]]


def readings(name: str) -> tuple[str, ...]:
    """Every reading of the name as joined pinyin, the main one first: 曾佳 → ("zengjia", "cengjia")."""
    return tuple(dict.fromkeys("".join(p) for p in _parts(name)))


def _ordered(options: list[str], first: str) -> list[str]:
    return [first, *[o for o in options if o != first]]


@lru_cache(maxsize=4096)
def _parts(name: str) -> tuple[tuple[str, ...], ...]:
    syllables = _syllables(name)
    if not syllables:
        return ((),)
    chars = list(name) if len(name) == len(syllables) else None
    main = list(syllables)
    if chars and chars[0] in SURNAME_READINGS:
        main[0] = SURNAME_READINGS[chars[0]]
    found: list[tuple[str, ...]] = [tuple(main), tuple(syllables)]
    if chars:
        per_char = [_ordered(_readings_of(ch), ctx) for ch, ctx in zip(chars, main, strict=True)]
        found += [(r, *main[1:]) for r in per_char[0]]
        found += list(itertools.islice(itertools.product(*per_char), MAX_READINGS))
    return tuple(dict.fromkeys(found))[:MAX_READINGS]


def _joined(keys: list[str], limit: int) -> str:
    """Distinct keys separated by spaces, as many as fit in the column."""
    out: list[str] = []
    length = -1
    for key in dict.fromkeys(keys):
        if length + 1 + len(key) > limit:
            if not out:  # even the main reading is too long: cut it
                out.append(key[:limit])
            continue
        out.append(key)
        length += 1 + len(key)
    return " ".join(out)


def _each_char(chars: str) -> str:
    """Characters pypinyin has no reading for stay, one syllable each (pypinyin accepts a list here)."""
    return list(chars)  # type: ignore[return-value]


@lru_cache(maxsize=4096)
def pinyin_keys(name: str) -> tuple[str, str]:
    """(pinyin, initials) as stored, lower case, every reading: 张三 → ("zhangsan", "zs"),
    曾佳 → ("zengjia cengjia", "zj cj")."""
    parts = _parts(name)
    full = _joined(["".join(p) for p in parts], PINYIN_LENGTH)
    initials = _joined(["".join(s[0] for s in p if s) for p in parts], INITIALS_LENGTH)
    return full, initials


def matches(name: str, text: str) -> bool:
    """What the SQL search does, for one name: the text starts the name's pinyin or initials in any reading,
    or occurs in the name itself."""
    low = text.strip().lower()
    if not low:
        return True
    if low in name:
        return True
    full, initials = pinyin_keys(name)
    return any(key.startswith(low) for key in (*full.split(" "), *initials.split(" ")))
