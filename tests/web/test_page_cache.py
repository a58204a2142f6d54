"""Anonymous readers' home, article and story pages are cached, changed the moment their content
changes, and never shared with a reader who has cookies."""

import time
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.test import RequestFactory
from django.utils import timezone

from newsstand.articles.models import Article
from newsstand.stories.services import do_assign_stories
from newsstand.web.page_cache import cache_anonymous_page
from tests.factories import make_article, make_publisher, make_syndicated, news_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


def test_second_anonymous_view_of_an_article_is_served_from_the_cache(
    client, django_assert_num_queries
):
    article = make_article(title="Cached once")
    first = client.get(article.get_absolute_url())

    with django_assert_num_queries(1):  # the fingerprint only
        second = client.get(article.get_absolute_url())

    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert "Cookie" in second["Vary"]


def test_editing_an_article_changes_its_page_at_once(client):
    article = make_article(title="Before the edit")
    assert "Before the edit" in client.get(article.get_absolute_url()).content.decode()

    article.body_html = "<p>A corrected paragraph.</p>"
    article.save()  # as the admin does; the upsert sets updated_at the same way
    response = client.get(article.get_absolute_url())

    assert response["X-Page-Cache"] == "miss"
    assert "A corrected paragraph." in response.content.decode()


def test_an_edit_through_the_bulk_upsert_changes_the_page_too(client):
    article = make_article(title="Bulk before")
    client.get(article.get_absolute_url())

    # bulk writes send no signals: the fingerprint reads updated_at, so they need none.
    Article.objects.filter(pk=article.pk).update(
        body_html="<p>Rewritten by the worker.</p>", updated_at=timezone.now()
    )

    assert "Rewritten by the worker." in client.get(article.get_absolute_url()).content.decode()


def test_a_new_article_shows_on_the_home_page_at_once(client):
    make_article(title="Already here")
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"

    make_article(title="Just arrived", published_at=timezone.now())
    html = client.get("/").content.decode()

    assert "Just arrived" in html


def test_an_edited_home_article_shows_its_new_title(client):
    article = make_article(title="Old headline", published_at=timezone.now())
    client.get("/")

    article.title = "New headline"
    article.save()

    assert "New headline" in client.get("/").content.decode()


def test_new_coverage_changes_the_article_page(client):
    text = news_text(5)
    first = make_syndicated(text, make_publisher(name="First Outlet"))
    do_assign_stories([first.pk])
    assert "Also carried by" not in client.get(first.get_absolute_url()).content.decode()

    second = make_syndicated(text, make_publisher(name="Second Outlet"), 1, wire_credit="AP")
    do_assign_stories([second.pk])
    html = client.get(first.get_absolute_url()).content.decode()

    assert "Second Outlet" in html


def test_a_signed_in_reader_never_gets_the_anonymous_copy(client):
    article = make_article(title="Shared page")
    client.get(article.get_absolute_url())
    reader = get_user_model().objects.create_user("reader@example.com", "a long passphrase")
    client.force_login(reader)

    response = client.get(article.get_absolute_url())

    assert "X-Page-Cache" not in response


def test_a_signed_in_readers_page_is_never_stored_for_others(client):
    article = make_article(title="Personal page")
    reader = get_user_model().objects.create_user("reader@example.com", "a long passphrase")
    client.force_login(reader)
    client.get(article.get_absolute_url())
    client.logout()
    client.cookies.clear()

    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "miss"


def test_a_reader_with_a_preference_cookie_is_not_served_from_the_cache(client):
    article = make_article()
    client.get(article.get_absolute_url())
    client.cookies["newsstand_theme"] = "dark"

    assert "X-Page-Cache" not in client.get(article.get_absolute_url())


def test_a_page_that_holds_a_csrf_token_is_never_stored():
    factory = RequestFactory()
    rendered = []

    @cache_anonymous_page(lambda request: "v1")
    def form_page(request):
        rendered.append(get_token(request))
        return render(request, "web/offline.html")

    for _ in range(2):
        response = form_page(factory.get("/a-form/"))
        assert "X-Page-Cache" not in response
    assert len(rendered) == 2  # rendered for each reader, with each one's own token


def test_a_page_that_sets_a_cookie_is_never_stored():
    factory = RequestFactory()

    @cache_anonymous_page(lambda request: "v1")
    def cookie_page(request):
        response = render(request, "web/offline.html")
        response.set_cookie("tracking", "reader-1")
        return response

    cookie_page(factory.get("/a-cookie/"))

    assert "X-Page-Cache" not in cookie_page(factory.get("/a-cookie/"))


def test_a_missing_article_is_not_cached_and_still_404s(client):
    assert client.get("/articles/999999/nothing/").status_code == 404
    assert client.get("/articles/999999/nothing/").status_code == 404


def test_older_home_pages_are_not_cached(client):
    for n in range(31):
        make_article(published_at=timezone.now() - timedelta(minutes=n))

    assert "X-Page-Cache" not in client.get("/?page=2")


def test_story_page_is_cached_and_changes_with_its_coverage(client):
    text = news_text(8)
    first = make_syndicated(text, make_publisher(name="Desk One"))
    do_assign_stories([first.pk])
    story_url = Article.objects.get(pk=first.pk).story.get_absolute_url()
    client.get(story_url)
    assert client.get(story_url)["X-Page-Cache"] == "hit"

    second = make_syndicated(text, make_publisher(name="Desk Two"), 1)
    do_assign_stories([second.pk])

    assert "Desk Two" in client.get(story_url).content.decode()


def test_setting_zero_turns_the_cache_off(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    article = make_article()
    client.get(article.get_absolute_url())

    assert "X-Page-Cache" not in client.get(article.get_absolute_url())


def test_a_process_reuses_a_fingerprint_briefly_so_an_edit_shows_that_much_later(
    client, settings, django_assert_num_queries
):
    settings.PAGE_CHECK_SECONDS = 0.3
    article = make_article(summary="Checked once")
    client.get(article.get_absolute_url())

    with django_assert_num_queries(0):  # page and fingerprint both from memory
        assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"
    Article.objects.filter(pk=article.pk).update(summary="Checked twice", updated_at=timezone.now())
    assert b"Checked once" in client.get(article.get_absolute_url()).content  # not yet

    time.sleep(0.4)  # the fingerprint's memo expires
    assert b"Checked twice" in client.get(article.get_absolute_url()).content
