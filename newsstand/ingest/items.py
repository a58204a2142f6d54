"""Plain data passed between the pure ingestion steps: parse → normalise → store.

Nothing here imports django.db, so parsing and normalising run (and are benchmarked) offline.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime


def unique_texts(values: Iterable[str]) -> list[str]:
    """The non-blank values, stripped, in first-seen order without repeats (an item's authors,
    its categories)."""
    stripped = [text for value in values if value and (text := value.strip())]
    return list(dict.fromkeys(stripped)) if len(stripped) > 1 else stripped  # mostly one


@dataclass
class FeedItem:
    """One entry of a feed as the feed states it: raw HTML, unsanitised, possibly incomplete."""

    guid: str = ""
    url: str = ""
    title: str = ""
    summary_html: str = ""
    content_html: str = ""
    authors: list[str] = field(default_factory=list)
    published_at: datetime | None = None  # aware, UTC
    updated_at: datetime | None = None  # aware, UTC
    image_url: str = ""
    categories: list[str] = field(default_factory=list)
    language: str = ""
    rights: str = ""  # the item's (or feed's) copyright line, where a wire credit often hides


@dataclass
class ParsedFeed:
    """A whole feed document: its own metadata and its items, in document order."""

    format: str  # "rss", "atom" or "json"
    title: str = ""
    site_url: str = ""
    language: str = ""
    items: list[FeedItem] = field(default_factory=list)


@dataclass
class ArticleData:
    """An item made ready to store: sanitised HTML, plain text, a date, a key, a content hash."""

    guid: str
    url: str
    canonical_url: str
    title: str
    published_at: datetime  # aware, UTC; the fetch time when the feed gave none
    byline: str = ""
    authors: list[str] = field(default_factory=list)
    summary: str = ""
    body_text: str = ""
    body_html: str = ""
    language: str = ""
    image_url: str = ""
    wire_credit: str = ""
    word_count: int = 0
    content_hash: str = ""
    date_estimated: bool = False  # no usable date in the source: published_at is the fetch time
    source_version: int | None = None  # the publisher's own version number (ninjs pushes)
