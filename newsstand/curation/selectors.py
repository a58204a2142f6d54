"""Read queries of curation: a reader's interest profile, learnt from what they follow, mute,
save and read, and their For-you list ranked against it.

Each costs a fixed number of queries however much the reader has done: the profile reads at
most PROFILE_READS reads and PROFILE_SAVES saves, the feed at most a few hundred candidates.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.apps import apps
from django.db.models import F, FloatField, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from newsstand.articles.models import Article
from newsstand.articles.selectors import LIST_FIELDS
from newsstand.curation.foryou import Candidate, rank_for_you
from newsstand.curation.models import CurationPreferences, ForgottenInterest, ReadingSignal
from newsstand.curation.profile import InterestProfile, Signal
from newsstand.readers.models import Follow, Read, SavedArticle
from newsstand.readers.selectors import get_follow_keys, visible_to
from newsstand.stories.models import RelatedArticle
from newsstand.stories.selectors import top_stories
from newsstand.stories.vectors import Vector, sublinear_unit, weighted_counts, words
from newsstand.topics.models import ArticleTopic

PROFILE_WINDOW = timedelta(days=90)  # six half-lives: anything older weighs under 1%
PROFILE_READS = 200
PROFILE_SAVES = 100
DEEP_READ_SECONDS = 10  # a visit shorter than this is an open, not a read
TOPICS_PER_ARTICLE = 5  # an article's heaviest topics
CANDIDATE_AGE = timedelta(days=3)  # For-you looks at the last three days of news
FOLLOWED_CANDIDATES = 120
TOPIC_CANDIDATES = 150
LEARNT_TOPICS = 5  # the reader's heaviest learnt topics bring candidates too
LIKE_READS = 10  # the newest reads whose related articles are candidates
LIKE_CANDIDATES = 80
TRENDING_STORIES = 20
LATEST_CANDIDATES = 60
FULL_ARTICLE_WORDS = 250  # shorter is a brief, a stub or a summary-only feed item
FOR_YOU_LENGTH = 30


@dataclass(frozen=True)
class ArticleFacts:
    """What the profile and the ranking need of an article."""

    publisher: str
    topics: tuple[str, ...]
    terms: Vector


@dataclass
class ReaderProfile:
    """A reader's profile as of `now`, the display names of its keys and what it learnt from."""

    profile: InterestProfile
    names: dict[str, str] = field(default_factory=dict)  # publisher or topic key → name
    read_count: int = 0
    saved_count: int = 0
    recent_reads: list[int] = field(default_factory=list)  # article ids, newest first
    reset_at: datetime | None = None


@dataclass(frozen=True)
class ForYouItem:
    article: Article
    reason: str


def get_preferences(reader) -> CurationPreferences | None:
    """The reader's curation choices, or None before they made any."""
    return CurationPreferences.objects.filter(reader=reader).first()


def needs_onboarding(preferences: CurationPreferences | None) -> bool:
    """True until the reader has picked their interests or skipped doing so."""
    return preferences is None or preferences.onboarding == CurationPreferences.Onboarding.PENDING


def article_terms(title: str, lead: str) -> Vector:
    """An article's unit term vector, its title counting twice its lead (as the bench does)."""
    return sublinear_unit(weighted_counts([(words(title), 2.0), (words(lead), 1.0)]))


def get_article_facts(ids: list[int]) -> tuple[dict[int, ArticleFacts], dict[str, str]]:
    """Publisher, heaviest topics and terms of each article, and the names of those publishers
    and topics (two queries)."""
    if not ids:
        return {}, {}
    rows = Article.objects.filter(pk__in=ids).values_list(
        "pk", "title", "summary", "publisher__slug", "publisher__name"
    )
    topics, names = _topics_of(ids)
    facts = {}
    for pk, title, summary, slug, name in rows:
        names[slug] = name
        facts[pk] = ArticleFacts(slug, tuple(topics.get(pk, ())), article_terms(title, summary))
    return facts, names


def _topics_of(ids: list[int]) -> tuple[dict[int, list[str]], dict[str, str]]:
    rows = (
        ArticleTopic.objects.filter(article_id__in=ids)
        .order_by("article_id", "-weight", "topic__slug")
        .values_list("article_id", "topic__slug", "topic__name")
    )
    topics: dict[int, list[str]] = {}
    names: dict[str, str] = {}
    for article_id, slug, name in rows:
        mine = topics.setdefault(article_id, [])
        if len(mine) < TOPICS_PER_ARTICLE:
            mine.append(slug)
            names[slug] = name
    return topics, names


def get_interest_profile(reader, now: datetime | None = None, preferences=...) -> ReaderProfile:
    """What curation knows of the reader as of now: follows and mutes (explicit, unfading),
    and weights learnt from their saves and reads (time spent and depth where the beacon
    reported them), each halving every 14 days. Interests the reader removed, and everything
    before a reset, are left out. Eight queries (seven when given the reader's preferences)."""
    now = now or timezone.now()
    if preferences is ...:
        preferences = get_preferences(reader)
    reset_at = preferences.profile_reset_at if preferences else None
    since = max(now - PROFILE_WINDOW, reset_at) if reset_at else now - PROFILE_WINDOW
    keys = get_follow_keys(reader)
    profile = InterestProfile(
        followed_publishers=set(keys.followed[Follow.Kind.PUBLISHER]),
        followed_topics=set(keys.followed[Follow.Kind.TOPIC]),
        muted_publishers=set(keys.muted[Follow.Kind.PUBLISHER]),
        muted_topics=set(keys.muted[Follow.Kind.TOPIC]),
    )
    reads = list(
        Read.objects.filter(reader=reader, read_at__gt=since)
        .order_by("-read_at", "-id")
        .values_list("article_id", "read_at")[:PROFILE_READS]
    )
    saves = list(
        SavedArticle.objects.filter(reader=reader, saved_at__gt=since)
        .order_by("-saved_at", "-id")
        .values_list("article_id", "saved_at")[:PROFILE_SAVES]
    )
    visits = {
        article_id: (seconds, depth)
        for article_id, seconds, depth in ReadingSignal.objects.filter(
            reader=reader, article_id__in=[article_id for article_id, _ in reads]
        ).values_list("article_id", "seconds", "depth")
    }
    forgotten = {
        (kind, key): at
        for kind, key, at in ForgottenInterest.objects.filter(reader=reader).values_list(
            "kind", "key", "forgotten_at"
        )
    }
    facts, names = get_article_facts(list({pk for pk, _ in reads} | {pk for pk, _ in saves}))
    signals = []
    for article_id, at in reads:
        seconds, depth = visits.get(article_id, (0, 0.0))
        if seconds >= DEEP_READ_SECONDS:
            signals.append(_signal("read", at, facts.get(article_id), forgotten, depth))
        else:
            signals.append(_signal("open", at, facts.get(article_id), forgotten))
    for article_id, at in saves:
        signals.append(_signal("save", at, facts.get(article_id), forgotten))
    for signal in sorted((s for s in signals if s is not None), key=lambda s: s.at):
        profile.add(signal)
    profile = profile.as_of(now)
    profile.publishers.pop("", None)  # signals whose publisher was forgotten
    return ReaderProfile(
        profile=profile,
        names=names,
        read_count=len(reads),
        saved_count=len(saves),
        recent_reads=[article_id for article_id, _ in reads[:LIKE_READS]],
        reset_at=reset_at,
    )


def _signal(
    kind: str,
    at: datetime,
    facts: ArticleFacts | None,
    forgotten: dict[tuple[str, str], datetime],
    depth: float = 1.0,
) -> Signal | None:
    """One signal, less what the reader has since asked to forget; an article whose publisher
    or a topic was forgotten teaches no words either, so it cannot bring the interest back."""
    if facts is None:
        return None

    def kept(kind: str, key: str) -> bool:
        forgotten_at = forgotten.get((kind, key))
        return forgotten_at is None or at > forgotten_at

    publisher = facts.publisher if kept("publisher", facts.publisher) else ""
    topics = tuple(t for t in facts.topics if kept("topic", t))
    dropped = not publisher or len(topics) < len(facts.topics)
    return Signal(kind, at, publisher, topics, {} if dropped else facts.terms, depth)


@dataclass(frozen=True)
class Interest:
    kind: str  # publisher or topic
    key: str
    name: str
    weight: float  # relative to the reader's heaviest of that kind, 0..1


def get_learnt_interests(found: ReaderProfile, limit: int = 12) -> dict[str, list[Interest]]:
    """The heaviest learnt publishers and topics of a profile, for the reader to see."""
    learnt = {}
    for kind, weights in (
        ("publisher", found.profile.publishers),
        ("topic", found.profile.topics),
    ):
        top = max(weights.values(), default=0.0)
        ranked = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))
        learnt[kind] = [
            Interest(kind, key, found.names.get(key, key), weight / top)
            for key, weight in ranked[:limit]
            if top > 0 and weight / top >= 0.01
        ]
    return learnt


def get_for_you(
    reader, now: datetime | None = None, limit: int = FOR_YOU_LENGTH, found=None
) -> list[ForYouItem]:
    """The reader's For-you list: recent articles of followed publishers and topics, like
    their recent reads, and trending, scored against their profile and varied (foryou.py);
    read, muted and copies of one story left out, each with the reason it is there."""
    now = now or timezone.now()
    found = found or get_interest_profile(reader, now)
    since = _news_since(now)
    ids = _candidate_ids(found, since)
    if not ids:
        return []
    shown = Article.objects.filter(pk__in=ids, published_at__gte=since)
    if apps.is_installed("newsstand.editorial"):  # what editors hid stays hidden here too
        shown = shown.filter(editorial_hide__isnull=True).exclude(story__hidden_at__isnull=False)
    articles = list(
        visible_to(
            reader,
            shown.select_related("publisher", "section")
            .only(*LIST_FIELDS, "story_id", "duplicate_of_id", "word_count", "byline")
            .annotate(
                popularity=Coalesce(F("story__score"), Value(0.0), output_field=FloatField())
            ),
        ).filter(is_read=False)
    )
    articles = _one_per_story(articles, found.profile.followed_publishers)
    topics, topic_names = _topics_of([a.pk for a in articles])
    names = {**found.names, **topic_names}
    by_id = {}
    candidates = []
    for article in articles:
        names[article.publisher.slug] = article.publisher.name
        by_id[str(article.pk)] = article
        candidates.append(
            Candidate(
                id=str(article.pk),
                publisher=article.publisher.slug,
                topics=tuple(topics.get(article.pk, ())),
                terms=article_terms(article.title, article.summary),
                published_at=article.published_at,
                popularity=max(article.popularity, 0.0),
                quality=source_quality(article),
            )
        )
    ranked = rank_for_you(found.profile, candidates, now, limit=limit, names=names)
    return [ForYouItem(by_id[r.candidate.id], r.reason) for r in ranked]


def source_quality(article: Article) -> float:
    """What an item is worth for its own sake, 0..1: original reporting over a syndicated copy,
    a full article over a brief, a named writer over none."""
    quality = 0.4
    if article.duplicate_of_id is None:
        quality += 0.3
    if article.word_count >= FULL_ARTICLE_WORDS:
        quality += 0.2
    if article.byline:
        quality += 0.1
    return round(quality, 2)


def _news_since(now: datetime) -> datetime:
    """The start of the last CANDIDATE_AGE of news, counted back from the newest article, so
    a site whose feeds have paused (or the bundled sample) still has a list (one query)."""
    newest = (
        Article.objects.filter(published_at__lte=now)
        .order_by("-published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    return min(now, newest or now) - CANDIDATE_AGE


def _candidate_ids(found: ReaderProfile, since: datetime) -> set[int]:
    """Ids of recent articles worth ranking for this reader (five small queries)."""
    profile = found.profile
    recent = Article.objects.filter(published_at__gte=since).order_by("-published_at", "-id")
    ids: set[int] = set()
    if profile.followed_publishers:
        followed = recent.filter(publisher__slug__in=profile.followed_publishers)
        ids.update(followed.values_list("pk", flat=True)[:FOLLOWED_CANDIDATES])
    learnt = sorted(profile.topics, key=lambda t: -profile.topics[t])[:LEARNT_TOPICS]
    topics = (profile.followed_topics | set(learnt)) - profile.muted_topics
    if topics:
        about = (
            ArticleTopic.objects.filter(topic__slug__in=topics, article__published_at__gte=since)
            .order_by("-article__published_at", "-article_id")
            .values_list("article_id", flat=True)
        )
        ids.update(about[:TOPIC_CANDIDATES])
    if found.recent_reads:
        pairs = RelatedArticle.objects.filter(
            Q(article_id__in=found.recent_reads) | Q(related_id__in=found.recent_reads)
        ).order_by("-score", "-id")[:LIKE_CANDIDATES]
        for a, b in pairs.values_list("article_id", "related_id"):
            ids.update((a, b))
    stories = [story.pk for story in top_stories(TRENDING_STORIES)]
    if stories:
        trending = recent.filter(story_id__in=stories, duplicate_of__isnull=True)
        ids.update(trending.values_list("pk", flat=True)[: TRENDING_STORIES * 3])
    ids.update(recent.values_list("pk", flat=True)[:LATEST_CANDIDATES])
    return ids


def _one_per_story(articles: list[Article], followed: set[str]) -> list[Article]:
    """One article per story: a followed publisher's, else the original, else the newest."""

    def preference(article: Article) -> tuple:
        return (
            article.publisher.slug not in followed,
            article.duplicate_of_id is not None,
            -article.published_at.timestamp(),
            article.pk,
        )

    chosen: dict[object, Article] = {}
    for article in sorted(articles, key=preference):
        chosen.setdefault(article.story_id or ("article", article.pk), article)
    return list(chosen.values())
