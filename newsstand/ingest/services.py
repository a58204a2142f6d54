"""Refreshing feeds: fetch → parse → normalise → upsert, and what the feed remembers after.

One service serves every caller: the worker's task, `newsstand fetch` and the tests all end in
refresh_feeds(). Before fetching, a caller leases the feeds (do_claim_feeds), so that workers on
any number of machines sharing the database never fetch one feed at the same time; a lease
that is never released (a worker killed mid-batch) simply expires.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from newsstand.articles.services import do_upsert_articles
from newsstand.ingest.fetch import FetchPolicy, FetchRequest, FetchResult, fetch_as_completed
from newsstand.ingest.items import ArticleData
from newsstand.ingest.normalize import build_article
from newsstand.ingest.parse import FeedParseError, parse_feed
from newsstand.ingest.schedule import (
    IntervalBounds,
    backoff_interval,
    learnt_interval,
    retry_after_seconds,
    with_jitter,
)
from newsstand.publishers.models import Feed

logger = logging.getLogger(__name__)

RATE_LIMITED = {429, 503}


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


def interval_bounds() -> IntervalBounds:
    return IntervalBounds(
        default=settings.FETCH_INTERVAL,
        minimum=settings.FETCH_MIN_INTERVAL,
        maximum=settings.FETCH_MAX_INTERVAL,
    )


def get_due_feeds(now: datetime | None = None):
    """Active feeds never fetched or whose next fetch time has come, not leased by a worker."""
    now = now or timezone.now()
    return (
        Feed.objects.filter(is_active=True)
        .filter(Q(next_fetch_at__isnull=True) | Q(next_fetch_at__lte=now))
        .filter(Q(leased_until__isnull=True) | Q(leased_until__lt=now))
    )


def do_claim_feeds(
    feed_ids: list[int] | None = None, *, limit: int | None = None, now: datetime | None = None
) -> list[Feed]:
    """Lease feeds for fetching: the given active ones, or else the due ones, that no other
    worker holds. Two callers at once get disjoint sets: PostgreSQL skips the rows the other
    has locked (SKIP LOCKED); SQLite's BEGIN IMMEDIATE runs the two transactions one by one."""
    now = now or timezone.now()
    if feed_ids is None:
        candidates = get_due_feeds(now)
    else:
        candidates = Feed.objects.filter(pk__in=feed_ids, is_active=True).filter(
            Q(leased_until__isnull=True) | Q(leased_until__lt=now)
        )
    with transaction.atomic():
        ids = list(
            candidates.order_by(F("next_fetch_at").asc(nulls_first=True), "pk")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:limit]
        )
        Feed.objects.filter(pk__in=ids).update(
            leased_until=now + timedelta(seconds=settings.FETCH_LEASE)
        )
    return list(Feed.objects.filter(pk__in=ids).select_related("publisher").order_by("pk"))


def do_release_feeds(feeds: list[Feed]) -> None:
    """Give back leases taken but not used (the caller stopped before fetching)."""
    Feed.objects.filter(pk__in=[feed.pk for feed in feeds]).update(leased_until=None)


def refresh_feeds(
    feeds: list[Feed],
    policy: FetchPolicy | None = None,
    on_refresh: Callable[[FeedRefresh], None] | None = None,
) -> list[FeedRefresh]:
    """Fetch leased feeds concurrently and store each one's items as its fetch comes in; one
    feed's failure is its own. on_refresh hears of each feed done (for progress reports)."""
    policy = policy or FetchPolicy.from_settings()
    requests = [FetchRequest(feed.url, feed.etag, feed.last_modified) for feed in feeds]
    refreshes: list[FeedRefresh | None] = [None] * len(feeds)
    # Each feed is stored as soon as its fetch is in: one slow host delays nobody else.
    for index, result in fetch_as_completed(requests, policy):
        refreshes[index] = store_fetch_result(feeds[index], result)
        if on_refresh is not None:
            on_refresh(refreshes[index])
    return [refresh for refresh in refreshes if refresh is not None]


def store_fetch_result(feed: Feed, result: FetchResult) -> FeedRefresh:
    """Parse and store what one fetch brought, and schedule the feed's next fetch."""
    fetched_at = timezone.now()
    refresh = FeedRefresh(feed.pk, feed.url, outcome="stored")
    items: list[ArticleData] = []
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
    _record_refresh(feed, result, refresh, items, fetched_at)
    log = logger.warning if refresh.outcome == "error" else logger.info
    log("refreshed %s", refresh.describe())
    return refresh


def _record_refresh(
    feed: Feed,
    result: FetchResult,
    refresh: FeedRefresh,
    items: list[ArticleData],
    fetched_at: datetime,
) -> None:
    """Remember what the next fetch needs, learn the interval, and release the lease."""
    bounds = interval_bounds()
    if refresh.outcome == "error":
        feed.error_count += 1
        feed.last_error = refresh.error[:2000]
        delay = backoff_interval(feed.error_count, bounds)
        retry_after = retry_after_seconds(result.headers.get("Retry-After", ""), fetched_at)
        if result.status in RATE_LIMITED and retry_after is not None:
            delay = max(delay, min(retry_after, bounds.maximum))
        if result.status == 410:
            _disable(feed, "the publisher removed this feed (HTTP 410 Gone)")
        elif feed.error_count >= settings.FEED_MAX_ERRORS:
            _disable(feed, f"{feed.error_count} failed fetches in a row; last: {feed.last_error}")
    else:
        feed.error_count = 0
        feed.last_error = ""
        if result.ok:
            feed.etag = result.etag[:500]
            feed.last_modified = result.last_modified[:100]
            if result.permanent_redirect_to:
                _follow_permanent_redirect(feed, result.permanent_redirect_to)
        dated = [item.published_at for item in items if not item.date_estimated]
        feed.interval = learnt_interval(feed.interval, dated, refresh.created, bounds)
        delay = feed.interval
    feed.last_fetched_at = fetched_at
    feed.next_fetch_at = fetched_at + with_jitter(delay)
    feed.leased_until = None
    feed.save(
        update_fields=[
            "url",
            "title",
            "is_active",
            "disabled_reason",
            "etag",
            "last_modified",
            "interval",
            "last_fetched_at",
            "next_fetch_at",
            "leased_until",
            "error_count",
            "last_error",
        ]
    )


def _disable(feed: Feed, reason: str) -> None:
    feed.is_active = False
    feed.disabled_reason = reason[:2000]
    logger.warning("disabled %s: %s", feed.url, reason)


def _follow_permanent_redirect(feed: Feed, new_url: str) -> None:
    """A 301/308 moves the feed to its new address, unless that address is subscribed already."""
    if Feed.objects.filter(url=new_url).exclude(pk=feed.pk).exists():
        _disable(feed, f"moved permanently to {new_url}, which is already subscribed")
        return
    logger.info("feed moved permanently: %s -> %s", feed.url, new_url)
    feed.url = new_url[:2048]
