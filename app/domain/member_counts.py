"""Who counts as what: the one rule behind every member count the app shows (首页, the organization tree,
the restore preview, the exported roster's audit line), and the words it says them in.

党员 are 正式党员 and 预备党员 on the roster (在册); 入党申请人、入党积极分子、发展对象 are counted apart, as
"入党申请人等" (they have their own ledger, docs/domain.md "Members"). People who left the roster (转出,
停止党籍, 出党/除名, 去世) are history and are not counted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from app.domain.enums import MemberCategory, MemberStatus

PARTY_WORD = "党员"
DEVELOPING_WORD = "入党申请人等"  # 入党申请人、入党积极分子、发展对象
DEVELOPING_CATEGORIES = (MemberCategory.APPLICANT, MemberCategory.ACTIVIST, MemberCategory.CANDIDATE)


def party_text(party: int, full: int | None = None, probationary: int | None = None) -> str:
    """党员 54 人（正式 50、预备 4）; without the split, 党员 54 人."""
    text = f"{PARTY_WORD} {party} 人"
    if full is not None and probationary is not None:
        text += f"（正式 {full}、预备 {probationary}）"
    return text


def developing_text(developing: int) -> str:
    """入党申请人等 9 人."""
    return f"{DEVELOPING_WORD} {developing} 人"


@dataclass(frozen=True)
class PeopleCount:
    """The people on the roster by stage; `party`/`developing` are what every screen calls them."""

    full: int = 0
    probationary: int = 0
    candidate: int = 0
    activist: int = 0
    applicant: int = 0

    def of(self, category: MemberCategory) -> int:
        return int(getattr(self, category.value))

    @property
    def party(self) -> int:
        return self.full + self.probationary

    @property
    def developing(self) -> int:
        return sum(self.of(c) for c in DEVELOPING_CATEGORIES)

    def party_text(self) -> str:
        return party_text(self.party, self.full, self.probationary)

    def developing_text(self) -> str:
        return developing_text(self.developing)

    def describe(self) -> str:
        """党员 54 人（正式 50、预备 4），入党申请人等 9 人."""
        return f"{self.party_text()}，{self.developing_text()}"

    def __add__(self, other: PeopleCount) -> PeopleCount:
        return PeopleCount(**{c.value: self.of(c) + other.of(c) for c in MemberCategory})


def tally(rows: Iterable[tuple[str, str, int]]) -> PeopleCount:
    """(category, status, how many) as stored → the count: only people on the roster (在册) count.

    Unknown category values (a damaged or future backup) are not counted rather than guessed."""
    counts = {c.value: 0 for c in MemberCategory}
    for category, status, n in rows:
        if status == MemberStatus.ACTIVE.value and category in counts:
            counts[category] += n
    return PeopleCount(**counts)
