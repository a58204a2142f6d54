"""WebSub (W3C) pieces that need no database: finding a feed's hub, and checking a push's
signature. Pure, so they are tested on plain bytes.
"""

import hashlib
import hmac
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass

# Where a document names its hub: an HTTP Link header, an Atom/RSS <link rel="hub">, or a
# JSON Feed's "hubs" list. Only the head of the document (before the first item) counts.
_LINK_HEADER_PART = re.compile(r"<([^>]+)>\s*;([^,]*)")
_XML_LINK = re.compile(rb"<(?:[\w-]+:)?link\b([^>]*)/?>", re.IGNORECASE)
_XML_ATTRIBUTE = re.compile(rb"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_FIRST_ITEM = re.compile(rb"<(?:[\w-]+:)?(?:item|entry)[\s>]")
SIGNATURE_ALGORITHMS = {"sha1", "sha256", "sha384", "sha512"}


@dataclass(frozen=True)
class Hub:
    hub_url: str
    topic_url: str  # the feed's own (self) URL, which the subscription is for


def find_hub(body: bytes, headers: Mapping[str, str], feed_url: str) -> Hub | None:
    """The hub a fetched feed names, from its Link header or its document; None without one."""
    links = _header_links(headers.get("Link", ""))
    if "hub" in links:
        return Hub(links["hub"], links.get("self", feed_url))
    if body.lstrip()[:1] == b"{":
        return _json_feed_hub(body, feed_url)
    first_item = _FIRST_ITEM.search(body)
    head = body[: first_item.start()] if first_item else body[:65536]
    found: dict[str, str] = {}
    for match in _XML_LINK.finditer(head):
        attributes = {
            name.lower(): (double or single)
            for name, double, single in _XML_ATTRIBUTE.findall(match.group(1))
        }
        rel, href = attributes.get(b"rel", b"").decode(), attributes.get(b"href", b"").decode()
        if rel in {"hub", "self"} and href:
            found.setdefault(rel, href.strip())
    if "hub" in found:
        return Hub(found["hub"], found.get("self", feed_url))
    return None


def check_signature(secret: str, body: bytes, header: str) -> bool:
    """Whether an X-Hub-Signature header ("sha256=<hex>") is the body's HMAC under our secret."""
    algorithm, _, received = header.strip().partition("=")
    if not secret or algorithm.lower() not in SIGNATURE_ALGORITHMS or not received:
        return False
    expected = hmac.new(secret.encode(), body, algorithm.lower()).hexdigest()
    return hmac.compare_digest(expected, received.strip().lower())


def sign(secret: str, body: bytes, algorithm: str = "sha256") -> str:
    """The X-Hub-Signature header a hub would send for this body (for tests and tools)."""
    return f"{algorithm}={hmac.new(secret.encode(), body, getattr(hashlib, algorithm)).hexdigest()}"


def _header_links(value: str) -> dict[str, str]:
    links: dict[str, str] = {}
    for url, params in _LINK_HEADER_PART.findall(value):
        rel = re.search(r'rel\s*=\s*"?([^";]+)"?', params)
        for name in rel.group(1).split() if rel else []:
            links.setdefault(name.lower(), url.strip())
    return links


def _json_feed_hub(body: bytes, feed_url: str) -> Hub | None:
    try:
        document = json.loads(body)
    except ValueError:
        return None
    if not isinstance(document, dict) or not isinstance(document.get("hubs"), list):
        return None
    topic = document.get("feed_url")
    topic = topic if isinstance(topic, str) and topic else feed_url
    for hub in document["hubs"]:
        if not isinstance(hub, dict) or str(hub.get("type", "")).lower() != "websub":
            continue
        if isinstance(hub.get("url"), str) and hub["url"]:
            return Hub(hub["url"], topic)
    return None
