"""The simulator over HTTP: validators and 304s, content types, 404s, pages and the catalog."""

import json
import re
import socket
from html import unescape

import pytest

from newsstand.publishers.opml import parse_opml
from newsstand.simulator.corpus import sample_feeds
from newsstand.simulator.server import run_in_thread
from tests.simulator.conftest import get

pytestmark = pytest.mark.network


def test_second_request_with_etag_gets_304(simulator):
    first = get(f"{simulator}/wikinews/feed.atom")
    assert first.status == 200
    etag = first.headers["ETag"]
    assert re.fullmatch(r'"[0-9a-f]{32}"', etag)  # strong: no W/ prefix
    second = get(f"{simulator}/wikinews/feed.atom", **{"If-None-Match": etag})
    assert second.status == 304
    assert second.body == b""
    assert second.headers["ETag"] == etag


def test_second_request_with_if_modified_since_gets_304(simulator):
    first = get(f"{simulator}/tim-kaine/feed.rss")
    last_modified = first.headers["Last-Modified"]
    again = get(f"{simulator}/tim-kaine/feed.rss", **{"If-Modified-Since": last_modified})
    assert again.status == 304


def test_request_with_an_older_if_modified_since_gets_the_feed(simulator):
    reply = get(
        f"{simulator}/tim-kaine/feed.rss", **{"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"}
    )
    assert reply.status == 200


def test_a_stale_etag_gets_the_feed_even_with_a_current_date(simulator):
    current = get(f"{simulator}/tim-kaine/feed.rss").headers["Last-Modified"]
    reply = get(
        f"{simulator}/tim-kaine/feed.rss",
        **{"If-None-Match": '"0123"', "If-Modified-Since": current},
    )
    assert reply.status == 200


def test_last_modified_is_the_newest_item_of_the_feed(simulator, corpus):
    newest = corpus.articles["wikinews"][0].published_at
    reply = get(f"{simulator}/wikinews/feed.json")
    assert reply.headers["Last-Modified"] == newest.strftime("%a, %d %b %Y %H:%M:%S GMT")


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/", "text/html; charset=utf-8"),
        ("/catalog.opml", "text/x-opml; charset=utf-8"),
        ("/wikinews/", "text/html; charset=utf-8"),
        ("/wikinews/feed.rss", "application/rss+xml; charset=utf-8"),
        ("/wikinews/feed.atom", "application/atom+xml; charset=utf-8"),
        ("/wikinews/feed.json", "application/feed+json; charset=utf-8"),
    ],
)
def test_each_document_has_its_content_type_with_charset(simulator, path, content_type):
    reply = get(simulator + path)
    assert reply.status == 200
    assert reply.headers["Content-Type"] == content_type


@pytest.mark.parametrize(
    "path",
    [
        "/no-such-publisher/feed.rss",
        "/wikinews/feed.xml",
        "/wikinews/no-such-article",
        "/no-such-publisher/",
        "/wikinews/some/deeper/path",
        "/favicon.ico",
    ],
)
def test_unknown_paths_are_404(simulator, path):
    assert get(simulator + path).status == 404


def test_index_links_every_publishers_three_feeds(simulator, corpus):
    page = get(simulator + "/").text
    for slug in corpus.publishers:
        for feed_format in ("rss", "atom", "json"):
            assert f'href="{simulator}/{slug}/feed.{feed_format}"' in page


def test_article_page_has_canonical_link_and_json_ld(simulator, corpus):
    release = corpus.articles["tim-kaine"][0]
    page = get(f"{simulator}/tim-kaine/{release.slug}").text
    assert f'<link rel="canonical" href="{release.original_url}">' in unescape(page)
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    data = json.loads(block.group(1))
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == release.title
    assert data["author"] == [{"@type": "Person", "name": release.byline}]
    assert data["datePublished"] == release.published_at.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_article_page_has_open_graph_and_article_meta(simulator, corpus):
    copy = corpus.articles["harbour-times"][0]
    page = unescape(get(f"{simulator}/harbour-times/{copy.slug}").text)
    assert f'<meta property="og:title" content="{copy.title}">' in page
    assert '<meta property="article:section" content="Business">' in page
    assert '<meta property="article:author" content="Harbour Times business desk">' in page
    assert "article:published_time" in page
    assert copy.credit_line in page
    # A copy has no page elsewhere: its canonical is its page here.
    assert f'<link rel="canonical" href="{simulator}/harbour-times/{copy.slug}">' in page


def test_article_page_surrounds_the_text_with_site_boilerplate(simulator, corpus):
    article = corpus.articles["wikinews"][0]
    page = get(f"{simulator}/wikinews/{article.slug}").text
    for boilerplate in ("cookie-banner", "<nav", "newsletter", "More from Wikinews", "<footer"):
        assert boilerplate in page


def test_markup_in_the_json_ld_cannot_close_the_script_block(simulator, corpus):
    for slug, articles in corpus.articles.items():
        page = get(f"{simulator}/{slug}/{articles[0].slug}").text
        block = page.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
        assert "<" not in block


def test_catalog_opml_lists_every_sample_feed_with_its_section(simulator):
    feeds = parse_opml(get(simulator + "/catalog.opml").body)
    expected = sample_feeds(simulator)
    assert [f.url for f in feeds] == [f.url for f in expected]
    assert [f.publisher for f in feeds] == [f.publisher_name for f in expected]
    assert [f.section for f in feeds] == [f.section_name for f in expected]
    assert all(f.homepage_url for f in feeds)


def test_links_follow_the_host_the_request_came_to(simulator):
    port = simulator.rsplit(":", 1)[1]
    reply = get(f"{simulator}/wikinews/feed.rss", Host=f"localhost:{port}")
    assert f"http://localhost:{port}/wikinews/" in reply.text
    assert "127.0.0.1" not in reply.text


def test_run_in_thread_serves_on_a_free_port_and_stops_on_exit():
    with run_in_thread() as base_url:
        assert get(base_url + "/").status == 200
        port = int(base_url.rsplit(":", 1)[1])
    with pytest.raises(ConnectionRefusedError), socket.create_connection(("127.0.0.1", port)):
        pass


def test_run_in_thread_on_a_taken_port_raises_in_the_caller():
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        port = blocker.getsockname()[1]
        taken = pytest.raises(OSError, match=r"(?i)address already in use")
        with taken, run_in_thread(port=port):
            pass
