"""Plain data of the 党员积分 prints and workbook: what app/services/points_print_data.py builds and
app/printing/points.py and app/excel/points_export.py render. No I/O."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class NoticeLine:
    rank: int
    name: str
    branch: str
    total: int
    grade: str  # the final grade, "" when not graded or not evaluated
    note: str = ""  # 预备党员 / 一票否决 / 评定理由


@dataclass
class PointsNotice:
    school_name: str
    year: int
    lines: list[NoticeLine]
    evaluated: bool
    notice_from: dt.date | None = None
    notice_days: int = 5
    printed_on: dt.date = field(default_factory=dt.date.today)
    issuer: str = ""  # the top Party organization, e.g. 中共青山镇中心学校党总支


@dataclass(frozen=True)
class CardLine:
    day: dt.date
    category: str
    item: str
    points: int
    source: str
    entered_by: str


@dataclass
class PointsCard:
    name: str
    branch: str
    category: str  # 正式党员 / 预备党员
    total: int
    rank_text: str  # "支部第 2 名 / 全校第 5 名"
    grade: str
    lines: list[CardLine]


@dataclass
class PointsCards:
    school_name: str
    year: int
    cards: list[PointsCard]
    printed_on: dt.date = field(default_factory=dt.date.today)


@dataclass(frozen=True)
class CommitmentLine:
    group: str
    text: str
    deadline: dt.date | None
    fulfilment: str = ""  # 已践诺 / 未践诺 / "" before the review


@dataclass
class CommitmentLetter:
    name: str
    branch: str
    post: str  # 工作岗位
    items: list[CommitmentLine]


@dataclass
class CommitmentBook:
    school_name: str
    year: int
    letters: list[CommitmentLetter]
    with_review: bool = False  # print the 践诺情况 column (year end)
    printed_on: dt.date = field(default_factory=dt.date.today)


@dataclass
class BallotSheet:
    branch: str
    names: list[tuple[str, str]]  # (name, note: "预备党员（不确定等次）" or "")


@dataclass
class ReviewBallots:
    school_name: str
    year: int
    sheets: list[BallotSheet]
    printed_on: dt.date = field(default_factory=dt.date.today)


@dataclass(frozen=True)
class SummaryRow:
    name: str
    branch: str
    category: str
    total: int
    rank_school: int
    rank_branch: int
    grade: str  # 评议等次 (final), "" when not graded or not evaluated
    suggested: str
    vetoed: bool
    votes: str  # "优秀 3 / 合格 5 / 基本合格 0 / 不合格 0", "" before ballots
    reason: str


@dataclass(frozen=True)
class DetailLine:
    day: dt.date
    name: str
    branch: str
    category: str
    item: str
    points: int
    source: str
    source_text: str
    entered_by: str


@dataclass
class PointsWorkbook:
    school_name: str
    year: int
    summary: list[SummaryRow]
    details: list[DetailLine]

