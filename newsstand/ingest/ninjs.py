"""Read a pushed IPTC ninjs document (2.x, and the 1.x field names) into a FeedItem and version.

ninjs makes only `uri` required; a push also needs `version`, a positive integer (2.x writes
it as a string), because the store keeps the highest version it has seen of each uri. Fields
are read leniently where ninjs allows several shapes (associations as a list in 2.x, an object
in 1.x) and strictly where a wrong type means the sender's mapping is wrong: such a document
raises NinjsError naming the field, rather than storing half an article.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from newsstand.ingest.items import FeedItem, unique_texts
from newsstand.ingest.sanitize import is_web_url, text_to_html

MAX_URI_CHARS = 1024  # Article.guid's length: a longer key would be hashed, and lost to DELETE
MAX_VERSION = 2_147_483_647  # the largest value Article.source_version holds on every database
PUSHABLE_TYPES = frozenset({"text", "composite"})
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
AUTHOR_ROLES = frozenset({"author", "creator", "writer", "byline"})
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_DIGITS = re.compile(r"[0-9]+")


class NinjsError(ValueError):
    """A pushed document that is not usable ninjs; `field` names the offending property."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}" if field else message)


@dataclass
class NinjsItem:
    """A pushed document as the pipeline's FeedItem, with the sender's version number."""

    item: FeedItem
    version: int


def parse_ninjs(document: dict[str, Any]) -> NinjsItem:
    """Read one ninjs document; NinjsError when it lacks a usable uri, version or content."""
    if not isinstance(document, dict):
        raise NinjsError("", "a ninjs document is a JSON object")
    uri = check_uri(_string(document, "uri"))
    version = _version(document.get("version"))
    kind = _string(document, "type")
    if kind and kind not in PUSHABLE_TYPES:
        raise NinjsError("type", f"only text items can be pushed, not {kind!r}")
    title = _headline(document)
    body = _body(document)
    if not title and not body:
        raise NinjsError("headlines", "a text item needs a headline or a body")
    created = _date(document, "firstcreated") or _date(document, "contentcreated")
    return NinjsItem(
        item=FeedItem(
            guid=uri,
            url=uri if is_web_url(uri) else "",
            title=title,
            summary_html=_description(document),
            content_html=body,
            authors=_authors(document),
            published_at=created or _date(document, "versioncreated"),
            updated_at=_date(document, "versioncreated"),
            image_url=_image(document),
            categories=_subjects(document),
            language=_string(document, "language"),
            rights=_string(document, "copyrightnotice") or _string(document, "usageterms"),
        ),
        version=version,
    )


def check_uri(uri: str) -> str:
    """uri stripped, if it can serve as an article's key: not blank, one line, ≤ 1024 chars."""
    uri = uri.strip()
    if not uri:
        raise NinjsError("uri", "required: the document's unique identifier")
    if len(uri) > MAX_URI_CHARS:
        raise NinjsError("uri", f"longer than {MAX_URI_CHARS} characters")
    if _CONTROL.search(uri):
        raise NinjsError("uri", "contains control characters")
    return uri


def _version(value: object) -> int:
    """The document's version: a positive integer, or a string of digits (ninjs 2.x)."""
    if value is None:
        raise NinjsError("version", "required: a positive integer, higher for each new version")
    if isinstance(value, str) and _DIGITS.fullmatch(value.strip()):
        value = int(value.strip())
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise NinjsError("version", f"must be a positive integer, not {value!r}"[:200])
    if value > MAX_VERSION:
        raise NinjsError("version", f"must be at most {MAX_VERSION}")
    return value


def _headline(document: dict[str, Any]) -> str:
    """The main headline (2.x headlines, role "main" first), else 1.x headline, else title."""
    headlines = _objects(document, "headlines")
    main = next((h for h in headlines if h.get("role") == "main"), None)
    for candidate in [main, *headlines]:
        if candidate is not None and isinstance(candidate.get("value"), str):
            return candidate["value"].strip()
    return _string(document, "headline").strip() or _string(document, "title").strip()


def _body(document: dict[str, Any]) -> str:
    """The body as HTML: an HTML body preferred, else plain text escaped into paragraphs."""
    bodies = [b for b in _objects(document, "bodies") if isinstance(b.get("value"), str)]
    rich = [b for b in bodies if _mime(b) in HTML_TYPES]
    if rich:
        return rich[0]["value"].strip()
    if bodies:
        return text_to_html(bodies[0]["value"])
    return (
        _string(document, "body_html").strip()
        or _string(document, "body_xhtml").strip()
        or text_to_html(_string(document, "body_text"))
    )


def _description(document: dict[str, Any]) -> str:
    """The summary as HTML, from 2.x descriptions or 1.x description_html/description_text."""
    descriptions = [
        d for d in _objects(document, "descriptions") if isinstance(d.get("value"), str)
    ]
    if descriptions:
        first = next((d for d in descriptions if d.get("role") in ("summary", "abstract")), None)
        chosen = first or descriptions[0]
        return chosen["value"] if _mime(chosen) in HTML_TYPES else text_to_html(chosen["value"])
    return _string(document, "description_html") or text_to_html(
        _string(document, "description_text")
    )


def _authors(document: dict[str, Any]) -> list[str]:
    """Authors named in authors, then people with an author role, else the by/byline line."""
    named = [
        _string_or_empty(person.get("name"))
        for key in ("authors", "people")
        for person in _objects(document, key)
        if key == "authors" or _role(person) in AUTHOR_ROLES
    ]
    names = unique_texts(named)
    return names or unique_texts([_string(document, "by") or _string(document, "byline")])


def _image(document: dict[str, Any]) -> str:
    """The main picture: an associated picture's rendition, else an image rendition of the item."""
    for association in _associations(document):
        kind = association.get("type")
        if kind in (None, "picture", "graphic"):
            found = _rendition_href(association, any_type=kind is not None)
            if found:
                return found
    return _rendition_href(document, any_type=False)


def _associations(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Associated items: a list in 2.x, an object keyed by name in 1.x."""
    value = document.get("associations")
    if isinstance(value, dict):
        value = list(value.values())
    if value is None:
        return []
    if not isinstance(value, list):
        raise NinjsError("associations", "must be a list of objects")
    return [a for a in value if isinstance(a, dict)]


def _rendition_href(item: dict[str, Any], *, any_type: bool) -> str:
    """The URL of item's largest image rendition (any rendition when any_type), or ""."""
    value = item.get("renditions")
    renditions = list(value.values()) if isinstance(value, dict) else value
    if not isinstance(renditions, list):
        return ""
    candidates = [
        r
        for r in renditions
        if isinstance(r, dict)
        and is_web_url(_string_or_empty(r.get("href")))
        and (any_type or _mime(r).startswith("image/"))
    ]
    if not candidates:
        return ""
    best = max(candidates, key=lambda r: r.get("width") if _is_number(r.get("width")) else 0)
    return best["href"]


def _subjects(document: dict[str, Any]) -> list[str]:
    """Subject names as categories (2.x subjects, 1.x subject)."""
    return unique_texts(
        _string_or_empty(subject.get("name"))
        for key in ("subjects", "subject")
        for subject in _objects(document, key)
    )


def _date(document: dict[str, Any], field: str) -> datetime | None:
    """An ISO 8601 date-time property as an aware UTC datetime; NinjsError when unreadable."""
    text = _string(document, field).strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as error:
        raise NinjsError(field, f"not an ISO 8601 date-time: {text[:60]!r}") from error
    # A date without a zone is taken as UTC, the least wrong guess for a machine's timestamp.
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _objects(document: dict[str, Any], field: str) -> list[dict[str, Any]]:
    """The objects of a list property; NinjsError when it is there but not a list."""
    value = document.get(field)
    if value is None:
        return []
    if not isinstance(value, list):
        raise NinjsError(field, "must be a list of objects")
    return [entry for entry in value if isinstance(entry, dict)]


def _string(document: dict[str, Any], field: str) -> str:
    """A string property, "" when absent; NinjsError when it holds another type."""
    value = document.get(field)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise NinjsError(field, "must be a string")
    return value


def _string_or_empty(value: object) -> str:
    """value when it is a string, else "" (for nested, informative-only properties)."""
    return value if isinstance(value, str) else ""


def _mime(part: dict[str, Any]) -> str:
    """A part's content type, lowercased and without parameters."""
    return _string_or_empty(part.get("contenttype")).split(";")[0].strip().lower()


def _role(person: dict[str, Any]) -> str:
    """A person's role or relationship, lowercased, the last segment of a URI or QCode."""
    role = _string_or_empty(person.get("role")) or _string_or_empty(person.get("rel"))
    return re.split(r"[/:#]", role.strip().lower())[-1]


def _is_number(value: object) -> bool:
    """Whether value is a JSON number (and not a boolean, which Python counts as one)."""
    return isinstance(value, int | float) and not isinstance(value, bool)
