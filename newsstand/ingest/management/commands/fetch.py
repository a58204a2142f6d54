import signal
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from newsstand.ingest.services import get_due_feeds, refresh_feeds
from newsstand.publishers.models import Feed

IDLE_SECONDS = 30


class Command(BaseCommand):
    help = "Fetch feeds: the due ones, or every active one with --all; repeat until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="every active feed, due or not")
        parser.add_argument("--once", action="store_true", help="one pass, then exit")

    def handle(self, *args, **options):
        # `newsstand up` stops its poller with SIGTERM: stop as on Ctrl-C. Anywhere is safe: each
        # feed's upsert is one transaction and a refetch of the same items changes nothing.
        signal.signal(signal.SIGTERM, signal.default_int_handler)
        if options["all"] and not Feed.objects.filter(is_active=True).exists():
            raise CommandError("no active feeds: add one with `newsstand feeds add URL`")
        every_feed = options["all"]
        while True:
            feeds = (
                list(Feed.objects.filter(is_active=True).select_related("publisher"))
                if every_feed
                else get_due_feeds()
            )
            if feeds:
                self._report(refresh_feeds(feeds))
            if options["once"]:
                return
            every_feed = False
            time.sleep(self._seconds_to_next_due())

    def _report(self, refreshes):
        for refresh in refreshes:
            style = self.style.ERROR if refresh.outcome == "error" else str
            self.stdout.write(style(refresh.describe()))
        created = sum(r.created for r in refreshes)
        failed = sum(r.outcome == "error" for r in refreshes)
        self.stdout.write(
            f"{len(refreshes)} feeds fetched: {created} new articles, {failed} feeds failed"
        )

    def _seconds_to_next_due(self) -> float:
        next_due = (
            Feed.objects.filter(is_active=True, next_fetch_at__isnull=False)
            .order_by("next_fetch_at")
            .values_list("next_fetch_at", flat=True)
            .first()
        )
        if next_due is None:
            return IDLE_SECONDS
        return min(IDLE_SECONDS, max(1.0, (next_due - timezone.now()).total_seconds()))
