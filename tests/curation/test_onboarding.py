"""Cold start: a new reader picks topics and publishers once, or skips, and is not asked again."""

import pytest
from django.test import Client

from newsstand.curation.models import CurationPreferences
from newsstand.readers.models import Follow
from tests.curation.conftest import make_topic, recent_article
from tests.factories import make_publisher

pytestmark = pytest.mark.django_db


def test_anonymous_reader_is_sent_to_sign_in_from_for_you(client):
    response = client.get("/for-you/")

    assert response.status_code == 302
    assert response["Location"].startswith("/account/sign-in/?next=/for-you/")


def test_first_visit_of_for_you_asks_the_reader_to_pick_interests(reader_client):
    response = reader_client.get("/for-you/")

    assert response.status_code == 302
    assert response["Location"] == "/for-you/welcome/"


def test_onboarding_offers_popular_topics_and_publishers_with_articles(reader_client):
    planet = make_publisher(name="Daily Planet")
    make_publisher(name="Empty Gazette")
    politics = make_topic("Politics", kind="organisation", article_count=5)
    recent_article(planet, topics=[politics])

    page = reader_client.get("/for-you/welcome/").content.decode()

    assert 'value="politics"' in page
    assert "Politics" in page
    assert 'value="daily-planet"' in page
    assert "Empty Gazette" not in page
    assert "Skip for now" in page


def test_picking_interests_follows_them_and_opens_for_you(reader_client, reader):
    planet = make_publisher(name="Daily Planet")
    make_topic("Politics", kind="organisation", article_count=3)

    response = reader_client.post(
        "/for-you/welcome/",
        {"topics": ["politics", "no-such-topic"], "publishers": [planet.slug], "action": "save"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/for-you/"
    follows = set(Follow.objects.filter(reader=reader).values_list("kind", "key", "label", "mode"))
    assert follows == {
        ("topic", "politics", "Politics", "follow"),
        ("publisher", "daily-planet", "Daily Planet", "follow"),
    }
    preferences = CurationPreferences.objects.get(reader=reader)
    assert preferences.onboarding == "done"
    assert preferences.onboarded_at is not None
    assert preferences.edition_email is False
    assert reader_client.get("/for-you/").status_code == 200


def test_onboarding_can_ask_for_the_edition_by_email(reader_client, reader):
    reader_client.post("/for-you/welcome/", {"action": "save", "edition_email": "on"})

    assert CurationPreferences.objects.get(reader=reader).edition_email is True


def test_skipped_onboarding_is_never_shown_again(reader_client, reader):
    response = reader_client.post("/for-you/welcome/", {"action": "skip"})

    assert response["Location"] == "/for-you/"
    assert CurationPreferences.objects.get(reader=reader).onboarding == "skipped"
    assert not Follow.objects.filter(reader=reader).exists()
    assert reader_client.get("/for-you/").status_code == 200
    assert reader_client.get("/for-you/").status_code == 200


def test_onboarding_form_needs_the_csrf_token(reader):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(reader)

    response = strict.post("/for-you/welcome/", {"action": "skip"})

    assert response.status_code == 403
    assert not CurationPreferences.objects.filter(reader=reader).exists()


def test_onboarding_page_needs_sign_in(client):
    response = client.post("/for-you/welcome/", {"action": "skip"})

    assert response.status_code == 302
    assert "/account/sign-in/" in response["Location"]
