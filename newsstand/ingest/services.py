"""Refreshing feeds: fetch → parse → normalise → upsert, and what the feed remembers after.

One service serves every caller: `newsstand fetch`, the background poller of `newsstand up`
and the tests all call refresh_feeds().
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from newsstand.articles.services import do_upsert_articles
from newsstand.ingest.fetch import FetchPolicy, FetchRequest, FetchResult, fetch_as_completed
from newsstand.ingest.normalize import build_article
from newsstand.ingest.parse import FeedParseError, parse_feed
from newsstand.publishers.models import Feed

logger = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(days=1)


@dataclass
class FeedRefresh:
    """What one refresh of one feed did."""

    feed_id: int
    url: str
    outcome: str  # "stored", "not modified" or "error"
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    error: str = ""

    def describe(self) -> str:
        if self.outcome == "error":
            return f"{self.url}: error: {self.error}"
        if self.outcome == "not modified":
            return f"{self.url}: not modified"
        return f"{self.url}: {self.created} new, {self.updated} updated, {self.unchanged} unchanged"


def get_due_feeds(now: datetime | None = None) -> list[Feed]:
    """Active feeds never fetched or whose next fetch time has come."""
    now = now or timezone.now()
    return list(
        Feed.objects.filter(is_active=True)
        .filter(Q(next_fetch_at__isnull=True) | Q(next_fetch_at__lte=now))
        .select_related("publisher")
    )


def refresh_feeds(feeds: list[Feed], policy: FetchPolicy | None = None) -> list[FeedRefresh]:
    """Fetch the feeds concurrently, then store each one's items; one feed's failure is its own."""
    policy = policy or FetchPolicy.from_settings()
    requests = [FetchRequest(feed.url, feed.etag, feed.last_modified) for feed in feeds]
    refreshes: list[FeedRefresh | None] = [None] * len(feeds)
    # Each feed is stored as soon as its fetch is in: one slow host delays nobody else.
    for index, result in fetch_as_completed(requests, policy):
        refreshes[index] = store_fetch_result(feeds[index], result)
    return [refresh for refresh in refreshes if refresh is not None]


def store_fetch_result(feed: Feed, result: FetchResult) -> FeedRefresh:
    """Parse and store what one fetch brought, and schedule the feed's next fetch."""
    fetched_at = timezone.now()
    refresh = FeedRefresh(feed.pk, feed.url, outcome="stored")
    if result.not_modified:
        refresh.outcome = "not modified"
    elif not result.ok:
        refresh.outcome, refresh.error = "error", result.error or f"HTTP {result.status}"
    else:
        try:
            parsed = parse_feed(result.body, result.final_url or feed.url)
        except FeedParseError as exc:
            refresh.outcome, refresh.error = "error", str(exc)
        else:
            items = [
                build_article(
                    item,
                    feed_url=feed.url,
                    fetched_at=fetched_at,
                    feed_language=parsed.language,
                )
                for item in parsed.items
            ]
            counts = do_upsert_articles(feed, items)
            refresh.created, refresh.updated = counts.created, counts.updated
            refresh.unchanged = counts.unchanged
            if parsed.title and not feed.title:
                feed.title = parsed.title[:500]
    _record_refresh(feed, result, refresh, fetched_at)
    log = logger.warning if refresh.outcome == "error" else logger.info
    log("refreshed %s", refresh.describe())
    return refresh


def _record_refresh(
    feed: Feed, result: FetchResult, refresh: FeedRefresh, fetched_at: datetime
) -> None:
    interval = timedelta(seconds=settings.FETCH_INTERVAL)
    if refresh.outcome == "error":
        feed.error_count += 1
        feed.last_error = refresh.error[:2000]
        # Exponential back-off: a failing feed is asked less and less often, at most daily.
        interval = min(interval * 2 ** min(feed.error_count, 10), MAX_BACKOFF)
    else:
        feed.error_count = 0
        feed.last_error = ""
        if result.ok:
            feed.etag = result.etag[:500]
            feed.last_modified = result.last_modified[:100]
    feed.last_fetched_at = fetched_at
    feed.next_fetch_at = fetched_at + interval
    feed.save(
        update_fields=[
            "title",
            "etag",
            "last_modified",
            "last_fetched_at",
            "next_fetch_at",
            "error_count",
            "last_error",
        ]
    )
