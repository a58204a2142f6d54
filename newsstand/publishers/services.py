"""Writes to publishers, sections and feeds: adding a feed or a site, importing a catalog."""

import hashlib
import hmac
import secrets
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import slugify

from newsstand.ingest.fetch import FetchPolicy, FetchRequest, fetch_many
from newsstand.publishers.discover import (
    decode_page,
    find_feed_links,
    looks_like_feed,
    looks_like_sitemap,
)
from newsstand.publishers.models import Feed, Publisher, PublisherToken, Section
from newsstand.publishers.opml import OpmlFeed, parse_opml

DEFAULT_CATALOG = Path(__file__).with_name("catalog.opml")
TOKEN_PREFIX = "nst_"  # noqa: S105 - a public marker that lets scanners spot a leaked token
MAX_TOKEN_CHARS = 200
TOKEN_USE_RESOLUTION = timedelta(minutes=1)
URL_BATCH = 500  # URLs per `IN (…)` query, well under SQLite's and PostgreSQL's parameter limits


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


def check_publisher_name(name: str) -> str:
    """The name with its whitespace collapsed, if it is not empty and fits the column."""
    name = " ".join(name.split())
    if not name:
        raise InvalidFeedError("a publisher needs a name")
    if len(name) > Publisher._meta.get_field("name").max_length:
        raise InvalidFeedError("publisher name is longer than 200 characters")
    return name


def get_or_create_publisher(name: str, **details: str) -> tuple[Publisher, bool]:
    """The publisher of that name, created with these details if new (never overwritten)."""
    name = check_publisher_name(name)
    existing = Publisher.objects.filter(name=name).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            details = _fitting(details)
            slug = _free_slug(name, details.get("homepage_url", ""))
            return Publisher.objects.create(name=name, slug=slug, **details), True
    except IntegrityError:  # created meanwhile by another process
        return Publisher.objects.get(name=name), False


def do_mark_free(names: list[str]) -> int:
    """Mark these publishers free to read (never paywalled); returns how many changed."""
    return Publisher.objects.filter(name__in=names, is_free=False).update(is_free=True)


def do_subscribe_sample_feeds(base_url: str) -> int:
    """Subscribe every feed of the bundled sample as the simulator at base_url serves it, its
    free publishers marked free; returns how many feeds."""
    from newsstand.simulator.corpus import sample_feeds

    feeds = sample_feeds(base_url)
    for feed in feeds:
        do_add_feed(
            feed.url,
            feed.publisher_name,
            feed.section_name,
            homepage_url=feed.homepage_url,
            description=feed.description,
            language=feed.language,
            country=feed.country,
        )
    do_mark_free([feed.publisher_name for feed in feeds if feed.is_free])
    return len(feeds)


def get_or_create_section(publisher: Publisher, name: str) -> Section | None:
    """The publisher's section of that name (None for no name), created if new."""
    name = " ".join(name.split())
    if not name:
        return None
    section, _ = Section.objects.get_or_create(
        publisher=publisher, slug=_section_slug(name), defaults={"name": name[:200]}
    )
    return section


def do_add_feed(
    url: str,
    publisher_name: str,
    section_name: str = "",
    kind: str = Feed.Kind.FEED,
    **publisher_details: str,
) -> tuple[Feed, bool]:
    """Subscribe to a feed (or sitemap) for a publisher; a URL already there changes nothing."""
    url = check_feed_url(url)
    existing = Feed.objects.filter(url=url).select_related("publisher").first()
    if existing is not None:
        return existing, False
    publisher, _ = get_or_create_publisher(publisher_name, **publisher_details)
    section = get_or_create_section(publisher, section_name)
    feed, created = Feed.objects.get_or_create(
        url=url, defaults={"publisher": publisher, "section": section, "kind": kind}
    )
    return feed, created


def do_add_feed_or_site(
    url: str, publisher_name: str, section_name: str = "", policy: FetchPolicy | None = None
) -> tuple[list[Feed], bool]:
    """Subscribe to a feed URL, or to every feed a web page links to; True if any is new.

    A URL already subscribed is not fetched again. A fetch error, or a page that links to no
    feed, raises InvalidFeedError and stores nothing.
    """
    url = check_feed_url(url)
    check_publisher_name(publisher_name)
    existing = Feed.objects.filter(url=url).select_related("publisher").first()
    if existing is not None:
        return [existing], False
    result = fetch_many([FetchRequest(url)], policy or FetchPolicy.from_settings())[0]
    if not result.ok:
        raise InvalidFeedError(f"cannot fetch {url}: {result.error or f'HTTP {result.status}'}")
    if looks_like_feed(result.body, result.content_type):
        feed, created = do_add_feed(url, publisher_name, section_name)
        return [feed], created
    if looks_like_sitemap(result.body):
        feed, created = do_add_feed(url, publisher_name, section_name, kind=Feed.Kind.SITEMAP)
        return [feed], created
    page = decode_page(result.body, result.content_type)
    links = find_feed_links(page, result.final_url or url)
    if not links:
        raise InvalidFeedError(f"no feed found at URL: {url}")
    with transaction.atomic():
        added = [
            do_add_feed(link, publisher_name, section_name, homepage_url=url) for link in links
        ]
    return [feed for feed, _ in added], any(created for _, created in added)


def do_import_feeds(feeds: list[OpmlFeed]) -> CatalogCounts:
    """Add every listed feed with its publisher and section; safe to run again.

    Feeds already stored stay as they are. A bad URL or publisher name anywhere in the list
    raises InvalidFeedError before anything is stored. Reads and writes go in batches, never
    one query per feed.
    """
    entries: dict[str, OpmlFeed] = {}
    for number, entry in enumerate(feeds, start=1):
        try:
            checked = replace(
                entry,
                url=check_feed_url(entry.url),
                publisher=check_publisher_name(entry.publisher),
                section=" ".join(entry.section.split()),
            )
        except InvalidFeedError as exc:
            raise InvalidFeedError(f"feed {number}: {exc}") from exc
        entries.setdefault(checked.url, checked)
    stored = _stored_urls(list(entries))
    new = [entry for url, entry in entries.items() if url not in stored]
    if not new:
        return CatalogCounts()
    with transaction.atomic():
        publishers, created = _get_or_create_publishers(new)
        sections = _get_or_create_sections(new, publishers)
        # A feed another process stores meanwhile is skipped, not an error: the import is
        # idempotent, so counting it as added here is the only inaccuracy a race can cause.
        Feed.objects.bulk_create(
            [
                Feed(
                    url=entry.url,
                    publisher=publishers[entry.publisher],
                    section=sections.get((publishers[entry.publisher].pk, entry.section)),
                    title=entry.title[:500],
                )
                for entry in new
            ],
            ignore_conflicts=True,
        )
    return CatalogCounts(publishers=created, feeds=len(new))


def do_import_opml(document: bytes) -> CatalogCounts:
    """Import an OPML subscription list (see do_import_feeds); OpmlError if it is not one."""
    return do_import_feeds(parse_opml(document))


def do_load_catalog(path: Path = DEFAULT_CATALOG) -> CatalogCounts:
    """Load an OPML catalog of publishers and their feeds (the bundled one by default)."""
    return do_import_opml(path.read_bytes())


def get_opml_feeds() -> list[OpmlFeed]:
    """Every feed, active or not, with its publisher and section, grouped by publisher."""
    feeds = Feed.objects.select_related("publisher", "section").order_by("publisher__name", "url")
    return [
        OpmlFeed(
            url=feed.url,
            publisher=feed.publisher.name,
            title=feed.title,
            section=feed.section.name if feed.section else "",
            homepage_url=feed.publisher.homepage_url,
            language=feed.publisher.language,
            country=feed.publisher.country,
        )
        for feed in feeds
    ]


def _stored_urls(urls: list[str]) -> set[str]:
    stored: set[str] = set()
    for start in range(0, len(urls), URL_BATCH):
        batch = urls[start : start + URL_BATCH]
        stored.update(Feed.objects.filter(url__in=batch).order_by().values_list("url", flat=True))
    return stored


def _get_or_create_publishers(entries: list[OpmlFeed]) -> tuple[dict[str, Publisher], int]:
    """The entries' publishers by name, and how many of them were created."""
    names = list(dict.fromkeys(entry.publisher for entry in entries))
    publishers = Publisher.objects.in_bulk(names, field_name="name")
    missing = {e.publisher: e for e in entries if e.publisher not in publishers}
    if not missing:
        return publishers, 0
    taken = set(Publisher.objects.order_by().values_list("slug", flat=True))
    details = {
        name: _fitting(
            {"homepage_url": e.homepage_url, "language": e.language, "country": e.country}
        )
        for name, e in missing.items()
    }
    Publisher.objects.bulk_create(
        [
            Publisher(
                name=name,
                slug=_free_slug(name, details[name].get("homepage_url", ""), taken),
                **details[name],
            )
            for name in missing
        ],
        # Another process may take a name or slug meanwhile: its row is used instead, below.
        ignore_conflicts=True,
    )
    publishers.update(Publisher.objects.in_bulk(list(missing), field_name="name"))
    for name in missing.keys() - publishers.keys():  # lost a slug to another process
        publishers[name], _ = get_or_create_publisher(name, **details[name])
    return publishers, len(missing)


def _get_or_create_sections(
    entries: list[OpmlFeed], publishers: dict[str, Publisher]
) -> dict[tuple[int, str], Section]:
    """The entries' sections keyed by (publisher id, section name), created where missing."""
    wanted = {
        (publishers[e.publisher].pk, e.section): _section_slug(e.section)
        for e in entries
        if e.section
    }
    publisher_ids = {publisher_id for publisher_id, _ in wanted}

    def stored() -> dict[tuple[int, str], Section]:
        return {
            (s.publisher_id, s.slug): s
            for s in Section.objects.filter(publisher_id__in=publisher_ids)
        }

    by_slug = stored()
    new = {
        (publisher_id, slug): name[:200]
        for (publisher_id, name), slug in wanted.items()
        if (publisher_id, slug) not in by_slug
    }
    if new:
        Section.objects.bulk_create(
            [Section(publisher_id=p, slug=slug, name=name) for (p, slug), name in new.items()],
            ignore_conflicts=True,  # created meanwhile by another process: read back below
        )
        by_slug = stored()
    return {key: by_slug[(key[0], slug)] for key, slug in wanted.items()}


def _section_slug(name: str) -> str:
    # A name in another script slugifies to nothing; a digest keeps two such sections apart.
    return slugify(name)[:200] or f"section-{hashlib.sha256(name.encode()).hexdigest()[:12]}"


def _fitting(details: dict[str, str]) -> dict[str, str]:
    """Publisher details that fit their columns; a malformed one is dropped, not stored."""
    fitting = {key: value.strip() for key, value in details.items() if value and value.strip()}
    country = fitting.pop("country", "")
    if len(country) == 2 and country.isalpha():
        fitting["country"] = country.upper()
    if len(fitting.get("language", "")) > 16:
        del fitting["language"]
    if len(fitting.get("homepage_url", "")) > 2048:
        del fitting["homepage_url"]
    return fitting


def _free_slug(name: str, homepage_url: str = "", taken: set[str] | None = None) -> str:
    """A slug no publisher has; with `taken`, checked against (and added to) that set instead."""
    # Web addresses need ASCII slugs: a name in another script falls back to the site's host.
    host = (urlsplit(homepage_url).hostname or "").removeprefix("www.")
    base = (slugify(name) or slugify(host.replace(".", "-")) or "publisher")[:190]
    slug, n = base, 1
    while slug in taken if taken is not None else Publisher.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    if taken is not None:
        taken.add(slug)
    return slug


class InvalidTokenError(ValueError):
    """A token name that cannot be stored; the message says why."""


def do_create_token(publisher: Publisher, name: str) -> str:
    """Issue a push token for the publisher and return it; only its hash is kept, so this
    return value is the one chance to see it."""
    name = " ".join(name.split())
    if not name:
        raise InvalidTokenError("a token needs a name saying what it is for")
    if len(name) > PublisherToken._meta.get_field("name").max_length:
        raise InvalidTokenError("token name is longer than 100 characters")
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    PublisherToken.objects.create(publisher=publisher, name=name, token_hash=_token_hash(plain))
    return plain


def check_token(plain: str) -> PublisherToken | None:
    """The live (not revoked) token whose secret is plain, with its publisher; else None."""
    if not plain or len(plain) > MAX_TOKEN_CHARS:
        return None
    # Looked up by the secret's SHA-256, so response timing reveals at most a prefix of a hash
    # nobody can invert; compare_digest then checks the whole value in constant time.
    digest = _token_hash(plain)
    token = (
        PublisherToken.objects.select_related("publisher")
        .filter(token_hash=digest, revoked_at__isnull=True)
        .first()
    )
    if token is None or not hmac.compare_digest(token.token_hash, digest):
        return None
    return token


def do_record_token_use(token: PublisherToken) -> None:
    """Note that the token was just used (to the minute, so a busy token costs few writes)."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < TOKEN_USE_RESOLUTION:
        return
    PublisherToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now


def do_revoke_tokens(tokens: QuerySet[PublisherToken]) -> int:
    """Revoke the given tokens that are still live; the number revoked (earlier revocations keep
    their time)."""
    return tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())


def do_revoke_token(token: PublisherToken) -> bool:
    """Revoke one token; False when it was already revoked."""
    return do_revoke_tokens(PublisherToken.objects.filter(pk=token.pk)) == 1


def _token_hash(plain: str) -> str:
    return hashlib.sha256(plain.encode("utf-8")).hexdigest()
