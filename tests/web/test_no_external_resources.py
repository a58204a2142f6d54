"""Everything a page loads comes from the app itself: no CDN, web font or third-party script."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from newsstand.stories.services import do_assign_stories
from tests.factories import make_article, make_publisher, make_section, make_syndicated, news_text

pytestmark = pytest.mark.django_db

# Elements that make the browser fetch code, styles or fonts, and the attribute naming what.
LOADED = re.compile(
    r"<(?:script|link|iframe|embed|object|source)\b[^>]*?\s(?:src|href|data)=\"([^\"]*)\"", re.I
)
CSS_URL = re.compile(r"(?:url\(\s*['\"]?|@import\s+['\"])([^'\")]+)", re.I)


def external(urls: list[str]) -> list[str]:
    """The URLs that leave this site: absolute http(s) or protocol-relative to another host."""
    return [url for url in urls if re.match(r"(https?:)?//", url) and "//testserver" not in url]


def every_page_type(client) -> dict[str, str]:
    publisher = make_publisher(name="Daily Example")
    section = make_section(publisher, name="National")
    article = make_article(
        publisher,
        section=section,
        authors=["Fatima Hussein"],
        image_url="https://images.example/photo.jpg",
    )
    text = news_text(3)
    runs = [make_syndicated(text, make_publisher(name=f"Copy {n}"), n) for n in range(2)]
    do_assign_stories([a.pk for a in runs])
    runs[0].refresh_from_db()
    paths = {
        "home": "/",
        "article": article.get_absolute_url(),
        "story": runs[0].story.get_absolute_url(),
        "publisher": publisher.get_absolute_url(),
        "section": "/sections/national/",
        "publisher section": f"/publishers/{publisher.slug}/sections/national/",
        "author": "/authors/fatima-hussein/",
        "offline": "/offline/",
        "not found": "/no-such-page/",
    }
    pages = {}
    for name, path in paths.items():
        response = client.get(path)
        assert response.status_code in {200, 404}, name
        pages[name] = response.content.decode()
    return pages


def test_no_page_loads_a_script_stylesheet_or_font_from_elsewhere(client):
    for name, html in every_page_type(client).items():
        loaded = LOADED.findall(html) + CSS_URL.findall(html)
        assert loaded, name
        # The canonical link names this site's own address; everything else must be a path.
        assert external(loaded) == [], name


def test_the_stylesheets_and_scripts_load_nothing_from_elsewhere():
    for name in ["web/site.css", "web/app.js"]:
        text = Path(finders.find(name)).read_text()
        assert external(CSS_URL.findall(text)) == [], name
        assert not re.search(r"https?://", text), name


def test_the_scanner_catches_a_cdn_stylesheet_and_script():
    html = (
        '<link rel="stylesheet" href="https://cdn.example/x.css">'
        '<script src="//cdn.example/x.js"></script>'
        "<style>@import 'https://fonts.example/css';</style>"
    )

    assert len(external(LOADED.findall(html) + CSS_URL.findall(html))) == 3
