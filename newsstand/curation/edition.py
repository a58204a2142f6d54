"""The daily edition: what a reader's morning digest holds, when their morning is, and the
mail that carries it (with RFC 8058 one-click unsubscribe). Reads only; services.py writes."""

import logging
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.apps import apps
from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from newsstand.articles.models import Article
from newsstand.curation.selectors import get_for_you
from newsstand.stories.models import Story
from newsstand.stories.selectors import top_stories

log = logging.getLogger(__name__)

TOP_STORIES = 5
PICKS = 5
FOR_YOU = 8
UNSUBSCRIBE_SALT = "newsstand.curation.edition-unsubscribe"
UTC = ZoneInfo("UTC")


def zone_named(name: str) -> ZoneInfo:
    """The IANA time zone of that name; blank or unknown: UTC."""
    try:
        return ZoneInfo(name) if name else UTC
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def reader_zone(reader) -> ZoneInfo:
    """The reader's time zone (User.time_zone; blank or unknown: UTC)."""
    return zone_named(reader.time_zone)


def local_date(reader, now: datetime) -> date:
    """The day it is for the reader at `now`."""
    return now.astimezone(reader_zone(reader)).date()


def get_edition_picks(now: datetime, limit: int = PICKS) -> list[Story | Article]:
    """Editors' front-page picks running now (the editorial app's `current_picks`); none when
    that app is not installed, and the edition's picks slot stays empty."""
    if not apps.is_installed("newsstand.editorial"):
        return []
    from newsstand.editorial.selectors import current_picks  # an optional app

    return list(current_picks(now=now, limit=limit))


@dataclass
class EditionContent:
    top_stories: list[Story] = field(default_factory=list)
    picks: list[Story | Article] = field(default_factory=list)
    for_you: list[tuple[Article, str]] = field(default_factory=list)  # article, reason

    def is_empty(self) -> bool:
        return not (self.top_stories or self.picks or self.for_you)

    def as_items(self) -> dict:
        """Ids only, to keep with the Edition row."""
        return {
            "top_stories": [story.pk for story in self.top_stories],
            "picks": [[_kind(pick), pick.pk] for pick in self.picks],
            "for_you": [[article.pk, reason] for article, reason in self.for_you],
        }


def _kind(item: Story | Article) -> str:
    return "story" if isinstance(item, Story) else "article"


def build_edition(reader, now: datetime) -> EditionContent:
    """The reader's edition as of now: top stories, editors' picks, then For-you without the
    stories and articles already shown."""
    stories = top_stories(TOP_STORIES)
    picks = get_edition_picks(now)
    articles_shown = {pick.pk for pick in picks if isinstance(pick, Article)}
    stories_shown = {story.pk for story in stories} | {
        pick.pk for pick in picks if isinstance(pick, Story)
    }
    for_you = [
        (item.article, item.reason)
        for item in get_for_you(reader, now, limit=FOR_YOU + len(picks) + len(stories))
        if item.article.pk not in articles_shown and item.article.story_id not in stories_shown
    ][:FOR_YOU]
    return EditionContent(top_stories=stories, picks=picks, for_you=for_you)


def load_edition(items: dict) -> EditionContent:
    """A stored edition's content again (two queries; items since deleted are left out)."""
    top_ids = items.get("top_stories", [])
    picks = [(kind, pk) for kind, pk in items.get("picks", [])]
    for_you = items.get("for_you", [])
    stories = Story.objects.in_bulk(top_ids + [pk for kind, pk in picks if kind == "story"])
    articles = Article.objects.select_related("publisher", "section").in_bulk(
        [pk for kind, pk in picks if kind == "article"] + [pk for pk, _ in for_you]
    )
    found = {"story": stories, "article": articles}
    return EditionContent(
        top_stories=[stories[pk] for pk in top_ids if pk in stories],
        picks=[found[kind][pk] for kind, pk in picks if pk in found.get(kind, {})],
        for_you=[(articles[pk], reason) for pk, reason in for_you if pk in articles],
    )


def unsubscribe_token(reader) -> str:
    """A signed token naming the reader, for the unsubscribe link: the same for every mail,
    and it does not expire (a link in a year-old mail must still work)."""
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(reader.pk))


def check_unsubscribe_token(token: str) -> int | None:
    """The reader id a token names, or None when it was not signed here."""
    try:
        value = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return int(value) if value.isdigit() else None


def site_url() -> str:
    return settings.PUBLIC_URL or f"http://localhost:{settings.PORT}"


def unsubscribe_mailbox() -> str:
    if settings.EDITION_UNSUBSCRIBE_MAILBOX:
        return settings.EDITION_UNSUBSCRIBE_MAILBOX
    return f"unsubscribe@{urlsplit(site_url()).hostname or 'localhost'}"


def edition_message(reader, day: date, content: EditionContent) -> EmailMultiAlternatives:
    """The edition as a mail (text and HTML) with List-Unsubscribe and List-Unsubscribe-Post
    headers, so mail clients offer one-click unsubscribe (RFC 8058)."""
    base = site_url()
    token = unsubscribe_token(reader)
    unsubscribe_url = base + reverse("curation:unsubscribe", args=[token])
    context = {
        "reader": reader,
        "day": day,
        "content": content,
        "base": base,
        "edition_url": base + reverse("curation:edition"),
        "unsubscribe_url": unsubscribe_url,
    }
    message = EmailMultiAlternatives(
        subject=f"Your Newsstand edition, {day:%A} {day.day} {day:%B}",
        body=render_to_string("curation/edition_email.txt", context),
        to=[reader.email],
        headers={
            "List-Unsubscribe": (
                f"<{unsubscribe_url}>, "
                f"<mailto:{unsubscribe_mailbox()}?subject={quote('unsubscribe ' + token)}>"
            ),
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(
        render_to_string("curation/edition_email.html", context), "text/html"
    )
    return message
