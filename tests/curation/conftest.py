from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from newsstand.curation.models import CurationPreferences
from newsstand.stories.models import Story
from newsstand.topics.models import ArticleTopic, Topic
from tests.factories import make_article


@pytest.fixture
def reader(db):
    return get_user_model().objects.create_user("reader@example.com")  # no password: no hashing


@pytest.fixture
def reader_client(client, reader):
    client.force_login(reader)
    return client


@pytest.fixture
def onboarded(reader):
    """The reader has been through onboarding, so For-you shows the list straight away."""
    CurationPreferences.objects.create(
        reader=reader, onboarding="done", onboarded_at=timezone.now()
    )
    return reader


def make_topic(name: str, kind: str = "place", **fields) -> Topic:
    slug = fields.pop("slug", name.lower().replace(" ", "-"))
    return Topic.objects.create(kind=kind, name=name, key=name.lower(), slug=slug, **fields)


def recent_article(publisher=None, hours: float = 2, topics=(), **fields):
    """An article published `hours` ago, about the given topics."""
    fields.setdefault("published_at", timezone.now() - timedelta(hours=hours))
    article = make_article(publisher, **fields)
    for topic in topics:
        ArticleTopic.objects.create(article=article, topic=topic, weight=1.0)
    return article


def make_story(*articles, score: float = 1.0) -> Story:
    """A story holding the articles, scored as a top story."""
    now = timezone.now()
    story = Story.objects.create(
        key=f"story-{articles[0].pk}",
        title=articles[0].title,
        first_seen=now - timedelta(hours=3),
        last_seen=now,
        article_count=len(articles),
        publisher_count=len({a.publisher_id for a in articles}),
        score=score,
    )
    for article in articles:
        article.story = story
        article.save(update_fields=["story"])
    return story
