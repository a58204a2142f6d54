import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import make_article, make_publisher, make_section

pytestmark = pytest.mark.django_db

HOSTILE = "</script><script>alert(1)</script>"


def reference_article(**fields):
    """The page DESIGN.md must be able to show: a wire story republished by a newspaper."""
    publisher = make_publisher(
        name="The Independent UK", homepage_url="https://www.independent.co.uk/"
    )
    fields.setdefault("section", make_section(publisher, name="National"))
    fields.setdefault(
        "title",
        "US sanctions North Korean couple accused of helping to procure equipment for "
        "ballistic missiles",
    )
    fields.setdefault("byline", "Fatima Hussein")
    fields.setdefault("authors", ["Fatima Hussein"])
    fields.setdefault("wire_credit", "Associated Press")
    fields.setdefault("summary", "The Treasury named two people and a company.")
    fields.setdefault("url", "https://www.independent.co.uk/news/us-sanctions-north-korea.html")
    fields.setdefault(
        "body_html", "<p>The Treasury Department on Thursday <em>sanctioned</em>.</p>"
    )
    return make_article(publisher, **fields)


def json_ld(html: str, kind: str = "NewsArticle") -> dict:
    """The page's JSON-LD object of this @type."""
    payloads = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    [found] = [data for data in map(json.loads, payloads) if data["@type"] == kind]
    return found


def test_article_page_shows_publisher_section_byline_and_wire_credit(client):
    article = reference_article()

    html = client.get(article.get_absolute_url()).content.decode()

    kicker = re.search(r'<p class="kicker">(.*?)</p>', html, re.S).group(1)
    assert re.sub(r"<[^>]+>", "", kicker) == "The Independent UK · National · Fatima Hussein"
    assert 'href="/publishers/the-independent-uk/"' in kicker
    assert f">{article.title}</h1>" in html
    assert 'Wire story</span> · <span class="wire-source">Associated Press</span>' in html
    assert "<p>The Treasury Department on Thursday <em>sanctioned</em>.</p>" in html


def test_article_page_shows_absolute_and_relative_date_and_reading_time(client):
    published = (timezone.now() - timedelta(hours=5)).replace(microsecond=0)
    article = reference_article(published_at=published, word_count=2300)

    html = client.get(article.get_absolute_url()).content.decode()

    assert f'<time datetime="{published.isoformat()}"' in html
    assert published.strftime("%H:%M UTC") in html
    assert "5\xa0hours ago" in html
    assert "10 min read" in html
    # app.js turns these into the reader's own time zone and keeps "ago" current.
    assert f'<time datetime="{published.isoformat()}" data-style="relative">5\xa0hours ago' in html
    assert '<script src="/static/web/app.js" defer></script>' in html


def test_short_article_reads_in_one_minute(client):
    article = reference_article(word_count=12)

    assert "1 min read" in client.get(article.get_absolute_url()).content.decode()


def test_article_without_wire_credit_has_no_wire_line(client):
    article = reference_article(wire_credit="")

    assert "Wire story" not in client.get(article.get_absolute_url()).content.decode()


def test_article_links_to_the_original_and_names_its_host(client):
    article = reference_article()

    html = client.get(article.get_absolute_url()).content.decode()

    assert f'href="{article.canonical_url}" rel="noopener nofollow"' in html
    assert "Read the original at independent.co.uk" in html


def test_article_with_a_javascript_link_gets_no_original_link(client):
    article = reference_article(url="javascript:alert(1)", canonical_url="")

    html = client.get(article.get_absolute_url()).content.decode()

    assert "javascript:" not in html
    assert "Read the original" not in html


def test_article_image_is_lazy_has_alt_text_and_reserves_its_space(client):
    article = reference_article(image_url="https://img.example/missiles.jpg")

    html = client.get(article.get_absolute_url()).content.decode()

    img = re.search(r'<img src="https://img.example/missiles.jpg"[^>]*>', html).group(0)
    assert f'alt="{article.title}"' in img
    assert 'loading="lazy"' in img
    assert 'width="1200" height="675"' in img
    assert '<meta property="og:image" content="https://img.example/missiles.jpg">' in html


def test_article_without_image_shows_none(client):
    article = reference_article(image_url="")

    html = client.get(article.get_absolute_url()).content.decode()

    assert "<figure" not in html
    assert "og:image" not in html


def test_article_page_has_title_description_and_open_graph_tags(client):
    article = reference_article(image_url="https://img.example/a.jpg")
    page_url = f"http://testserver{article.get_absolute_url()}"

    html = client.get(article.get_absolute_url()).content.decode()

    assert f"<title>{article.title} · The Independent UK · Newsstand</title>" in html
    expected = [
        '<meta name="description" content="The Treasury named two people and a company.">',
        f'<meta property="og:title" content="{article.title}">',
        '<meta property="og:type" content="article">',
        f'<meta property="og:url" content="{page_url}">',
        '<meta property="og:description" content="The Treasury named two people and a company.">',
        f'<meta property="article:published_time" content="{article.published_at.isoformat()}">',
        '<meta property="article:section" content="National">',
        '<meta property="article:author" content="Fatima Hussein">',
        f'<link rel="canonical" href="{page_url}">',
    ]
    for tag in expected:
        assert tag in html


def test_json_ld_describes_the_article_as_a_news_article(client):
    article = reference_article(image_url="https://img.example/a.jpg")

    data = json_ld(client.get(article.get_absolute_url()).content.decode())

    assert data["@type"] == "NewsArticle"
    assert data["headline"] == article.title
    assert data["datePublished"] == article.published_at.isoformat()
    assert data["author"] == [{"@type": "Person", "name": "Fatima Hussein"}]
    assert data["publisher"]["name"] == "The Independent UK"
    assert data["articleSection"] == "National"
    assert data["image"] == ["https://img.example/a.jpg"]
    assert data["sourceOrganization"]["name"] == "Associated Press"


def test_json_ld_cannot_be_broken_by_hostile_title(client):
    article = reference_article(title=HOSTILE, byline=HOSTILE, authors=[], summary=HOSTILE)

    html = client.get(article.get_absolute_url()).content.decode()

    assert "<script>alert(1)" not in html
    assert html.count("</script>") == html.count("<script")
    data = json_ld(html)
    assert data["headline"] == HOSTILE
    assert data["author"] == [{"@type": "Person", "name": HOSTILE}]


def test_article_with_wrong_slug_redirects_to_canonical(client):
    article = reference_article()

    response = client.get(f"/articles/{article.pk}/some-old-title/")

    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_article_without_slug_redirects_to_canonical(client):
    article = reference_article()

    response = client.get(f"/articles/{article.pk}/")

    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_unknown_article_is_not_found(client):
    response = client.get("/articles/999999/anything/")

    assert response.status_code == 404
    assert "find that page" in response.content.decode()


def test_article_page_takes_a_fixed_few_queries(client, django_assert_num_queries, page_cache_off):
    article = reference_article(image_url="https://img.example/a.jpg")

    # The article with its publisher, section and story; then what other apps add: the
    # paywall's publisher check, the topics, the related articles.
    with django_assert_num_queries(4):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
