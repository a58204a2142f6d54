"""Background tasks of the membership, on Django's Tasks API.

`membership_upkeep_task` sends due trial reminders and moves memberships on as time passes;
each row is re-read under its lock, so two workers running it at once do everything once.
"""

from django.db import transaction
from django_tasks import task

from newsstand.membership import clock
from newsstand.membership.selectors import get_due_advance_ids, get_due_reminder_ids
from newsstand.membership.services import do_advance_membership, do_send_trial_reminder


@task()
def membership_upkeep_task() -> dict:
    """Send trial reminders that are due and end trials, grace and paid periods that are over."""
    return run_membership_upkeep()


def run_membership_upkeep() -> dict:
    now = clock.now()
    reminded = sum(do_send_trial_reminder(pk, now) for pk in get_due_reminder_ids(now))
    moved = sum(do_advance_membership(pk, now) is not None for pk in get_due_advance_ids(now))
    return {"reminded": reminded, "moved": moved}


def enqueue_membership_upkeep() -> bool:
    """Queue an upkeep task when something is due (the worker's scheduler calls this)."""
    now = clock.now()
    if not (get_due_reminder_ids(now) or get_due_advance_ids(now)):
        return False
    transaction.on_commit(membership_upkeep_task.enqueue)
    return True
