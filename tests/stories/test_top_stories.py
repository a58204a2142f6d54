"""Top stories right now: reads counted by the article page, scored with coverage, recency and
the editor's boost, shown on the home page."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import DatabaseError
from django.utils import timezone

from newsstand.stories import reads
from newsstand.stories.models import Story, StoryReads
from newsstand.stories.reads import do_score_stories, story_score
from newsstand.stories.selectors import top_stories
from newsstand.stories.tasks import queue_story_scoring
from tests.factories import make_article, make_publisher

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"


def _story(title: str, publishers: int = 1, hours_ago: float = 1, boost: float = 0.0) -> Story:
    seen = timezone.now() - timedelta(hours=hours_ago)
    story = Story.objects.create(
        key=title, title=title, first_seen=seen, last_seen=seen, boost=boost,
        publisher_count=publishers, article_count=publishers,
    )  # fmt: skip
    make_article(make_publisher(), story=story, published_at=seen, title=f"{title}, reported")
    return story


def _read(client, story: Story, address: str = "192.0.2.1", agent: str = BROWSER):
    article = story.articles.first()
    return client.get(article.get_absolute_url(), HTTP_USER_AGENT=agent, REMOTE_ADDR=address)


def _reads(story: Story) -> int:
    return sum(StoryReads.objects.filter(story=story).values_list("count", flat=True))


def test_a_reader_counts_once_a_reload_bots_and_previews_not_at(client):
    story = _story("Harbour fire")

    assert _read(client, story).status_code == 200
    _read(client, story)  # a reload
    _read(client, story, "192.0.2.9", "Googlebot/2.1 (+http://www.google.com/bot.html)")
    _read(client, story, "192.0.2.9", "")
    assert _reads(story) == 1
    response = _read(client, story, "192.0.2.2")  # another reader: the page cache serves it
    assert response["X-Page-Cache"] == "hit"
    assert _reads(story) == 2


def test_a_failed_count_does_not_break_the_page(client, monkeypatch):
    def broken(*args):
        raise DatabaseError("database is locked")

    monkeypatch.setattr(reads, "_add_read", broken)
    story = _story("Harbour fire")

    assert _read(client, story).status_code == 200
    assert _reads(story) == 0


def test_reads_coverage_recency_and_boost_each_raise_the_score():
    base = story_score([(1.0, 10)], publishers=3, hours_since_update=2, boost=0)

    assert story_score([(1.0, 50)], 3, 2, 0) > base
    assert story_score([(20.0, 10)], 3, 2, 0) < base  # the same reads, long ago
    assert story_score([(1.0, 10)], 9, 2, 0) > base
    assert story_score([(1.0, 10)], 3, 30, 0) < base
    assert story_score([(1.0, 10)], 3, 2, 1.0) == pytest.approx(base + 1.0)


def test_top_stories_rank_by_reads_and_an_editor_can_push_one_up(client):
    read_widely = _story("Read widely", publishers=2)
    covered_widely = _story("Covered widely", publishers=6)
    unread = _story("Unread", publishers=2)
    _story("Old news", publishers=9, hours_ago=24 * 5)
    hour = timezone.now().replace(minute=0, second=0, microsecond=0)
    StoryReads.objects.create(story=read_widely, hour=hour, count=400)
    StoryReads.objects.create(story=unread, hour=hour - timedelta(hours=30), count=9000)

    do_score_stories()

    assert top_stories(5) == [read_widely, covered_widely, unread]
    assert not StoryReads.objects.filter(story=unread).exists()  # past the read window
    Story.objects.filter(pk=unread.pk).update(boost=10)
    do_score_stories()
    cache.clear()  # the list is cached for a minute
    assert top_stories(2) == [unread, read_widely]
    home = client.get("/", HTTP_USER_AGENT=BROWSER).content.decode()
    assert "Top stories right now" in home
    assert home.index("Unread") < home.index("Read widely")


def test_scoring_is_queued_once_a_minute_however_many_reads(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as queued:
        assert queue_story_scoring()
        assert not queue_story_scoring()
    assert len(queued) == 1


def test_an_editor_sets_a_storys_boost_in_the_admin(client, django_user_model):
    editor = django_user_model.objects.create_superuser("editor@example.com", "a long passphrase")
    client.force_login(editor)
    story = _story("Harbour fire")
    url = f"/admin/stories/story/{story.pk}/change/"

    form = client.get(url).content.decode()
    response = client.post(url, {"boost": "2.5"})

    assert 'name="boost"' in form
    assert 'name="title"' not in form  # the clusterer's, not the editor's
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.boost == 2.5


def test_a_site_that_took_in_nothing_for_days_still_ranks_its_latest_news():
    """Offline on the bundled sample (or with ingestion stopped), the newest stories are months
    old: they are ranked from the newest story's time, not left out, and coverage still counts."""
    wide = _story("Budget vote", publishers=6, hours_ago=24 * 200)
    narrow = _story("Parish fete", publishers=1, hours_ago=24 * 200 + 2)
    _story("Old war", publishers=9, hours_ago=24 * 400)  # far older than the news it sits beside

    assert reads.news_now() == wide.last_seen
    assert do_score_stories() == 2
    cache.clear()
    assert top_stories(5) == [wide, narrow]


def test_a_live_site_ranks_by_the_wall_clock():
    recent = _story("Harbour fire", hours_ago=3)
    _story("Budget vote", publishers=6, hours_ago=24 * 3)  # older than TOP_STORY_AGE

    assert reads.news_now() > recent.last_seen
    do_score_stories()
    cache.clear()
    assert top_stories(5) == [recent]
