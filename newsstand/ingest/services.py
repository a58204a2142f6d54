"""Refreshing feeds: fetch → parse → normalise → upsert, and what the feed remembers after.

One service serves every caller: the worker's task, `newsstand fetch` and the tests all end in
refresh_feeds(). Before fetching, a caller leases the feeds (do_claim_feeds), so that workers on
any number of machines sharing the database never fetch one feed at the same time; a lease
that is never released (a worker killed mid-batch) simply expires.
"""

import logging
import secrets
from collections.abc import Callable, Mapping
from contextlib import closing, nullcontext
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, prefetch_related_objects
from django.utils import timezone

from newsstand.articles.services import do_upsert_articles
from newsstand.ingest.extract import article_from_page, extract_page
from newsstand.ingest.fetch import (
    FetchPolicy,
    FetchRequest,
    FetchResult,
    fetch_in_batches,
    fetch_many,
    post_form,
)
from newsstand.ingest.indexer import SearchIndexer
from newsstand.ingest.items import ArticleData
from newsstand.ingest.normalize import build_article
from newsstand.ingest.parse import FeedParseError, parse_feed
from newsstand.ingest.robots import allowed_urls
from newsstand.ingest.schedule import (
    IntervalBounds,
    backoff_interval,
    learnt_interval,
    retry_after_seconds,
    with_jitter,
)
from newsstand.ingest.sitemap import SitemapIndex, parse_sitemap
from newsstand.ingest.websub import Hub, check_signature, find_hub
from newsstand.publishers.models import Feed
from newsstand.rows import update_rows
from newsstand.stories.tasks import STORY_BATCH, enqueue_story_assignment
from newsstand.topics.tasks import enqueue_topic_tagging

logger = logging.getLogger(__name__)

RATE_LIMITED = {429, 503}
MAX_CHILD_SITEMAPS = 50
WEBSUB_SAFETY_POLL = 6 * 3600  # seconds between polls of a feed whose hub pushes to us
WEBSUB_LEASE = 10 * 24 * 3600  # the subscription length asked of hubs
WEBSUB_RENEW_BEFORE = timedelta(days=1)
# New articles' story and topic tasks are queued across feeds in whole story batches (a task
# per feed cost more than storing its articles): one story batch may then hold a report and its
# copies from several feeds, in any order of arrival.
TASK_BATCH = STORY_BATCH
# Documents the fetching thread parses and normalises ahead of the storing, at most; beyond
# that, fetched bodies wait unparsed and the storing thread parses them itself, so memory stays
# bounded. Deep enough for the GIL favouring one thread for a while (a bound of 8 held the
# parsing back 1.7 s of an 8.5 s cold pass of bench/ingest.py).
PREPARED_AHEAD = 64
# Documents already prepared when the storing thread comes for the next are stored in one
# transaction, up to this many: a transaction per feed cost the cold pass of bench/ingest.py a
# tenth more time (32 or 64 were no faster). Never waits for documents to fill a group.
STORED_TOGETHER = 16


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


@dataclass
class Document:
    """A fetched feed or sitemap, parsed and normalised: what storing it needs but the database."""

    items: list[ArticleData] = field(default_factory=list)
    summary_only: set[str] = field(default_factory=set)  # URLs of items to complete from pages
    title: str = ""
    child_sitemaps: list[str] = field(default_factory=list)  # what a sitemap index lists
    error: str = ""  # why the body is no feed
    hub: Hub | None = None  # the WebSub hub the feed names


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
    # Documents are parsed and normalised in the fetching thread while this one stores the
    # ones before; that thread has no database connection, so what it reads is loaded here.
    prefetch_related_objects(feeds, "publisher")

    def prepare(index: int, result: FetchResult) -> Document | None:
        return _prepared(feeds[index], result, None)

    # New articles' story and topic tasks, queued for several feeds at once (a task per feed
    # cost more than the insert of its articles); what is stored is queued even on a failure.
    new_ids: list[int] = []
    # New articles are indexed for search beside the storing, and all of them by the end.
    with SearchIndexer() as indexer:
        try:
            # Each feed is stored as soon as its fetch is in: one slow host delays nobody else.
            # Closed on the way out, even by an exception, so that the fetching stops then.
            batches = fetch_in_batches(
                requests,
                policy,
                most=STORED_TOGETHER,
                prepare=prepare,
                prepare_ahead=PREPARED_AHEAD,
            )
            with closing(batches):
                for ready in batches:
                    _store_ready(ready, feeds, refreshes, policy, new_ids, indexer, on_refresh)
        finally:
            with indexer.lock:
                _enqueue_new_articles(new_ids)
    return [refresh for refresh in refreshes if refresh is not None]


def _store_ready(
    ready: list[tuple[int, FetchResult, Document | None]],
    feeds: list[Feed],
    refreshes: list[FeedRefresh | None],
    policy: FetchPolicy,
    new_ids: list[int],
    indexer: SearchIndexer,
    on_refresh: Callable[[FeedRefresh], None] | None,
) -> None:
    """Store a batch of refresh_feeds' fetches (by index into feeds) and note their refreshes;
    queue the new articles' tasks in whole batches."""
    with indexer.lock:  # every write of this thread: see ingest/indexer.py
        stored = store_fetch_results(
            [(feeds[index], result, document) for index, result, document in ready],
            policy,
            new_ids,
            indexer,
        )
        if len(new_ids) >= TASK_BATCH:  # whole batches: the rest waits for more
            _enqueue_new_articles(new_ids, keep=len(new_ids) % TASK_BATCH)
    for (index, _, _), refresh in zip(ready, stored, strict=True):
        refreshes[index] = refresh
        if on_refresh is not None:
            on_refresh(refresh)


def store_fetch_results(
    fetched: list[tuple[Feed, FetchResult, Document | None]],
    policy: FetchPolicy | None = None,
    new_ids: list[int] | None = None,
    indexer: SearchIndexer | None = None,
) -> list[FeedRefresh]:
    """store_fetch_result for several fetches (each feed's document, if prepared already), in
    one transaction for all those stored in one each anyway; their refreshes in the same order.
    Should that transaction fail, each of its feeds is stored again alone, so that one feed's
    failure costs no other its articles."""
    policy = policy or FetchPolicy.from_settings()
    # Prepared first: the transaction must not wait for parsing, or for pages to fetch.
    fetched = [
        (feed, result, _prepared(feed, result, document)) for feed, result, document in fetched
    ]
    refreshes: dict[int, FeedRefresh] = {}  # by position in fetched
    together = [
        n for n, (_, _, document) in enumerate(fetched) if _stored_in_one_transaction(document)
    ]
    if len(together) > 1:
        created: list[int] = []  # kept only once the transaction commits
        try:
            with transaction.atomic(), indexer.deferring() if indexer else nullcontext():
                noted: list[Feed] = []  # their bookkeeping, written in one statement
                for n in together:
                    feed, result, document = fetched[n]
                    refreshes[n] = store_fetch_result(
                        feed, result, policy, document, created, indexer, noted
                    )
                update_rows(noted, BOOKKEEPING_FIELDS)
        except Exception as exc:
            logger.warning("storing %d feeds together failed (%s); each alone", len(together), exc)
            refreshes.clear()
            for n in together:  # as they were before the transaction
                fetched[n][0].refresh_from_db(fields=BOOKKEEPING_FIELDS)
        else:
            _take_new_ids(created, new_ids)
    for n, (feed, result, document) in enumerate(fetched):
        if n not in refreshes:
            refreshes[n] = store_fetch_result(feed, result, policy, document, new_ids, indexer)
    return [refreshes[n] for n in range(len(fetched))]


def _prepared(feed: Feed, result: FetchResult, document: Document | None) -> Document | None:
    """The fetched document, parsed and normalised (None when the fetch brought none)."""
    if document is None and result.ok:
        return prepare_document(feed, result.body, _url(feed, result), result.headers)
    return document


def _stored_in_one_transaction(document: Document | None) -> bool:
    """Whether a fetch result is stored in one transaction: all but items whose pages are
    fetched for their full text, as no write lock may be held while they are."""
    return document is None or not document.summary_only


def _take_new_ids(created: list[int], new_ids: list[int] | None) -> None:
    """New articles' ids, committed: to the caller's list, or else their tasks queued now."""
    if new_ids is None:
        _enqueue_new_articles(created)
    else:
        new_ids.extend(created)


def _enqueue_new_articles(ids: list[int], keep: int = 0) -> None:
    """Queue story assignment and topic tagging for ids (committed already) but the last
    `keep`, and remove them from ids."""
    queued = ids[: len(ids) - keep]
    if queued:
        enqueue_story_assignment(queued)
        enqueue_topic_tagging(queued)
        del ids[: len(queued)]


def _url(feed: Feed, result: FetchResult) -> str:
    """The address the document came from, against which its relative links resolve."""
    return result.final_url or feed.url


def store_fetch_result(
    feed: Feed,
    result: FetchResult,
    policy: FetchPolicy | None = None,
    document: Document | None = None,
    new_ids: list[int] | None = None,
    indexer: SearchIndexer | None = None,
    noted: list[Feed] | None = None,
) -> FeedRefresh:
    """Store what one fetch brought (its document, if prepared already), and schedule the
    feed's next fetch. The ids of new articles go to new_ids when given (the caller queues
    their tasks), else their tasks are queued here. With an indexer, new articles are left to
    it to index for search. With noted, the feed goes there for the caller to write its
    bookkeeping (in its transaction), else it is written here."""
    fetched_at = timezone.now()
    refresh = FeedRefresh(feed.pk, feed.url, outcome="stored")
    items: list[ArticleData] = []
    created: list[int] = []
    document = _prepared(feed, result, document)
    # The articles and the feed's bookkeeping in one transaction, one commit (or the caller's:
    # no savepoint, its failure is the caller's); but no write lock held while pages are
    # fetched for their full text.
    one_transaction = _stored_in_one_transaction(document)
    # In that transaction, the new articles are noted for the indexer, not indexed one by one.
    defer = indexer is not None and one_transaction and document is not None and not document.error
    with (
        transaction.atomic(savepoint=False) if one_transaction else nullcontext(),
        indexer.deferring() if defer else nullcontext(),
    ):
        if result.not_modified:
            refresh.outcome = "not modified"
        elif not result.ok:
            refresh.outcome, refresh.error = "error", result.error or f"HTTP {result.status}"
        elif document.error:
            refresh.outcome, refresh.error = "error", document.error
        else:
            items = _store_document(feed, document, refresh, created, policy)
            _note_websub_hub(feed, document.hub, fetched_at)
        _record_refresh(feed, result, refresh, items, fetched_at)
        if noted is None:
            update_rows([feed], BOOKKEEPING_FIELDS)
        else:
            noted.append(feed)
    # After the transaction: a feed rolled back has no articles to queue. (Inside a caller's,
    # new_ids is the caller's to keep once it commits.)
    _take_new_ids(created, new_ids)
    log = logger.warning if refresh.outcome == "error" else logger.info
    log("refreshed %s", refresh.describe())
    return refresh


def prepare_document(
    feed: Feed, body: bytes, url: str, headers: Mapping[str, str] | None = None
) -> Document:
    """Parse a feed's document and normalise its items. It queries no database (feed.publisher
    must be loaded), so it may run in any thread. Items that carry only a summary (all of a
    sitemap's, all of a publisher's set to always extract) are marked for their page's full
    text. Given the response's headers, the WebSub hub the feed names is found too."""
    hub = find_hub(body, headers, feed.url) if headers is not None else None
    try:
        if feed.kind == Feed.Kind.SITEMAP:
            parsed = parse_sitemap(body, url)
        else:
            parsed = parse_feed(body, url)
    except SitemapIndex as index:
        return Document(child_sitemaps=index.urls, hub=hub)
    except FeedParseError as exc:
        return Document(error=str(exc))
    fetched_at = timezone.now()
    items = [
        build_article(item, feed_url=feed.url, fetched_at=fetched_at, feed_language=parsed.language)
        for item in parsed.items
    ]
    always = feed.kind == Feed.Kind.SITEMAP or feed.publisher.always_extract
    summary_only = {
        article.url for article, item in zip(items, parsed.items, strict=True)
        if always or not item.content_html
    }  # fmt: skip
    for item in items:
        _drop_self_credit(item, feed.publisher.name)
    return Document(items, summary_only, parsed.title, hub=hub)


def _store_document(
    feed: Feed,
    document: Document,
    refresh: FeedRefresh,
    new_ids: list[int],
    policy: FetchPolicy | None = None,
) -> list[ArticleData]:
    """Upsert a document's items, counting into refresh and adding the new articles' ids to
    new_ids (the caller queues their tasks once committed); a sitemap index subscribes the
    sitemaps it lists instead. New and edited items marked summary-only get their page's full
    text first."""
    if document.child_sitemaps:
        _subscribe_child_sitemaps(feed, document.child_sitemaps)
        return []

    def with_full_text(changed: list[ArticleData]) -> list[ArticleData]:
        wanted = [item for item in changed if item.url in document.summary_only]
        pages = fetch_full_text(wanted, policy or FetchPolicy.from_settings())
        return [
            _drop_self_credit(pages.get(item.url, item), feed.publisher.name) for item in changed
        ]

    counts = do_upsert_articles(feed, document.items, enrich=with_full_text)
    new_ids.extend(counts.created_ids)
    refresh.created, refresh.updated = counts.created, counts.updated
    refresh.unchanged = counts.unchanged
    if document.title and not feed.title:
        feed.title = document.title[:500]
    return document.items


def fetch_full_text(items: list[ArticleData], policy: FetchPolicy) -> dict[str, ArticleData]:
    """The items, by URL, completed from their pages (those robots.txt lets us fetch and that
    answer); an item whose page cannot be had keeps what the feed gave."""
    urls = [item.url for item in items if item.url.startswith(("http://", "https://"))]
    if not urls:
        return {}
    allowed = [url for url in urls if url in allowed_urls(urls, policy)]
    by_url = {item.url: item for item in items}
    completed = {}
    results = fetch_many([FetchRequest(url) for url in allowed], policy)
    for url, result in zip(allowed, results, strict=True):
        if not result.ok:
            logger.info("no full text for %s: %s", url, result.error)
            continue
        merged = article_from_page(extract_page(result.body, result.final_url or url), by_url[url])
        # The hash stays the feed item's: a refetch of the same item is then "unchanged" and
        # does not replace the full text with the summary again.
        merged.content_hash = by_url[url].content_hash
        completed[url] = merged
    return completed


def _drop_self_credit(item: ArticleData, publisher_name: str) -> ArticleData:
    """A publisher is no wire service to itself (Wikinews' own stories credit Wikinews)."""
    if item.wire_credit and item.wire_credit.casefold() in publisher_name.casefold():
        item.wire_credit = ""
    return item


def _subscribe_child_sitemaps(index: Feed, urls: list[str]) -> None:
    """A sitemap index lists sitemaps: each becomes a sitemap of the same publisher and section.

    Only the first MAX_CHILD_SITEMAPS are taken: news sites list years of monthly archives,
    and the recent ones come first in the indexes we have seen.
    """
    children = [
        Feed(url=url, publisher_id=index.publisher_id, section_id=index.section_id, kind=index.kind)
        for url in urls[:MAX_CHILD_SITEMAPS]
    ]
    Feed.objects.bulk_create(children, ignore_conflicts=True)


def _record_refresh(
    feed: Feed,
    result: FetchResult,
    refresh: FeedRefresh,
    items: list[ArticleData],
    fetched_at: datetime,
) -> None:
    """Note on the feed what the next fetch needs, learn the interval, and release the lease
    (the caller saves BOOKKEEPING_FIELDS)."""
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
        if feed.websub_expires_at and feed.websub_expires_at > fetched_at:
            # The hub pushes new items; polling only guards against a silent hub.
            delay = max(delay, WEBSUB_SAFETY_POLL)
    feed.last_fetched_at = fetched_at
    feed.next_fetch_at = fetched_at + with_jitter(delay)
    feed.leased_until = None


# What a refresh changes in its feed: saved with update_rows (once for the feeds stored
# together), as saving through the ORM's compiler cost more than the database's work (Feed has
# no save override or signal receivers for this to skip).
BOOKKEEPING_FIELDS = [
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
    "websub_hub",
    "websub_topic",
    "websub_secret",
    "websub_expires_at",
]


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


# --- WebSub -----------------------------------------------------------------------------------


def _note_websub_hub(feed: Feed, hub: Hub | None, now: datetime) -> None:
    """Remember a feed's hub and, when this site can be reached, queue a (re)subscription."""
    if hub is None or not settings.PUBLIC_URL:
        return
    current = feed.websub_hub == hub.hub_url and feed.websub_topic == hub.topic_url
    if current and feed.websub_expires_at and feed.websub_expires_at > now + WEBSUB_RENEW_BEFORE:
        return
    feed.websub_hub, feed.websub_topic = hub.hub_url[:2048], hub.topic_url[:2048]
    from newsstand.ingest.tasks import websub_subscribe_task  # tasks imports this module

    transaction.on_commit(lambda: websub_subscribe_task.enqueue(feed.pk))


def websub_callback_url(feed: Feed) -> str:
    return f"{settings.PUBLIC_URL}/websub/{feed.pk}/"


def do_request_websub(feed_id: int, policy: FetchPolicy | None = None) -> str:
    """Ask the feed's hub to push to us; "" when asked, else why not. The hub then verifies."""
    feed = Feed.objects.filter(pk=feed_id, is_active=True).exclude(websub_hub="").first()
    if feed is None or not settings.PUBLIC_URL:
        return "no active feed with a hub, or no NEWSSTAND_PUBLIC_URL"
    # A fresh secret per request: pushes signed with an older one are refused from now on.
    feed.websub_secret = secrets.token_hex(32)
    feed.save(update_fields=["websub_secret"])
    result = post_form(
        feed.websub_hub,
        {
            "hub.mode": "subscribe",
            "hub.topic": feed.websub_topic,
            "hub.callback": websub_callback_url(feed),
            "hub.secret": feed.websub_secret,
            "hub.lease_seconds": str(WEBSUB_LEASE),
        },
        policy or FetchPolicy.from_settings(),
    )
    if result.error:
        logger.warning("WebSub subscription to %s failed: %s", feed.websub_hub, result.error)
    return result.error


def do_confirm_websub(feed_id: int, mode: str, topic: str, lease_seconds: str) -> bool:
    """Answer a hub's verification: True (echo the challenge) only for what we asked for."""
    feed = Feed.objects.filter(pk=feed_id).first()
    if feed is None or not topic or topic != feed.websub_topic:
        return False
    if mode == "subscribe" and feed.is_active and feed.websub_secret:
        lease = int(lease_seconds) if lease_seconds.isdigit() else WEBSUB_LEASE
        feed.websub_expires_at = timezone.now() + timedelta(seconds=lease)
        feed.save(update_fields=["websub_expires_at"])
        return True
    if mode == "unsubscribe" and not feed.is_active:
        feed.websub_expires_at = None
        feed.save(update_fields=["websub_expires_at"])
        return True
    return False


def do_forget_websub(feed_id: int, reason: str) -> None:
    """The hub refused or ended the subscription: back to polling alone."""
    Feed.objects.filter(pk=feed_id).update(websub_expires_at=None, websub_secret="")
    logger.warning("WebSub subscription of feed %s ended by the hub: %s", feed_id, reason)


def do_accept_websub_push(feed_id: int, body: bytes, signature: str) -> FeedRefresh | None:
    """Store the items a hub pushed, if the body is signed with our secret; None if refused."""
    feed = Feed.objects.filter(pk=feed_id, is_active=True).select_related("publisher").first()
    if feed is None or not check_signature(feed.websub_secret, body, signature):
        return None
    refresh = FeedRefresh(feed.pk, feed.url, outcome="stored")
    document = prepare_document(feed, body, feed.url)
    if document.error:
        refresh.outcome, refresh.error = "error", document.error
    else:
        created: list[int] = []
        _store_document(feed, document, refresh, created)
        _enqueue_new_articles(created)
    logger.info("WebSub push from the hub of %s", refresh.describe())
    return refresh
