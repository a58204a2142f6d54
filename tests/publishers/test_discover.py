"""Feed discovery: which links on a page are feeds, and whether a response is a feed at all."""

import pytest

from newsstand.publishers.discover import decode_page, find_feed_links, looks_like_feed

PAGE = "https://news.example/world/index.html"


def page(head: str) -> str:
    return f"<!DOCTYPE html><html><head><title>t</title>{head}</head><body>hi</body></html>"


@pytest.mark.parametrize(
    ("head", "links"),
    [
        (
            '<link rel="alternate" type="application/rss+xml" href="/feed.xml">',
            ["https://news.example/feed.xml"],
        ),
        (
            '<link rel="alternate" type="application/atom+xml" href="atom.xml">',
            ["https://news.example/world/atom.xml"],
        ),
        (
            '<link rel="alternate" type="application/rss+xml" href="//cdn.example/rss">',
            ["https://cdn.example/rss"],
        ),
        (
            '<base href="https://static.example/site/">'
            '<link rel="alternate" type="application/rss+xml" href="rss.xml">',
            ["https://static.example/site/rss.xml"],
        ),
        (
            '<link rel="alternate" type="application/rss+xml" href="rss.xml"><base href="/other/">',
            ["https://news.example/other/rss.xml"],
        ),
        (
            '<link rel="alternate" type="application/rss+xml" href="/a.xml">'
            '<link rel="alternate" type="application/atom+xml" href="/b.atom">'
            '<link rel="alternate" type="application/feed+json" href="/c.json">'
            '<link rel="alternate" type="application/json" href="/d.json">',
            [
                "https://news.example/a.xml",
                "https://news.example/b.atom",
                "https://news.example/c.json",
                "https://news.example/d.json",
            ],
        ),
        (
            '<link rel="alternate" type="application/rss+xml" href="/a.xml">'
            '<link rel="alternate" type="application/rss+xml" href="https://news.example/a.xml">',
            ["https://news.example/a.xml"],
        ),
        (
            '<LINK REL="Alternate home" TYPE="Application/RSS+XML; charset=utf-8" '
            'HREF=" /a.xml "/>',
            ["https://news.example/a.xml"],
        ),
        ('<link rel="alternate" hreflang="fr" href="/fr/">', []),
        ('<link rel="stylesheet" type="text/css" href="/style.css">', []),
        ('<link rel="alternate" type="application/rss+xml">', []),
        ('<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">', []),
        ("", []),
    ],
    ids=[
        "root-relative",
        "relative-to-page",
        "protocol-relative",
        "base-href",
        "base-href-after-link",
        "several-alternates",
        "duplicates-once",
        "case-and-parameters",
        "language-alternate",
        "stylesheet",
        "no-href",
        "not-http",
        "none",
    ],
)
def test_feed_links_resolve_against_the_page_and_its_base(head, links):
    assert find_feed_links(page(head), PAGE) == links


def test_feed_links_in_the_body_count_too():
    html = page("") + '<link rel="alternate" type="application/rss+xml" href="/late.xml">'
    assert find_feed_links(html, PAGE) == ["https://news.example/late.xml"]


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        (b'<?xml version="1.0"?><rss version="2.0"><channel/></rss>', "text/xml", True),
        (b'\xef\xbb\xbf  <feed xmlns="http://www.w3.org/2005/Atom"></feed>', "", True),
        (
            b'<?xml version="1.0"?><?xml-stylesheet href="s.xsl"?><!-- hi -->'
            b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>',
            "application/xml",
            True,
        ),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": []}', "application/json", True),
        (b'{"items": []}', "application/json", False),
        (b"[1, 2]", "application/json", False),
        (b"{not json", "application/feed+json", False),
        (b"<!DOCTYPE html><html><head></head></html>", "text/html", False),
        (b"<html><body>an error page</body></html>", "application/rss+xml", False),
        (b"", "application/rss+xml", True),
        (b"", "text/html", False),
        (b"\x89PNG\r\n", "image/png", False),
    ],
    ids=[
        "rss",
        "atom-with-bom",
        "rdf-after-prolog",
        "json-feed",
        "json-not-a-feed",
        "json-array",
        "broken-json",
        "html",
        "html-labelled-rss",
        "empty-labelled-rss",
        "empty-html",
        "image",
    ],
)
def test_a_feed_is_told_from_a_page_by_its_root_element_first(body, content_type, expected):
    assert looks_like_feed(body, content_type) is expected


@pytest.mark.parametrize(
    ("body", "content_type", "text"),
    [
        ("Café".encode(), "text/html", "Café"),
        ("Café".encode("latin-1"), "text/html; charset=ISO-8859-1", "Café"),
        ("Café".encode(), 'text/html; charset="utf-8"', "Café"),
        ("Café".encode(), "text/html; charset=no-such-charset", "Café"),
    ],
)
def test_a_page_is_decoded_in_the_charset_its_content_type_names(body, content_type, text):
    assert decode_page(body, content_type) == text
