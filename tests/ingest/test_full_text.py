"""Items that carry only a summary get their page's full text, within robots.txt, once."""

import pytest
from aiohttp import web

from newsstand.articles.models import Article
from newsstand.ingest.fetch import FetchPolicy, parse_networks
from newsstand.ingest.robots import forget_rules, rules_from_response
from newsstand.ingest.services import do_claim_feeds, refresh_feeds
from tests.factories import make_feed, make_publisher
from tests.local_server import serve

pytestmark = pytest.mark.django_db

POLICY = FetchPolicy(timeout=5, allow_networks=parse_networks(["127.0.0.0/8"]))
PARAGRAPH = (
    "The Treasury Department on Thursday sanctioned a North Korean couple and a company "
    "accused of helping to procure equipment for the country's ballistic missile program. "
)
PAGE = """<!doctype html><html lang="en"><head><title>{title}</title>
<link rel="canonical" href="{base}/articles/{n}">
<meta property="article:section" content="National">
<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "{title}",
"author": {{"@type": "Person", "name": "Fatima Hussein"}},
"datePublished": "2021-04-16T18:00:00Z"}}</script></head>
<body><nav>Home | World | Sport</nav><article><h1>{title}</h1>
<p>{body} First.</p><p>{body} Second.</p><p>{body} Third.</p>
<p>Copyright 2021 The Associated Press. All rights reserved.</p></article>
<footer>Subscribe to our newsletter</footer></body></html>"""


class Site:
    def __init__(self):
        self.hits: dict[str, int] = {}

    async def feed(self, request):
        base = f"http://{request.host}"
        items = "".join(
            f"<item><title>Story {n}</title><link>{base}/articles/{n}</link>"
            f"<guid>{base}/articles/{n}</guid><description>Short summary {n}.</description>"
            "</item>"
            for n in (1, 2)
        )
        return web.Response(
            text=f"<rss version='2.0'><channel><title>S</title>{items}</channel></rss>",
            content_type="application/rss+xml",
        )

    async def article(self, request):
        n = request.match_info["n"]
        self.hits[n] = self.hits.get(n, 0) + 1
        page = PAGE.format(title=f"Story {n}", base=f"http://{request.host}", n=n, body=PARAGRAPH)
        return web.Response(text=page, content_type="text/html")

    async def robots(self, request):
        return web.Response(text="User-agent: *\nDisallow: /articles/2\n")

    def app(self):
        app = web.Application()
        app.router.add_get("/feed.xml", self.feed)
        app.router.add_get("/articles/{n}", self.article)
        app.router.add_get("/robots.txt", self.robots)
        return app


@pytest.fixture
def site():
    forget_rules()
    source = Site()
    with serve(source.app()) as base_url:
        source.feed_url = f"{base_url}/feed.xml"
        yield source
    forget_rules()


def test_summary_only_items_get_the_full_text_of_pages_robots_txt_allows(site):
    feed = make_feed(url=site.feed_url)
    refresh_feeds(do_claim_feeds([feed.pk]), POLICY)
    full = Article.objects.get(title="Story 1")
    assert full.body_text.count("Treasury Department") == 3
    assert "Subscribe to our newsletter" not in full.body_text
    assert full.wire_credit == "Associated Press"
    assert full.word_count > 60
    kept_out = Article.objects.get(title="Story 2")
    assert kept_out.body_text == "Short summary 2."
    assert site.hits == {"1": 1}  # robots.txt disallows /articles/2: never fetched


def test_a_refetch_of_the_same_items_keeps_the_full_text_and_fetches_no_page(site):
    feed = make_feed(url=site.feed_url)
    refresh_feeds(do_claim_feeds([feed.pk]), POLICY)
    [refresh] = refresh_feeds(do_claim_feeds([feed.pk]), POLICY)
    assert refresh.unchanged == 2
    assert Article.objects.get(title="Story 1").body_text.count("Treasury Department") == 3
    assert site.hits == {"1": 1}


def test_a_publisher_is_not_its_own_wire_service(site):
    publisher = make_publisher(name="The Associated Press")
    refresh_feeds(do_claim_feeds([make_feed(publisher, url=site.feed_url).pk]), POLICY)
    assert Article.objects.get(title="Story 1").wire_credit == ""


@pytest.mark.parametrize(
    ("status", "allowed"),
    [(404, True), (410, True), (500, False), (0, False)],
)
def test_robots_txt_that_cannot_be_read_is_read_as_the_standard_says(status, allowed):
    assert rules_from_response(status, b"").can_fetch("Newsstand", "https://a.example/x") is allowed
