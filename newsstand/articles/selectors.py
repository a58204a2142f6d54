"""Read queries for the reader's pages, with the joins each page needs built in."""

from django.db.models import Exists, OuterRef, QuerySet

from newsstand.articles.models import Article
from newsstand.publishers.models import Publisher

# What a row in a list of articles shows: no body, so a page of 30 stays a few kilobytes.
LIST_FIELDS = (
    "title",
    "summary",
    "published_at",
    "image_url",
    "publisher__name",
    "publisher__slug",
    "section__name",
)


def get_latest_articles() -> QuerySet[Article]:
    """All articles, newest first, ready to list (publisher and section joined)."""
    return (
        Article.objects.select_related("publisher", "section")
        .only(*LIST_FIELDS)
        .order_by("-published_at", "-id")
    )


def get_publisher_articles(publisher: Publisher) -> QuerySet[Article]:
    """One publisher's articles, newest first, ready to list."""
    return get_latest_articles().filter(publisher=publisher)


def get_article_page(pk: int) -> Article:
    """One article with everything its page shows; raises Article.DoesNotExist."""
    return Article.objects.select_related("publisher", "section").get(pk=pk)


def get_publishers_with_articles() -> QuerySet[Publisher]:
    """Publishers that have at least one article, by name: the ones worth linking to."""
    has_articles = Exists(Article.objects.filter(publisher=OuterRef("pk")))
    return Publisher.objects.filter(has_articles).only("name", "slug").order_by("name")
