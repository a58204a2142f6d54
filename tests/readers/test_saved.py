from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.shortcuts import resolve_url

from newsstand.readers.models import SavedArticle
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_saving_an_article_keeps_it_and_returns_to_the_page(reader_client, reader):
    article = make_article(title="Keep me")

    response = reader_client.post(
        f"/saved/{article.pk}/", {"action": "save", "next": article.get_absolute_url()}
    )

    assert response.status_code == 302
    assert response["Location"] == article.get_absolute_url()
    assert list(SavedArticle.objects.filter(reader=reader).values_list("article", flat=True)) == [
        article.pk
    ]


def test_saving_twice_is_one_saved_article(reader_client, reader):
    article = make_article()

    for _ in range(2):
        reader_client.post(f"/saved/{article.pk}/", {"action": "save"})

    assert SavedArticle.objects.filter(reader=reader).count() == 1


def test_removing_twice_is_harmless(reader_client, reader):
    article = make_article()
    reader_client.post(f"/saved/{article.pk}/", {"action": "save"})

    for _ in range(2):
        response = reader_client.post(f"/saved/{article.pk}/", {"action": "remove"})

    assert response.status_code == 302
    assert not SavedArticle.objects.filter(reader=reader).exists()


def test_script_gets_the_new_state_as_json(reader_client):
    article = make_article()

    response = reader_client.post(
        f"/saved/{article.pk}/", {"action": "save"}, HTTP_ACCEPT="application/json"
    )

    assert response.json() == {"saved": True}


def test_unknown_action_is_refused(reader_client):
    article = make_article()

    assert reader_client.post(f"/saved/{article.pk}/", {"action": "toggle"}).status_code == 400


def test_redirect_back_never_leaves_the_site(reader_client):
    article = make_article()

    response = reader_client.post(
        f"/saved/{article.pk}/", {"action": "save", "next": "https://evil.example/"}
    )

    assert response["Location"] == article.get_absolute_url()


def test_anonymous_save_goes_to_sign_in_and_back(client):
    article = make_article()

    response = client.post(
        f"/saved/{article.pk}/", {"action": "save", "next": article.get_absolute_url()}
    )

    assert response.status_code == 302
    login = resolve_url(settings.LOGIN_URL)
    assert response["Location"] == f"{login}?next={quote(article.get_absolute_url())}"
    assert not SavedArticle.objects.exists()


def test_saving_needs_a_csrf_token(reader):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(reader)
    article = make_article()

    assert strict.post(f"/saved/{article.pk}/", {"action": "save"}).status_code == 403
    assert not SavedArticle.objects.exists()


def test_saving_a_missing_article_is_not_found(reader_client):
    assert reader_client.post("/saved/999999/", {"action": "save"}).status_code == 404


def test_saved_page_lists_the_readers_articles_last_saved_first(reader_client, reader):
    older, newer = make_article(title="Saved first"), make_article(title="Saved second")
    other = get_user_model().objects.create_user("other@example.com", "another passphrase")
    SavedArticle.objects.create(reader=other, article=make_article(title="Someone else's"))
    reader_client.post(f"/saved/{older.pk}/", {"action": "save"})
    reader_client.post(f"/saved/{newer.pk}/", {"action": "save"})

    html = reader_client.get("/saved/").content.decode()

    assert html.index("Saved second") < html.index("Saved first")
    assert "Someone else" not in html


def test_saved_page_is_paginated(reader_client, reader):
    articles = [make_article(title=f"Saved {n}") for n in range(31)]
    SavedArticle.objects.bulk_create(SavedArticle(reader=reader, article=a) for a in articles)

    first, second = reader_client.get("/saved/"), reader_client.get("/saved/?page=2")

    assert len(first.context["page"].object_list) == 30
    assert len(second.context["page"].object_list) == 1
    assert reader_client.get("/saved/?page=3").status_code == 404


def test_saved_page_needs_sign_in(client):
    response = client.get("/saved/")

    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))


def test_saved_urls_list_the_saved_article_pages_for_the_service_worker(reader_client, reader):
    article = make_article(title="Offline reading")
    SavedArticle.objects.create(reader=reader, article=article)

    response = reader_client.get("/saved/urls.json")

    assert response.json() == {"urls": [article.get_absolute_url()]}
    assert "private" in response["Cache-Control"]


def test_saved_urls_are_empty_for_anonymous_readers(client):
    assert client.get("/saved/urls.json").json() == {"urls": []}
