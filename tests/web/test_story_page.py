"""The story page, and the coverage the article page shows for articles in stories."""

import pytest

from newsstand.articles.models import Article
from newsstand.publishers.models import Publisher
from newsstand.stories.services import do_assign_stories
from tests.factories import make_article, make_publisher, make_syndicated, news_text

pytestmark = pytest.mark.django_db


def wire_story(outlets: int = 3) -> list[Article]:
    """A wire text run by several outlets, the first uncredited, the rest crediting AP."""
    text = news_text(11)
    runs = [make_syndicated(text, make_publisher(name="Wire Desk"))]
    runs += [
        make_syndicated(text, make_publisher(name=f"Outlet {n}"), n, wire_credit="AP")
        for n in range(1, outlets)
    ]
    do_assign_stories([a.pk for a in runs])
    return list(Article.objects.select_related("story").order_by("published_at"))


def test_story_page_shows_title_coverage_span_and_copies(client):
    original, *copies = wire_story()
    story = original.story

    response = client.get(story.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert story.title in html
    assert "Covered by 3 outlets" in html
    assert 'originally from <span class="origin-name">AP</span>' in html
    assert "First seen" in html
    assert "last seen" in html
    assert all(name in html for name in ["Wire Desk", "Outlet 1", "Outlet 2"])
    assert html.count("copy of <a") == len(copies)
    assert original.get_absolute_url() in html


def test_story_page_of_a_missing_story_is_not_found(client):
    assert client.get("/stories/999/").status_code == 404


def test_story_page_query_count_is_constant(client, django_assert_num_queries, page_cache_off):
    small = wire_story(outlets=2)[0].story
    # The story, the count for pagination, the page of its articles.
    with django_assert_num_queries(3):
        client.get(small.get_absolute_url())
    Publisher.objects.all().delete()  # and their articles
    big = wire_story(outlets=12)[0].story
    with django_assert_num_queries(3):
        response = client.get(big.get_absolute_url())
    assert len(response.context["page"].object_list) == 12


def test_article_page_of_a_copy_links_its_story_origin_and_other_outlets(client):
    original, first_copy, second_copy = wire_story()

    html = client.get(first_copy.get_absolute_url()).content.decode()

    assert f'href="{first_copy.story.get_absolute_url()}">Covered by 3 outlets</a>' in html
    assert 'Originally from <span class="origin-name">AP</span>' in html
    assert original.get_absolute_url() in html
    assert second_copy.get_absolute_url() in html
    assert "Wire Desk" in html


def test_article_page_of_an_original_lists_the_outlets_carrying_it(client):
    original, first_copy, second_copy = wire_story()

    html = client.get(original.get_absolute_url()).content.decode()

    assert "Originally from" in html
    assert first_copy.get_absolute_url() in html
    assert second_copy.get_absolute_url() in html


def test_article_page_of_a_lone_article_shows_no_coverage(client):
    article = make_syndicated(news_text(12), make_publisher())
    do_assign_stories([article.pk])

    html = client.get(article.get_absolute_url()).content.decode()

    assert "Covered by" not in html
    assert "Originally from" not in html


def test_article_page_with_coverage_takes_as_many_queries_however_many_copies(
    client, django_assert_num_queries, page_cache_off
):
    small = wire_story(outlets=2)[0]
    with django_assert_num_queries(4) as small_page:
        client.get(small.get_absolute_url())
    Publisher.objects.all().delete()  # and their articles
    big = wire_story(outlets=12)[0]
    with django_assert_num_queries(len(small_page.captured_queries)):
        response = client.get(big.get_absolute_url())
    assert len(response.context["other_copies"]) == 11


def test_article_page_outside_any_story_looks_up_no_copies(
    client, django_assert_num_queries, page_cache_off
):
    article = make_article()
    # The article; the paywall's publisher check; its topics (no story: no copies, no related).
    with django_assert_num_queries(3):
        assert client.get(article.get_absolute_url()).status_code == 200


def test_story_page_has_a_canonical_link_and_open_graph_tags(client):
    story = wire_story()[0].story

    html = client.get(story.get_absolute_url()).content.decode()

    assert f'<link rel="canonical" href="http://testserver/stories/{story.pk}/">' in html
    assert f'<meta property="og:title" content="{story.title}">' in html
