"""Background tasks of curation, on Django's Tasks API: the daily edition.

`newsstand worker`'s scheduler calls `enqueue_due_editions` every few seconds; it plans the
editions whose readers' morning has come and queues one `send_edition_task` per edition. The
task re-reads its edition under a lock, so running it twice mails once.
"""

from datetime import datetime

from django.db import transaction
from django_tasks import task

from newsstand.curation.services import do_plan_editions, do_send_edition


@task()
def send_edition_task(edition_id: int) -> bool:
    """Fill and mail one planned edition (nothing if it is gone, sent, or unsubscribed)."""
    return do_send_edition(edition_id)


def enqueue_due_editions(now: datetime | None = None) -> int:
    """Plan today's editions for readers whose morning has come and queue their sending once
    committed; returns how many were queued."""
    ids = do_plan_editions(now)
    for pk in ids:
        transaction.on_commit(lambda pk=pk: send_edition_task.enqueue(pk))
    return len(ids)
