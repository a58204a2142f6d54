import re

import pytest
from django.conf import settings
from django.db import connection
from django.shortcuts import resolve_url
from django.test.utils import CaptureQueriesContext

from newsstand.readers.models import Follow, SavedArticle
from tests.factories import make_article, make_publisher

pytestmark = pytest.mark.django_db


def forms(html: str) -> list[str]:
    """The page's forms that change something: the header's search box (GET) is not one."""
    found = re.findall(r"<form .*?</form>", html, flags=re.S)
    return [form for form in found if 'method="get"' not in form]


def test_article_page_offers_save_share_and_follow_to_a_reader(reader_client):
    article = make_article(make_publisher(name="Herald"), title="Big news", byline="Fatima Hussein")

    html = reader_client.get(article.get_absolute_url()).content.decode()

    assert "Save for later</button>" in html
    assert "Mark as unread</button>" in html  # opening it marked it read
    assert "Follow Herald</button>" in html
    assert "Mute Herald</button>" in html
    assert "Follow Fatima Hussein</button>" in html
    assert '<summary class="action-button">Share</summary>' in html
    assert "mailto:?subject=Big%20news" in html
    # web/app.js tells the service worker to keep (or drop) the page for offline reading
    assert f'data-offline-save="{article.get_absolute_url()}"' in html
    for form in forms(html):
        assert 'method="post"' in form
        assert "csrfmiddlewaretoken" in form


def test_a_saved_article_offers_to_remove_it(reader_client, reader):
    article = make_article()
    SavedArticle.objects.create(reader=reader, article=article)
    Follow.objects.create(
        reader=reader, kind="publisher", key=article.publisher.slug, label="x", mode="follow"
    )

    html = reader_client.get(article.get_absolute_url()).content.decode()

    assert "Remove from saved</button>" in html
    assert f"Unfollow {article.publisher.name}</button>" in html


def test_anonymous_readers_get_sign_in_links_and_no_form(client):
    article = make_article(title="Open to all")

    html = client.get(article.get_absolute_url()).content.decode()

    login = resolve_url(settings.LOGIN_URL)
    assert f'href="{login}?next=%2Farticles%2F{article.pk}%2Fopen-to-all%2F"' in html
    assert "Save for later</a>" in html
    assert not forms(html)  # no CSRF token, so the page stays cacheable
    assert "Mark as" not in html


def test_enhancing_script_is_served_and_loaded_once_per_page(reader_client):
    article = make_article()

    html = reader_client.get(article.get_absolute_url()).content.decode()
    script = b"".join(reader_client.get("/static/readers/actions.js").streaming_content)

    assert html.count("readers/actions.js") == 1
    assert b"navigator.share" in script
    assert b"application/json" in script


def test_actions_cost_anonymous_readers_no_query(client):
    article = make_article(byline="Fatima Hussein")

    with CaptureQueriesContext(connection) as queries:
        client.get(article.get_absolute_url())

    assert not [q for q in queries if "readers_" in q["sql"]]


def test_actions_cost_a_reader_a_fixed_number_of_queries(reader_client, reader):
    article = make_article(authors=["Ann Other", "Cal Umnist", "Fatima Hussein"])
    Follow.objects.create(reader=reader, kind="author", key="cal umnist", label="x", mode="mute")

    with CaptureQueriesContext(connection) as queries:
        html = reader_client.get(article.get_absolute_url()).content.decode()

    ours = [q for q in queries if "readers_" in q["sql"]]
    # the read recorded, saved?, read?, follows of publisher and authors, appearance
    assert len(ours) == 5
    assert "Unmute Cal Umnist</button>" in html
