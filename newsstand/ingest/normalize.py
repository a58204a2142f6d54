"""Turn a FeedItem into ArticleData: safe HTML, plain text, a trustworthy date, a stable key."""

import hashlib
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit, urlunsplit

from newsstand.ingest.items import ArticleData, FeedItem
from newsstand.ingest.language import detect_language
from newsstand.ingest.sanitize import (
    collapse_spaces,
    html_to_text,
    is_web_url,
    sanitize_html,
    sanitized_html_to_text,
    sanitized_text_and_words,
    single_spaced,
)
from newsstand.ingest.wire import detect_wire_credit

MAX_TITLE_CHARS = 1000
MAX_GUID_CHARS = 1024
SUMMARY_WORDS = 50
MAX_SUMMARY_CHARS = 500
TITLE_FALLBACK_WORDS = 12
EARLIEST_DATE = datetime(1990, 1, 1, tzinfo=UTC)
# Clocks and time zones drift; a date this far past the fetch is a feed's mistake, not news.
FUTURE_TOLERANCE = timedelta(days=1)

TRACKING_PARAMETERS = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "mc_cid", "mc_eid", "_ga",
        "_gl", "igshid", "yclid", "twclid", "ttclid", "li_fat_id", "ref_src", "ref_url",
        "_hsenc", "_hsmi", "mkt_tok", "oly_anon_id", "oly_enc_id", "vero_id", "wickedid",
    }
)  # fmt: skip
_DEFAULT_PORTS = {"http": ":80", "https": ":443"}
# A URL clean_url would give back as it is: a lowercase host, no default port, a path of
# printable ASCII, no query, no fragment.
_CANONICAL_URL = re.compile(
    r"(?:http://[a-z0-9.-]+(?::(?!80/)[0-9]+)?|https://[a-z0-9.-]+(?::(?!443/)[0-9]+)?)"
    r"/[!\"$->@-~]*"
)

_BY = re.compile(r"^\s*by\s+", re.IGNORECASE)
_AUTHOR_SEPARATORS = re.compile(r"\s*(?:,|;|&|\band\b)\s*", re.IGNORECASE)
_EMAIL_WITH_NAME = re.compile(r"^\S+@\S+\s*\((?P<name>[^()]+)\)$")
_EMAIL = re.compile(r"^\S+@\S+\.\S+$")
# A field without any of these is one name as it stands (most are): nothing to strip or split.
_AUTHOR_FIELD_CUES = re.compile(r"[,;&@]|\b(?i:and|by)\b")
_LANGUAGE = re.compile(r"^([a-z]{2,3})(?:[-_]|$)")
# What sanitising and reading back as text could change in a string: markup, entities, the
# control characters an HTML parser drops or rewrites (NUL, CR), a byte-order mark (dropped at
# the start). Text without any of them is its own text, spaces aside.
_NOT_PLAIN = re.compile(r"[<>&\x00-\x08\x0b-\x1f\x7f\ufeff]")


def build_article(
    item: FeedItem,
    *,
    feed_url: str,
    fetched_at: datetime,
    feed_language: str = "",
    feed_rights: str = "",
) -> ArticleData:
    """Normalise one feed item into the article to store; pure, so a refetch gives the same data."""
    url = item.url
    body_html = sanitize_html(item.content_html or item.summary_html, base_url=url or feed_url)
    body_text, word_count = sanitized_text_and_words(body_html)
    title = _title(item.title, body_text)
    authors = split_authors(item.authors)
    byline = ", ".join(authors)
    published_at, date_estimated = _published_at(item, fetched_at)
    text_hash = content_hash(title, body_html)
    return ArticleData(
        guid=_guid(item.guid or url, text_hash),
        url=url,
        canonical_url=clean_url(url),
        title=title,
        published_at=published_at,
        date_estimated=date_estimated,
        byline=byline,
        authors=authors,
        summary=_summary(item.summary_html, body_text),
        body_text=body_text,
        body_html=body_html,
        language=(
            primary_language(item.language)
            or primary_language(feed_language)
            or detect_language(body_text)
        ),
        image_url=item.image_url if is_web_url(item.image_url) else "",
        wire_credit=detect_wire_credit(body_text, byline, item.rights or feed_rights),
        word_count=word_count,
        content_hash=text_hash,
    )


def clean_url(url: str) -> str:
    """url without tracking parameters or fragment, its scheme and host lowercased."""
    url = url.strip()
    if _CANONICAL_URL.fullmatch(url):
        return url  # most links are: nothing to split and join again
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.scheme.lower() not in _DEFAULT_PORTS:
        return url
    scheme = parts.scheme.lower()
    netloc = parts.netloc.lower().removesuffix(_DEFAULT_PORTS[scheme])
    # Filter the raw pairs rather than re-encode them, so the parameters kept stay byte for byte.
    query = "&".join(
        pair for pair in parts.query.split("&") if pair and not _is_tracking(pair.split("=")[0])
    )
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def split_authors(names: list[str]) -> list[str]:
    """Author names from feed author fields: "By A and B", "A, B & C", "a@b.org (A)" → names."""
    authors: list[str] = []
    for raw in names:
        if _AUTHOR_FIELD_CUES.search(raw) is None:
            if raw:
                authors.append(raw)
            continue
        named = _EMAIL_WITH_NAME.match(raw.strip())
        text = _BY.sub("", named.group("name") if named else raw)
        authors.extend(
            part for part in _AUTHOR_SEPARATORS.split(text) if part and not _EMAIL.match(part)
        )
    return list(dict.fromkeys(" ".join(a.split()) for a in authors))


def primary_language(tag: str) -> str:
    """The primary subtag of a language tag, lowercased: "en-US" → "en"; "" when not one."""
    match = _LANGUAGE.match(tag.strip().lower())
    return match.group(1) if match else ""


def truncate_words(text: str, max_words: int, max_chars: int) -> str:
    """text cut to max_words words and max_chars characters at a word boundary, marked with "…"."""
    if len(text) <= max_chars and text.count(" ") < max_words and single_spaced(text):
        return text.strip(" ")  # short enough, and its words single-spaced already
    # Split no further than the limit: a body standing in for its summary has many more words.
    words = text.split(maxsplit=max_words)
    cut = len(words) > max_words
    if cut:
        words.pop()  # the rest of the text, unsplit: it has more than max_words words
    whole = " ".join(words)
    if len(whole) <= (max_chars - 1 if cut else max_chars):
        return whole + "…" if cut else whole
    # Too long: the words that fit beside the ellipsis end at the last space that does.
    end = whole.rfind(" ", 0, max_chars)
    if end < 0:  # one word longer than the limit: cut inside it rather than return nothing
        return words[0][: max_chars - 1] + "…"
    return whole[:end] + "…"


def _title(raw_title: str, body_text: str) -> str:
    """The title as one line of plain text; failing that the body's first words, or "Untitled"."""
    title = collapse_spaces(html_to_text(raw_title))
    if not title:
        title = truncate_words(body_text, TITLE_FALLBACK_WORDS, MAX_TITLE_CHARS)
    # A title has fewer words than characters, so only the character limit can bite here.
    return truncate_words(title, MAX_TITLE_CHARS, MAX_TITLE_CHARS) or "Untitled"


def _summary(summary_html: str, body_text: str) -> str:
    """The feed's own summary when it says something the body does not, else the body's opening."""
    summary = collapse_spaces(_text_of_html(summary_html))
    # The body's text collapsed is only worth making when it may be the summary: it opens
    # with the summary's first word.
    if not summary or (
        body_text.lstrip().startswith(summary.partition(" ")[0])
        and summary == collapse_spaces(body_text)
    ):
        summary = body_text
    return truncate_words(summary, SUMMARY_WORDS, MAX_SUMMARY_CHARS)


def _text_of_html(html: str) -> str:
    """The text of a feed's HTML field, sanitised first (so that the text of removed elements,
    a form's labels or an svg's, stays out); most summaries are plain text, read as it is."""
    if _NOT_PLAIN.search(html) is None:
        return html
    return sanitized_html_to_text(sanitize_html(html))


def content_hash(title: str, body_html: str) -> str:
    """The hash an article's text is compared by: a refetch that hashes the same is unchanged."""
    return _sha256(title + "\n" + body_html)


def _guid(key: str, text_hash: str) -> str:
    """The item's key; its text's hash when it has none, a hash of the key when it is huge."""
    if not key:
        return "sha256:" + text_hash
    if len(key) > MAX_GUID_CHARS:
        return "sha256:" + _sha256(key)
    return key


def _published_at(item: FeedItem, fetched_at: datetime) -> tuple[datetime, bool]:
    """The stated date and False; or, when it is missing, before 1990 or more than a day in the
    future, the fetch time and True (the date is an estimate)."""
    stated = item.published_at or item.updated_at
    if stated is None or stated < EARLIEST_DATE or stated > fetched_at + FUTURE_TOLERANCE:
        return fetched_at.astimezone(UTC), True
    return stated.astimezone(UTC), False


def _is_tracking(name: str) -> bool:
    """Whether a query parameter name only tracks the click (utm_source, fbclid, …)."""
    name = name.lower()
    return name.startswith("utm_") or name in TRACKING_PARAMETERS


def _sha256(text: str) -> str:
    """The SHA-256 hex digest of text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
