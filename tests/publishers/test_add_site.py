"""Adding a URL: a feed is subscribed to, a home page has its feeds discovered and added."""

import pytest
from aiohttp import web

from newsstand.ingest.fetch import FetchPolicy, parse_networks
from newsstand.publishers.models import Feed, Publisher
from newsstand.publishers.services import InvalidFeedError, do_add_feed_or_site
from tests.local_server import serve

pytestmark = [pytest.mark.django_db, pytest.mark.network]

LOOPBACK = FetchPolicy(timeout=5, allow_networks=parse_networks(["127.0.0.0/8"]))
RSS = b'<?xml version="1.0"?><rss version="2.0"><channel><title>News</title></channel></rss>'
HOME = """<!DOCTYPE html><html><head>
<link rel="alternate" type="application/rss+xml" title="All" href="/rss.xml">
<link rel="alternate" type="application/atom+xml" title="World" href="world/atom.xml">
<link rel="stylesheet" href="/style.css">
</head><body><h1>The Loopback Gazette</h1></body></html>"""


def make_site() -> web.Application:
    async def home(request):
        return web.Response(text=HOME, content_type="text/html")

    async def plain(request):
        return web.Response(text="<html><head></head><body>no feeds</body></html>")

    async def feed(request):
        return web.Response(body=RSS, content_type="application/rss+xml")

    async def moved(request):
        raise web.HTTPMovedPermanently("/news/")

    app = web.Application()
    app.router.add_get("/news/", home)
    app.router.add_get("/moved", moved)
    app.router.add_get("/plain", plain)
    app.router.add_get("/rss.xml", feed)
    return app


@pytest.fixture(scope="module")
def site():
    with serve(make_site()) as base_url:
        yield base_url


def test_a_home_page_has_its_feeds_discovered_and_added_for_the_publisher(site):
    feeds, created = do_add_feed_or_site(f"{site}/news/", "Loopback Gazette", policy=LOOPBACK)
    assert created
    assert [feed.url for feed in feeds] == [f"{site}/rss.xml", f"{site}/news/world/atom.xml"]
    publisher = Publisher.objects.get()
    assert publisher.name == "Loopback Gazette"
    assert publisher.homepage_url == f"{site}/news/"
    assert Feed.objects.filter(publisher=publisher).count() == 2


def test_links_resolve_against_the_page_reached_after_redirects(site):
    feeds, _ = do_add_feed_or_site(f"{site}/moved", "Loopback Gazette", policy=LOOPBACK)
    assert f"{site}/news/world/atom.xml" in [feed.url for feed in feeds]


def test_adding_the_same_home_page_twice_creates_nothing_new(site):
    do_add_feed_or_site(f"{site}/news/", "Loopback Gazette", "World", policy=LOOPBACK)
    feeds, created = do_add_feed_or_site(f"{site}/news/", "Loopback Gazette", policy=LOOPBACK)
    assert not created
    assert len(feeds) == 2
    assert Feed.objects.count() == 2


def test_a_feed_url_is_added_as_itself(site):
    feeds, created = do_add_feed_or_site(
        f"{site}/rss.xml", "Loopback Gazette", "All", policy=LOOPBACK
    )
    assert created
    assert [(feed.url, feed.section.name) for feed in feeds] == [(f"{site}/rss.xml", "All")]


def test_a_feed_already_subscribed_is_not_fetched_again():
    Feed.objects.create(
        url="http://127.0.0.1:9/feed.xml",  # nothing listens there: a fetch would fail
        publisher=Publisher.objects.create(name="Quiet", slug="quiet"),
    )
    feeds, created = do_add_feed_or_site("http://127.0.0.1:9/feed.xml", "Other", policy=LOOPBACK)
    assert not created
    assert feeds[0].publisher.name == "Quiet"


def test_a_page_without_feeds_is_refused_and_nothing_is_stored(site):
    with pytest.raises(InvalidFeedError, match=f"no feed found at URL: {site}/plain"):
        do_add_feed_or_site(f"{site}/plain", "Loopback Gazette", policy=LOOPBACK)
    assert not Publisher.objects.exists()
    assert not Feed.objects.exists()


@pytest.mark.parametrize(
    ("path", "policy", "message"),
    [
        ("/missing", LOOPBACK, "HTTP 404"),
        ("/news/", FetchPolicy(timeout=5), "refused by the SSRF guard"),
    ],
    ids=["not-found", "ssrf-guard"],
)
def test_a_url_that_cannot_be_fetched_is_refused_with_the_fetchers_reason(
    site, path, policy, message
):
    with pytest.raises(InvalidFeedError, match=message):
        do_add_feed_or_site(f"{site}{path}", "Loopback Gazette", policy=policy)
    assert not Feed.objects.exists()
