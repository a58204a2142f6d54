"""HTML pages of the simulated publisher sites: the index, a publisher's front, an article.

Article pages carry what real news pages carry around the text (navigation, share bar,
newsletter box, related links, footer) plus canonical, Open Graph and JSON-LD metadata, so
full-text and metadata extraction can be tested against them.
"""

import json
from html import escape

from newsstand.simulator.corpus import (
    SampleArticle,
    SampleCorpus,
    SamplePublisher,
    feed_path,
)
from newsstand.simulator.render import (
    FORMAT_NAMES,
    MEDIA_TYPES,
    article_url,
    body_html,
    canonical_url,
)

FOOTER_NOTE = (
    "Served by the Newsstand publisher simulator from the bundled sample corpus; "
    "see sample/ATTRIBUTION.md for sources and licences."
)


def render_index(base_url: str, corpus: SampleCorpus) -> str:
    """The simulator's home: every publisher with its three feeds, and the OPML catalog."""
    rows = []
    for publisher in corpus.publishers.values():
        feeds = " · ".join(
            f'<a href="{escape(base_url + feed_path(publisher.slug, fmt))}">{name}</a>'
            for fmt, name in FORMAT_NAMES.items()
        )
        count = len(corpus.articles[publisher.slug])
        rows.append(
            f'<li><a href="{escape(f"{base_url}/{publisher.slug}/")}">'
            f"{escape(publisher.name)}</a> ({count} articles): {feeds}</li>"
        )
    body = (
        "<h1>Newsstand sample publishers</h1>\n"
        f'<p><a href="{escape(base_url)}/catalog.opml">All feeds as OPML</a></p>\n'
        f"<ul>\n{chr(10).join(rows)}\n</ul>"
    )
    return _document("Newsstand sample publishers", "", body, lang="en")


def render_publisher_page(
    base_url: str, publisher: SamplePublisher, articles: tuple[SampleArticle, ...]
) -> str:
    """A publisher's front page: its latest articles, newest first."""
    items = "\n".join(
        f'<li><a href="{escape(article_url(base_url, a))}">{escape(a.title)}</a> '
        f'<time datetime="{_iso(a)}">{a.published_at:%d %B %Y}</time></li>'
        for a in articles
    )
    feed = escape(base_url + feed_path(publisher.slug, publisher.feed_format))
    head = f'<link rel="alternate" type="{MEDIA_TYPES[publisher.feed_format]}" href="{feed}">'
    body = (
        f"{_masthead(base_url, publisher)}\n<main>\n<h1>Latest from {escape(publisher.name)}</h1>\n"
        f'<p>{escape(publisher.description)}</p>\n<ul class="latest">\n{items}\n</ul>\n</main>\n'
        f"{_footer(publisher)}"
    )
    return _document(publisher.name, head, body, lang=publisher.language)


def render_article_page(
    base_url: str,
    publisher: SamplePublisher,
    article: SampleArticle,
    more: tuple[SampleArticle, ...] = (),
) -> str:
    """An article page as a news site serves it, with metadata and the usual boilerplate."""
    canonical = escape(canonical_url(base_url, article))
    meta = [
        f'<link rel="canonical" href="{canonical}">',
        f'<meta name="description" content="{escape(article.summary)}">',
        f'<meta name="author" content="{escape(article.byline)}">',
        '<meta property="og:type" content="article">',
        f'<meta property="og:title" content="{escape(article.title)}">',
        f'<meta property="og:description" content="{escape(article.summary)}">',
        f'<meta property="og:url" content="{canonical}">',
        f'<meta property="og:site_name" content="{escape(publisher.name)}">',
        f'<meta property="article:published_time" content="{_iso(article)}">',
        f'<meta property="article:section" content="{escape(article.section)}">',
        *(f'<meta property="article:author" content="{escape(a)}">' for a in article.authors),
        f'<script type="application/ld+json">{_json_ld(base_url, publisher, article)}</script>',
    ]
    related = "\n".join(
        f'<li><a href="{escape(article_url(base_url, a))}">{escape(a.title)}</a></li>' for a in more
    )
    body = f"""{_masthead(base_url, publisher)}
<nav class="breadcrumbs"><a href="{escape(f"{base_url}/{publisher.slug}/")}">Home</a> &rsaquo;
 {escape(article.section)}</nav>
<main>
<article>
<header>
<p class="section">{escape(article.section)}</p>
<h1>{escape(article.title)}</h1>
<p class="byline">By <span class="author">{escape(article.byline)}</span> ·
 <time datetime="{_iso(article)}">{article.published_at:%d %B %Y, %H:%M} UTC</time></p>
</header>
<div class="share">Share: <a href="#">Facebook</a> <a href="#">X</a> <a href="#">Email</a>
 <a href="#">Copy link</a></div>
<div class="article-body">
{body_html(publisher, article)}
</div>
</article>
<aside class="newsletter"><h2>Get the briefing</h2>
<p>Sign up for our free morning newsletter. You can unsubscribe at any time.</p>
<form action="#"><input type="email" name="email" placeholder="Your email">
<button type="submit">Sign up</button></form></aside>
<aside class="related"><h2>More from {escape(publisher.name)}</h2>
<ul>
{related}
</ul></aside>
</main>
{_footer(publisher)}"""
    return _document(
        f"{article.title} | {publisher.name}", "\n".join(meta), body, lang=article.language
    )


def _masthead(base_url: str, publisher: SamplePublisher) -> str:
    # Site navigation stays on the simulator, so the pages work offline.
    home = escape(f"{base_url}/{publisher.slug}/")
    section = f'<a href="{home}">{escape(publisher.section)}</a>' if publisher.section else ""
    return f"""<div class="cookie-banner">We use cookies to improve your experience.
 <button>Accept</button> <button>Manage</button></div>
<header class="masthead">
<a class="logo" href="{home}">{escape(publisher.name)}</a>
<nav class="site-nav"><a href="{home}">Home</a> {section} <a href="#">About</a>
 <a href="#">Contact</a> <a href="#">Subscribe</a></nav>
<form class="search" action="#"><input type="search" name="q" placeholder="Search"></form>
</header>"""


def _footer(publisher: SamplePublisher) -> str:
    return f"""<footer class="site-footer">
<nav><a href="#">About us</a> · <a href="#">Privacy policy</a> · <a href="#">Terms of use</a>
 · <a href="#">Accessibility</a></nav>
<p>{escape(publisher.name)}. {escape(FOOTER_NOTE)}</p>
</footer>"""


def _document(title: str, head: str, body: str, lang: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="{escape(lang or "en")}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
{head}
</head>
<body>
{body}
</body>
</html>
"""


def _json_ld(base_url: str, publisher: SamplePublisher, article: SampleArticle) -> str:
    author_type = "Person" if publisher.kind == "press-office" else "Organization"
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": article.summary,
        "datePublished": _iso(article),
        "dateModified": _iso(article),
        "author": [{"@type": author_type, "name": name} for name in article.authors],
        "publisher": {"@type": "Organization", "name": publisher.name},
        "articleSection": article.section,
        "inLanguage": article.language,
        "url": article_url(base_url, article),
        "mainEntityOfPage": canonical_url(base_url, article),
        "license": article.licence,
        **({"isBasedOn": article.source_url} if article.source_url else {}),
        **({"creditText": article.credit_line} if article.credit_line else {}),
    }
    # "</script>" inside a string would end the block early: escape the markup characters.
    return (
        json.dumps(data, ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )


def _iso(article: SampleArticle) -> str:
    return article.published_at.strftime("%Y-%m-%dT%H:%M:%SZ")
