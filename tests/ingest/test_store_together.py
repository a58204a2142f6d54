"""store_fetch_results: the feeds fetched at once are stored in one transaction, and one feed's
failure there costs no other feed its articles or its bookkeeping."""

import logging

import pytest
from django.db import connection

from newsstand.articles.models import Article
from newsstand.ingest import services
from newsstand.ingest.fetch import FetchResult
from newsstand.ingest.services import store_fetch_result, store_fetch_results
from newsstand.publishers.models import Feed
from tests.factories import make_feed, make_publisher
from tests.ingest.test_refresh import ITEM, POLICY, RSS

pytestmark = pytest.mark.django_db(transaction=True)  # commits are what is counted


def fetched(feed: Feed, items: int = 3) -> FetchResult:
    """A fetch of an RSS document of `items` new items."""
    body = RSS.format(
        items="".join(
            ITEM.format(n=n, title=f"Item {n} of {feed.url}", body=f"<p>Body {n}.</p>")
            for n in range(1, items + 1)
        )
    )
    return FetchResult(url=feed.url, status=200, body=body.encode(), etag='"v1"')


def count_commits(monkeypatch) -> list[None]:
    commits = []
    commit = connection.commit

    def counted():
        commits.append(None)
        commit()

    monkeypatch.setattr(connection, "commit", counted)
    return commits


def test_feeds_fetched_at_once_are_stored_in_one_transaction(monkeypatch):
    feeds = [make_feed(url=f"https://news-{n}.example/feed.xml") for n in range(3)]
    not_modified = make_feed(url="https://quiet.example/feed.xml")
    commits = count_commits(monkeypatch)
    new_ids: list[int] = []

    refreshes = store_fetch_results(
        [(feed, fetched(feed), None) for feed in feeds]
        + [(not_modified, FetchResult(url=not_modified.url, status=304), None)],
        POLICY,
        new_ids,
    )

    assert len(commits) == 1
    assert [(r.feed_id, r.outcome, r.created) for r in refreshes] == [
        *((feed.pk, "stored", 3) for feed in feeds),
        (not_modified.pk, "not modified", 0),
    ]
    assert sorted(new_ids) == sorted(Article.objects.values_list("pk", flat=True))
    assert len(new_ids) == 9
    for feed in [*feeds, not_modified]:
        feed.refresh_from_db()
        assert feed.leased_until is None
        assert feed.next_fetch_at is not None
    assert {feed.etag for feed in Feed.objects.filter(pk__in=[f.pk for f in feeds])} == {'"v1"'}


def test_a_feed_failing_among_others_fails_alone(monkeypatch, caplog):
    first, quiet, broken, failing, after = (make_feed(make_publisher()) for _ in range(5))
    results = {
        first: fetched(first),
        quiet: FetchResult(url=quiet.url, status=304),
        broken: FetchResult(url=broken.url, status=500),
        failing: fetched(failing),
        after: fetched(after),
    }
    # The same fetches stored the usual way, one by one, to compare with.
    alone = {feed: make_feed(make_publisher()) for feed in [first, quiet, broken]}
    for feed, control in alone.items():
        store_fetch_result(control, fetched(control) if feed == first else results[feed], POLICY)
    upsert = services.do_upsert_articles

    def fail_for_one(feed, items, enrich=None):
        if feed.pk == failing.pk:
            raise RuntimeError("disk full")
        return upsert(feed, items, enrich=enrich)

    monkeypatch.setattr(services, "do_upsert_articles", fail_for_one)
    new_ids: list[int] = []
    with caplog.at_level(logging.WARNING), pytest.raises(RuntimeError, match="disk full"):
        store_fetch_results([(*entry, None) for entry in results.items()], POLICY, new_ids)

    assert "storing 5 feeds together failed" in caplog.text
    # The feeds before the failing one are stored alone, once each: their articles and their
    # bookkeeping as if nothing had failed (an error counted once, an interval stretched once).
    assert Article.objects.filter(feed=first).count() == 3
    assert sorted(new_ids) == sorted(
        Article.objects.filter(feed=first).values_list("pk", flat=True)
    )
    for feed, control in alone.items():
        feed.refresh_from_db()
        control.refresh_from_db()
        assert (feed.etag, feed.error_count, feed.interval) == (
            control.etag,
            control.error_count,
            control.interval,
        )
    assert broken.error_count == 1
    # The failing feed and the one after it are as they were: nothing stored, nothing fetched.
    for feed in [failing, after]:
        assert not Article.objects.filter(feed=feed).exists()
        feed.refresh_from_db()
        assert (feed.etag, feed.last_fetched_at) == ("", None)
