"""Reading stories for pages: an article's related articles, and the top stories now."""

from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone

from newsstand.articles.models import Article
from newsstand.stories.models import RelatedArticle, Story
from newsstand.stories.reads import TOP_STORY_AGE, news_now

RELATED_WINDOW = timedelta(days=7)  # related articles published this near the article
RELATED_CANDIDATES = 60  # stored pairs read per page, best first: the page's cost is bounded
RELATED_PER_PUBLISHER = 2  # a publisher's second article only after every publisher's first
RELATED_CACHE_SECONDS = 600
TOP_CACHE_SECONDS = 60
TOP_SPARE = 10  # ranked stories cached beyond n, so pins and hides still leave n to show


def related_articles(article: Article, k: int | None = None) -> list[Article]:
    """Up to k (NEWSSTAND_RELATED_ARTICLES) articles of other stories most like this one,
    published within RELATED_WINDOW of it: one per copy group, publishers varied. Cached."""
    k = settings.RELATED_ARTICLES if k is None else k
    if k <= 0:
        return []
    source = article.duplicate_of_id or article.pk  # a copy's related are its original's
    key = f"stories:related:{source}:{k}"
    found = cache.get(key)
    if found is None:
        found = _related(source, article, k)
        cache.set(key, found, RELATED_CACHE_SECONDS)
    return found


def _related(source: int, article: Article, k: int) -> list[Article]:
    pairs = RelatedArticle.objects.filter(Q(article_id=source) | Q(related_id=source)).order_by(
        "-score", "-id"
    )[:RELATED_CANDIDATES]
    ranked = [b if a == source else a for a, b in pairs.values_list("article_id", "related_id")]
    rows = (
        Article.objects.filter(
            pk__in=ranked,
            published_at__range=(
                article.published_at - RELATED_WINDOW,
                article.published_at + RELATED_WINDOW,
            ),
        )
        .exclude(pk=source)
        .filter(editorial_hide__isnull=True)  # an editor hid it (newsstand/editorial)
        .select_related("publisher")
        .defer("body_html", "body_text")
    )
    if article.story_id is not None:
        rows = rows.exclude(story_id=article.story_id)
    by_id = {row.pk: row for row in rows}
    return _varied([by_id[pk] for pk in ranked if pk in by_id], source, k)


def _varied(ranked: list[Article], source: int, k: int) -> list[Article]:
    """The best k, one per copy group, each publisher's first article before any second one."""
    groups, turns, picked = {source}, {}, []
    for article in ranked:
        group = article.duplicate_of_id or article.pk
        turn = turns.get(article.publisher_id, 0)
        if group in groups or turn >= RELATED_PER_PUBLISHER:
            continue
        groups.add(group)
        turns[article.publisher_id] = turn + 1
        picked.append((turn, len(picked), article))
    return [article for _, _, article in sorted(picked, key=lambda p: p[:2])][:k]


def top_stories(n: int = 5) -> list[Story]:
    """The n best-scored stories updated within TOP_STORY_AGE of news_now() (score and clock:
    stories/reads.py), after the stories an editor pinned (until their pin ends); hidden and
    merged stories never."""
    now = timezone.now()
    key = f"stories:top:{n}"
    cached = cache.get(key)
    if cached is None:
        since = news_now() - TOP_STORY_AGE
        ranked = list(
            Story.objects.filter(
                last_seen__gte=since, score__gt=0, hidden_at__isnull=True, merged_into__isnull=True
            ).order_by("-score", "-id")[: n + TOP_SPARE]
        )
        cache.set(key, (since, ranked), TOP_CACHE_SECONDS)
    else:
        since, ranked = cached
    # The ranking is cached a minute in each process, but an editor's pin or hide must show at
    # once everywhere: one small indexed query for the pinned, and the recently hidden or merged
    # (those a cached ranking may still hold), on every call.
    overrides = list(
        Story.objects.filter(
            Q(pinned_until__gt=now)
            | Q(hidden_at__isnull=False, last_seen__gte=since)
            | Q(merged_into__isnull=False, last_seen__gte=since)
        ).order_by("-score", "-id")
    )
    pinned = [s for s in overrides if s.hidden_at is None and s.merged_into_id is None]
    dropped = {story.pk for story in overrides}
    return [*pinned, *(story for story in ranked if story.pk not in dropped)][:n]
