"""Workers: leases so no feed is fetched twice at once, queued tasks, and what statuses do."""

from datetime import timedelta

import pytest
from aiohttp import web
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from newsstand.articles.id_runs import expand_ids
from newsstand.articles.models import Article
from newsstand.ingest.fetch import FetchPolicy, parse_networks
from newsstand.ingest.services import do_claim_feeds, refresh_feeds
from newsstand.ingest.tasks import enqueue_due_feeds
from newsstand.publishers.models import Feed
from tests.concurrency import run_at_once
from tests.factories import make_feed, make_publisher
from tests.local_server import serve

pytestmark = pytest.mark.django_db

POLICY = FetchPolicy(timeout=5, allow_networks=parse_networks(["127.0.0.0/8"]))


def rss(n_items: int, minutes_apart: int = 10) -> str:
    now = timezone.now()
    items = "".join(
        f"<item><title>Story {n}</title><link>https://pub.example/{n}</link>"
        f"<pubDate>{(now - timedelta(minutes=minutes_apart * n)):%a, %d %b %Y %H:%M:%S} GMT"
        f"</pubDate><description>Text {n}</description></item>"
        for n in range(n_items)
    )
    return f"<rss version='2.0'><channel><title>Pub</title>{items}</channel></rss>"


class Publisher:
    """A local server with a feed per path, and paths answering with chosen statuses."""

    def __init__(self):
        self.hits: dict[str, int] = {}

    async def handle(self, request):
        name = request.match_info["name"]
        self.hits[name] = self.hits.get(name, 0) + 1
        if name == "moved":
            raise web.HTTPMovedPermanently("/feed/home")
        if name == "moved-to-known":
            raise web.HTTPMovedPermanently("/feed/known")
        if name == "gone":
            return web.Response(status=410)
        if name == "busy":
            return web.Response(status=429, headers={"Retry-After": "7200"})
        if name == "broken":
            return web.Response(status=500)
        return web.Response(text=rss(10), content_type="application/rss+xml")

    def app(self):
        app = web.Application()
        app.router.add_get("/feed/{name}", self.handle)
        return app


@pytest.fixture
def publisher(settings):
    settings.FETCH_ALLOW_NETWORKS = ["127.0.0.0/8"]
    source = Publisher()
    with serve(source.app()) as base_url:
        source.url = lambda name: f"{base_url}/feed/{name}"
        yield source


def test_claimed_feeds_are_not_claimed_again_until_the_lease_expires(settings):
    settings.FETCH_LEASE = 600
    feeds = [make_feed() for _ in range(3)]
    first = do_claim_feeds()
    assert {f.pk for f in first} == {f.pk for f in feeds}
    assert do_claim_feeds() == []
    assert do_claim_feeds([feeds[0].pk]) == []
    # A worker killed mid-batch never releases its lease: its feeds are free once it expires.
    later = timezone.now() + timedelta(seconds=601)
    assert {f.pk for f in do_claim_feeds(now=later)} == {f.pk for f in feeds}


@pytest.mark.django_db(transaction=True)
def test_two_workers_claiming_at_once_get_disjoint_feeds():
    publisher = make_publisher()
    for _ in range(40):
        make_feed(publisher)

    def claim_four_times():
        return [f.pk for _ in range(4) for f in do_claim_feeds(limit=5)]

    ids = [pk for claimed in run_at_once(claim_four_times, threads=2) for pk in claimed]
    assert len(ids) == len(set(ids)) == 40


def test_worker_killed_mid_batch_and_restarted_leaves_exactly_one_article_per_item(
    publisher, settings
):
    settings.FETCH_LEASE = 600
    settings.FETCH_MIN_INTERVAL = 3600
    feeds = [make_feed(url=publisher.url(f"feed-{n}")) for n in range(4)]
    claimed = do_claim_feeds()
    refresh_feeds(claimed[:2], POLICY)  # the worker stores two feeds, then dies
    assert Article.objects.count() == 20
    after_the_lease = timezone.now() + timedelta(seconds=660)
    restarted = do_claim_feeds(now=after_the_lease)
    assert {f.pk for f in restarted} == {f.pk for f in feeds[2:]}  # the stored two aren't due
    refresh_feeds(restarted, POLICY)
    # Refetching everything changes nothing.
    again = do_claim_feeds([f.pk for f in feeds], now=after_the_lease)
    refresh_feeds(again, POLICY)
    assert Article.objects.count() == 40
    assert Article.objects.filter(revision__gt=1).count() == 0


@pytest.mark.django_db(transaction=True)  # the worker closes and reopens its connection
def test_due_feeds_are_queued_in_batches_once_and_run_by_the_worker(publisher, settings):
    settings.FETCH_BATCH = 2
    for n in range(5):
        make_feed(url=publisher.url(f"feed-{n}"))
    assert enqueue_due_feeds() == 5
    assert DBTaskResult.objects.count() == 3
    assert enqueue_due_feeds() == 0  # queued feeds are not queued twice
    call_command("worker", "--batch", verbosity=0)
    assert Article.objects.count() == 50
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    assert not Feed.objects.filter(leased_until__isnull=False).exists()


def test_a_successful_fetch_learns_the_interval_from_the_items(publisher, settings):
    settings.FETCH_MIN_INTERVAL = 60
    feed = make_feed(url=publisher.url("feed-a"))
    refresh_feeds(do_claim_feeds([feed.pk]), POLICY)
    feed.refresh_from_db()
    assert feed.interval == 600  # items ten minutes apart
    assert feed.leased_until is None


def test_permanent_redirect_updates_the_stored_url(publisher):
    feed = make_feed(url=publisher.url("moved"))
    refresh_feeds(do_claim_feeds([feed.pk]), POLICY)
    feed.refresh_from_db()
    assert feed.url == publisher.url("home")
    assert feed.is_active


def test_permanent_redirect_to_a_subscribed_url_disables_the_duplicate(publisher):
    make_feed(url=publisher.url("known"))
    feed = make_feed(url=publisher.url("moved-to-known"))
    refresh_feeds(do_claim_feeds([feed.pk]), POLICY)
    feed.refresh_from_db()
    assert not feed.is_active
    assert "already subscribed" in feed.disabled_reason


def test_gone_feed_is_disabled_with_the_reason(publisher):
    feed = make_feed(url=publisher.url("gone"))
    refresh_feeds(do_claim_feeds([feed.pk]), POLICY)
    feed.refresh_from_db()
    assert not feed.is_active
    assert feed.disabled_reason == "the publisher removed this feed (HTTP 410 Gone)"


def test_rate_limited_feed_waits_as_long_as_retry_after_asks(publisher, settings):
    settings.FETCH_INTERVAL = 60
    feed = make_feed(url=publisher.url("busy"))
    refresh_feeds(do_claim_feeds([feed.pk]), POLICY)
    feed.refresh_from_db()
    assert (feed.next_fetch_at - feed.last_fetched_at).total_seconds() >= 7200 * 0.9
    assert feed.is_active


def test_feed_failing_n_times_in_a_row_is_disabled_with_its_last_error(publisher, settings):
    settings.FEED_MAX_ERRORS = 3
    feed = make_feed(url=publisher.url("broken"))
    for _ in range(3):
        refresh_feeds(do_claim_feeds([feed.pk]), POLICY)
    feed.refresh_from_db()
    assert not feed.is_active
    assert feed.disabled_reason == (
        "3 failed fetches in a row; last: HTTP 500 Internal Server Error"
    )
    assert do_claim_feeds([feed.pk]) == []  # disabled feeds are never fetched
    assert publisher.hits["broken"] == 3


def test_new_articles_are_queued_for_their_stories_once_committed_and_only_once(
    publisher, django_capture_on_commit_callbacks
):
    feed = make_feed(url=publisher.url("feed-a"))
    with django_capture_on_commit_callbacks(execute=True):
        refresh_feeds(do_claim_feeds([feed.pk]), POLICY)
    [queued] = DBTaskResult.objects.filter(task_path__endswith=".assign_stories_task")
    [compacted] = queued.args_kwargs["args"]
    ids = expand_ids(compacted)
    assert sorted(ids) == sorted(Article.objects.values_list("pk", flat=True))
    assert len(ids) == 10
    queued.task.call(*queued.args_kwargs["args"])  # as the worker runs it
    assert not Article.objects.filter(story__isnull=True).exists()

    # A refetch of the same items stores nothing new, so queues nothing.
    later = timezone.now() + timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        refresh_feeds(do_claim_feeds([feed.pk], now=later), POLICY)
    assert DBTaskResult.objects.filter(task_path__endswith=".assign_stories_task").count() == 1


def test_new_articles_of_many_feeds_are_queued_in_whole_batches(
    publisher, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr("newsstand.ingest.services.TASK_BATCH", 25)
    monkeypatch.setattr("newsstand.stories.tasks.STORY_BATCH", 25)  # as in production, equal
    feeds = [make_feed(url=publisher.url(f"feed-{n}")) for n in range(6)]  # 10 items each
    with django_capture_on_commit_callbacks(execute=True):
        refresh_feeds(do_claim_feeds([feed.pk for feed in feeds]), POLICY)

    queued = DBTaskResult.objects.filter(task_path__endswith=".assign_stories_task")
    batches = [expand_ids(task.args_kwargs["args"][0]) for task in queued.order_by("enqueued_at")]
    assert sorted(len(batch) for batch in batches) == [10, 25, 25]  # the rest at the end
    assert sorted(pk for batch in batches for pk in batch) == sorted(
        Article.objects.values_list("pk", flat=True)
    )
