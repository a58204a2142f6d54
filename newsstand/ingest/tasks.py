"""Background tasks of ingestion, on Django's Tasks API (database backend).

Tasks take ids, lease what they work on, and are safe to run twice: a feed another worker holds,
or one deleted or disabled meanwhile, is skipped.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from newsstand.ingest.services import (
    do_claim_feeds,
    do_request_websub,
    get_due_feeds,
    refresh_feeds,
)


@task()
def refresh_feeds_task(feed_ids: list[int]) -> dict:
    """Fetch and store the given feeds, those of them that no other worker holds."""
    refreshes = refresh_feeds(do_claim_feeds(feed_ids))
    return {
        "feeds": len(refreshes),
        "new_articles": sum(r.created for r in refreshes),
        "failed": sum(r.outcome == "error" for r in refreshes),
    }


def enqueue_due_feeds() -> int:
    """Queue a refresh task per batch of due feeds; returns how many feeds were queued.

    A queued feed's next fetch moves one lease ahead, so the next pass (of this or another
    scheduler) does not queue it again; should its task never run, it is due again after that.
    """
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            get_due_feeds(now)
            .select_for_update(skip_locked=True)
            .order_by("next_fetch_at", "pk")
            .values_list("pk", flat=True)
        )
        get_due_feeds(now).filter(pk__in=ids).update(
            next_fetch_at=now + timedelta(seconds=settings.FETCH_LEASE)
        )
        size = settings.FETCH_BATCH
        for start in range(0, len(ids), size):
            batch = ids[start : start + size]
            transaction.on_commit(lambda batch=batch: refresh_feeds_task.enqueue(batch))
    return len(ids)


@task()
def websub_subscribe_task(feed_id: int) -> str:
    """Ask the feed's hub to push its new items to us ("" when the hub took the request)."""
    return do_request_websub(feed_id)
