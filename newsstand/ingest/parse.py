"""Read a feed document (RSS 0.9x/1.0/2.0, Atom 0.3/1.0, JSON Feed 1.0/1.1) into a ParsedFeed.

XML goes through fastfeedparser, the fast path, with what it misses added from one light scan
of the items: stray ampersands are escaped before parsing, and item rights, language, several
authors and media-group thumbnails are read from each item's markup. feedparser, the reference,
takes over for what fastfeedparser rejects or reads short (fewer entries than the document has),
and for raw markup in titles or descriptions and DOCTYPE-declared entities. On 200 real feeds
no document needs it, and the set parses about 40 times faster than with feedparser alone
(bench/parse.py). JSON Feed is plain JSON, read here directly so that a wrong type in one
field costs that field, not the feed.
"""

import contextlib
import html
import html.entities
import io
import json
import re
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import fastfeedparser
import feedparser

from newsstand.ingest.items import FeedItem, ParsedFeed, unique_texts
from newsstand.ingest.sanitize import collapse_spaces, html_to_text, text_to_html


class FeedParseError(ValueError):
    """The document is not a feed, or is too broken for either parser to read."""


_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_PROLOG = re.compile(
    r"(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)*", re.DOTALL | re.IGNORECASE
)
_ROOT_TAG = re.compile(r"<(?:[\w.-]+:)?([\w.-]+)")
_ROOT_FORMATS = {"rss": "rss", "rdf": "rss", "feed": "atom"}
_FORMAT_NAMES = {"rss": "RSS", "atom": "Atom"}
_ITEM_TAG = re.compile(rb"<(?:[\w.-]+:)?(?:item|entry)[\s>/]")
_XML_ENCODING = re.compile(rb"""<\?xml[^>]*encoding=["']([\w.:-]+)""")
_HEAD_FIELD = re.compile(
    r"<((?:[\w.-]+:)?(language|copyright|rights))\b[^>]*>(.*?)</\1>", re.DOTALL | re.IGNORECASE
)
_CDATA = re.compile(r"<!\[CDATA\[(.*?)\]\]>", re.DOTALL)
# One pass over the items finds what decides the path: the item tags (fewer entries than tags
# means fastfeedparser's repair of broken XML lost some), author tags (it keeps one author per
# item), the per-item fields it skips (rights, language, media groups: added from the item's
# own markup), and titles or descriptions holding raw elements (<title><b>Big</b> news</title>),
# of which it keeps only the text before the first child: those documents go to feedparser,
# which reads the markup as inline HTML. ("[^<]*+" is possessive: a text with no raw element is
# read once, not backtracked through character by character.)
_ITEM_SCAN = re.compile(
    rb"<(?:(item|entry|dc:creator|author|dc:rights|dcterms:rights|rights|dc:language|media:group)"
    rb"[\s>/]|(?:title|description|summary)(?:\s[^<>]*)?>[^<]*+<(?=[^!/]))"
)
_ITEM_EXTRAS = (b"dc:rights", b"dcterms:rights", b"rights", b"dc:language", b"media:group")
_MARKUP_IN_TEXT = re.compile(rb"<(?:title|description|summary)(?:\s[^<>]*)?>[^<]*+<(?=[^!/])")
_ITEM_END = re.compile(rb"</(?:[\w.-]+:)?(?:item|entry)\s*>")
_ITEM_FIELD = re.compile(
    rb"<(dc:rights|dcterms:rights|rights|dc:language|dc:creator|author)\b[^>]*>(.*?)</\1\s*>",
    re.DOTALL,
)
_AUTHOR_PART = re.compile(rb"<(name|email)\b[^>]*>(.*?)</\1\s*>", re.DOTALL)
_THUMBNAIL_URL = re.compile(rb"""<media:thumbnail\b[^>]*?\surl=(?:"([^"]*)"|'([^']*)')""")
_OPAQUE_PARTS = re.compile(rb"<!\[CDATA\[.*?\]\]>|<source\b[^>]*>.*?</source\s*>", re.DOTALL)
_PUBLISHED_TAG = re.compile(rb"<(?:[\w.-]+:)?(?:pubDate|date|published|issued)[\s>]")
_UPDATED_TAG = re.compile(rb"<(?:[\w.-]+:)?(?:updated|modified|lastBuildDate)[\s>]")
# A bare "&" or an HTML-only entity (&nbsp;, &colon;) outside CDATA makes the XML ill-formed;
# fastfeedparser's repair drops the characters around it, so it is escaped before parsing.
_SUSPECT_AMPERSAND = re.compile(rb"&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);)")
_NAMED_ENTITY = re.compile(rb"&([A-Za-z][A-Za-z0-9]{1,31};)")
_SECTION_START = re.compile(rb"<!\[CDATA\[|<!--")
_HTML_EXCERPT_CHARS = 2048  # how much of the content fastfeedparser reads to invent a summary
_TAG = re.compile(r"<[^>]+>")
_LEADING_MARKUP = re.compile(r"(?:\s|<[^>]+>)*")  # what _TAG and whitespace remove first
# An absolute http(s) URL of printable ASCII without brackets or backslashes, which urljoin
# and urlsplit leave as they are (but for a dangling "?" or "#" they would drop).
_PLAIN_WEB_URL = re.compile(r"https?://[!-Z^-~]+\Z")
_EMAIL_WITH_NAME = re.compile(r"^\S+@\S+\s*\(([^()]+)\)$")


def parse_feed(body: bytes, url: str = "") -> ParsedFeed:
    """Parse a feed document fetched from url; raise FeedParseError when it is not a feed."""
    start = _strip_bom(body).lstrip()
    if not start:
        raise FeedParseError("not a feed: empty document")
    if start.startswith(b"{"):
        return _parse_json_feed(body, url)
    root = _root_element(body)
    if root == "html":
        raise FeedParseError("not a feed: HTML page")
    return _parse_xml_feed(_repair_charset(body), url, _ROOT_FORMATS.get(root, ""))


# --- XML ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _ItemScan:
    """What one pass over a document's items found (see _ITEM_SCAN)."""

    start: int  # offset of the first item, or the document's length when it has none
    items: int
    extras: bool  # per-item fields fastfeedparser skips: rights, language, media, more authors
    # What only feedparser reads right: raw elements in an item's title or description (outside
    # CDATA), or entities the document declares in its DOCTYPE.
    wants_reference: bool


def _parse_xml_feed(body: bytes, url: str, root_format: str) -> ParsedFeed:
    """Parse RSS or Atom with fastfeedparser, falling back to feedparser."""
    scan = _scan_items(body)
    fast = None
    if root_format and not scan.wants_reference:
        # The fast path may fail in any way on broken input; the reference parser decides then.
        with contextlib.suppress(Exception):
            fast = fastfeedparser.parse(_escape_stray_ampersands(body))
    entries = (fast.get("entries") or []) if fast is not None else []
    complete = not scan.extras or _add_item_fields(entries, body, scan.start)
    # Fewer entries than <item>/<entry> tags means fastfeedparser's repair of broken XML lost
    # some; feedparser's lenient parser usually keeps them.
    if fast is not None and entries and len(entries) >= scan.items and complete:
        return _feed_from_fast(fast, body, url, root_format, scan.start)
    # A BytesIO, not bytes: feedparser would try a bytes argument as a file name first.
    reference = feedparser.parse(io.BytesIO(body))
    version = reference.get("version", "")
    if len(reference.entries) > len(entries) or (version and (fast is None or not complete)):
        return _feed_from_reference(reference, url, root_format or _format_of(version))
    if fast is not None:
        return _feed_from_fast(fast, body, url, root_format, scan.start)
    if root_format:
        problem = reference.get("bozo_exception") or "no entries"
        raise FeedParseError(f"malformed {_FORMAT_NAMES[root_format]} feed: {problem}")
    raise FeedParseError("not a feed: no RSS, Atom or JSON Feed root element")


def _scan_items(body: bytes) -> _ItemScan:
    """One pass over the document's items for what decides between the parsers."""
    first = _ITEM_TAG.search(body)
    start = first.start() if first else len(body)
    declares_entities = body.find(b"<!ENTITY", 0, start) >= 0
    if not first:
        return _ItemScan(start, 0, extras=False, wants_reference=declares_entities)
    tags = Counter(_ITEM_SCAN.findall(body, start))
    items = tags[b"item"] + tags[b"entry"]
    if not first.group().startswith((b"<item", b"<entry")):
        items = len(_ITEM_TAG.findall(body, start))  # rare prefixed items: <rss:item>
    authors = tags[b"dc:creator"] + tags[b"author"]
    # b"": the pattern's markup branch, which may have matched inside a CDATA section.
    markup = bool(tags[b""]) and any(
        not _in_cdata(body, match.start()) for match in _MARKUP_IN_TEXT.finditer(body, start)
    )
    return _ItemScan(
        start,
        items,
        extras=authors > items or any(tags[name] for name in _ITEM_EXTRAS),
        wants_reference=declares_entities or markup,
    )


def _in_cdata(body: bytes, at: int) -> bool:
    """Whether offset at lies inside a CDATA section."""
    return body.rfind(b"<![CDATA[", 0, at) > body.rfind(b"]]>", 0, at)


def _escape_stray_ampersands(body: bytes) -> bytes:
    """body with each ampersand that breaks the XML escaped, HTML entities as character refs."""
    if b"\x00" in body[:4]:
        return body  # UTF-16 or UTF-32
    strays = _stray_ampersands(body)
    if not strays:
        return body
    pieces = []
    done = 0
    for at in strays:
        pieces.append(body[done:at])
        entity = _NAMED_ENTITY.match(body, at)
        text = html.entities.html5.get(entity.group(1).decode()) if entity else None
        if entity and text:
            pieces.append("".join(f"&#{ord(char)};" for char in text).encode())
            done = entity.end()
        else:
            pieces.append(b"&amp;")
            done = at + 1
    pieces.append(body[done:])
    return b"".join(pieces)


def _stray_ampersands(body: bytes) -> list[int]:
    """Offsets of the suspect ampersands outside CDATA sections and comments."""
    strays: list[int] = []
    done = 0
    suspect = _SUSPECT_AMPERSAND.search(body)
    # Sections are skipped whole, so each byte is scanned about once however many suspects
    # (&nbsp; in CDATA HTML) a document holds.
    while suspect:
        at = suspect.start()
        section = _SECTION_START.search(body, done, at)
        if section is None:
            strays.append(at)
            done = at + 1
        else:
            closer = b"]]>" if section.group() == b"<![CDATA[" else b"-->"
            end = body.find(closer, section.end())
            if end < 0:
                break
            done = end + len(closer)
        if done > at:
            suspect = _SUSPECT_AMPERSAND.search(body, done)
    return strays


def _add_item_fields(entries: list[dict[str, Any]], body: bytes, start: int) -> bool:
    """Add to fastfeedparser's entries what it skips, from each item's markup.

    False when the items do not pair up one to one with the entries.
    """
    starts = [match.start() for match in _ITEM_TAG.finditer(body, start)]
    if len(starts) != len(entries):
        return False
    for entry, begin, limit in zip(entries, starts, [*starts[1:], len(body)], strict=True):
        end = _ITEM_END.search(body, begin, limit)
        _add_fields_of_item(entry, body[begin : end.start() if end else limit])
    return True


def _add_fields_of_item(entry: dict[str, Any], item: bytes) -> None:
    """Add one item's rights, language, authors and grouped media thumbnail to its entry."""
    # Elements are looked for with CDATA sections blanked out (HTML in them is no markup of the
    # item's), and an Atom entry's <source> too (it describes the feed the entry was copied
    # from); values are read from the same offsets in the item itself.
    masked = _OPAQUE_PARTS.sub(lambda m: b" " * len(m.group()), item)
    authors = []
    for match in _ITEM_FIELD.finditer(masked):
        name, value = match.group(1), item[match.start(2) : match.end(2)]
        if name in (b"dc:creator", b"author"):
            parts = dict(_AUTHOR_PART.findall(masked, match.start(2), match.end(2)))
            authors.append(_xml_text(parts.get(b"name") or parts.get(b"email") or value))
        elif name == b"dc:language":
            entry.setdefault("language", _xml_text(value))
        else:
            entry.setdefault("rights", _xml_text(value))
    if len(authors) > 1:
        entry["authors"] = [{"name": author} for author in authors]
    thumbnail = _THUMBNAIL_URL.search(masked) if b"<media:group" in masked else None
    if thumbnail and not entry.get("media_thumbnail"):
        url = thumbnail.group(1) or thumbnail.group(2) or b""
        entry["media_thumbnail"] = [{"url": _xml_text(url)}]


def _xml_text(raw: bytes) -> str:
    """The text of an element's raw XML content: a CDATA section's, or entities decoded."""
    text = raw.decode("utf-8", "replace").strip()
    cdata = _CDATA.fullmatch(text)
    return cdata.group(1).strip() if cdata else html.unescape(text)


def _feed_from_fast(
    parsed: Mapping[str, Any], body: bytes, url: str, fmt: str, items_start: int
) -> ParsedFeed:
    """Build a ParsedFeed from fastfeedparser's result, adding the head fields it skips."""
    head = _head_fields(body[:items_start])
    entries = parsed.get("entries") or []
    for key, tag in (("published", _PUBLISHED_TAG), ("updated", _UPDATED_TAG)):
        # fastfeedparser fills a missing published date from updated, or guesses one from a
        # guid such as "7"; where no item holds the element, every such date is invented.
        # (The scan of the items runs only when some entry has the date to doubt.)
        if any(key in entry for entry in entries) and not tag.search(body, items_start):
            for entry in entries:
                entry.pop(key, None)
    language = _str((parsed.get("feed") or {}).get("language")) or head.get("language", "")
    rights = head.get("copyright") or head.get("rights", "")
    return _feed_from_entries(parsed, url, fmt, language, rights)


def _feed_from_reference(parsed: Mapping[str, Any], url: str, fmt: str) -> ParsedFeed:
    """Build a ParsedFeed from feedparser's result."""
    info = parsed.get("feed") or {}
    return _feed_from_entries(
        parsed, url, fmt, _str(info.get("language")), _plain(_str(info.get("rights")))
    )


def _feed_from_entries(
    parsed: Mapping[str, Any], url: str, fmt: str, language: str, rights: str
) -> ParsedFeed:
    """A ParsedFeed from either parser's result (both are shaped like feedparser's)."""
    info = parsed.get("feed") or {}
    site_url = _absolute(_str(info.get("link")), url)
    return ParsedFeed(
        format=fmt,
        title=_plain(_str(info.get("title"))),
        site_url=site_url,
        language=language,
        items=[
            _item_from_entry(entry, fmt, site_url or url, language, rights)
            for entry in parsed.get("entries", [])
        ],
    )


def _item_from_entry(
    entry: dict[str, Any], fmt: str, base: str, feed_language: str, feed_rights: str
) -> FeedItem:
    """One feedparser-shaped entry (from either parser) as a FeedItem."""
    guid = _str(entry.get("id")).strip()
    link = _str(entry.get("link")).strip()
    if not link and fmt == "atom" and guid.startswith(("http://", "https://")):
        link = guid  # feedparser reads an entry's URL id as its link; fastfeedparser does not
    url = _absolute(link, base)
    summary = _str(entry.get("summary") or entry.get("description")).strip()
    content, content_language = _content_of(entry)
    if not summary and not content:
        summary = _media_description(entry)
    if summary and content and (summary == content or _is_invented_excerpt(summary, content)):
        # Both parsers copy one field into the other when a feed has only one of them.
        if fmt == "rss" and summary == content:
            content = ""
        else:
            summary = ""
    return FeedItem(
        # fastfeedparser copies an RSS guid into a missing link: a guid that is no URL stays.
        guid=url if not guid or (guid == link and url) else guid,
        url=url,
        title=_plain(_str(entry.get("title"))),
        summary_html=summary,
        content_html=content,
        authors=_authors_of(entry),
        published_at=_entry_date(entry, "published"),
        updated_at=_entry_date(entry, "updated"),
        image_url=_image_of(entry, base),
        categories=_categories_of(entry),
        language=_str(entry.get("language")) or content_language or feed_language,
        rights=_plain(_str(entry.get("rights"))) or feed_rights,
    )


def _authors_of(entry: dict[str, Any]) -> list[str]:
    """The entry's author names, without repeats."""
    authors = entry.get("authors")
    if not authors:
        return []
    return unique_texts(
        _author_name(_str(author.get("name") or author.get("email")))
        for author in authors
        if isinstance(author, dict)
    )


def _categories_of(entry: dict[str, Any]) -> list[str]:
    """The entry's category terms, without repeats."""
    tags = entry.get("tags")
    if not tags:
        return []
    return unique_texts(
        _str(tag.get("term") or tag.get("label")) for tag in tags if isinstance(tag, dict)
    )


def _author_name(author: str) -> str:
    """The name in an RSS author field, which the spec makes "email (Name)"."""
    match = _EMAIL_WITH_NAME.match(author.strip())
    return match.group(1) if match else author


def _content_of(entry: dict[str, Any]) -> tuple[str, str]:
    """The entry's content as HTML (preferring an HTML part) and the language it is marked with."""
    # Both parsers give dict subclasses: isinstance(x, dict) is cheaper than the Mapping ABC.
    parts = [part for part in entry.get("content") or [] if isinstance(part, dict)]
    if not parts:
        return "", ""
    part = next((p for p in parts if "html" in _str(p.get("type"))), parts[0])
    value = _str(part.get("value")).strip()
    if _str(part.get("type")) in ("text", "text/plain"):
        value = text_to_html(value)
    return value, _str(part.get("language"))


def _media_description(entry: dict[str, Any]) -> str:
    """The plain-text media:description fastfeedparser files under media_content, as HTML."""
    # A video feed's (YouTube's) only text; feedparser reads it as the summary.
    for media in entry.get("media_content") or []:
        if isinstance(media, dict) and (description := _str(media.get("description")).strip()):
            return text_to_html(description)
    return ""


def _is_invented_excerpt(summary: str, content: str) -> bool:
    """Whether summary is fastfeedparser's stand-in: the content's first characters as text."""
    if "<" in summary:
        return False
    # The excerpt's first word is the content's first text, after any tags and spaces, as
    # written unless an entity stands in it: a summary opening otherwise is no excerpt.
    word = summary[:16].split(maxsplit=1)[0]
    lead = _LEADING_MARKUP.match(content).end()
    opening = content[lead : lead + len(word)]
    if opening != word and "&" not in opening:
        return False
    # The text of a prefix cut just after a ">" is a prefix of the whole text (no tag or entity
    # spans the cut), so a cut a little past the summary's length decides most entries cheaply.
    cut = content.find(">", 2 * len(summary), _HTML_EXCERPT_CHARS)
    if cut >= 0:
        text = _excerpt_text(content[: cut + 1])
        if len(text) >= len(summary):
            return text.startswith(summary)
    return _excerpt_text(content[:_HTML_EXCERPT_CHARS]).startswith(summary)


def _excerpt_text(html_text: str) -> str:
    """HTML as one line of text, the way fastfeedparser makes its excerpt."""
    text = _TAG.sub(" ", html_text)
    return " ".join((html.unescape(text) if "&" in text else text).split())


def _entry_date(entry: dict[str, Any], key: str) -> datetime | None:
    """The entry's date under key, from feedparser's struct_time or fastfeedparser's ISO text."""
    # dict.get, not entry.get: feedparser's own get() answers "updated" with the published date.
    parsed = dict.get(entry, f"{key}_parsed")
    if isinstance(parsed, time.struct_time):
        try:
            return datetime(*parsed[:6], tzinfo=UTC)
        except ValueError:
            return None
    return _parse_date(_str(dict.get(entry, key)))


def _image_of(entry: dict[str, Any], base: str) -> str:
    """The entry's picture: media:content, media:thumbnail, then an image enclosure."""
    candidates: list[str] = []
    for media in entry.get("media_content") or []:
        if isinstance(media, dict):
            kind = _str(media.get("medium")) or _str(media.get("type"))
            if not kind or kind.startswith("image"):
                candidates.append(_str(media.get("url")))
            candidates.append(_str(media.get("thumbnail_url")))
    for thumbnail in entry.get("media_thumbnail") or []:
        if isinstance(thumbnail, dict):
            candidates.append(_str(thumbnail.get("url")))
    for enclosure in entry.get("enclosures") or []:
        if isinstance(enclosure, dict) and _str(enclosure.get("type")).startswith("image/"):
            candidates.append(_str(enclosure.get("url") or enclosure.get("href")))
    return next(filter(None, (_absolute(c.strip(), base) for c in candidates)), "")


def _repair_charset(body: bytes) -> bytes:
    """body re-encoded as UTF-8 when it claims UTF-8 (or nothing) but is Windows-1252 bytes."""
    if body.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in body[:4]:
        return body  # UTF-16 or UTF-32
    declared = _XML_ENCODING.search(body[:200])
    if declared and declared.group(1).lower() not in (b"utf-8", b"utf8"):
        return body
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        # Servers mislabel Latin-1 feeds as often as they omit the label; the XML default of
        # UTF-8 would turn every accented letter into U+FFFD, so read them as Windows-1252.
        return body.decode("cp1252", "replace").encode("utf-8")
    return body


def _head_fields(head_bytes: bytes) -> dict[str, str]:
    """Feed-level language, copyright and rights, read from the document before its first item."""
    head = _decode_head(head_bytes)
    fields: dict[str, str] = {}
    for _, name, value in _HEAD_FIELD.findall(head):
        cdata = _CDATA.search(value)
        # The raw XML text: unescape its entities to get the (HTML) value feedparser would give.
        fields.setdefault(name.lower(), _plain(cdata.group(1) if cdata else html.unescape(value)))
    return fields


def _decode_head(head: bytes) -> str:
    """The start of a document as text: UTF-16 by its zero bytes, else UTF-8, else as declared."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head[:4]:
        return head.decode("utf-16", "replace")
    try:
        # UTF-8 first: feeds declare "utf-16" or "iso-8859-1" over UTF-8 bytes more often than
        # Latin-1 text passes for valid UTF-8.
        return head.decode("utf-8")
    except UnicodeDecodeError:
        declared = _XML_ENCODING.search(head[:200])
        try:
            return head.decode(declared.group(1).decode() if declared else "cp1252", "replace")
        except LookupError:
            return head.decode("cp1252", "replace")


def _root_element(body: bytes) -> str:
    """The local name of the document's root element, lowercased ("rss", "feed", "html")."""
    # Dropping NUL bytes turns the ASCII markup of UTF-16 and UTF-32 documents into plain ASCII.
    head = body[:4096].replace(b"\x00", b"").lstrip(b"\xef\xbb\xbf\xfe\xff")
    text = head.decode("latin-1")
    match = _ROOT_TAG.match(text, _PROLOG.match(text).end())
    return match.group(1).lower() if match else ""


def _format_of(version: str) -> str:
    """ParsedFeed.format for one of feedparser's version names ("rss20", "atom10", …)."""
    return "atom" if version.startswith("atom") else "rss"


# --- JSON Feed ------------------------------------------------------------------------------


def _parse_json_feed(body: bytes, url: str) -> ParsedFeed:
    """Parse a JSON Feed 1.0/1.1 document, tolerating wrong types field by field."""
    try:
        document = json.loads(body.decode("utf-8-sig"))
    except (ValueError, RecursionError) as error:
        raise FeedParseError(f"malformed JSON Feed: {error}") from error
    if not isinstance(document, dict) or not (
        isinstance(document.get("items"), list) or "jsonfeed" in _str(document.get("version"))
    ):
        raise FeedParseError("not a feed: JSON without a JSON Feed version or items")
    site_url = _absolute(_str(document.get("home_page_url")), url)
    language = _str(document.get("language"))
    feed_authors = _json_authors(document)
    items = document.get("items")
    return ParsedFeed(
        format="json",
        title=" ".join(_str(document.get("title")).split()),
        site_url=site_url,
        language=language,
        items=[
            _item_from_json(item, site_url or url, language, feed_authors)
            for item in (items if isinstance(items, list) else [])
            if isinstance(item, dict)
        ],
    )


def _item_from_json(
    item: Mapping[str, Any], base: str, feed_language: str, feed_authors: list[str]
) -> FeedItem:
    """One JSON Feed item as a FeedItem."""
    url = _absolute(_str(item.get("url")) or _str(item.get("external_url")), base)
    content = _str(item.get("content_html")) or text_to_html(_str(item.get("content_text")))
    tags = item.get("tags")
    return FeedItem(
        guid=_json_id(item.get("id")) or url,
        url=url,
        title=" ".join(_str(item.get("title")).split()),
        summary_html=text_to_html(_str(item.get("summary"))),
        content_html=content.strip(),
        authors=_json_authors(item) or feed_authors,
        published_at=_parse_date(_str(item.get("date_published"))),
        updated_at=_parse_date(_str(item.get("date_modified"))),
        image_url=_absolute(_str(item.get("image")) or _str(item.get("banner_image")), base),
        categories=unique_texts(_str(tag) for tag in tags) if isinstance(tags, list) else [],
        language=_str(item.get("language")) or feed_language,
    )


def _json_id(value: object) -> str:
    """A JSON Feed item id: the spec says string, but many feeds write a number."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return _str(value).strip()


def _json_authors(holder: Mapping[str, Any]) -> list[str]:
    """Author names from JSON Feed 1.1 "authors" or 1.0 "author"."""
    authors = holder.get("authors")
    if not isinstance(authors, list):
        authors = [holder.get("author")]
    return unique_texts(_str(a.get("name")) for a in authors if isinstance(a, Mapping))


# --- shared ---------------------------------------------------------------------------------


def _parse_date(text: str) -> datetime | None:
    """An ISO 8601 / RFC 3339 or RFC 822 date as an aware UTC datetime, or None."""
    text = text.strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    try:
        # A date without a zone is taken as UTC, the least wrong guess for a machine's timestamp.
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    except (ValueError, OverflowError):
        return None


def _absolute(link: str, base: str) -> str:
    """link resolved against base, or "" unless the result is an http(s) URL."""
    if not link:
        return ""
    link = link.strip()
    if _PLAIN_WEB_URL.match(link):
        return link  # already absolute: urljoin would return it unchanged, at ten times the cost
    try:
        resolved = urljoin(base, link)
        scheme = urlsplit(resolved).scheme
    except ValueError:
        return ""
    return resolved if scheme in ("http", "https") else ""


def _plain(text: str) -> str:
    """Text that may hold markup or entities, as one line of plain text."""
    if "<" not in text and "&" not in text:
        return collapse_spaces(text)
    return collapse_spaces(html_to_text(text))


def _str(value: object) -> str:
    """value when it is text, else "" (feeds put anything anywhere)."""
    return value if isinstance(value, str) else ""


def _strip_bom(body: bytes) -> bytes:
    """body without a leading byte-order mark."""
    for bom in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :]
    return body
