"""Writes to articles: the idempotent upsert every ingestion path ends in."""

from collections.abc import Callable
from dataclasses import dataclass, field, fields

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from newsstand.articles.models import Article
from newsstand.ingest.items import ArticleData
from newsstand.publishers.models import Feed, Publisher

# What an edit of an item may change; publisher, guid, feed, section and created_at
# stay as first seen.
CONTENT_FIELDS = [
    "url",
    "canonical_url",
    "title",
    "byline",
    "authors",
    "published_at",
    "summary",
    "body_text",
    "body_html",
    "language",
    "image_url",
    "wire_credit",
    "word_count",
    "content_hash",
    "date_estimated",
    "source_version",
    "revision",
]


ARTICLE_DATA_FIELDS = tuple(field.name for field in fields(ArticleData))


@dataclass
class UpsertCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    created_ids: list[int] = field(default_factory=list)


def do_upsert_articles(
    feed: Feed,
    items: list[ArticleData],
    enrich: Callable[[list[ArticleData]], list[ArticleData]] | None = None,
) -> UpsertCounts:
    """Store a feed's items: new ones inserted, edited ones updated, unchanged ones untouched.

    An item is the publisher's article with the same guid, or else with the same link (some
    publishers give one item different guids in different feeds). The insert is an
    INSERT … ON CONFLICT (publisher, guid) DO UPDATE, so two workers storing the same item at
    once still leave one row. Queries: a fixed few per call, whatever the number of items.
    enrich, if given, sees only the new and edited items (e.g. to fetch their full text) and
    returns them in the same order, guid and url unchanged.
    """
    counts = UpsertCounts()
    items = _unique_items(items)
    if not items:
        return counts
    existing = Article.objects.filter(publisher_id=feed.publisher_id).filter(
        Q(guid__in=[item.guid for item in items]) | Q(url__in=[item.url for item in items])
    )
    by_guid, by_url = {}, {}
    for article in existing.only("id", "guid", "url", "content_hash", "revision"):
        by_guid[article.guid] = article
        by_url.setdefault(article.url, article)

    changed = []
    for item in items:
        known = by_guid.get(item.guid) or by_url.get(item.url)
        if known is not None and known.content_hash == item.content_hash:
            counts.unchanged += 1
        else:
            changed.append((item, known))
    if enrich is not None and changed:
        enriched = enrich([item for item, _ in changed])
        changed = [(item, known) for item, (_, known) in zip(enriched, changed, strict=True)]

    rows = []
    for item, known in changed:
        revision = 1
        if known is None:
            counts.created += 1
        else:
            counts.updated += 1
            item.guid = known.guid
            revision = known.revision + 1
        rows.append(
            Article(
                publisher_id=feed.publisher_id,
                section_id=feed.section_id,
                feed=feed,
                revision=revision,
                **_fields_of(item),
            )
        )
    with transaction.atomic():
        Article.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["publisher", "guid"],
            update_fields=[*CONTENT_FIELDS, "updated_at"],
        )
    # The insert returns each row's id (PostgreSQL and SQLite both support RETURNING here).
    counts.created_ids = [
        row.pk for row, (_, known) in zip(rows, changed, strict=True) if known is None and row.pk
    ]
    return counts


def _fields_of(item: ArticleData) -> dict:
    """The item's fields as keyword arguments; shallow, unlike asdict, which deep-copies."""
    return {name: getattr(item, name) for name in ARTICLE_DATA_FIELDS}


def _unique_items(items: list[ArticleData]) -> list[ArticleData]:
    """One item per guid and per link: the first occurrence in the feed wins."""
    seen_guids, seen_urls, unique = set(), set(), []
    for item in items:
        if item.guid in seen_guids or item.url in seen_urls:
            continue
        seen_guids.add(item.guid)
        seen_urls.add(item.url)
        unique.append(item)
    return unique


def do_store_pushed_article(publisher: Publisher, item: ArticleData) -> tuple[Article, str]:
    """Store a document a publisher pushed, keyed by (publisher, guid): "created"; "updated"
    (revision + 1) when item.source_version is higher than the stored one; else "unchanged".

    Two pushes racing on one document leave one row and the highest version: the insert
    relies on the (publisher, guid) constraint, and the update is a compare-and-set on
    source_version, so no lock is held and no read-then-write window exists.
    """
    if item.source_version is None:
        raise ValueError("a pushed article needs its source_version")
    stored = Article.objects.filter(publisher=publisher, guid=item.guid)
    if not stored.exists():
        try:
            with transaction.atomic():
                article = Article.objects.create(
                    publisher=publisher, revision=1, **_fields_of(item)
                )
            return article, "created"
        except IntegrityError:
            pass  # the same document arrived meanwhile: compare versions with that one instead
    changes = {name: getattr(item, name) for name in CONTENT_FIELDS if name != "revision"}
    changed = (
        stored.filter(Q(source_version__isnull=True) | Q(source_version__lt=item.source_version))
        .order_by()
        .update(**changes, revision=F("revision") + 1, updated_at=timezone.now())
    )
    return stored.get(), "updated" if changed else "unchanged"


def do_delete_article_by_guid(publisher: Publisher, guid: str) -> bool:
    """Delete the publisher's article with that guid; False when there is none."""
    deleted, _ = Article.objects.filter(publisher=publisher, guid=guid).delete()
    return deleted > 0
