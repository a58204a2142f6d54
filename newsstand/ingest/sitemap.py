"""Read a sitemap (plain, Google News or image) into a ParsedFeed of pages to fetch.

For publishers without a feed. Entries carry no body: the pipeline fetches each page for its
text. A sitemap index lists other sitemaps rather than pages; parse_sitemap raises SitemapIndex
for it, carrying the child sitemaps' URLs, so a caller that does not follow indexes still gets
a FeedParseError saying what the document is. Gzipped sitemaps are inflated up to the
protocol's 50 MB limit, and a document declaring a DTD or entities is refused outright.
"""

import re
import zlib
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

from lxml import etree

from newsstand.ingest.items import FeedItem, ParsedFeed, unique_texts
from newsstand.ingest.parse import FeedParseError

MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # the sitemap protocol's limit, uncompressed
GZIP_MAGIC = b"\x1f\x8b"
# Sitemaps never need a DTD; refusing one stops entity expansion (billion laughs) and external
# entities (file or network reads) whatever the XML parser's own defences.
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_PARSER_OPTIONS = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "huge_tree": False,
    "remove_comments": True,
    "remove_pis": True,
}


class SitemapIndex(FeedParseError):
    """The document is a sitemap index: `urls` lists its child sitemaps, in document order."""

    def __init__(self, urls: list[str]) -> None:
        self.urls = urls
        super().__init__(f"sitemap index listing {len(urls)} sitemaps")


def parse_sitemap(body: bytes, url: str = "") -> ParsedFeed:
    """Parse a sitemap fetched from url into items to fetch; SitemapIndex for an index,
    FeedParseError for anything else that is not a readable sitemap."""
    root = _root(_inflate(body))
    kind = etree.QName(root).localname
    if kind == "sitemapindex":
        raise SitemapIndex(
            unique_texts(
                _absolute(_child_text(entry, "loc"), url) for entry in _children(root, "sitemap")
            )
        )
    if kind != "urlset":
        raise FeedParseError(f"not a sitemap: root element <{kind}>")
    entries = _children(root, "url")
    items = [item for item in (_item(entry, url) for entry in entries) if item.url]
    names = (_child_text(_child(_child(e, "news"), "publication"), "name") for e in entries)
    return ParsedFeed(
        format="sitemap",
        title=" ".join(next(filter(None, names), "").split()),
        language=next((item.language for item in items if item.language), ""),
        items=items,
    )


def _inflate(body: bytes) -> bytes:
    """body, gunzipped when it starts with the gzip magic; FeedParseError past the size cap."""
    if body.startswith(GZIP_MAGIC):
        inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        try:
            inflated = inflater.decompress(body, MAX_SITEMAP_BYTES + 1)
        except zlib.error as error:
            raise FeedParseError(f"malformed gzipped sitemap: {error}") from error
        if len(inflated) > MAX_SITEMAP_BYTES:
            raise FeedParseError(f"sitemap larger than {_megabytes()} once decompressed")
        if not inflater.eof:
            raise FeedParseError("malformed gzipped sitemap: truncated")
        body = inflated
    if len(body) > MAX_SITEMAP_BYTES:
        raise FeedParseError(f"sitemap larger than {_megabytes()}")
    return body


def _megabytes() -> str:
    """The size cap in words, for error messages."""
    return f"{MAX_SITEMAP_BYTES // (1024 * 1024)} MB"


def _root(body: bytes) -> etree._Element:
    """The document's root element, parsed without DTDs, entities or network access."""
    if not body.strip():
        raise FeedParseError("not a sitemap: empty document")
    if _DTD.search(body):
        raise FeedParseError("sitemap refused: it declares a DTD or entities")
    try:
        return etree.fromstring(body, etree.XMLParser(**_PARSER_OPTIONS))
    except etree.XMLSyntaxError as error:
        raise FeedParseError(f"malformed sitemap: {error}") from error


def _item(entry: etree._Element, base: str) -> FeedItem:
    """One <url> entry, with its news and image extensions, as a FeedItem."""
    loc = _absolute(_child_text(entry, "loc"), base)
    news = _child(entry, "news")
    lastmod = _date(_child_text(entry, "lastmod"))
    published = _date(_child_text(news, "publication_date"))
    keywords = _child_text(news, "keywords")
    return FeedItem(
        guid=loc,
        url=loc,
        title=" ".join(_child_text(news, "title").split()),
        published_at=published or lastmod,
        updated_at=lastmod if published else None,
        image_url=next(
            filter(
                None, (_absolute(_child_text(i, "loc"), base) for i in _children(entry, "image"))
            ),
            "",
        ),
        categories=unique_texts(keywords.split(",")),
        language=_child_text(_child(news, "publication"), "language"),
    )


def _children(element: etree._Element | None, name: str) -> list[etree._Element]:
    """element's child elements of that local name, whatever their namespace."""
    if element is None:
        return []
    return [
        child
        for child in element
        if isinstance(child.tag, str) and etree.QName(child).localname == name
    ]


def _child(element: etree._Element | None, name: str) -> etree._Element | None:
    """element's first child element of that local name, or None."""
    return next(iter(_children(element, name)), None)


def _child_text(element: etree._Element | None, name: str) -> str:
    """The stripped text of element's first child of that local name; "" when there is none."""
    return _text(_child(element, name))


def _text(element: etree._Element | None) -> str:
    """The stripped text content of element, or ""."""
    return "".join(element.itertext()).strip() if element is not None else ""


def _date(text: str) -> datetime | None:
    """A W3C datetime (a subset of ISO 8601) as an aware UTC datetime, or None."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    # A date without a zone is taken as UTC, the least wrong guess for a machine's timestamp.
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _absolute(link: str, base: str) -> str:
    """link resolved against base, or "" unless the result is an http(s) URL."""
    if not link:
        return ""
    try:
        resolved = urljoin(base, link)
        scheme = urlsplit(resolved).scheme
    except ValueError:
        return ""
    return resolved if scheme in ("http", "https") else ""
