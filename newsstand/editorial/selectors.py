"""Reading editorial state for pages: the picks shown now, and the version of it for caches."""

from collections.abc import Iterable
from datetime import datetime

from django.db.models import F, Max, Q, QuerySet
from django.utils import timezone

from newsstand.articles.models import Article
from newsstand.editorial.models import EditorialAction, PickItem
from newsstand.publishers.models import Section
from newsstand.stories.models import Story

PICKS_SHOWN = 8


def current_picks(
    section: Section | Iterable[Section] | None = None,
    now: datetime | None = None,
    limit: int = PICKS_SHOWN,
) -> list[Story | Article]:
    """The stories and articles of the pick list running now for the front page (no section)
    or for a section (or any of several: one slug's sections across publishers), in order.

    Of several lists running at once, the one that started last is shown. Picks outside their
    own times, hidden stories and articles, and merged stories are left out. One query.
    """
    rows = list(
        _live_items(section, now or timezone.now())
        .select_related("story", "article__publisher")
        .defer("article__body_html", "article__body_text")
        .order_by(
            F("pick_list__starts_at").desc(nulls_last=True),
            "-pick_list_id",
            "position",
            "id",
        )
    )
    if not rows:
        return []
    shown = rows[0].pick_list_id
    return [row.target for row in rows if row.pick_list_id == shown][:limit]


def _live_items(section: Section | Iterable[Section] | None, now: datetime) -> QuerySet[PickItem]:
    """Pick items of lists for this place whose list and own times include now, showable."""
    if section is None:
        place = Q(pick_list__section__isnull=True)
    elif isinstance(section, Section):
        place = Q(pick_list__section=section)
    else:
        place = Q(pick_list__section__in=list(section))
    return PickItem.objects.filter(
        place,
        _running("pick_list__", now),
        _running("", now),
        Q(story__isnull=True) | Q(story__hidden_at__isnull=True, story__merged_into__isnull=True),
        Q(article__isnull=True) | Q(article__editorial_hide__isnull=True),
    )


def _running(prefix: str, now: datetime) -> Q:
    return (Q(**{f"{prefix}starts_at__isnull": True}) | Q(**{f"{prefix}starts_at__lte": now})) & (
        Q(**{f"{prefix}ends_at__isnull": True}) | Q(**{f"{prefix}ends_at__gt": now})
    )


def editorial_version(now: datetime | None = None) -> str:
    """What the home page's cache key needs of editorial state: the last editorial action (every
    pick, pin, hide, merge or correction writes one) and which front-page picks are live now
    (a pick starting or ending changes it with no action). Two small queries."""
    now = now or timezone.now()
    last = EditorialAction.objects.aggregate(last=Max("pk"))["last"]
    live = list(_live_items(None, now).order_by("pk").values_list("pk", flat=True))
    return f"{last}:{live}"
