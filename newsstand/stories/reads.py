"""Top stories right now: reads counted per story and hour, and each story's score from them.

A read costs the article page one cache check, the article's story id and one upsert of an
hourly counter, never an error: a failed count is logged and the page is served. Bots, link
previews and a client's reloads of one article within READ_REPEAT are not counted.
"""

import hashlib
import logging
import math
import re
from collections import defaultdict
from datetime import datetime, timedelta

from django.core.cache import cache
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F, Q
from django.http import HttpRequest
from django.utils import timezone

from newsstand.articles.models import Article
from newsstand.stories.models import Story, StoryReads

logger = logging.getLogger(__name__)

READ_REPEAT = timedelta(minutes=30)  # one client's reads of one story count once per this
READ_HOURS = 24  # hourly counters scored; older ones are deleted by the scoring
READ_HALF_LIFE_HOURS = 3.0  # a read three hours ago counts half
STORY_HALF_LIFE_HOURS = 12.0  # a story last updated twelve hours ago scores half
COVERAGE_WEIGHT = 1.0  # log(1 + outlets) beside log(1 + decayed reads)
TOP_STORY_AGE = timedelta(hours=48)  # older stories are scored no more
_NOT_A_READER = re.compile(
    r"bot|crawl|spider|slurp|preview|facebookexternalhit|curl|wget|python|httpx|java/|headless",
    re.IGNORECASE,
)


def do_record_article_read(request: HttpRequest, article_id: int) -> bool:
    """Count a read of the article's story (one per client, article and READ_REPEAT); True if
    counted. Never raises for a database error: the page matters more than the count."""
    if request.method != "GET" or not _from_a_reader(request):
        return False
    if not cache.add(_client_key(request, article_id), True, READ_REPEAT.total_seconds()):
        return False  # a reload
    from newsstand.stories.tasks import queue_story_scoring  # tasks import this module

    try:
        story_id = Article.objects.filter(pk=article_id).values_list("story_id", flat=True).first()
        if story_id is None:
            return False
        with transaction.atomic():
            _add_read(story_id, timezone.now().replace(minute=0, second=0, microsecond=0))
        queue_story_scoring()
    except DatabaseError:
        logger.warning("could not count a read of article %s", article_id, exc_info=True)
        return False
    return True


def _add_read(story_id: int, hour: datetime) -> None:
    """count + 1 in the story's counter for this hour, creating it on the hour's first read."""
    counter = StoryReads.objects.filter(story_id=story_id, hour=hour)
    if counter.update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            StoryReads.objects.create(story_id=story_id, hour=hour, count=1)
    except IntegrityError:  # another request created it a moment ago
        counter.update(count=F("count") + 1)


def _from_a_reader(request: HttpRequest) -> bool:
    """False for crawlers, link previews, scripts and prefetches."""
    agent = request.headers.get("User-Agent", "")
    prefetch = "prefetch" in (
        request.headers.get("Sec-Purpose", "") + request.headers.get("Purpose", "")
    )
    return bool(agent) and not prefetch and not _NOT_A_READER.search(agent)


def _client_key(request: HttpRequest, article_id: int) -> str:
    """A cache key for this client and article; the address and agent are hashed, not kept."""
    client = f"{request.META.get('REMOTE_ADDR', '')}|{request.headers.get('User-Agent', '')}"
    digest = hashlib.sha256(client.encode()).hexdigest()[:24]
    return f"stories:read:{article_id}:{digest}"


def story_score(
    reads_by_age: list[tuple[float, int]], publishers: int, hours_since_update: float, boost: float
) -> float:
    """A story's rank: decayed reads and outlets covering it, decayed by the story's age, plus
    the editor's boost. reads_by_age: (hours ago, reads) per hourly counter."""
    reads = sum(count * 0.5 ** (age / READ_HALF_LIFE_HOURS) for age, count in reads_by_age)
    interest = math.log1p(reads) + COVERAGE_WEIGHT * math.log1p(publishers)
    return interest * 0.5 ** (max(hours_since_update, 0.0) / STORY_HALF_LIFE_HOURS) + boost


def news_now() -> datetime:
    """The time top stories are ranked at: now, or, when no story has had an article for longer
    than TOP_STORY_AGE (an install offline on the bundled sample, an ingest stopped for days),
    the newest story's last article, so the front page ranks the latest news it holds instead of
    showing none. Reads are always aged by the wall clock."""
    now = timezone.now()
    newest = Story.objects.order_by("-last_seen").values_list("last_seen", flat=True).first()
    if newest is not None and now - newest > TOP_STORY_AGE:
        return newest
    return now


def do_score_stories() -> int:
    """Recompute the score of every story read or updated lately; returns how many.

    Stories older than TOP_STORY_AGE (by news_now()) and unread keep their last score, which
    top_stories() ignores; hourly counters older than READ_HOURS are deleted.
    """
    now = timezone.now()
    clock = news_now()
    since = now - timedelta(hours=READ_HOURS)
    StoryReads.objects.filter(hour__lt=since).delete()
    reads: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for story_id, hour, count in StoryReads.objects.values_list("story_id", "hour", "count"):
        reads[story_id].append(((now - hour).total_seconds() / 3600, count))
    stories = list(
        Story.objects.filter(Q(last_seen__gte=clock - TOP_STORY_AGE) | Q(pk__in=reads)).only(
            "publisher_count", "last_seen", "boost"
        )
    )
    for story in stories:
        hours = (clock - story.last_seen).total_seconds() / 3600
        story.score = story_score(reads[story.pk], story.publisher_count, hours, story.boost)
        story.scored_at = now
    Story.objects.bulk_update(stories, ["score", "scored_at"], batch_size=500)
    return len(stories)
