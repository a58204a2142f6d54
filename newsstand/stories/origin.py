"""Wire origin: where a group of syndicated copies originally came from.

A copy group's origin is the wire service its copies credit (the credit each article already
carries, found by ingest/wire.py), or, when none credits one, the publisher that ran it first.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Literal


@dataclass(frozen=True, slots=True)
class CopyInfo:
    """One article of a copy group, as far as its origin is concerned."""

    article_id: str
    publisher: str
    published_at: datetime
    wire_credit: str = ""


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a copy group came from: a wire service, or the publisher of its first article."""

    name: str
    kind: Literal["wire", "publisher"]
    article_id: str | None = None


def choose_origin(copies: list[CopyInfo]) -> Origin:
    """The credited wire service most copies name, else the earliest publisher (ties: lowest id)."""
    if not copies:
        raise ValueError("a copy group has at least one article")
    earliest = min(copies, key=lambda copy: (copy.published_at, copy.article_id))
    credits = Counter(copy.wire_credit for copy in copies if copy.wire_credit)
    if credits:
        # Ties between two agencies go to the one credited earliest, so the answer never
        # depends on the order the copies were listed in.
        first_credit = {}
        for copy in sorted(copies, key=lambda copy: (copy.published_at, copy.article_id)):
            first_credit.setdefault(copy.wire_credit, copy.published_at)
        name = min(credits, key=lambda credit: (-credits[credit], first_credit[credit], credit))
        return Origin(name, "wire")
    return Origin(earliest.publisher, "publisher", earliest.article_id)
