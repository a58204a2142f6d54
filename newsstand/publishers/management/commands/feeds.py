from django.core.management.base import BaseCommand, CommandError

from newsstand.publishers.models import Feed
from newsstand.publishers.services import InvalidFeedError, do_add_feed


class Command(BaseCommand):
    help = "Add and list feeds: `feeds add URL --publisher NAME [--section NAME]`, `feeds list`."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{add,list}")
        add = actions.add_parser("add", help="subscribe to a feed for a publisher")
        add.add_argument("url")
        add.add_argument("--publisher", required=True, help="the publisher's name")
        add.add_argument("--section", default="", help="the publisher's section for this feed")
        actions.add_parser("list", help="list every feed with its publisher and state")

    def handle(self, *args, **options):
        if options["action"] == "add":
            self._add(options["url"], options["publisher"], options["section"])
        else:
            self._list()

    def _add(self, url, publisher, section):
        try:
            feed, created = do_add_feed(url, publisher, section)
        except InvalidFeedError as exc:
            raise CommandError(str(exc)) from exc
        if created:
            self.stdout.write(f"added {feed.url} for {feed.publisher}")
        else:
            self.stdout.write(f"already subscribed: {feed.url} (publisher {feed.publisher})")

    def _list(self):
        feeds = Feed.objects.select_related("publisher", "section").order_by(
            "publisher__name", "url"
        )
        for feed in feeds:
            section = f" · {feed.section.name}" if feed.section else ""
            state = "active" if feed.is_active else "disabled"
            if feed.error_count:
                state += f", {feed.error_count} errors: {feed.last_error.splitlines()[0][:80]}"
            fetched = (
                feed.last_fetched_at.isoformat(timespec="seconds")
                if feed.last_fetched_at
                else "never"
            )
            self.stdout.write(
                f"{feed.url}\t{feed.publisher.name}{section}\t{state}\tfetched {fetched}"
            )
