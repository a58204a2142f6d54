"""Related articles: other stories' articles like this one, near in time, copies and repeats of
one publisher left out; on every article page."""

from datetime import timedelta

import pytest

from newsstand.stories.models import RelatedArticle
from newsstand.stories.selectors import related_articles
from newsstand.stories.services import do_assign_stories
from tests.factories import make_article, make_publisher
from tests.stories.test_cluster import QUAKE_A, QUAKE_B, T0

pytestmark = pytest.mark.django_db


def _stored(title: str, body: str, hours: float = 0, publisher=None, **fields):
    return make_article(
        publisher or make_publisher(),
        title=title,
        body_text=body,
        published_at=T0 + timedelta(hours=hours),
        **fields,
    )


def test_an_article_lists_the_like_article_of_another_story_not_the_unrelated_one(client):
    sumatra = [_stored(*text, hours=n) for n, text in enumerate(QUAKE_A)]
    council = _stored("Council debates parking fees", "Bus lanes, a library and parking fees.", 1)
    chile = _stored(*QUAKE_B, hours=4)
    do_assign_stories([a.pk for a in [*sumatra, council, chile]])
    chile.refresh_from_db()

    found = related_articles(chile)

    assert len(found) == 1
    assert found[0].pk in {a.pk for a in sumatra}
    assert found[0].story_id != chile.story_id
    # Pairs are stored once, from the later article, and read both ways.
    assert chile in related_articles(type(chile).objects.get(pk=found[0].pk))
    page = client.get(chile.get_absolute_url()).content.decode()
    assert "Related stories" in page
    assert found[0].title in page
    assert council.title not in page


def test_copies_repeated_publishers_other_times_and_the_own_story_are_left_out(settings):
    settings.RELATED_ARTICLES = 5
    busy, other = make_publisher(), make_publisher()
    article = _stored("Subject", "Body.")
    best = _stored("Best", "Body.", 1, busy)
    copy_of_best = _stored("Best, again", "Body.", 1, other, duplicate_of=best)
    second = _stored("Second", "Body.", 2, busy)
    third = _stored("Third", "Body.", 3, busy)
    elsewhere = _stored("Elsewhere", "Body.", 4)
    too_old = _stored("Too old", "Body.", -24 * 10)
    scores = [best, copy_of_best, second, third, too_old, elsewhere]
    RelatedArticle.objects.bulk_create(
        RelatedArticle(article=article, related=r, score=1 - n / 10) for n, r in enumerate(scores)
    )

    found = related_articles(article)

    # Each publisher's best first, then a second article of a publisher, never a third.
    assert found == [best, elsewhere, second]
    assert related_articles(article, k=1) == [best]
    settings.RELATED_ARTICLES = 0
    assert related_articles(_stored("Hidden", "Body.")) == []


def test_a_copy_shows_its_originals_related_articles():
    original = _stored("Original", "Body.")
    copy = _stored("Copy", "Body.", 1, duplicate_of=original)
    like = _stored("Like it", "Body.", 2)
    RelatedArticle.objects.create(article=like, related=original, score=0.5)

    assert related_articles(copy) == [like]
