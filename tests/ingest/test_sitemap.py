"""Specification of parse_sitemap: news, image and plain sitemaps, indexes, gzip and hostile XML."""

import gzip
from datetime import UTC, datetime

import pytest

from newsstand.ingest import sitemap
from newsstand.ingest.items import FeedItem
from newsstand.ingest.parse import FeedParseError
from newsstand.ingest.sitemap import SitemapIndex, parse_sitemap

SITEMAP_URL = "https://news.example/sitemap-news.xml"

NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
  <url>
    <loc>https://news.example/business/article55.html</loc>
    <lastmod>2024-05-02T08:00:00+00:00</lastmod>
    <news:news>
      <news:publication>
        <news:name>The Example Times</news:name>
        <news:language>en</news:language>
      </news:publication>
      <news:publication_date>2024-05-01T14:00:00+02:00</news:publication_date>
      <news:title>Companies A, B in Merger   Talks</news:title>
      <news:keywords>business, merger, , acquisition</news:keywords>
    </news:news>
    <image:image><image:loc>https://img.example/merger.jpg</image:loc></image:image>
  </url>
  <url>
    <loc>https://news.example/world/talks.html</loc>
    <news:news>
      <news:publication><news:name>The Example Times</news:name>
        <news:language>en</news:language></news:publication>
      <news:publication_date>2024-05-01</news:publication_date>
      <news:title><![CDATA[Talks resume & go on]]></news:title>
    </news:news>
  </url>
</urlset>"""

PLAIN_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <!-- generated -->
  <url><loc>https://site.example/</loc><lastmod>2024-04-30</lastmod></url>
  <url><loc>  /relative/page  </loc></url>
  <url><loc>javascript:alert(1)</loc></url>
  <url><lastmod>2024-04-30</lastmod></url>
  <url><loc>https://site.example/about</loc><lastmod>not a date</lastmod></url>
</urlset>"""

INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://news.example/sitemap-1.xml.gz</loc><lastmod>2024-05-01</lastmod></sitemap>
  <sitemap><loc>/sitemap-2.xml</loc></sitemap>
  <sitemap><loc>https://news.example/sitemap-1.xml.gz</loc></sitemap>
  <sitemap><loc>ftp://news.example/old.xml</loc></sitemap>
</sitemapindex>"""

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE urlset [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://x.example/&lol3;</loc></url>
</urlset>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE urlset [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://x.example/&secret;</loc></url>
</urlset>"""


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        pytest.param(
            NEWS_SITEMAP,
            [
                FeedItem(
                    guid="https://news.example/business/article55.html",
                    url="https://news.example/business/article55.html",
                    title="Companies A, B in Merger Talks",
                    published_at=datetime(2024, 5, 1, 12, 0, tzinfo=UTC),
                    updated_at=datetime(2024, 5, 2, 8, 0, tzinfo=UTC),
                    image_url="https://img.example/merger.jpg",
                    categories=["business", "merger", "acquisition"],
                    language="en",
                ),
                FeedItem(
                    guid="https://news.example/world/talks.html",
                    url="https://news.example/world/talks.html",
                    title="Talks resume & go on",
                    published_at=datetime(2024, 5, 1, tzinfo=UTC),
                    language="en",
                ),
            ],
            id="google-news-sitemap",
        ),
        pytest.param(
            PLAIN_SITEMAP,
            [
                FeedItem(
                    guid="https://site.example/",
                    url="https://site.example/",
                    published_at=datetime(2024, 4, 30, tzinfo=UTC),
                ),
                FeedItem(
                    guid="https://news.example/relative/page",
                    url="https://news.example/relative/page",
                ),
                FeedItem(guid="https://site.example/about", url="https://site.example/about"),
            ],
            id="plain-sitemap-skips-entries-without-a-web-url",
        ),
        pytest.param(
            b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>',
            [],
            id="empty-urlset",
        ),
        pytest.param(
            b"<urlset><url><loc>https://no-namespace.example/a</loc></url></urlset>",
            [FeedItem(guid="https://no-namespace.example/a", url="https://no-namespace.example/a")],
            id="missing-namespace",
        ),
    ],
)
def test_sitemap_entries_become_feed_items_in_document_order(document, expected):
    parsed = parse_sitemap(document, SITEMAP_URL)
    assert parsed.format == "sitemap"
    assert parsed.items == expected


def test_news_sitemap_names_its_publication_and_language():
    parsed = parse_sitemap(NEWS_SITEMAP, SITEMAP_URL)
    assert (parsed.title, parsed.language) == ("The Example Times", "en")


def test_sitemap_index_raises_sitemap_index_with_its_child_sitemaps():
    with pytest.raises(SitemapIndex) as caught:
        parse_sitemap(INDEX, SITEMAP_URL)
    assert caught.value.urls == [
        "https://news.example/sitemap-1.xml.gz",
        "https://news.example/sitemap-2.xml",
    ]
    # A caller that does not follow indexes still sees a parse error saying what it got.
    assert isinstance(caught.value, FeedParseError)
    assert str(caught.value) == "sitemap index listing 2 sitemaps"


def test_gzipped_sitemap_is_decompressed():
    assert parse_sitemap(gzip.compress(NEWS_SITEMAP)) == parse_sitemap(NEWS_SITEMAP)


def test_gzipped_index_is_decompressed():
    with pytest.raises(SitemapIndex):
        parse_sitemap(gzip.compress(INDEX), SITEMAP_URL)


def test_gzip_bomb_stops_at_the_size_cap(monkeypatch):
    monkeypatch.setattr(sitemap, "MAX_SITEMAP_BYTES", 1024 * 1024)
    bomb = gzip.compress(b"<urlset>" + b" " * (20 * 1024 * 1024) + b"</urlset>")
    assert len(bomb) < 50 * 1024
    with pytest.raises(FeedParseError, match="larger than 1 MB once decompressed"):
        parse_sitemap(bomb)


def test_default_cap_is_the_protocols_50_mb():
    assert sitemap.MAX_SITEMAP_BYTES == 50 * 1024 * 1024


@pytest.mark.parametrize(
    ("document", "message"),
    [
        pytest.param(BILLION_LAUGHS, "declares a DTD or entities", id="billion-laughs"),
        pytest.param(EXTERNAL_ENTITY, "declares a DTD or entities", id="external-entity"),
        pytest.param(gzip.compress(BILLION_LAUGHS), "declares a DTD", id="gzipped-dtd"),
        pytest.param(b"", "empty document", id="empty"),
        pytest.param(b"<urlset><url><loc>https://x.example/", "malformed sitemap", id="truncated"),
        pytest.param(b"<html><body>Not here</body></html>", "root element <html>", id="html"),
        pytest.param(b"<rss version='2.0'><channel/></rss>", "root element <rss>", id="rss"),
        pytest.param(gzip.compress(NEWS_SITEMAP)[:-20], "truncated", id="truncated-gzip"),
        pytest.param(b"\x1f\x8bnot gzip at all", "malformed gzipped sitemap", id="bad-gzip"),
    ],
)
def test_unreadable_or_hostile_documents_raise_feed_parse_error(document, message):
    with pytest.raises(FeedParseError, match=message) as caught:
        parse_sitemap(document)
    assert not isinstance(caught.value, SitemapIndex)
