"""Read and write OPML 2.0 subscription lists, publisher-aware. Pure: no database.

A feed outline inside a folder outline belongs to the publisher the folder names; a feed at the
top level is its own publisher. A feed's `category` attribute names its section.
"""

from dataclasses import dataclass
from itertools import groupby
from xml.etree import ElementTree

MAX_OPML_BYTES = 5_000_000


class OpmlError(ValueError):
    """The document is not an OPML subscription list."""


@dataclass(frozen=True)
class OpmlFeed:
    url: str
    publisher: str
    title: str = ""
    section: str = ""
    homepage_url: str = ""
    language: str = ""
    country: str = ""


def parse_opml(document: bytes) -> list[OpmlFeed]:
    """Every feed outline of an OPML document, in document order."""
    if len(document) > MAX_OPML_BYTES:
        raise OpmlError(f"OPML over {MAX_OPML_BYTES} bytes")
    if b"<!DOCTYPE" in document[:2048].upper() or b"<!ENTITY" in document.upper():
        raise OpmlError("OPML with a DTD or entities is refused")
    try:
        root = ElementTree.fromstring(document)  # noqa: S314 - DTDs and entities refused above
    except ElementTree.ParseError as exc:
        raise OpmlError(f"malformed OPML: {exc}") from exc
    body = root.find("body")
    if root.tag != "opml" or body is None:
        raise OpmlError("not an OPML document (no <opml><body>)")
    feeds: list[OpmlFeed] = []
    _collect(body, folder=None, feeds=feeds)
    return feeds


def write_opml(feeds: list[OpmlFeed], title: str = "Newsstand feeds") -> bytes:
    """An OPML 2.0 document, one folder per publisher, that parse_opml reads back as `feeds`."""
    root = ElementTree.Element("opml", version="2.0")
    ElementTree.SubElement(ElementTree.SubElement(root, "head"), "title").text = title
    body = ElementTree.SubElement(root, "body")
    # A new folder whenever the publisher or its details change, so that order and details
    # survive the round trip even when one publisher's feeds are not listed together.
    for owner, group in groupby(feeds, key=_folder_details):
        name, homepage_url, language, country = owner
        folder = ElementTree.SubElement(body, "outline", text=name)
        for attribute, value in (
            ("htmlUrl", homepage_url),
            ("language", language),
            ("country", country),
        ):
            if value:
                folder.set(attribute, value)
        for feed in group:
            outline = ElementTree.SubElement(folder, "outline", type="rss", text=feed.title)
            if feed.section:
                outline.set("category", feed.section)
            outline.set("xmlUrl", feed.url)
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _folder_details(feed: OpmlFeed) -> tuple[str, str, str, str]:
    return (feed.publisher, feed.homepage_url, feed.language, feed.country)


def _collect(parent: ElementTree.Element, folder: ElementTree.Element | None, feeds: list) -> None:
    for outline in parent.findall("outline"):
        url = (outline.get("xmlUrl") or "").strip()
        if not url:
            _collect(outline, folder=outline, feeds=feeds)
            continue
        title = _label(outline)
        owner = folder if folder is not None else outline
        feeds.append(
            OpmlFeed(
                url=url,
                publisher=_label(owner) or title or url,
                title=title,
                section=(outline.get("category") or "").strip().strip("/").split(",")[0].strip(),
                homepage_url=(owner.get("htmlUrl") or outline.get("htmlUrl") or "").strip(),
                language=(owner.get("language") or outline.get("language") or "").strip(),
                country=(owner.get("country") or outline.get("country") or "").strip(),
            )
        )


def _label(outline: ElementTree.Element) -> str:
    return (outline.get("text") or outline.get("title") or "").strip()
