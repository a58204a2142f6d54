"""Putting arrived articles into stories, and marking their syndicated copies."""

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from django.db import transaction
from django.db.models import Case, Q, Value, When
from django.utils import timezone

from newsstand.articles.models import Article
from newsstand.rows import insert_rows, update_rows
from newsstand.stories.bandstore import DatabaseBandStore
from newsstand.stories.cluster import StoryArticle, StoryClusterer
from newsstand.stories.dedupe import BoilerplateFilter, CopyIndex
from newsstand.stories.models import ClustererState, ClustererStory, RelatedArticle, Story
from newsstand.stories.origin import CopyInfo, choose_origin
from newsstand.stories.pipeline import Assignment, StoryPipeline


@dataclass
class _Saved:
    """The state this process saved last, kept so its next batch need not read it back."""

    version: uuid.UUID
    clusterer: StoryClusterer
    boilerplate: BoilerplateFilter


_last_saved: _Saved | None = None
_KEYS_PER_QUERY = 5000  # keys per IN list, well under SQLite's 32,766 parameters


def do_assign_stories(article_ids: list[int]) -> int:
    """Give each of these articles (those still there and not yet assigned) a story and, if it
    copies an earlier article, its original; returns how many were assigned.

    Articles go through the pipeline oldest first. Queries: a fixed few per batch (the copy
    index's buckets and candidates read at once), and one per copy of an article whose story
    has left the clusterer's window.
    """
    with transaction.atomic():
        # The clusterer's state is one snapshot that every batch reads, extends and writes back:
        # two workers assigning at once would each start from the same snapshot and the second
        # save would erase the first's stories. Locking the single state row for the whole
        # transaction queues batches one behind another (SQLite's IMMEDIATE transactions queue
        # them already), so the band index, the stories and the snapshot always agree.
        ClustererState.objects.bulk_create(
            [ClustererState(pk=ClustererState.SINGLETON)], ignore_conflicts=True
        )
        state = (
            ClustererState.objects.select_for_update()
            .defer("clusterer", "boilerplate")
            .get(pk=ClustererState.SINGLETON)
        )
        articles = list(
            Article.objects.filter(pk__in=article_ids, story__isnull=True)
            .select_related("publisher")
            .select_for_update(of=("self",))
            .only("title", "body_text", "published_at", "url", "publisher__name")
            .order_by("published_at", "pk")
        )
        if not articles:
            return 0
        clusterer, boilerplate = _current_state(state.version)
        store = DatabaseBandStore()
        pipeline = StoryPipeline(CopyIndex(store, boilerplate), clusterer)
        assignments = pipeline.assign_all([_story_article(article) for article in articles])
        store.flush()

        stories = _survivors(_stories_for(clusterer, {a.story_id for a in assignments}))
        for article, assignment in zip(articles, assignments, strict=True):
            article.story = stories[assignment.story_id]
            article.duplicate_of_id = int(assignment.duplicate_of or 0) or None
        update_rows(articles, ["story", "duplicate_of"])
        _put_originals_first(articles)
        _refresh_stories(clusterer, list({story.pk: story for story in stories.values()}.values()))
        _store_related(assignments)

        # Closed stories live on in Story rows and Article.story: the state keeps the window.
        clusterer.forget_stored()
        state.clusterer = _save_open_stories(clusterer)
        state.boilerplate = boilerplate.snapshot()
        state.version = uuid.uuid4()
        state.save(update_fields=["clusterer", "boilerplate", "version", "updated_at"])
        saved = _Saved(state.version, clusterer, boilerplate)
        transaction.on_commit(lambda: _remember(saved))
    return len(articles)


def _current_state(version: uuid.UUID | None) -> tuple[StoryClusterer, BoilerplateFilter]:
    """The saved clusterer and boilerplate filter: this process's own copy if nobody saved
    since, else read back from the database. Called with the state row locked."""
    global _last_saved
    kept, _last_saved = _last_saved, None  # a batch that fails must not leave it half-changed
    if kept is not None and version is not None and kept.version == version:
        return kept.clusterer, kept.boilerplate
    clusterer, boilerplate = ClustererState.objects.values_list("clusterer", "boilerplate").get(
        pk=ClustererState.SINGLETON
    )
    stories = ClustererStory.objects.values_list("data", flat=True).iterator(chunk_size=2000)
    return (
        StoryClusterer.restore_parts(bytes(clusterer), map(bytes, stories), _story_key_of)
        if clusterer
        else StoryClusterer(_story_key_of),
        BoilerplateFilter.restore(bytes(boilerplate)) if boilerplate else BoilerplateFilter(),
    )


def _save_open_stories(clusterer: StoryClusterer) -> bytes:
    """Rewrite the rows of the open stories this batch changed, drop those it closed, and
    return the header that goes with them (the state row's clusterer)."""
    changes = clusterer.changes()
    removed = changes.removed
    for start in range(0, len(removed), _KEYS_PER_QUERY):
        ClustererStory.objects.filter(key__in=removed[start : start + _KEYS_PER_QUERY]).delete()
    ClustererStory.objects.bulk_create(
        [ClustererStory(key=key, data=data) for key, data in changes.stories.items()],
        update_conflicts=True,
        unique_fields=["key"],
        update_fields=["data"],
        batch_size=500,
    )
    return changes.header


def _remember(saved: _Saved) -> None:
    """Keep the state just committed for this process's next batch."""
    global _last_saved
    _last_saved = saved


def _put_originals_first(articles: list[Article]) -> None:
    """An article that copies an original of an earlier batch but was published before it
    takes the original's place: the original and its copies now point at it.

    Feeds are read in no particular order, so an outlet's copy can be stored before the report
    it copies; offline, where every article is sorted first, the report is the original, and
    the live site must agree. (Within a batch, articles already go oldest first.)
    """
    batch = {article.pk for article in articles}
    first_copy: dict[int, Article] = {}
    for article in articles:  # oldest first: the earliest copy of an original takes over
        if article.duplicate_of_id and article.duplicate_of_id not in batch:
            first_copy.setdefault(article.duplicate_of_id, article)
    if not first_copy:
        return
    later = Article.objects.filter(pk__in=first_copy, duplicate_of__isnull=True)
    takeovers = {
        pk: first_copy[pk].pk
        for pk, published_at in later.values_list("pk", "published_at")
        if first_copy[pk].published_at < published_at
    }
    if not takeovers:
        return
    group = Q(pk__in=takeovers) | Q(duplicate_of__in=takeovers)
    Article.objects.filter(group).exclude(pk__in=takeovers.values()).update(
        duplicate_of=Case(
            *(
                When(Q(pk=old) | Q(duplicate_of=old), then=Value(new))
                for old, new in takeovers.items()
            )
        )
    )
    Article.objects.filter(pk__in=takeovers.values()).update(duplicate_of=None)
    for article in articles:
        if article.pk in takeovers.values():
            article.duplicate_of_id = None


def _story_key_of(article_id: str) -> str | None:
    """The clusterer key of a stored article's story (for a copy of an article long gone from
    the clusterer's window)."""
    return Article.objects.filter(pk=int(article_id)).values_list("story__key", flat=True).first()


def _store_related(assignments: list[Assignment]) -> None:
    """Keep each new article's related articles (those deleted meanwhile left out)."""
    pairs = [(int(a.id), int(other), score) for a in assignments for other, score in a.related]
    if not pairs:
        return
    present = set(
        Article.objects.filter(pk__in={other for _, other, _ in pairs}).values_list("pk", flat=True)
    )
    insert_rows(
        RelatedArticle,
        ["article", "related", "score"],
        [pair for pair in pairs if pair[1] in present],
    )


def _story_article(article: Article) -> StoryArticle:
    """The article as the pipeline sees it; ids are strings there."""
    return StoryArticle(
        id=str(article.pk),
        title=article.title,
        body=article.body_text,
        published_at=article.published_at,
        publisher=article.publisher.name,
        url=article.url,
    )


def _stories_for(clusterer: StoryClusterer, keys: set[str]) -> dict[str, Story]:
    """The Story rows of these clusterer stories, by key; the new ones created."""
    found = {story.key: story for story in Story.objects.filter(key__in=keys)}
    new = []
    for key in sorted(keys - found.keys()):
        current = clusterer.story(key)
        if current is None:  # the clusterer just returned this id, so it knows it
            raise LookupError(f"the clusterer has no story {key}")
        new.append(
            Story(
                key=key,
                title=current.title[:1000],
                summary=current.summary,
                first_seen=current.first_seen,
                last_seen=current.last_seen,
            )
        )
    Story.objects.bulk_create(new)
    if new:  # bulk_create gives no ids on every database: read them back, one query
        found |= {story.key: story for story in Story.objects.filter(key__in=[s.key for s in new])}
    return found


def _survivors(stories: dict[str, Story]) -> dict[str, Story]:
    """Each clusterer story's row, or for one an editor merged away the story it went into:
    the clusterer still knows the merged story, and what joins it joins the survivor."""
    merged = {story.merged_into_id for story in stories.values() if story.merged_into_id}
    if not merged:
        return stories
    survivors = Story.objects.in_bulk(merged)
    return {
        key: survivors[story.merged_into_id] if story.merged_into_id else story
        for key, story in stories.items()
    }


def do_refresh_story_counts(stories: list[Story]) -> None:
    """Recount these stories' articles, outlets, span and origin from the stored articles (after
    an editor moved articles between stories or corrected a credit)."""
    _refresh_stories(None, stories)


def _refresh_stories(clusterer: StoryClusterer | None, stories: list[Story]) -> None:
    """Title and summary from the clusterer; counts, span and origin from the stored articles."""
    members: dict[int, list[_Member]] = {}
    rows = Article.objects.filter(story__in=stories).values_list(*_Member._fields)
    for row in rows:  # tuples, not model instances: thousands of rows a batch
        member = _Member._make(row)
        members.setdefault(member.story_id, []).append(member)
    now = timezone.now()
    for story in stories:
        story.updated_at = now
        articles = members.get(story.pk, [])
        current = clusterer.story(story.key) if clusterer is not None else None
        if current is not None:
            story.title, story.summary = current.title[:1000], current.summary
        if not articles:
            story.article_count = story.publisher_count = 0
            continue
        story.article_count = len(articles)
        story.publisher_count = len({a.publisher_id for a in articles})
        story.first_seen = min(a.published_at for a in articles)
        story.last_seen = max(a.published_at for a in articles)
        origin = choose_origin(_copy_group_members(articles) or _copy_infos(articles))
        story.origin_name, story.origin_kind = origin.name[:200], origin.kind
    update_rows(
        stories,
        [
            "title",
            "summary",
            "article_count",
            "publisher_count",
            "first_seen",
            "last_seen",
            "origin_name",
            "origin_kind",
            "updated_at",
        ],
    )


class _Member(NamedTuple):
    """What a story's counts and origin need of one of its articles (field names as stored)."""

    pk: int
    story_id: int
    publisher_id: int
    publisher__name: str
    published_at: datetime
    wire_credit: str
    duplicate_of_id: int | None


def _copy_group_members(articles: list[_Member]) -> list[CopyInfo]:
    """The story's articles that are copies or have copies: its syndicated text's outlets."""
    originals = {a.duplicate_of_id for a in articles if a.duplicate_of_id}
    return _copy_infos([a for a in articles if a.duplicate_of_id or a.pk in originals])


def _copy_infos(articles: list[_Member]) -> list[CopyInfo]:
    return [CopyInfo(str(a.pk), a.publisher__name, a.published_at, a.wire_credit) for a in articles]
