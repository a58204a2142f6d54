import pytest
from django.apps import apps
from django.contrib.auth import get_user_model

from newsstand.articles.models import Article
from newsstand.readers.models import Follow
from newsstand.readers.selectors import get_follow_keys, visible_to
from tests.factories import make_article, make_publisher, make_section

pytestmark = pytest.mark.django_db


TOPICS_INSTALLED = apps.is_installed("newsstand.topics")


def make_topic(slug: str, name: str):
    """The topic, where the topics app is installed (before it, follows keep any slug)."""
    if TOPICS_INSTALLED:
        topic_model = apps.get_model("topics", "Topic")
        return topic_model.objects.create(kind="place", name=name, key=name.lower(), slug=slug)
    return None


def follow(client, kind, key, action="follow", **extra):
    return client.post("/following/change/", {"kind": kind, "key": key, "action": action}, **extra)


def test_following_a_publisher_lists_it_on_the_following_page(reader_client, reader):
    publisher = make_publisher(name="The Daily Planet")

    response = follow(reader_client, "publisher", publisher.slug)

    assert response.status_code == 302
    row = Follow.objects.get(reader=reader)
    assert (row.kind, row.key, row.label, row.mode) == (
        "publisher",
        "the-daily-planet",
        "The Daily Planet",
        "follow",
    )
    assert "The Daily Planet" in reader_client.get("/following/").content.decode()


def test_muting_a_followed_publisher_replaces_the_follow(reader_client, reader):
    publisher = make_publisher()
    follow(reader_client, "publisher", publisher.slug)

    response = follow(
        reader_client, "publisher", publisher.slug, "mute", HTTP_ACCEPT="application/json"
    )

    assert response.json() == {"kind": "publisher", "key": publisher.slug, "mode": "mute"}
    assert list(Follow.objects.values_list("mode", flat=True)) == ["mute"]


def test_clear_forgets_the_follow_and_is_idempotent(reader_client):
    publisher = make_publisher()
    follow(reader_client, "publisher", publisher.slug)

    follow(reader_client, "publisher", publisher.slug, "clear")
    response = follow(reader_client, "publisher", publisher.slug, "clear")

    assert response.status_code == 302
    assert not Follow.objects.exists()


def test_following_twice_is_one_row(reader_client):
    publisher = make_publisher()

    follow(reader_client, "publisher", publisher.slug)
    follow(reader_client, "publisher", publisher.slug)

    assert Follow.objects.count() == 1


def test_an_unknown_publisher_cannot_be_followed(reader_client):
    response = follow(reader_client, "publisher", "nobody")

    assert response.status_code == 400
    assert "No such publisher." in response.content.decode()
    assert not Follow.objects.exists()


def test_topics_are_followed_by_slug(reader_client, reader):
    make_topic("north-korea", "North Korea")

    follow(reader_client, "topic", "North-Korea")

    row = Follow.objects.get(reader=reader)
    assert (row.kind, row.key) == ("topic", "north-korea")


def test_a_topic_that_is_not_a_slug_is_refused(reader_client):
    assert follow(reader_client, "topic", "north korea; drop").status_code == 400
    assert not Follow.objects.exists()


def test_authors_are_followed_by_normalised_name(reader_client, reader):
    follow(reader_client, "author", "  Fatima   Hussein ")
    follow(reader_client, "author", "fatima hussein")

    row = Follow.objects.get(reader=reader)
    assert (row.key, row.label) == ("fatima hussein", "fatima hussein")


def test_unknown_kind_is_refused(reader_client):
    assert follow(reader_client, "planet", "mars").status_code == 400


def test_anonymous_follow_goes_to_sign_in(client):
    publisher = make_publisher()

    response = client.post(
        "/following/change/",
        {"kind": "publisher", "key": publisher.slug, "action": "follow", "next": "/"},
    )

    assert response.status_code == 302
    assert "next=/" in response["Location"]
    assert not Follow.objects.exists()


def test_muted_publishers_and_authors_leave_the_home_page(reader_client):
    muted_publisher = make_publisher(name="Shouty Times")
    make_article(muted_publisher, title="Shouting headline")
    make_article(title="By a columnist", byline="Cal Umnist")
    make_article(title="Co-written piece", authors=["Ann Other", "Cal Umnist"])
    make_article(title="Quiet report", byline="Someone Else")
    follow(reader_client, "publisher", muted_publisher.slug, "mute")
    follow(reader_client, "author", "cal umnist", "mute")

    titles = [item.title for item in reader_client.get("/").context["page"].object_list]

    assert titles == ["Quiet report"]


def test_mutes_are_the_readers_own(client, reader):
    muted_publisher = make_publisher()
    make_article(muted_publisher, title="Still visible to others")
    Follow.objects.create(
        reader=reader, kind="publisher", key=muted_publisher.slug, label="x", mode="mute"
    )
    other = get_user_model().objects.create_user("other@example.com", "another passphrase")
    client.force_login(other)

    assert "Still visible to others" in client.get("/").content.decode()


def test_a_muted_publishers_own_page_still_lists_it_but_not_muted_authors(reader_client):
    publisher = make_publisher(name="Mixed Gazette")
    make_article(publisher, title="Staff report")
    make_article(publisher, title="Column", byline="Cal Umnist")
    follow(reader_client, "publisher", publisher.slug, "mute")
    follow(reader_client, "author", "Cal Umnist", "mute")

    page = reader_client.get(publisher.get_absolute_url()).context["page"]

    assert [item.title for item in page.object_list] == ["Staff report"]


def test_section_lists_leave_out_muted_publishers(reader_client):
    loud, calm = make_publisher(name="Loud"), make_publisher(name="Calm")
    make_article(loud, section=make_section(loud, name="Politics"), title="Loud politics")
    make_article(calm, section=make_section(calm, name="Politics"), title="Calm politics")
    follow(reader_client, "publisher", loud.slug, "mute")

    response = reader_client.get("/sections/politics/")

    assert [item.title for item in response.context["page"].object_list] == ["Calm politics"]


def test_visible_to_leaves_anonymous_readers_lists_alone():
    from django.contrib.auth.models import AnonymousUser

    make_article()
    articles = Article.objects.all()

    assert visible_to(AnonymousUser(), articles) is articles


def test_following_page_lists_follows_and_mutes_by_kind(reader_client):
    publisher = make_publisher(name="Followed Herald")
    follow(reader_client, "publisher", publisher.slug)
    follow(reader_client, "author", "Cal Umnist", "mute")
    make_topic("north-korea", "North Korea")
    follow(reader_client, "topic", "north-korea")

    html = reader_client.get("/following/").content.decode()

    assert "Unfollow Followed Herald" in html
    assert "Unmute Cal Umnist" in html
    assert "Unfollow North Korea" in html if TOPICS_INSTALLED else "Unfollow north korea" in html


def test_publisher_page_offers_follow_and_mute(reader_client):
    publisher = make_publisher(name="Button Post")

    html = reader_client.get(publisher.get_absolute_url()).content.decode()

    assert 'action="/following/change/"' in html
    assert "Follow Button Post</button>" in html
    assert "Mute Button Post</button>" in html
    assert "csrfmiddlewaretoken" in html


@pytest.mark.skipif(not TOPICS_INSTALLED, reason="articles carry topics once the topics app is in")
def test_muted_topics_leave_the_home_page(reader_client):
    topic = make_topic("north-korea", "North Korea")
    tagged = make_article(title="Missile test")
    make_article(title="Weather")
    apps.get_model("topics", "ArticleTopic").objects.create(article=tagged, topic=topic, weight=1)
    follow(reader_client, "topic", "north-korea", "mute")

    titles = [item.title for item in reader_client.get("/").context["page"].object_list]

    assert titles == ["Weather"]


@pytest.mark.skipif(not TOPICS_INSTALLED, reason="topics are checked once the topics app is in")
def test_an_unknown_topic_cannot_be_followed(reader_client):
    assert follow(reader_client, "topic", "nowhere-land").status_code == 400


def test_follow_keys_give_the_ranking_what_is_followed_and_muted(reader_client, reader):
    followed, muted = make_publisher(), make_publisher()
    follow(reader_client, "publisher", followed.slug)
    follow(reader_client, "publisher", muted.slug, "mute")
    follow(reader_client, "author", "Cal Umnist")

    keys = get_follow_keys(reader)

    assert keys.followed == {"publisher": {followed.slug}, "topic": set(), "author": {"cal umnist"}}
    assert keys.muted == {"publisher": {muted.slug}, "topic": set(), "author": set()}
