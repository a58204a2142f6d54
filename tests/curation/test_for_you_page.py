"""The For-you page: candidates from follows, reads and what is trending, ranked against the
reader's profile and varied; read and muted items left out; each with its reason."""

from datetime import timedelta

import pytest
from django.utils import timezone

from newsstand.articles.models import Article
from newsstand.curation.selectors import get_for_you, source_quality
from newsstand.readers.models import Follow, Read, SavedArticle
from newsstand.stories.models import RelatedArticle
from tests.curation.conftest import make_story, make_topic, recent_article
from tests.factories import make_publisher

pytestmark = pytest.mark.django_db


def follow(reader, kind, key, label, mode="follow"):
    Follow.objects.create(reader=reader, kind=kind, key=key, label=label, mode=mode)


def listed(reader):
    return [(item.article.title, item.reason) for item in get_for_you(reader)]


def test_an_article_about_a_followed_topic_says_why_it_is_there(reader_client, onboarded):
    politics = make_topic("Politics", kind="organisation")
    follow(onboarded, "topic", "politics", "Politics")
    recent_article(title="Parliament votes on the budget", topics=[politics])

    page = reader_client.get("/for-you/").content.decode()

    assert "Parliament votes on the budget" in page
    assert "Because you follow Politics" in page


def test_a_followed_publishers_article_names_the_publisher(onboarded):
    planet = make_publisher(name="Daily Planet")
    follow(onboarded, "publisher", planet.slug, planet.name)
    recent_article(planet, title="Local news")

    assert listed(onboarded) == [("Local news", "Because you follow Daily Planet")]


def test_a_reader_with_no_interests_yet_sees_what_is_popular_now(onboarded):
    busy = recent_article(title="Everyone reads this")
    make_story(busy, score=5.0)
    quiet = recent_article(title="Nobody reads this", hours=1)
    make_story(quiet, score=0.0)

    assert listed(onboarded)[0] == ("Everyone reads this", "Popular now")


def test_read_items_are_left_out(onboarded):
    seen = recent_article(title="Already read")
    recent_article(title="Not yet read")
    Read.objects.create(reader=onboarded, article=seen)

    assert [title for title, _ in listed(onboarded)] == ["Not yet read"]


def test_muted_publishers_topics_and_authors_are_left_out(onboarded):
    gossip = make_publisher(name="Gossip Daily")
    sport = make_topic("Sport")
    follow(onboarded, "publisher", gossip.slug, gossip.name, mode="mute")
    follow(onboarded, "topic", "sport", "Sport", mode="mute")
    follow(onboarded, "author", "jane roe", "Jane Roe", mode="mute")
    recent_article(gossip, title="Muted publisher")
    recent_article(title="Muted topic", topics=[sport])
    recent_article(title="Muted author", byline="Jane Roe")
    recent_article(title="Kept")

    assert [title for title, _ in listed(onboarded)] == ["Kept"]


def test_what_editors_hid_is_left_out(onboarded):
    from newsstand.editorial.models import HiddenArticle

    hidden = recent_article(title="Hidden article")
    HiddenArticle.objects.create(article=hidden, hidden_at=timezone.now())
    in_hidden_story = recent_article(title="In a hidden story")
    story = make_story(in_hidden_story)
    story.hidden_at = timezone.now()
    story.save(update_fields=["hidden_at"])
    recent_article(title="Kept")

    assert [title for title, _ in listed(onboarded)] == ["Kept"]


def test_no_publisher_has_more_than_two_of_the_first_ten(onboarded):
    loud = make_publisher(name="Loud News")
    follow(onboarded, "publisher", loud.slug, loud.name)
    for n in range(10):
        recent_article(loud, title=f"Loud {n}", hours=1 + n / 10)
    for n in range(10):
        recent_article(title=f"Other {n}", hours=2 + n / 10)

    first_ten = get_for_you(onboarded)[:10]

    assert len(first_ten) == 10
    assert sum(item.article.publisher_id == loud.pk for item in first_ten) == 2


def test_topics_are_spread_over_the_first_items(onboarded):
    politics, science = make_topic("Politics"), make_topic("Science")
    follow(onboarded, "topic", "politics", "Politics")
    follow(onboarded, "topic", "science", "Science")
    for n in range(6):
        recent_article(title=f"Politics {n}", topics=[politics], hours=1 + n / 10)
    recent_article(title="Science 0", topics=[science], hours=3)

    first_three = [title for title, _ in listed(onboarded)[:3]]

    assert "Science 0" in first_three


def test_one_article_per_story_preferring_a_followed_publishers(onboarded):
    mine = make_publisher(name="My Paper")
    follow(onboarded, "publisher", mine.slug, mine.name)
    wire = recent_article(title="Quake hits the coast (wire)", hours=3)
    copy = recent_article(mine, title="Quake hits the coast", hours=2, duplicate_of=wire)
    make_story(wire, copy)

    assert [title for title, _ in listed(onboarded)] == ["Quake hits the coast"]


def test_articles_like_recent_reads_are_candidates_even_when_not_the_newest(onboarded):
    read = recent_article(title="Volcano erupts", hours=30)
    alike = recent_article(title="Volcano ash closes airports", hours=29)
    RelatedArticle.objects.create(article=alike, related=read, score=0.9)
    Read.objects.create(reader=onboarded, article=read)
    for n in range(70):
        recent_article(title=f"Newer {n}", hours=1)

    titles = [item.article.title for item in get_for_you(onboarded, limit=100)]

    assert "Volcano ash closes airports" in titles
    assert "Volcano erupts" not in titles


def test_articles_older_than_three_days_are_left_out(onboarded):
    recent_article(title="Last week", hours=24 * 7)
    recent_article(title="Today")

    assert [title for title, _ in listed(onboarded)] == ["Today"]


def test_when_the_news_has_paused_the_last_three_days_of_it_are_listed(onboarded):
    recent_article(title="A week ago", hours=24 * 7)
    recent_article(title="Eight days ago", hours=24 * 8)
    recent_article(title="A fortnight ago", hours=24 * 14)

    assert [title for title, _ in listed(onboarded)] == ["A week ago", "Eight days ago"]


def test_the_page_costs_a_bounded_number_of_queries(
    reader_client, onboarded, django_assert_max_num_queries
):
    topics = [make_topic(f"Topic {n}") for n in range(5)]
    publishers = [make_publisher(name=f"Outlet {n}") for n in range(6)]
    follow(onboarded, "publisher", publishers[0].slug, publishers[0].name)
    follow(onboarded, "topic", topics[0].slug, topics[0].name)
    for n in range(60):
        article = recent_article(
            publishers[n % 6], title=f"Story {n}", hours=n / 2, topics=topics[: n % 5 + 1]
        )
        if n % 4 == 0:
            make_story(article, score=float(n))
        if n % 7 == 0:
            Read.objects.create(
                reader=onboarded, article=article, read_at=timezone.now() - timedelta(hours=n)
            )
        if n % 9 == 0:
            SavedArticle.objects.create(reader=onboarded, article=article)

    with django_assert_max_num_queries(25):
        response = reader_client.get("/for-you/")

    assert response.status_code == 200
    assert response.content.decode().count('class="for-you-reason"') == 30


def test_the_header_links_signed_in_readers_to_for_you_and_the_edition(reader_client):
    signed_in = reader_client.get("/").content.decode()

    assert 'href="/for-you/"' in signed_in
    assert 'href="/edition/"' in signed_in


def test_the_header_has_no_curation_links_for_anonymous_readers(client):
    page = client.get("/").content.decode()

    assert 'href="/for-you/"' not in page
    assert 'href="/edition/"' not in page


def test_source_quality_prefers_original_full_signed_reporting():
    original = Article(duplicate_of_id=None, word_count=600, byline="By Ann Reporter")
    brief = Article(duplicate_of_id=None, word_count=80, byline="")
    copy = Article(duplicate_of_id=1, word_count=600, byline="By Ann Reporter")

    assert source_quality(original) == 1.0
    assert source_quality(copy) < source_quality(original)
    assert source_quality(brief) < source_quality(original)


def test_of_two_like_articles_the_better_source_comes_first(onboarded):
    planet = make_publisher(name="Daily Planet")
    follow(onboarded, "publisher", planet.slug, planet.name)
    recent_article(planet, title="Harbour report", word_count=800, byline="By Ann", hours=2)
    recent_article(planet, title="Harbour brief", word_count=60, hours=1.95)  # a little newer

    assert [title for title, _ in listed(onboarded)] == ["Harbour report", "Harbour brief"]
