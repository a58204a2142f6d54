import signal
import sys
import time

from django.core.management.base import BaseCommand, CommandError

from newsstand.ingest.services import do_claim_feeds, do_release_feeds, refresh_feeds
from newsstand.publishers.models import Feed
from newsstand.runtime import freeze_startup_objects

IDLE_SECONDS = 30


class Command(BaseCommand):
    help = (
        "Fetch feeds in this process: the due ones, or every active one with --all; repeat "
        "until stopped, or once with --once. Feeds a worker is fetching are left to it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="every active feed, due or not")
        parser.add_argument("--once", action="store_true", help="one pass, then exit")

    def handle(self, *args, **options):
        # Stop on SIGTERM as on Ctrl-C. Anywhere is safe: each feed's upsert is one
        # transaction, a refetch of the same items changes nothing, and leases expire.
        signal.signal(signal.SIGTERM, signal.default_int_handler)
        active = Feed.objects.filter(is_active=True)
        if options["all"] and not active.exists():
            raise CommandError("no active feeds: add one with `newsstand feeds add URL`")
        every_feed = options["all"]
        if not options["once"]:
            freeze_startup_objects()
        while True:
            feeds = do_claim_feeds(
                list(active.values_list("pk", flat=True)) if every_feed else None
            )
            if feeds:
                try:
                    self._report(refresh_feeds(feeds, on_refresh=self._progress(len(feeds))))
                except KeyboardInterrupt:
                    do_release_feeds(feeds)
                    raise
            if options["once"]:
                return
            every_feed = False
            time.sleep(IDLE_SECONDS)

    def _progress(self, total: int):
        """A progress bar on a terminal; nothing when the output is a file or a pipe."""
        if not sys.stdout.isatty():
            return None
        done = 0

        def advance(refresh):
            nonlocal done
            done += 1
            filled = 30 * done // total
            bar = "#" * filled + "." * (30 - filled)
            end = "\n" if done == total else ""
            sys.stdout.write(f"\r[{bar}] {done}/{total} feeds{end}")
            sys.stdout.flush()

        return advance

    def _report(self, refreshes):
        for refresh in refreshes:
            style = self.style.ERROR if refresh.outcome == "error" else str
            self.stdout.write(style(refresh.describe()))
        created = sum(r.created for r in refreshes)
        failed = sum(r.outcome == "error" for r in refreshes)
        self.stdout.write(
            f"{len(refreshes)} feeds fetched: {created} new articles, {failed} feeds failed"
        )
