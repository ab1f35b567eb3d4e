"""What counts as a 党组织 in a count: 党委、党总支、党支部、联合党支部 that are not dissolved. 党小组 are counted
apart ("另有党小组"), as 首页 and `demo` say it; a dissolved organization is history and is not counted.

The one rule behind 首页's 党组织 card, the restore preview and `dangjian check` (app.services.people_counts).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from app.domain.enums import BRANCH_KINDS, OrgKind


@dataclass(frozen=True)
class OrgCount:
    organizations: int = 0  # 党委、党总支、党支部、联合党支部 (not 党小组)
    branches: int = 0  # of which 党支部 and 联合党支部
    groups: int = 0  # 党小组, counted apart
    dissolved: int = 0  # 已撤销 (of any kind), not counted above

    def describe(self) -> str:
        """党组织 4 个（其中党支部 2 个，另有党小组 4 个）."""
        inner = f"其中党支部 {self.branches} 个"
        if self.groups:
            inner += f"，另有党小组 {self.groups} 个"
        if self.dissolved:
            inner += f"；已撤销的 {self.dissolved} 个未计入"
        return f"党组织 {self.organizations} 个（{inner}）"


def tally_orgs(rows: Iterable[tuple[str, object, int]]) -> OrgCount:
    """(kind, dissolved, how many) as stored → the count. Unknown kinds (a damaged or future backup) are not
    counted rather than guessed."""
    known = {k.value for k in OrgKind}
    orgs = branches = groups = dissolved = 0
    for stored, is_dissolved, n in rows:
        kind = str(getattr(stored, "value", stored))  # a column value or an OrgKind
        if kind not in known:
            continue
        if is_dissolved:
            dissolved += n
        elif kind == OrgKind.PARTY_GROUP.value:
            groups += n
        else:
            orgs += n
            branches += n if kind in BRANCH_KINDS else 0
    return OrgCount(orgs, branches, groups, dissolved)
