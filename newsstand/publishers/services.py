"""Writes to publishers, sections and feeds: adding feeds one by one or from a catalog."""

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from newsstand.publishers.models import Feed, Publisher, Section
from newsstand.publishers.opml import OpmlFeed, parse_opml

DEFAULT_CATALOG = Path(__file__).with_name("catalog.opml")


class InvalidFeedError(ValueError):
    """A feed URL or publisher name that cannot be stored; the message says why."""


@dataclass
class CatalogCounts:
    publishers: int = 0
    feeds: int = 0


def check_feed_url(url: str) -> str:
    """The URL stripped, if it is an absolute http(s) URL that fits the Feed.url column."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise InvalidFeedError(f"not an http(s) URL: {url!r}")
    if len(url) > Feed._meta.get_field("url").max_length:
        raise InvalidFeedError("URL is longer than 2048 characters")
    return url


def get_or_create_publisher(name: str, **details: str) -> tuple[Publisher, bool]:
    """The publisher of that name, created with these details if new (never overwritten)."""
    name = " ".join(name.split())
    if not name:
        raise InvalidFeedError("a publisher needs a name")
    if len(name) > Publisher._meta.get_field("name").max_length:
        raise InvalidFeedError("publisher name is longer than 200 characters")
    existing = Publisher.objects.filter(name=name).first()
    if existing is not None:
        return existing, False
    details = {key: value for key, value in details.items() if value}
    try:
        with transaction.atomic():
            return Publisher.objects.create(name=name, slug=_free_slug(name), **details), True
    except IntegrityError:  # created meanwhile by another process
        return Publisher.objects.get(name=name), False


def get_or_create_section(publisher: Publisher, name: str) -> Section | None:
    """The publisher's section of that name (None for no name), created if new."""
    name = " ".join(name.split())
    if not name:
        return None
    slug = slugify(name)[:200] or "section"
    section, _ = Section.objects.get_or_create(
        publisher=publisher, slug=slug, defaults={"name": name[:200]}
    )
    return section


def do_add_feed(
    url: str, publisher_name: str, section_name: str = "", **publisher_details: str
) -> tuple[Feed, bool]:
    """Subscribe to a feed for a publisher; adding a URL that is already there changes nothing."""
    url = check_feed_url(url)
    existing = Feed.objects.filter(url=url).select_related("publisher").first()
    if existing is not None:
        return existing, False
    publisher, _ = get_or_create_publisher(publisher_name, **publisher_details)
    section = get_or_create_section(publisher, section_name)
    feed, created = Feed.objects.get_or_create(
        url=url, defaults={"publisher": publisher, "section": section}
    )
    return feed, created


def do_import_feeds(feeds: list[OpmlFeed]) -> CatalogCounts:
    """Add every listed feed with its publisher and section; safe to run again."""
    counts = CatalogCounts()
    known_publishers = set(Publisher.objects.values_list("name", flat=True))
    for entry in feeds:
        _, created = do_add_feed(
            entry.url,
            entry.publisher,
            entry.section,
            homepage_url=entry.homepage_url,
            language=entry.language,
            country=entry.country,
        )
        counts.feeds += created
        if entry.publisher not in known_publishers:
            known_publishers.add(entry.publisher)
            counts.publishers += 1
    return counts


def do_load_catalog(path: Path = DEFAULT_CATALOG) -> CatalogCounts:
    """Load an OPML catalog of publishers and their feeds (the bundled one by default)."""
    return do_import_feeds(parse_opml(path.read_bytes()))


def _free_slug(name: str) -> str:
    base = slugify(name)[:190] or "publisher"
    slug, n = base, 1
    while Publisher.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug
