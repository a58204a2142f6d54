"""The interest profile: learnt from follows, mutes, saves and reads, fading with time; the
reader sees it, removes parts of it or starts over."""

from datetime import timedelta

import pytest
from django.utils import timezone

from newsstand.curation.models import ForgottenInterest, ReadingSignal
from newsstand.curation.selectors import get_interest_profile
from newsstand.readers.models import Follow, Read, SavedArticle
from tests.curation.conftest import make_topic, recent_article
from tests.factories import make_publisher

pytestmark = pytest.mark.django_db


def read(reader, article, days_ago: float = 0, seconds: int = 0, depth: float = 0.0):
    Read.objects.create(
        reader=reader, article=article, read_at=timezone.now() - timedelta(days=days_ago)
    )
    if seconds:
        ReadingSignal.objects.create(reader=reader, article=article, seconds=seconds, depth=depth)


def test_follows_and_mutes_are_held_as_the_readers_own_word(reader):
    Follow.objects.create(reader=reader, kind="publisher", key="planet", label="Planet")
    Follow.objects.create(reader=reader, kind="topic", key="politics", label="Politics")
    Follow.objects.create(reader=reader, kind="topic", key="sport", label="Sport", mode="mute")

    profile = get_interest_profile(reader).profile

    assert profile.followed_publishers == {"planet"}
    assert profile.followed_topics == {"politics"}
    assert profile.muted_topics == {"sport"}


def test_a_save_teaches_the_articles_publisher_and_topics(reader):
    planet = make_publisher(name="Planet")
    climate = make_topic("Climate")
    article = recent_article(planet, topics=[climate], title="Glaciers melt faster")
    SavedArticle.objects.create(reader=reader, article=article)

    found = get_interest_profile(reader)

    assert found.profile.publishers["planet"] > 0
    assert found.profile.topics["climate"] > 0
    assert found.names["climate"] == "Climate"
    assert found.names["planet"] == "Planet"
    assert found.saved_count == 1


def test_a_long_deep_read_counts_more_than_opening_an_article(reader):
    skimmed, studied = make_publisher(name="Skimmed"), make_publisher(name="Studied")
    read(reader, recent_article(skimmed))
    read(reader, recent_article(studied), seconds=240, depth=1.0)

    weights = get_interest_profile(reader).profile.publishers

    assert weights["studied"] > 3 * weights["skimmed"]


def test_what_was_read_four_weeks_ago_counts_a_quarter(reader):
    now_publisher, then_publisher = make_publisher(name="Now"), make_publisher(name="Then")
    read(reader, recent_article(now_publisher))
    read(reader, recent_article(then_publisher), days_ago=28)

    weights = get_interest_profile(reader).profile.publishers

    assert weights["then"] / weights["now"] == pytest.approx(0.25, rel=0.01)


def test_reading_older_than_ninety_days_is_not_learnt_from(reader):
    read(reader, recent_article(make_publisher(name="Long Ago")), days_ago=91)

    assert get_interest_profile(reader).profile.publishers == {}


def test_a_removed_interest_stays_out_until_the_reader_reads_about_it_again(reader_client, reader):
    climate = make_topic("Climate")
    read(reader, recent_article(topics=[climate]), days_ago=1)

    response = reader_client.post("/for-you/profile/forget/", {"kind": "topic", "key": "climate"})

    assert response.status_code == 302
    assert "climate" not in get_interest_profile(reader).profile.topics
    read(reader, recent_article(topics=[climate]))
    assert "climate" in get_interest_profile(reader).profile.topics


def test_forgetting_an_unknown_kind_is_refused(reader_client, reader):
    response = reader_client.post("/for-you/profile/forget/", {"kind": "author", "key": "x"})

    assert response.status_code == 400
    assert not ForgottenInterest.objects.exists()


def test_reset_forgets_what_was_learnt_but_keeps_follows(reader_client, reader):
    Follow.objects.create(reader=reader, kind="publisher", key="planet", label="Planet")
    read(reader, recent_article(topics=[make_topic("Climate")]), seconds=60, depth=0.5)

    response = reader_client.post("/for-you/profile/reset/")

    assert response["Location"] == "/for-you/profile/?reset=1"
    profile = get_interest_profile(reader).profile
    assert profile.topics == {}
    assert profile.publishers == {}
    assert profile.followed_publishers == {"planet"}


def test_the_profile_page_shows_follows_and_learnt_interests_with_ways_to_remove_them(
    reader_client, reader
):
    Follow.objects.create(reader=reader, kind="topic", key="politics", label="Politics")
    Follow.objects.create(
        reader=reader, kind="publisher", key="gossip", label="Gossip", mode="mute"
    )
    read(reader, recent_article(make_publisher(name="Planet"), topics=[make_topic("Climate")]))

    page = reader_client.get("/for-you/profile/").content.decode()

    assert "Politics" in page
    assert "Gossip" in page
    assert "muted" in page
    assert "Climate" in page
    assert "Planet" in page
    assert 'action="/following/change/"' in page
    assert 'value="clear"' in page
    assert 'action="/for-you/profile/forget/"' in page
    assert 'action="/for-you/profile/reset/"' in page
    assert "From 1 article read and 0 saved" in page


def test_removing_a_follow_from_the_profile_page_comes_back_to_it(reader_client, reader):
    make_topic("Politics")
    Follow.objects.create(reader=reader, kind="topic", key="politics", label="Politics")

    response = reader_client.post(
        "/following/change/",
        {"kind": "topic", "key": "politics", "action": "clear", "next": "/for-you/profile/"},
    )

    assert response["Location"] == "/for-you/profile/"
    assert not Follow.objects.filter(reader=reader).exists()


def test_the_profile_costs_the_same_queries_however_much_was_read(
    reader, django_assert_num_queries
):
    topic = make_topic("Climate")
    read(reader, recent_article(topics=[topic]), seconds=30, depth=0.5)
    with django_assert_num_queries(8) as few:
        get_interest_profile(reader)
    for n in range(30):
        read(reader, recent_article(topics=[topic]), seconds=30 + n, depth=0.5)
        SavedArticle.objects.create(reader=reader, article=recent_article())

    with django_assert_num_queries(len(few.captured_queries)):
        get_interest_profile(reader)


def test_the_account_export_holds_what_curation_keeps(reader):
    from newsstand.curation.export import export_reader_data

    article = recent_article(title="Glaciers melt faster")
    read(reader, article, seconds=75, depth=0.6)
    ForgottenInterest.objects.create(reader=reader, kind="topic", key="sport")

    data = export_reader_data(reader)

    assert data["reading"][0]["article"] == "Glaciers melt faster"
    assert (data["reading"][0]["seconds"], data["reading"][0]["depth"]) == (75, 0.6)
    assert data["removed_interests"][0]["key"] == "sport"
    assert data["preferences"] is None
    assert data["editions"] == []
