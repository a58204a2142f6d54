import logging
import threading
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import DatabaseError, connection

from newsstand.curation.tasks import enqueue_due_editions
from newsstand.ingest.tasks import enqueue_due_feeds
from newsstand.membership.tasks import enqueue_membership_upkeep
from newsstand.runtime import freeze_startup_objects

logger = logging.getLogger(__name__)

SCHEDULE_EVERY = 15  # seconds between two looks for due feeds


class Command(BaseCommand):
    help = (
        "Run a background worker: it queues due feeds for fetching and runs queued tasks. "
        "Start as many as you like, on any hosts sharing the database."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-schedule",
            action="store_true",
            help="only run queued tasks; leave queueing due feeds to other workers",
        )
        parser.add_argument(
            "--batch", action="store_true", help="run the queued tasks, then exit (no schedule)"
        )

    def handle(self, *args, **options):
        if not options["no_schedule"] and not options["batch"]:
            # A daemon thread: it ends with the process when db_worker returns on SIGTERM/Ctrl-C.
            threading.Thread(target=_schedule_forever, name="scheduler", daemon=True).start()
        worker_options = {"batch": True} if options["batch"] else {}
        if not options["batch"]:
            freeze_startup_objects()
        call_command("db_worker", "--no-startup-delay", "--no-reload", **worker_options)


def _schedule_forever() -> None:
    """Queue due feeds every few seconds; a database hiccup is logged, not fatal."""
    while True:
        try:
            queued = enqueue_due_feeds()
            if queued:
                logger.info("queued %s due feeds", queued)
            enqueue_membership_upkeep()  # trial reminders and ends, grace and paid periods
            enqueue_due_editions()  # daily editions whose readers' morning has come
        except DatabaseError:
            logger.exception("could not queue due feeds; trying again shortly")
        finally:
            connection.close()
        time.sleep(SCHEDULE_EVERY)
