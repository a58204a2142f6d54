"""Publishers without feeds: sitemaps are fetched like feeds, indexes subscribe their children."""

import pytest
from aiohttp import web

from newsstand.articles.models import Article
from newsstand.ingest.fetch import FetchPolicy, parse_networks
from newsstand.ingest.services import do_claim_feeds, refresh_feeds
from newsstand.publishers.models import Feed
from newsstand.publishers.services import do_add_feed_or_site
from tests.local_server import serve

pytestmark = pytest.mark.django_db

POLICY = FetchPolicy(timeout=5, allow_networks=parse_networks(["127.0.0.0/8"]))
NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc>https://pub.example/business/1</loc>
    <news:news><news:publication><news:name>Pub</news:name><news:language>en</news:language>
    </news:publication><news:publication_date>2026-11-27T08:00:00Z</news:publication_date>
    <news:title>Markets rally on rate cut</news:title></news:news></url>
  <url><loc>https://pub.example/world/2</loc>
    <news:news><news:publication><news:name>Pub</news:name><news:language>en</news:language>
    </news:publication><news:publication_date>2026-11-27T09:30:00+01:00</news:publication_date>
    <news:title>Summit ends without a deal</news:title></news:news></url>
</urlset>"""


@pytest.fixture
def site():
    async def sitemap(request):
        return web.Response(body=NEWS_SITEMAP, content_type="application/xml")

    async def index(request):
        base = f"http://{request.host}"
        body = (
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<sitemap><loc>{base}/news.xml</loc></sitemap>"
            f"<sitemap><loc>{base}/2026-10.xml</loc></sitemap></sitemapindex>"
        )
        return web.Response(text=body, content_type="application/xml")

    app = web.Application()
    app.router.add_get("/news.xml", sitemap)
    app.router.add_get("/index.xml", index)
    with serve(app) as base_url:
        yield base_url


def test_adding_a_sitemap_url_subscribes_it_as_a_sitemap(site):
    [feed], created = do_add_feed_or_site(f"{site}/news.xml", "Pub", policy=POLICY)
    assert created
    assert feed.kind == Feed.Kind.SITEMAP


def test_a_news_sitemap_yields_one_article_per_url_with_title_and_date(site):
    [feed], _ = do_add_feed_or_site(f"{site}/news.xml", "Pub", policy=POLICY)
    [refresh] = refresh_feeds(do_claim_feeds([feed.pk]), POLICY)
    assert (refresh.outcome, refresh.created) == ("stored", 2)
    article = Article.objects.get(url="https://pub.example/world/2")
    assert article.title == "Summit ends without a deal"
    assert article.published_at.isoformat() == "2026-11-27T08:30:00+00:00"
    assert article.language == "en"


def test_a_sitemap_index_subscribes_each_listed_sitemap_once(site):
    [index], _ = do_add_feed_or_site(f"{site}/index.xml", "Pub", policy=POLICY)
    for _ in range(2):
        refresh_feeds(do_claim_feeds([index.pk]), POLICY)
    children = Feed.objects.exclude(pk=index.pk)
    assert sorted(children.values_list("url", flat=True)) == [
        f"{site}/2026-10.xml",
        f"{site}/news.xml",
    ]
    assert {child.kind for child in children} == {Feed.Kind.SITEMAP}
    assert {child.publisher_id for child in children} == {index.publisher_id}
