from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from newsstand.editorial.services import do_make_editor
from newsstand.stories.models import Story
from tests.factories import make_article, make_publisher


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with no cached page or top-stories list."""
    cache.clear()


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("editor@example.com", "a long passphrase")
    do_make_editor(user)
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def make_story(title: str, score: float = 1.0, hours_ago: float = 1, **fields) -> Story:
    """A story with one article of its own, seen hours ago, with this top-stories score."""
    seen = timezone.now() - timedelta(hours=hours_ago)
    story = Story.objects.create(
        key=f"{title}-{Story.objects.count()}", title=title, first_seen=seen, last_seen=seen,
        score=score, article_count=1, publisher_count=1, **fields,
    )  # fmt: skip
    make_article(make_publisher(), story=story, published_at=seen, title=f"{title}, reported")
    return story
