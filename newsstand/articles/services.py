"""Writes to articles: the idempotent upsert every ingestion path ends in."""

import functools
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import datetime
from operator import attrgetter
from typing import NamedTuple

from django.db import IntegrityError, connections, models, router, transaction
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
_item_values = attrgetter(*ARTICLE_DATA_FIELDS)
_INSERT_FIELDS = [field for field in Article._meta.concrete_fields if not field.primary_key]
# An upserted row: the item's values, then its revision; every other column is shared.
_ROW_FIELDS = [Article._meta.get_field(name) for name in (*ARTICLE_DATA_FIELDS, "revision")]
_SHARED_FIELDS = [field for field in _INSERT_FIELDS if field not in _ROW_FIELDS]
_UPDATED_COLUMNS = [
    Article._meta.get_field(name).column for name in [*CONTENT_FIELDS, "updated_at"]
]
# Items per query for the articles already stored (two parameters each: SQLite takes 999).
KNOWN_BATCH = 400
# Fields whose values the database driver cannot take as Python holds them.
_CONVERTED_FIELDS = (models.DateTimeField, models.JSONField)


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
    by_guid, by_url = {}, {}
    for article in _known_articles(feed.publisher_id, items):
        by_guid[article.guid] = article
        by_url.setdefault(article.url, article)

    changed = []
    for item in items:
        known = by_guid.get(item.guid) or by_url.get(item.url)
        if known is not None and known.content_hash == item.content_hash:
            counts.unchanged += 1
        else:
            changed.append((item, known))
    if not changed:
        return counts
    if enrich is not None:
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
        rows.append((*_item_values(item), revision))
    now = timezone.now()
    shared = {
        "publisher_id": feed.publisher_id,
        "section_id": feed.section_id,
        "feed_id": feed.pk,
        "created_at": now,
        "updated_at": now,
    }
    # No savepoint inside a caller's transaction (ingestion stores a feed in one): a failure
    # here fails the caller's transaction too, as nothing here catches it.
    with transaction.atomic(savepoint=False):
        ids = _insert_or_update(rows, shared)
    counts.created_ids = [ids[item.guid] for item, known in changed if known is None]
    return counts


class _Known(NamedTuple):
    """What the upsert needs of an article already stored."""

    id: int
    guid: str
    url: str
    content_hash: str
    revision: int
    published_at: object  # as the driver gives it: only ever compared with its like


def _known_articles(publisher_id: int, items: list[ArticleData]) -> list[_Known]:
    """The publisher's articles with one of the items' guids or links, newest first (as the
    model orders them). Written as SQL: building the query through the ORM cost more than
    running it."""
    connection = connections[router.db_for_write(Article)]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(name) for name in _Known._fields)
    known = []
    with connection.cursor() as cursor:
        for start in range(0, len(items), KNOWN_BATCH):
            batch = items[start : start + KNOWN_BATCH]
            marks = ", ".join(["%s"] * len(batch))
            cursor.execute(
                f"SELECT {columns} FROM {quote(Article._meta.db_table)}"  # noqa: S608 - names from the model only
                f" WHERE {quote('publisher_id')} = %s"
                f" AND ({quote('guid')} IN ({marks}) OR {quote('url')} IN ({marks}))",
                [publisher_id, *(item.guid for item in batch), *(item.url for item in batch)],
            )
            known.extend(_Known(*row) for row in cursor.fetchall())
    unique = {article.id: article for article in known}.values()  # found by guid and by url
    return sorted(unique, key=lambda article: (article.published_at, article.id), reverse=True)


def _insert_or_update(rows: list[tuple], shared: dict) -> dict[str, int]:
    """INSERT … ON CONFLICT (publisher, guid) DO UPDATE one publisher's rows (each an item's
    values and its revision, as _ROW_FIELDS; shared holds the values every row has, by model
    attribute name); returns each row's id by guid.

    The statement bulk_create(update_conflicts=True) would send, built here because building
    it through the ORM's compiler cost more than the database's own work. A column neither
    rows nor shared name gets its field's default, as an ORM insert would give it.
    """
    connection = connections[router.db_for_write(Article)]
    # Prepared once, not once per row; of the rows' own values, only dates and JSON need it.
    common_values = [
        field.get_db_prep_save(shared.get(field.attname, field.get_default()), connection)
        for field in _SHARED_FIELDS
    ]
    converted = [
        (i, _converter(field, connection))
        for i, field in enumerate(_ROW_FIELDS)
        if isinstance(field, _CONVERTED_FIELDS)
    ]
    columns = tuple(field.column for field in [*_ROW_FIELDS, *_SHARED_FIELDS])
    batch_size = connection.ops.bulk_batch_size(_INSERT_FIELDS, rows) or len(rows)
    ids = {}
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch_size):
            batch = rows[start : start + batch_size]
            values = []
            for row in batch:
                row_values = list(row)
                for i, convert in converted:
                    row_values[i] = convert(row_values[i])
                values += row_values
                values += common_values
            cursor.execute(_upsert_sql(connection.ops.quote_name, columns, len(batch)), values)
            # By guid: neither database promises to return rows in the order they were given.
            ids.update((guid, pk) for pk, guid in cursor.fetchall())
    return ids


def _converter(field: models.Field, connection) -> Callable[[object], object]:
    """field.get_db_prep_save for the values an item holds, with fewer steps: an aware
    datetime and a list of names go straight to the driver's adapter."""
    if isinstance(field, models.DateTimeField):
        adapt = connection.ops.adapt_datetimefield_value

        def convert(value):
            if isinstance(value, datetime) and value.tzinfo is not None:
                return adapt(value)
            return field.get_db_prep_save(value, connection)  # warns of a naive one

        return convert
    if isinstance(field, models.JSONField):

        def convert(value):
            if isinstance(value, list):
                return connection.ops.adapt_json_value(value, field.encoder)
            return field.get_db_prep_save(value, connection)

        return convert
    return lambda value: field.get_db_prep_save(value, connection)


@functools.lru_cache(maxsize=64)
def _upsert_sql(quote: Callable[[str], str], columns: tuple[str, ...], rows: int) -> str:
    """The INSERT … ON CONFLICT … RETURNING id, guid statement for that many rows of columns
    (kept: every feed of 30 items sends the same one)."""
    row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    updates = ", ".join(
        f"{quote(column)} = EXCLUDED.{quote(column)}" for column in _UPDATED_COLUMNS
    )
    return (
        f"INSERT INTO {quote(Article._meta.db_table)} "  # noqa: S608 - names from the model only
        f"({', '.join(map(quote, columns))}) "
        f"VALUES {', '.join([row] * rows)} "
        f"ON CONFLICT ({quote('publisher_id')}, {quote('guid')}) DO UPDATE SET {updates} "
        f"RETURNING {quote('id')}, {quote('guid')}"
    )


def _fields_of(item: ArticleData) -> dict:
    """The item's fields as keyword arguments; shallow, unlike asdict, which deep-copies."""
    return dict(zip(ARTICLE_DATA_FIELDS, _item_values(item), strict=True))


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
