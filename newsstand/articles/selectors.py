"""Read queries for the reader's pages, with the joins each page needs built in."""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.text import slugify

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
PUBLISHER_FIELDS = ("publisher__name", "publisher__slug")
# An author page looks at most at this many of the newest articles naming them.
AUTHOR_CANDIDATES = 5000


def get_latest_articles() -> QuerySet[Article]:
    """All articles an editor has not hidden, newest first, ready to list (publisher and section
    joined). Every list of articles starts here."""
    return (
        Article.objects.filter(editorial_hide__isnull=True)  # newsstand/editorial
        .select_related("publisher", "section")
        .only(*LIST_FIELDS)
        .order_by("-published_at", "-id")
    )


def get_publisher_articles(publisher: Publisher) -> QuerySet[Article]:
    """One publisher's articles, newest first, ready to list."""
    return get_latest_articles().filter(publisher=publisher)


def get_article_page(pk: int) -> Article:
    """One article with everything its page shows; raises Article.DoesNotExist."""
    return Article.objects.select_related("publisher", "section", "story").get(pk=pk)


def get_copy_group(article: Article) -> list[Article]:
    """The article's syndicated text everywhere it ran: the original and its copies, oldest
    first, publishers joined (one query; just the article when it has no copies)."""
    original_id = article.duplicate_of_id or article.pk
    return list(
        Article.objects.filter(Q(pk=original_id) | Q(duplicate_of_id=original_id))
        .select_related("publisher")
        .only("title", "published_at", "wire_credit", "duplicate_of_id", *PUBLISHER_FIELDS)
        .order_by("published_at", "pk")
    )


def get_story_articles(story_id: int) -> QuerySet[Article]:
    """A story's articles, oldest first, each with its publisher and its original's."""
    return (
        Article.objects.filter(story_id=story_id)
        .select_related("publisher", "duplicate_of__publisher")
        .only(
            "title",
            "published_at",
            "wire_credit",
            *PUBLISHER_FIELDS,
            "duplicate_of__title",
            "duplicate_of__publisher__name",
        )
        .order_by("published_at", "pk")
    )


def get_publishers_with_articles() -> QuerySet[Publisher]:
    """Publishers that have at least one article, by name: the ones worth linking to."""
    has_articles = Exists(Article.objects.filter(publisher=OuterRef("pk")))
    return Publisher.objects.filter(has_articles).only("name", "slug").order_by("name")


def get_section_articles(slug: str, publisher: Publisher | None = None) -> QuerySet[Article]:
    """Articles of every section with this slug (all publishers', or one publisher's)."""
    articles = get_latest_articles().filter(section__slug=slug)
    return articles.filter(publisher=publisher) if publisher is not None else articles


def get_author_articles(slug: str) -> QuerySet[Article]:
    """Articles by the author whose name slugifies to `slug` (one of the parsed authors, else
    the byline), newest first: the words narrow it in the database, the slug decides."""
    in_authors, in_byline = Q(), Q()
    for word in (word for word in slug.split("-") if word):
        in_authors &= Q(authors__icontains=word)
        in_byline &= Q(byline__icontains=word)
    if not in_authors:
        return Article.objects.none()
    candidates = (
        Article.objects.filter(in_authors | in_byline)
        .order_by("-published_at", "-id")
        .values_list("id", "authors", "byline")[:AUTHOR_CANDIDATES]
    )
    ids = [pk for pk, authors, byline in candidates if slug in _name_slugs(authors, byline)]
    return get_latest_articles().filter(pk__in=ids).only(*LIST_FIELDS, "authors", "byline")


def _name_slugs(authors: list, byline: str) -> set[str]:
    names = [name for name in authors if isinstance(name, str)] or [byline]
    return {slugify(name) for name in names}


def get_newest_with_sections(window: int) -> list[Article]:
    """The newest `window` articles that have a section, ready to list: home groups them."""
    return list(
        get_latest_articles()
        .filter(section__isnull=False)
        .only(*LIST_FIELDS, "section__slug")[:window]
    )
