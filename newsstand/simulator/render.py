"""Render the sample as publishers serve it: RSS 2.0, Atom 1.0, JSON Feed 1.1, OPML, HTML pages.

Pure functions of the corpus and the base URL the request came to, so every link points back
at the simulator whatever host and port it runs on. Every value is escaped on the way out.
"""

import json
from datetime import datetime
from email.utils import format_datetime
from html import escape

from newsstand.simulator.corpus import (
    SampleArticle,
    SampleFeed,
    SamplePublisher,
    feed_path,
    homepage_url,
)

GENERATOR = "Newsstand publisher simulator"
FORMAT_NAMES = {"rss": "RSS 2.0", "atom": "Atom 1.0", "json": "JSON Feed 1.1"}
MEDIA_TYPES = {
    "rss": "application/rss+xml",
    "atom": "application/atom+xml",
    "json": "application/feed+json",
}


def article_url(base_url: str, article: SampleArticle) -> str:
    """The article's page on the simulator."""
    return f"{base_url}/{article.publisher}/{article.slug}"


def canonical_url(base_url: str, article: SampleArticle) -> str:
    """Where the article first appeared: its original URL, else its page here."""
    return article.original_url or article_url(base_url, article)


def body_html(publisher: SamplePublisher, article: SampleArticle) -> str:
    """The body as HTML paragraphs, ending with the credit line and, for a release, its source."""
    paragraphs = [f"<p>{escape(p)}</p>" for p in article.paragraphs]
    if article.credit_line:
        paragraphs.append(f'<p class="credit">{escape(article.credit_line)}</p>')
    if publisher.kind == "press-office":
        url = escape(article.original_url)
        paragraphs.append(f'<p class="source">Source: <a href="{url}">{url}</a></p>')
    return "\n".join(paragraphs)


def newest(articles: tuple[SampleArticle, ...] | list[SampleArticle]) -> datetime | None:
    return max((a.published_at for a in articles), default=None)


# --- Feeds -----------------------------------------------------------------------------------


def render_rss(
    base_url: str, publisher: SamplePublisher, articles: tuple[SampleArticle, ...]
) -> str:
    """An RSS 2.0 feed with content:encoded, dc:creator, category and a source for copies."""
    self_url = base_url + feed_path(publisher.slug, "rss")
    items = [_rss_item(base_url, publisher, a) for a in articles]
    updated = newest(articles)
    return "\n".join(
        [
            '<?xml version="1.0" encoding="utf-8"?>',
            '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">',
            "<channel>",
            f"<title>{escape(publisher.name)}</title>",
            f"<link>{escape(homepage_url(publisher, base_url))}</link>",
            f"<description>{escape(publisher.description)}</description>",
            f"<language>{escape(publisher.language)}</language>",
            f'<atom:link href="{escape(self_url)}" rel="self" type="application/rss+xml"/>',
            f"<lastBuildDate>{_rfc822(updated)}</lastBuildDate>" if updated else "",
            f"<generator>{GENERATOR}</generator>",
            *items,
            "</channel>",
            "</rss>",
            "",
        ]
    )


def _rss_item(base_url: str, publisher: SamplePublisher, article: SampleArticle) -> str:
    is_url = article.guid.startswith(("http://", "https://"))
    guid_attributes = "" if is_url else ' isPermaLink="false"'
    parts = [
        "<item>",
        f"<title>{escape(article.title)}</title>",
        f"<link>{escape(article_url(base_url, article))}</link>",
        f"<guid{guid_attributes}>{escape(article.guid)}</guid>",
        f"<pubDate>{_rfc822(article.published_at)}</pubDate>",
        *(f"<dc:creator>{escape(author)}</dc:creator>" for author in article.authors),
        f"<category>{escape(article.section)}</category>" if article.section else "",
        f"<description>{escape(article.summary)}</description>",
        f"<content:encoded>{escape(body_html(publisher, article))}</content:encoded>",
        f"<dc:rights>{escape(article.licence)}</dc:rights>",
    ]
    if article.credit:
        # RSS's own way to name where a republished item came from.
        source_feed = escape(base_url + feed_path("wikinews", "rss"))
        parts.append(f'<source url="{source_feed}">{escape(article.credit)}</source>')
    parts.append("</item>")
    return "\n".join(part for part in parts if part)


def render_atom(
    base_url: str, publisher: SamplePublisher, articles: tuple[SampleArticle, ...]
) -> str:
    """An Atom 1.0 feed with HTML content, authors and categories."""
    self_url = base_url + feed_path(publisher.slug, "atom")
    updated = newest(articles)
    entries = [_atom_entry(base_url, publisher, a) for a in articles]
    return "\n".join(
        [
            '<?xml version="1.0" encoding="utf-8"?>',
            f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{escape(publisher.language)}">',
            f"<id>urn:newsstand-sample:{escape(publisher.slug)}</id>",
            f"<title>{escape(publisher.name)}</title>",
            f"<subtitle>{escape(publisher.description)}</subtitle>",
            f'<link rel="self" type="application/atom+xml" href="{escape(self_url)}"/>',
            f'<link rel="alternate" type="text/html" '
            f'href="{escape(homepage_url(publisher, base_url))}"/>',
            f"<updated>{_iso(updated)}</updated>" if updated else "",
            f"<author><name>{escape(publisher.name)}</name></author>",
            f"<generator>{GENERATOR}</generator>",
            *entries,
            "</feed>",
            "",
        ]
    )


def _atom_entry(base_url: str, publisher: SamplePublisher, article: SampleArticle) -> str:
    parts = [
        "<entry>",
        f"<id>{escape(article.guid)}</id>",
        f"<title>{escape(article.title)}</title>",
        f'<link rel="alternate" type="text/html" href="{escape(article_url(base_url, article))}"/>',
        f"<published>{_iso(article.published_at)}</published>",
        f"<updated>{_iso(article.published_at)}</updated>",
        *(f"<author><name>{escape(author)}</name></author>" for author in article.authors),
        f'<category term="{escape(article.section)}"/>' if article.section else "",
        f'<summary type="text">{escape(article.summary)}</summary>',
        f'<content type="html">{escape(body_html(publisher, article))}</content>',
        f"<rights>{escape(article.licence)}</rights>",
        "</entry>",
    ]
    return "\n".join(part for part in parts if part)


def render_json_feed(
    base_url: str, publisher: SamplePublisher, articles: tuple[SampleArticle, ...]
) -> str:
    """A JSON Feed 1.1 document with content_html, authors, tags and language."""
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": publisher.name,
        "home_page_url": homepage_url(publisher, base_url),
        "feed_url": base_url + feed_path(publisher.slug, "json"),
        "description": publisher.description,
        "language": publisher.language,
        "authors": [{"name": publisher.name}],
        "items": [
            {
                "id": article.guid,
                "url": article_url(base_url, article),
                **({"external_url": article.original_url} if article.original_url else {}),
                "title": article.title,
                "summary": article.summary,
                "content_html": body_html(publisher, article),
                "date_published": _iso(article.published_at),
                "authors": [{"name": author} for author in article.authors],
                "tags": [article.section] if article.section else [],
                "language": article.language,
            }
            for article in articles
        ],
    }
    return json.dumps(feed, ensure_ascii=False, indent=1) + "\n"


def render_opml(feeds: list[SampleFeed]) -> str:
    """OPML 2.0 of the sample feeds: a folder per publisher, its section as the category."""
    outlines = []
    for feed in feeds:
        outlines.append(
            f'<outline text="{escape(feed.publisher_name)}" '
            f'htmlUrl="{escape(feed.homepage_url)}" language="{escape(feed.language)}" '
            f'country="{escape(feed.country)}">\n'
            f'  <outline type="rss" text="{escape(feed.publisher_name)}" '
            f'title="{escape(feed.publisher_name)}" xmlUrl="{escape(feed.url)}" '
            f'htmlUrl="{escape(feed.homepage_url)}" category="{escape(feed.section_name)}" '
            f'version="{escape(FORMAT_NAMES[feed.format])}"/>\n'
            "</outline>"
        )
    return "\n".join(
        [
            '<?xml version="1.0" encoding="utf-8"?>',
            '<opml version="2.0">',
            "<head><title>Newsstand sample publishers (simulated feeds)</title></head>",
            "<body>",
            *outlines,
            "</body>",
            "</opml>",
            "",
        ]
    )


def _rfc822(moment: datetime) -> str:
    return format_datetime(moment, usegmt=True)


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
