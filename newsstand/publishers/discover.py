"""Find a site's feeds on its web page, and tell a feed from a page. Pure: no network or database.

A page announces its feeds with `<link rel="alternate" type="application/rss+xml" href="…">`
(or Atom, or JSON Feed); the hrefs resolve against the page's `<base href>` if it has one.
"""

import json
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

FEED_LINK_TYPES = {
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/json",
}
FEED_MEDIA_TYPES = {
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/feed+json",
}
FEED_ROOTS = {"rss", "feed", "rdf"}  # RSS 2.0, Atom, RSS 1.0 (rdf:RDF)
SITEMAP_ROOTS = {"urlset", "sitemapindex"}
GZIP_MAGIC = b"\x1f\x8b"
SNIFF_BYTES = 4096

# The first element of an XML or HTML document, past the declaration, comments and doctype.
_ROOT_ELEMENT = re.compile(
    rb"\s*(?:<\?.*?\?>\s*|<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*<([A-Za-z_][\w:.-]*)",
    re.DOTALL | re.IGNORECASE,
)


def find_feed_links(html: str, base_url: str) -> list[str]:
    """The absolute http(s) URLs of the page's feed links, in document order, each once."""
    collector = _FeedLinkCollector()
    collector.feed(html)
    collector.close()
    # The first <base href> sets the base of every link in the document, wherever it stands.
    base = urljoin(base_url, collector.base_href) if collector.base_href else base_url
    links: list[str] = []
    for href in collector.hrefs:
        url = urljoin(base, href)
        if urlsplit(url).scheme in {"http", "https"} and url not in links:
            links.append(url)
    return links


def looks_like_feed(body: bytes, content_type: str) -> bool:
    """Whether a response is a feed (RSS, Atom, RDF or JSON Feed) rather than a page."""
    head = body[:SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        return _is_json_feed(body)
    root = _ROOT_ELEMENT.match(head)
    if root is not None:
        return root.group(1).decode("ascii", "replace").rpartition(":")[2].lower() in FEED_ROOTS
    # Nothing to sniff: trust what the server says it sent.
    return content_type.split(";")[0].strip().lower() in FEED_MEDIA_TYPES


def looks_like_sitemap(body: bytes) -> bool:
    """Whether a response is a sitemap or sitemap index (gzipped ones count: pages never are)."""
    if body.startswith(GZIP_MAGIC):
        return True
    root = _ROOT_ELEMENT.match(body[:SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n"))
    if root is None:
        return False
    return root.group(1).decode("ascii", "replace").rpartition(":")[2].lower() in SITEMAP_ROOTS


def decode_page(body: bytes, content_type: str) -> str:
    """The body as text, in the charset the Content-Type names (UTF-8 otherwise)."""
    # A <meta charset> is not looked for: feed links are ASCII URLs in practice, and a
    # misread accent elsewhere on the page cannot change them.
    match = re.search(r"charset=[\"']?([\w.:-]+)", content_type, re.IGNORECASE)
    try:
        return body.decode(match.group(1) if match else "utf-8", errors="replace")
    except LookupError:  # a charset Python does not know
        return body.decode("utf-8", errors="replace")


def _is_json_feed(body: bytes) -> bool:
    try:
        document = json.loads(body)
    except ValueError:
        return False
    version = document.get("version") if isinstance(document, dict) else None
    return isinstance(version, str) and "jsonfeed.org/version/" in version


class _FeedLinkCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.base_href = ""
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: (value or "").strip() for name, value in attrs}
        href = attributes.get("href", "")
        if not href:
            return
        if tag == "base" and not self.base_href:
            self.base_href = href
        elif (
            tag == "link"
            and "alternate" in attributes.get("rel", "").lower().split()
            and attributes.get("type", "").split(";")[0].strip().lower() in FEED_LINK_TYPES
        ):
            self.hrefs.append(href)
