"""The 班子配备台账's plain data: built by app.services.print_data, rendered by app.printing.posts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class PostLine:
    post: str
    name: str
    gender: str = ""
    birth_date: dt.date | None = None
    joined_on: dt.date | None = None
    term_start: dt.date | None = None
    full_time: bool = False
    admin_title: str = ""
    cross_appointment: bool = False
    note: str = ""


@dataclass
class OrgPosts:
    name: str
    kind_label: str
    established_on: dt.date | None = None
    term_start: dt.date | None = None
    term_years: int | None = None  # None: no elected committee (a 党小组)
    next_election_due: dt.date | None = None
    posts: list[PostLine] = field(default_factory=list)


@dataclass
class PostsDoc:
    school_name: str
    organizations: list[OrgPosts]
    printed_on: dt.date = field(default_factory=dt.date.today)
