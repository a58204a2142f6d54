"""Tagging stored articles with their topics (the only code that writes topics)."""

from collections.abc import Iterable
from hashlib import blake2b

from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.text import slugify

from newsstand.articles.models import Article
from newsstand.topics import extract
from newsstand.topics.models import ArticleTopic, Topic

NAME_LENGTH = 200  # Topic.name's max_length


def do_tag_articles(article_ids: Iterable[int]) -> int:
    """Find each article's topics and store them, replacing what it had; returns how many
    articles were tagged (ids of articles gone since are skipped)."""
    articles = Article.objects.filter(pk__in=list(article_ids)).only(
        "title", "body_text", "summary", "language"
    )
    found = {
        item.pk: extract.extract_topics(
            item.title, item.body_text or item.summary, item.language or "en"
        )
        for item in articles
    }
    with transaction.atomic():
        wanted = {(t.kind, _key(t.name)): t.name for topics in found.values() for t in topics}
        topics = _get_or_create_topics(wanted)
        old = ArticleTopic.objects.filter(article_id__in=found)
        touched = set(old.values_list("topic_id", flat=True))
        old.delete()
        ArticleTopic.objects.bulk_create(
            [
                ArticleTopic(article_id=pk, topic=topics[key], weight=t.weight)
                for pk, found_topics in found.items()
                for t in found_topics
                if (key := (t.kind, _key(t.name))) in topics
            ],
            ignore_conflicts=True,  # the same topic twice in one article keeps one row
        )
        _recount(touched | {topic.pk for topic in topics.values()})
    return len(found)


def _key(name: str) -> str:
    return name.lower()[:NAME_LENGTH]


def _get_or_create_topics(wanted: dict[tuple[str, str], str]) -> dict[tuple[str, str], Topic]:
    """The Topic rows for (kind, key) → name, creating the missing ones with free slugs."""
    keys = {key for _, key in wanted}
    existing = {
        (topic.kind, topic.key): topic
        for topic in Topic.objects.filter(key__in=keys)
        if (topic.kind, topic.key) in wanted
    }
    missing = [pair for pair in wanted if pair not in existing]
    if missing:
        slugs = _free_slugs({pair: wanted[pair] for pair in missing})
        new = [
            Topic(kind=pair[0], key=pair[1], name=wanted[pair][:NAME_LENGTH], slug=slugs[pair])
            for pair in missing
        ]
        # Another worker may create the same topic meanwhile: its row is the one used.
        Topic.objects.bulk_create(new, ignore_conflicts=True)
        existing |= {
            (topic.kind, topic.key): topic
            for topic in Topic.objects.filter(key__in={key for _, key in missing})
            if (topic.kind, topic.key) in wanted
        }
    return existing


def _free_slugs(names: dict[tuple[str, str], str]) -> dict[tuple[str, str], str]:
    """A slug per new topic: its name's, or with its kind added when another kind holds that."""
    candidates = {}
    for (kind, key), name in names.items():
        base = slugify(name)[:NAME_LENGTH] or f"{kind}-{_digest(key)}"
        candidates[(kind, key)] = [base, f"{base}-{kind}"]
    every = {slug for pair in candidates.values() for slug in pair}
    taken = set(Topic.objects.filter(slug__in=every).values_list("slug", flat=True))
    slugs = {}
    # Persons, organisations and places first: "georgia" goes to the place, not the keyphrase.
    for pair in sorted(candidates, key=lambda pair: pair[0] == extract.KEYPHRASE):
        slug = next((s for s in candidates[pair] if s not in taken), None)
        if slug is None:  # both held: a rare clash of two names slugifying alike
            slug = f"{candidates[pair][1]}-{_digest(pair[1])}"
        taken.add(slug)
        slugs[pair] = slug
    return slugs


def _digest(key: str) -> str:
    """A short stable tag for a name whose slug is empty or taken (not a secret)."""
    return blake2b(key.encode(), digest_size=4).hexdigest()


def _recount(topic_ids: set[int]) -> None:
    """Set article_count from the rows themselves, so a re-tag or a lost update heals."""
    count = (
        ArticleTopic.objects.filter(topic=OuterRef("pk"))
        .values("topic")
        .annotate(n=Count("pk"))
        .values("n")
    )
    Topic.objects.filter(pk__in=topic_ids).update(article_count=Coalesce(Subquery(count), 0))
