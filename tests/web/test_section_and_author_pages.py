"""Section pages (one publisher's, and every publisher's of one name) and author pages."""

from datetime import UTC, datetime, timedelta

import pytest

from newsstand.web.views import busiest_sections
from tests.factories import make_article, make_publisher, make_section

pytestmark = pytest.mark.django_db

NOON = datetime(2024, 11, 1, 12, 0, tzinfo=UTC)


def test_section_page_gathers_that_section_from_every_publisher_newest_first(client):
    daily, weekly = make_publisher(name="Daily"), make_publisher(name="Weekly")
    make_article(
        daily, section=make_section(daily, name="Politics"), title="Older", published_at=NOON
    )
    make_article(
        weekly,
        section=make_section(weekly, name="Politics"),
        title="Newer",
        published_at=NOON + timedelta(hours=1),
    )
    make_article(daily, section=make_section(daily, name="Sport"), title="Elsewhere")

    response = client.get("/sections/politics/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Politics · Newsstand</title>" in html
    assert html.index("Newer") < html.index("Older")
    assert "Elsewhere" not in html
    assert 'href="/publishers/daily/sections/politics/">Daily</a>' in html


def test_publisher_section_page_shows_only_that_publishers_section(client):
    daily, weekly = make_publisher(name="Daily"), make_publisher(name="Weekly")
    make_article(daily, section=make_section(daily, name="Politics"), title="Daily politics")
    make_article(weekly, section=make_section(weekly, name="Politics"), title="Weekly politics")

    html = client.get("/publishers/daily/sections/politics/").content.decode()

    assert "Daily politics" in html
    assert "Weekly politics" not in html
    assert '<nav class="breadcrumbs" aria-label="Breadcrumb">' in html


def test_unknown_sections_are_not_found(client):
    make_publisher(name="Daily")

    assert client.get("/sections/nothing/").status_code == 404
    assert client.get("/publishers/daily/sections/nothing/").status_code == 404


def test_section_pages_paginate(client):
    publisher = make_publisher(name="Daily")
    section = make_section(publisher, name="Politics")
    for n in range(31):
        make_article(publisher, section=section, published_at=NOON + timedelta(minutes=n))

    assert "Page 1 of 2" in client.get("/sections/politics/").content.decode()
    assert client.get("/sections/politics/?page=2").status_code == 200
    assert client.get("/sections/politics/?page=3").status_code == 404


def test_author_page_lists_their_articles_across_publishers_and_nobody_elses(client):
    make_article(make_publisher(), title="By her, here", authors=["Fatima Hussein"])
    make_article(make_publisher(), title="By her, there", byline="Fatima Hussein")
    make_article(make_publisher(), title="Someone similar", authors=["Fatima Husseini"])

    response = client.get("/authors/fatima-hussein/")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="page-heading">Fatima Hussein' in html
    assert "By her, here" in html
    assert "By her, there" in html
    assert "Someone similar" not in html
    assert "2 articles by Fatima Hussein" in html


def test_author_without_articles_is_not_found(client):
    make_article(authors=["Somebody Else"])

    assert client.get("/authors/nobody-here/").status_code == 404


def test_article_links_its_section_and_each_author(client):
    publisher = make_publisher(name="Daily")
    article = make_article(
        publisher, section=make_section(publisher, name="National"), authors=["Ann Lee", "Bo Chen"]
    )

    html = client.get(article.get_absolute_url()).content.decode()

    assert 'href="/publishers/daily/sections/national/">National</a>' in html
    assert (
        '<a href="/authors/ann-lee/">Ann Lee</a>, <a href="/authors/bo-chen/">Bo Chen</a>' in html
    )


def test_home_shows_the_busiest_sections_below_the_latest_news(client):
    publisher = make_publisher(name="Daily")
    busy, quiet = make_section(publisher, name="Busy"), make_section(publisher, name="Quiet")
    for n in range(5):
        make_article(publisher, section=busy, title=f"Busy {n}", published_at=NOON)
    make_article(publisher, section=quiet, title="Quiet one", published_at=NOON)
    for n in range(30):  # a full first page of newer articles, in no section
        make_article(publisher, title=f"Fresh {n}", published_at=NOON + timedelta(hours=1))

    html = client.get("/").content.decode()

    assert '<a href="/sections/busy/">Busy</a></h2>' in html
    assert '<a href="/sections/quiet/">Quiet</a></h2>' in html
    assert html.index('href="/sections/busy/"') < html.index('href="/sections/quiet/"')
    assert html.count("Busy 4") == 1


def test_home_sections_skip_what_the_latest_list_shows(client):
    publisher = make_publisher(name="Daily")
    make_article(publisher, section=make_section(publisher, name="Busy"), title="Only one")

    html = client.get("/").content.decode()

    assert html.count("Only one") == 1
    assert 'href="/sections/busy/"' not in html


def test_busiest_sections_keeps_a_few_per_section_newest_first():
    publisher = make_publisher()
    one, two = make_section(publisher, name="One"), make_section(publisher, name="Two")
    articles = [make_article(publisher, section=one) for _ in range(6)]
    articles.append(make_article(publisher, section=two))

    groups = busiest_sections(articles, count=1, per_section=4)

    assert [group.name for group in groups] == ["One"]
    assert groups[0].articles == articles[:4]
