"""Articles as plain records: the shape of `newsstand articles export` (one JSON object each)."""

from collections.abc import Iterator
from datetime import UTC

from newsstand.articles.models import Article

EXPORT_FIELDS = (
    "id",
    "path",
    "url",
    "canonical_url",
    "guid",
    "feed_url",
    "publisher",
    "section",
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
)


def export_records(batch_size: int = 500) -> Iterator[dict]:
    """Every article, oldest first, streamed in batches so memory stays flat."""
    articles = (
        Article.objects.select_related("publisher", "section", "feed")
        .order_by("published_at", "id")
        .iterator(chunk_size=batch_size)
    )
    for article in articles:
        yield article_record(article)


def article_record(article: Article) -> dict:
    """One article as the export states it; published_at in ISO 8601 UTC."""
    return {
        "id": article.pk,
        "path": article.get_absolute_url(),
        "url": article.url,
        "canonical_url": article.canonical_url,
        "guid": article.guid,
        "feed_url": article.feed.url if article.feed else "",
        "publisher": article.publisher.name,
        "section": article.section.name if article.section else "",
        "title": article.title,
        "byline": article.byline,
        "authors": article.authors,
        "published_at": article.published_at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "summary": article.summary,
        "body_text": article.body_text,
        "body_html": article.body_html,
        "language": article.language,
        "image_url": article.image_url,
        "wire_credit": article.wire_credit,
        "word_count": article.word_count,
    }
