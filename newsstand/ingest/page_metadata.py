"""Read what an article page says about itself: JSON-LD first, then Open Graph and article:* meta.

The page's own structured data is the publisher's statement of title, authors, date and section,
so it is trusted before anything guessed from the layout. Every reader here tolerates malformed
input: a page's metadata is untrusted and often wrong in shape (strings where lists belong,
lists where objects belong), and a bad block is skipped, never fatal.
"""

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

from newsstand.ingest.normalize import clean_url, primary_language, split_authors
from newsstand.ingest.sanitize import is_web_url

ARTICLE_TYPES = frozenset(
    {
        "Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle",
        "BackgroundNewsArticle", "OpinionNewsArticle", "ReviewNewsArticle", "BlogPosting",
        "LiveBlogPosting", "Report", "SatiricalArticle", "TechArticle",
    }
)  # fmt: skip
# JSON-LD keys that credit where the text comes from, read for a wire credit.
CREDIT_KEYS = ("creditText", "copyrightNotice", "copyrightHolder", "sourceOrganization")
MAX_JSON_LD_CHARS = 1_000_000  # a bigger block is not metadata; skip it rather than parse it


@dataclass
class PageMetadata:
    """What a page's markup states about its article; "" (or None, or []) where it is silent."""

    title: str = ""
    authors: list[str] = field(default_factory=list)
    published_at: datetime | None = None  # aware, UTC
    section: str = ""
    language: str = ""
    image_url: str = ""
    canonical_url: str = ""
    description: str = ""
    rights: str = ""  # credit and copyright statements, where a wire credit is written


def read_page_metadata(tree: HtmlElement, url: str = "") -> PageMetadata:
    """The article metadata a parsed page states, JSON-LD before Open Graph before plain meta."""
    article = next(_json_ld_articles(tree), {})
    meta = _meta_values(tree)
    return PageMetadata(
        title=_text(article.get("headline"))
        or _text(article.get("name"))
        or _first(meta, "og:title"),
        authors=_names(article.get("author"))
        or split_authors([a for a in meta.get("article:author", []) if not _looks_like_url(a)])
        or split_authors(meta.get("author", [])[:1]),
        published_at=parse_date(_text(article.get("datePublished")))
        or parse_date(_first(meta, "article:published_time")),
        section=_text(article.get("articleSection")) or _first(meta, "article:section"),
        language=primary_language(_language(article.get("inLanguage")))
        or primary_language(_first(meta, "og:locale"))
        or primary_language(tree.get("lang") or "")
        or primary_language(_first(meta, "content-language")),
        image_url=_absolute(_image(article.get("image")) or _first(meta, "og:image"), url),
        canonical_url=_canonical(tree, url) or _absolute(_first(meta, "og:url"), url),
        description=_text(article.get("description"))
        or _first(meta, "og:description")
        or _first(meta, "description"),
        rights=_rights(article, meta),
    )


def parse_date(value: str) -> datetime | None:
    """An ISO 8601 or RFC 2822 date as an aware UTC datetime (UTC when it names no zone)."""
    value = value.strip()
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def _json_ld_articles(tree: HtmlElement) -> Iterator[dict[str, Any]]:
    """The article objects of the page's JSON-LD blocks, in document order."""
    for script in tree.iterfind(".//script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        text = script.text or ""
        if len(text) > MAX_JSON_LD_CHARS:
            continue
        try:
            data = json.loads(text, strict=False)  # raw newlines inside strings are common
        except (ValueError, RecursionError):
            continue
        yield from (node for node in _nodes(data, depth=0) if _is_article(node))


def _nodes(data: Any, depth: int) -> Iterator[dict[str, Any]]:
    """Every object of a JSON-LD document: top-level ones, list items and @graph members."""
    if depth > 4:  # articles sit at the top, in a list or in @graph; deeper is not the page's own
        return
    if isinstance(data, list):
        for item in data:
            yield from _nodes(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        yield from _nodes(data.get("@graph"), depth + 1)
        # mainEntity: a WebPage whose subject is the article
        yield from _nodes(data.get("mainEntity"), depth + 1)


def _is_article(node: dict[str, Any]) -> bool:
    """Whether a JSON-LD object is an article (its @type, a string or a list, names one)."""
    types = node.get("@type")
    names = types if isinstance(types, list) else [types]
    return any(isinstance(name, str) and name.rsplit("/", 1)[-1] in ARTICLE_TYPES for name in names)


def _meta_values(tree: HtmlElement) -> dict[str, list[str]]:
    """Each <meta property|name|http-equiv> key, lowercased, with its non-empty contents."""
    values: dict[str, list[str]] = {}
    for meta in tree.iterfind(".//meta"):
        key = meta.get("property") or meta.get("name") or meta.get("http-equiv") or ""
        content = " ".join((meta.get("content") or "").split())
        if key and content:
            values.setdefault(key.strip().lower(), []).append(content)
    return values


def _first(meta: dict[str, list[str]], key: str) -> str:
    """The first value of a meta key, or ""."""
    return next(iter(meta.get(key, [])), "")


def _text(value: Any) -> str:
    """A JSON-LD value as one line of text: a string, the first of a list, or ""."""
    if isinstance(value, list):
        return next(filter(None, (_text(item) for item in value)), "")
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _names(value: Any) -> list[str]:
    """Author names from a JSON-LD author: Person or Organization objects, strings, or lists."""
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items:
        name = _text(item.get("name")) if isinstance(item, dict) else _text(item)
        if name and not _looks_like_url(name):
            names.append(name)
    return split_authors(names)


def _language(value: Any) -> str:
    """A JSON-LD inLanguage: a tag, or a Language object with its alternateName or name."""
    if isinstance(value, dict):
        return _text(value.get("alternateName")) or _text(value.get("name"))
    return _text(value)


def _image(value: Any) -> str:
    """A JSON-LD image's URL: a string, an ImageObject's url, or the first of a list."""
    if isinstance(value, list):
        return next(filter(None, (_image(item) for item in value)), "")
    if isinstance(value, dict):
        return _text(value.get("url")) or _text(value.get("contentUrl"))
    return _text(value)


def _rights(article: dict[str, Any], meta: dict[str, list[str]]) -> str:
    """The page's credit and copyright statements, one per line."""
    lines = [_text(article.get(key)) or _names_text(article.get(key)) for key in CREDIT_KEYS]
    # A story "based on" a wire agency's page credits that agency: keep the source's host.
    based_on = article.get("isBasedOn")
    source = _text(based_on.get("url")) if isinstance(based_on, dict) else _text(based_on)
    lines.append(_host(source))
    lines.extend(meta.get("copyright", []) + meta.get("dcterms.rights", []))
    return "\n".join(line for line in lines if line)


def _names_text(value: Any) -> str:
    """The names of an Organization or Person value (or list of them), comma-separated."""
    return ", ".join(_names(value))


def _canonical(tree: HtmlElement, url: str) -> str:
    """The page's <link rel=canonical>, resolved against url and cleaned; "" when absent."""
    for link in tree.iterfind(".//link"):
        rels = (link.get("rel") or "").lower().split()
        if "canonical" in rels and (link.get("href") or "").strip():
            return _absolute(link.get("href", ""), url)
    return ""


def _absolute(href: str, url: str) -> str:
    """href resolved against url and cleaned, when that makes an http(s) URL; else ""."""
    try:
        resolved = clean_url(urljoin(url, href.strip()))
    except ValueError:
        return ""
    return resolved if is_web_url(resolved) else ""


def _host(url: str) -> str:
    """The host name of an absolute URL, or ""."""
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""


def _looks_like_url(text: str) -> bool:
    """Whether a name field holds a URL (a profile page) rather than a name."""
    return text.lower().startswith(("http://", "https://", "//", "www."))
