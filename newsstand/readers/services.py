"""Writes for a reader's own things: the only code that changes this app's models."""

import logging

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import DatabaseError, transaction
from django.utils import timezone

from newsstand.articles.models import Article
from newsstand.publishers.models import Publisher
from newsstand.readers.models import Follow, Read, ReadingPreferences, SavedArticle

log = logging.getLogger(__name__)

# Keys and names longer than the column are not names anyone follows.
MAX_KEY_LENGTH = 200


def do_save_article(reader, article: Article) -> None:
    """Saves the article for later; saving it again changes nothing."""
    SavedArticle.objects.bulk_create(
        [SavedArticle(reader=reader, article=article)], ignore_conflicts=True
    )


def do_unsave_article(reader, article: Article) -> None:
    """Removes the article from the reader's saved list; a no-op when it is not there."""
    SavedArticle.objects.filter(reader=reader, article=article).delete()


def do_record_read(reader, article: Article) -> None:
    """Notes that a signed-in reader opened the article (anyone else: nothing happens).

    One INSERT … ON CONFLICT DO UPDATE, so two tabs opening the article at once leave one row.
    History is a convenience: if the write fails, the page the reader asked for is still served.
    """
    if not reader.is_authenticated:
        return
    try:
        with transaction.atomic():
            Read.objects.bulk_create(
                [Read(reader=reader, article=article, read_at=timezone.now())],
                update_conflicts=True,
                unique_fields=["reader", "article"],
                update_fields=["read_at"],
            )
    except DatabaseError:
        log.warning("could not record that reader %s read article %s", reader.pk, article.pk)


def do_mark_read(reader, article: Article) -> None:
    """Marks the article read without moving an earlier read's place in the history."""
    Read.objects.bulk_create([Read(reader=reader, article=article)], ignore_conflicts=True)


def do_mark_unread(reader, article: Article) -> None:
    """Marks the article unread, which also takes it out of the reading history."""
    Read.objects.filter(reader=reader, article=article).delete()


def do_clear_history(reader) -> int:
    """Forgets everything the reader has read; returns how many entries went."""
    deleted, _ = Read.objects.filter(reader=reader).delete()
    return deleted


def normalize_author_name(name: str) -> str:
    """An author's name as a follow key: spaces collapsed, lower case."""
    return " ".join(name.split()).lower()


def check_follow_target(kind: str, key: str) -> tuple[str, str]:
    """The stored key and display label of something to follow; raises ValidationError when
    the kind is unknown, the publisher does not exist or the key is not a valid name."""
    key = key.strip()
    if not key or len(key) > MAX_KEY_LENGTH:
        raise ValidationError("Give a name to follow.")
    if kind == Follow.Kind.PUBLISHER:
        publisher = Publisher.objects.filter(slug=key).only("name", "slug").first()
        if publisher is None:
            raise ValidationError("No such publisher.")
        return publisher.slug, publisher.name
    if kind == Follow.Kind.TOPIC:
        return check_topic(key.lower())
    if kind == Follow.Kind.AUTHOR:
        return normalize_author_name(key), " ".join(key.split())
    raise ValidationError("Only publishers, topics and authors can be followed.")


def check_topic(slug: str) -> tuple[str, str]:
    """A topic's key and name. Once the topics app is installed the topic must exist; before
    that any well-formed slug is kept, so follows made early still work when it lands."""
    validate_slug(slug)
    if not apps.is_installed("newsstand.topics"):
        return slug, slug.replace("-", " ")
    topic = apps.get_model("topics", "Topic").objects.filter(slug=slug).only("name").first()
    if topic is None:
        raise ValidationError("No such topic.")
    return slug, topic.name


def do_set_follow(reader, kind: str, key: str, label: str, mode: str) -> Follow:
    """Follows or mutes a checked target (see check_follow_target); one row per target, so
    muting something followed replaces the follow."""
    follow, _ = Follow.objects.update_or_create(
        reader=reader, kind=kind, key=key, defaults={"mode": mode, "label": label}
    )
    return follow


def do_unfollow(reader, kind: str, key: str) -> None:
    """Stops following or muting the target; a no-op when the reader had neither."""
    Follow.objects.filter(reader=reader, kind=kind, key=key).delete()


def do_set_preferences(reader, theme: str, text_size: str) -> ReadingPreferences:
    """Stores a signed-in reader's theme and text size (validated values)."""
    preferences, _ = ReadingPreferences.objects.update_or_create(
        reader=reader, defaults={"theme": theme, "text_size": text_size}
    )
    return preferences
