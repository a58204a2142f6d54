"""refresh_feeds end to end: a local publisher, real HTTP, real parsing, the real database."""

import threading
from datetime import timedelta

import pytest
from aiohttp import web
from django.utils import timezone

from newsstand.articles.models import Article
from newsstand.ingest.fetch import FetchPolicy, parse_networks
from newsstand.ingest.services import get_due_feeds, refresh_feeds
from newsstand.publishers.models import Feed
from tests.factories import make_feed, make_publisher

pytestmark = pytest.mark.django_db

POLICY = FetchPolicy(timeout=5, allow_networks=parse_networks(["127.0.0.0/8"]))

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
     xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>The Example Times</title><link>https://times.example/</link>
<language>en-gb</language>
{items}
</channel></rss>"""

ITEM = """<item><title>{title}</title><link>https://times.example/{n}</link>
<guid>https://times.example/{n}</guid><dc:creator>Fatima Hussein</dc:creator>
<pubDate>Fri, 16 Apr 2021 18:0{n}:00 GMT</pubDate>
<content:encoded><![CDATA[{body}]]></content:encoded></item>"""

HOSTILE_BODY = (
    '<p onclick="steal()">Sanctions were announced.</p><script>alert(1)</script>'
    '<iframe src="https://evil.example/"></iframe>'
    '<p><a href="javascript:alert(2)">click</a> <a href="/more">more</a></p>'
    '<img src="x" onerror="alert(3)">'
    "<p>Copyright 2021 The Associated Press. All rights reserved.</p>"
)


class Publisher:
    """A local publisher whose feed the test can edit; it honours If-None-Match."""

    def __init__(self):
        self.items = {1: ("US sanctions North Korean couple", "<p>Body one.</p>")}
        self.status = 200
        self.requests = []

    def document(self) -> str:
        items = "".join(
            ITEM.format(n=n, title=title, body=body) for n, (title, body) in self.items.items()
        )
        return RSS.format(items=items)

    async def feed(self, request):
        self.requests.append(dict(request.headers))
        if self.status != 200:
            return web.Response(status=self.status)
        etag = f'"{hash(self.document()) & 0xFFFFFFFF:x}"'
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers={"ETag": etag})
        return web.Response(
            text=self.document(), content_type="application/rss+xml", headers={"ETag": etag}
        )

    async def page(self, request):
        return web.Response(text="<html><p>Hi</p>", content_type="text/html")

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/feed.xml", self.feed)
        app.router.add_get("/other.xml", self.feed)
        app.router.add_get("/page.html", self.page)
        return app


@pytest.fixture
def publisher():
    from tests.local_server import serve

    source = Publisher()
    with serve(source.app()) as base_url:
        source.base_url = base_url
        yield source


def test_first_refresh_stores_every_item_with_its_metadata(publisher):
    feed = make_feed(url=f"{publisher.base_url}/feed.xml")
    [refresh] = refresh_feeds([feed], POLICY)
    assert (refresh.outcome, refresh.created) == ("stored", 1)
    article = Article.objects.get()
    assert article.title == "US sanctions North Korean couple"
    assert article.byline == "Fatima Hussein"
    assert article.url == "https://times.example/1"
    assert article.language == "en"
    assert article.published_at.isoformat() == "2021-04-16T18:01:00+00:00"
    feed.refresh_from_db()
    assert feed.etag
    assert feed.title == "The Example Times"
    assert feed.next_fetch_at > timezone.now()


def test_second_refresh_of_unchanged_feed_is_not_modified_and_stores_nothing(publisher):
    feed = make_feed(url=f"{publisher.base_url}/feed.xml")
    refresh_feeds([feed], POLICY)
    [again] = refresh_feeds([Feed.objects.get()], POLICY)
    assert again.outcome == "not modified"
    assert publisher.requests[-1]["If-None-Match"]
    assert Article.objects.count() == 1


def test_same_item_through_a_second_feed_of_the_publisher_adds_no_row(publisher):
    owner = make_publisher()
    first = make_feed(owner, url=f"{publisher.base_url}/feed.xml")
    second = make_feed(owner, url=f"{publisher.base_url}/other.xml")
    refreshes = refresh_feeds([first, second], POLICY)
    assert [r.created for r in refreshes] == [1, 0]
    assert Article.objects.count() == 1


def test_edited_item_updates_its_article(publisher):
    feed = make_feed(url=f"{publisher.base_url}/feed.xml")
    refresh_feeds([feed], POLICY)
    publisher.items[1] = ("US sanctions North Korean couple (corrected)", "<p>Body two.</p>")
    publisher.items[2] = ("Another story", "<p>Second.</p>")
    [refresh] = refresh_feeds([Feed.objects.get()], POLICY)
    assert (refresh.created, refresh.updated) == (1, 1)
    assert Article.objects.get(guid="https://times.example/1").body_text == "Body two."


def test_hostile_item_is_stored_sanitised_with_its_wire_credit(publisher):
    publisher.items = {3: ("<b>Hostile</b> &amp; title", HOSTILE_BODY)}
    refresh_feeds([make_feed(url=f"{publisher.base_url}/feed.xml")], POLICY)
    article = Article.objects.get()
    html = article.body_html.lower()
    for forbidden in ("<script", "onclick", "onerror", "<iframe", "javascript:"):
        assert forbidden not in html
    assert 'href="https://times.example/more"' in article.body_html
    assert 'rel="noopener nofollow"' in article.body_html
    assert article.title == "Hostile & title"
    assert article.wire_credit == "Associated Press"


def test_failing_feed_records_the_error_and_backs_off(publisher, settings):
    settings.FETCH_INTERVAL = 600
    publisher.status = 500
    feed = make_feed(url=f"{publisher.base_url}/feed.xml")
    for expected_errors in (1, 2):
        [refresh] = refresh_feeds([Feed.objects.get(pk=feed.pk)], POLICY)
        assert refresh.outcome == "error"
        feed.refresh_from_db()
        assert feed.error_count == expected_errors
        assert feed.last_error == "HTTP 500 Internal Server Error"
    delay = (feed.next_fetch_at - feed.last_fetched_at).total_seconds()
    assert 600 * 4 * 0.9 <= delay <= 600 * 4 * 1.1  # doubled per error, with ±10% jitter
    publisher.status = 200
    refresh_feeds([Feed.objects.get(pk=feed.pk)], POLICY)
    feed.refresh_from_db()
    assert (feed.error_count, feed.last_error) == (0, "")


def test_a_page_that_is_not_a_feed_is_an_error_not_a_crash(publisher):
    feed = make_feed(url=f"{publisher.base_url}/page.html")
    [refresh] = refresh_feeds([feed], POLICY)
    assert refresh.outcome == "error"
    assert "not a feed" in refresh.error
    feed.refresh_from_db()
    assert feed.error_count == 1


def test_a_missing_feed_is_an_error_with_its_status(publisher):
    [refresh] = refresh_feeds([make_feed(url=f"{publisher.base_url}/missing.xml")], POLICY)
    assert (refresh.outcome, refresh.error) == ("error", "HTTP 404 Not Found")


def test_due_feeds_are_the_new_and_the_overdue_active_ones():
    now = timezone.now()
    new = make_feed()
    overdue = make_feed(next_fetch_at=now - timedelta(minutes=1))
    make_feed(next_fetch_at=now + timedelta(minutes=5))
    make_feed(is_active=False)
    assert {f.pk for f in get_due_feeds(now)} == {new.pk, overdue.pk}


def test_a_failure_in_storing_stops_the_fetching(publisher, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("newsstand.ingest.services.store_fetch_results", fail)
    feeds = [make_feed(url=f"{publisher.base_url}/feed.xml?n={n}") for n in range(60)]
    one_at_a_time = FetchPolicy(
        timeout=5, concurrency=1, per_host=1, allow_networks=parse_networks(["127.0.0.0/8"])
    )
    failure = None
    try:
        refresh_feeds(feeds, one_at_a_time)
    except RuntimeError as exc:
        failure = exc  # its traceback keeps refresh_feeds' frame alive, as a log record's would
    assert "went away" in str(failure)
    fetching = [thread for thread in threading.enumerate() if thread.name == "fetch"]
    for thread in fetching:
        thread.join(timeout=10)
    assert not any(thread.is_alive() for thread in fetching)
    assert len(publisher.requests) < 60  # it stopped, not fetched every feed regardless
