from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from tests.factories import make_article, make_publisher, make_section

pytestmark = pytest.mark.django_db


def hours_ago(hours: float):
    return timezone.now() - timedelta(hours=hours)


def test_home_page_lists_newest_first(client):
    make_article(title="Middle story", published_at=hours_ago(2))
    make_article(title="Newest story", published_at=hours_ago(1))
    make_article(title="Oldest story", published_at=hours_ago(3))

    html = client.get("/").content.decode()

    assert html.index("Newest story") < html.index("Middle story") < html.index("Oldest story")


def test_home_row_shows_publisher_section_title_summary_and_time(client):
    publisher = make_publisher(name="The Daily Planet")
    section = make_section(publisher, name="Metropolis")
    article = make_article(
        publisher,
        section=section,
        title="Hero saves city",
        summary="Witnesses describe a flying figure.",
        published_at=hours_ago(3),
    )

    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="{publisher.get_absolute_url()}">The Daily Planet</a>' in html
    assert "Metropolis" in html
    assert f'href="{article.get_absolute_url()}">Hero saves city</a>' in html
    assert "Witnesses describe a flying figure." in html
    assert f'datetime="{article.published_at.isoformat()}"' in html
    assert "3\xa0hours ago</time>" in html


def test_home_links_every_publisher_that_has_articles(client):
    make_article(make_publisher(name="Wikinews"))
    make_publisher(name="Silent Gazette")

    response = client.get("/")

    assert [p.name for p in response.context["publishers"]] == ["Wikinews"]
    assert 'href="/publishers/wikinews/">Wikinews</a>' in response.content.decode()


def test_empty_home_says_no_articles_yet(client):
    html = client.get("/").content.decode()

    assert "No articles yet — the first fetch is running." in html
    assert "reload this page" in html


def test_home_shows_thirty_articles_a_page_and_links_to_older(client):
    publisher = make_publisher()
    for n in range(31):
        make_article(publisher, title=f"Story {n:02}", published_at=hours_ago(n + 1))

    first = client.get("/")
    second = client.get("/?page=2")

    assert len(first.context["page"].object_list) == 30
    assert 'rel="next" href="?page=2"' in first.content.decode()
    assert [a.title for a in second.context["page"].object_list] == ["Story 30"]
    assert 'rel="prev" href="?page=1"' in second.content.decode()


@pytest.mark.parametrize("page", ["2", "0", "-1", "abc"])
def test_page_that_does_not_exist_is_not_found(client, page):
    make_article()

    assert client.get(f"/?page={page}").status_code == 404


def test_home_query_count_is_constant(client, django_assert_num_queries, page_cache_off):
    # The publishers strip, the count for pagination, the page of articles, the sections, the
    # top stories (the news clock, the ranking) and the editors' pins and hides on them, the
    # editors' picks.
    publisher = make_publisher()
    make_article(publisher, section=make_section(publisher))
    with django_assert_num_queries(8):
        client.get("/")

    for _ in range(30):
        other = make_publisher()
        make_article(other, section=make_section(other), image_url="https://img.example/a.jpg")
    cache.clear()  # the top stories are cached on their own
    with django_assert_num_queries(8):
        response = client.get("/")
    assert len(response.context["page"].object_list) == 30


def test_home_list_does_not_load_article_bodies(client, page_cache_off):
    make_article(body_html="<p>A very long body that a list never shows.</p>")

    html = client.get("/").content.decode()

    assert "A very long body" not in html
    [row] = client.get("/").context["page"].object_list
    assert "body_html" in row.get_deferred_fields()
