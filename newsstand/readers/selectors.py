"""Reads of a reader's own things, and the filter other pages use to respect mutes."""

import json
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Exists, F, OuterRef, Q, QuerySet

from newsstand.articles.models import Article
from newsstand.articles.selectors import LIST_FIELDS
from newsstand.readers.models import Follow, Read, SavedArticle
from newsstand.readers.services import normalize_author_name

# The service worker keeps this many of the newest saved articles for offline reading.
OFFLINE_SAVED_LIMIT = 500


def get_saved_articles(reader) -> QuerySet[SavedArticle]:
    """The reader's saved articles, last saved first, each ready to list."""
    return (
        SavedArticle.objects.filter(reader=reader)
        .select_related("article__publisher", "article__section")
        .only("saved_at", *(f"article__{name}" for name in LIST_FIELDS))
        .annotate(listed_at=F("saved_at"))  # the list template shows one time per entry
        .order_by("-saved_at", "-id")
    )


def get_saved_article_paths(reader) -> list[str]:
    """The paths of the reader's newest saved articles, for the service worker to cache."""
    saved = (
        SavedArticle.objects.filter(reader=reader)
        .select_related("article")
        .only("article__title")
        .order_by("-saved_at", "-id")[:OFFLINE_SAVED_LIMIT]
    )
    return [entry.article.get_absolute_url() for entry in saved]


def get_reading_history(reader) -> QuerySet[Read]:
    """What the reader has read, most recent first, each article ready to list."""
    return (
        Read.objects.filter(reader=reader)
        .select_related("article__publisher", "article__section")
        .only("read_at", *(f"article__{name}" for name in LIST_FIELDS))
        .annotate(listed_at=F("read_at"))
        .order_by("-read_at", "-id")
    )


def get_follows(reader) -> dict[str, list[Follow]]:
    """The reader's follows and mutes grouped by kind (publisher, topic, author), by name."""
    grouped: dict[str, list[Follow]] = {kind: [] for kind in Follow.Kind.values}
    for follow in Follow.objects.filter(reader=reader).order_by("label"):
        grouped[follow.kind].append(follow)
    return grouped


def get_follow_modes(reader, kind: str, keys: list[str]) -> dict[str, str]:
    """key → "follow" or "mute" for the given targets the reader follows or mutes."""
    if not reader.is_authenticated or not keys:
        return {}
    rows = Follow.objects.filter(reader=reader, kind=kind, key__in=keys)
    return dict(rows.values_list("key", "mode"))


@dataclass(frozen=True)
class ArticleState:
    """What the article page's actions show for one reader."""

    saved: bool = False
    read: bool = False
    publisher_mode: str | None = None
    author_modes: dict[str, str] = field(default_factory=dict)


def get_article_state(reader, article: Article, author_names: list[str]) -> ArticleState:
    """Whether the reader saved and read the article, and follows its publisher and authors
    (three queries for a signed-in reader, none for anyone else)."""
    if not reader.is_authenticated:
        return ArticleState()
    mine = {"reader": reader, "article": article}
    slug = article.publisher.slug
    author_keys = [normalize_author_name(name) for name in author_names]
    targets = Q(kind=Follow.Kind.PUBLISHER, key=slug) | Q(
        kind=Follow.Kind.AUTHOR, key__in=author_keys
    )
    follows = Follow.objects.filter(targets, reader=reader).values_list("kind", "key", "mode")
    modes = {(kind, key): mode for kind, key, mode in follows}
    return ArticleState(
        saved=SavedArticle.objects.filter(**mine).exists(),
        read=Read.objects.filter(**mine).exists(),
        publisher_mode=modes.get((Follow.Kind.PUBLISHER, slug)),
        author_modes={
            key: modes[(Follow.Kind.AUTHOR, key)]
            for key in author_keys
            if (Follow.Kind.AUTHOR, key) in modes
        },
    )


def visible_to(reader, articles: QuerySet[Article], *, keep_publisher=None) -> QuerySet[Article]:
    """The articles as this reader wants them listed: without the publishers, authors and
    topics they muted, and each marked `is_read`. Anyone not signed in gets the queryset back
    unchanged.

    `keep_publisher` keeps that publisher's articles even when muted (its own page).
    """
    if not reader.is_authenticated:
        return articles
    muted = get_follow_keys(reader).muted
    muted[Follow.Kind.PUBLISHER].discard(getattr(keep_publisher, "slug", None))
    hidden = Q()
    if muted[Follow.Kind.PUBLISHER]:
        hidden |= Q(publisher__slug__in=muted[Follow.Kind.PUBLISHER])
    for author_key in muted[Follow.Kind.AUTHOR]:
        hidden |= written_by(author_key)
    if muted[Follow.Kind.TOPIC] and apps.is_installed("newsstand.topics"):
        hidden |= Q(article_topics__topic__slug__in=muted[Follow.Kind.TOPIC])
    if hidden:
        articles = articles.exclude(hidden)
    read = Read.objects.filter(reader=reader, article=OuterRef("pk"))
    return articles.annotate(is_read=Exists(read))


@dataclass(frozen=True)
class FollowKeys:
    """The keys a reader follows and mutes, by kind ("publisher", "topic", "author")."""

    followed: dict[str, set[str]]
    muted: dict[str, set[str]]


def get_follow_keys(reader) -> FollowKeys:
    """Everything the reader follows and mutes, as sets of keys by kind (one query)."""
    keys = FollowKeys(
        followed={kind: set() for kind in Follow.Kind.values},
        muted={kind: set() for kind in Follow.Kind.values},
    )
    if not reader.is_authenticated:
        return keys
    for kind, key, mode in Follow.objects.filter(reader=reader).values_list("kind", "key", "mode"):
        (keys.muted if mode == Follow.Mode.MUTE else keys.followed)[kind].add(key)
    return keys


def written_by(author_key: str) -> Q:
    """Articles by the author: the byline is the name, or the authors list holds it (matched
    in the stored JSON text, which escapes non-ASCII on SQLite and keeps it on PostgreSQL)."""
    return (
        Q(byline__iexact=author_key)
        | Q(authors__icontains=json.dumps(author_key))
        | Q(authors__icontains=f'"{author_key}"')
    )
