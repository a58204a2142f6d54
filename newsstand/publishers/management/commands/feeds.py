from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import F

from newsstand.publishers.models import Feed
from newsstand.publishers.opml import OpmlError, write_opml
from newsstand.publishers.services import (
    InvalidFeedError,
    do_add_feed_or_site,
    do_import_opml,
    get_opml_feeds,
)


class Command(BaseCommand):
    help = (
        "Add, list and check feeds: `feeds add URL --publisher NAME [--section NAME]`, "
        "`feeds list`, `feeds status`, `feeds import-opml FILE`, "
        "`feeds export-opml [--output FILE]`."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(
            dest="action", required=True, metavar="{add,list,status,import-opml,export-opml}"
        )
        add = actions.add_parser(
            "add", help="subscribe to a feed, or to every feed a site's home page links to"
        )
        add.add_argument("url", help="a feed URL or a web page that links to its feeds")
        add.add_argument("--publisher", required=True, help="the publisher's name")
        add.add_argument("--section", default="", help="the publisher's section for the feeds")
        actions.add_parser("list", help="list every feed with its publisher and state")
        actions.add_parser("status", help="each feed's last fetch and errors, failing ones first")
        imports = actions.add_parser("import-opml", help="add the feeds of an OPML file")
        imports.add_argument("file", type=Path)
        export = actions.add_parser("export-opml", help="write every feed as OPML")
        export.add_argument("--output", type=Path, help="file to write (standard output if none)")

    def handle(self, *args, **options):
        action = options["action"]
        if action == "add":
            self._add(options["url"], options["publisher"], options["section"])
        elif action == "import-opml":
            self._import(options["file"])
        elif action == "export-opml":
            self._export(options["output"])
        elif action == "status":
            self._status()
        else:
            self._list()

    def _add(self, url, publisher, section):
        try:
            feeds, created = do_add_feed_or_site(url, publisher, section)
        except InvalidFeedError as exc:
            raise CommandError(str(exc)) from exc
        if [feed.url for feed in feeds] != [url.strip()]:  # found on a web page
            for feed in feeds:
                self.stdout.write(f"subscribed to {feed.url} for {feed.publisher} (found on {url})")
            return
        [feed] = feeds
        if created:
            self.stdout.write(f"added {feed.url} for {feed.publisher}")
        else:
            self.stdout.write(f"already subscribed: {feed.url} (publisher {feed.publisher})")

    def _import(self, path):
        try:
            counts = do_import_opml(path.read_bytes())
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror or exc}") from exc
        except (OpmlError, InvalidFeedError) as exc:
            raise CommandError(f"{path}: {exc}") from exc
        self.stdout.write(
            f"imported {path}: {counts.feeds} new feeds, {counts.publishers} new publishers"
        )

    def _export(self, output):
        feeds = get_opml_feeds()
        document = write_opml(feeds)
        if output is None:
            self.stdout.write(document.decode(), ending="")
            return
        try:
            output.write_bytes(document)
        except OSError as exc:
            raise CommandError(f"cannot write {output}: {exc.strerror or exc}") from exc
        self.stdout.write(f"exported {len(feeds)} feeds to {output}")

    def _status(self):
        feeds = Feed.objects.select_related("publisher").order_by(
            F("error_count").desc(), "publisher__name", "url"
        )
        rows = [("PUBLISHER", "FEED", "LAST FETCH", "RESULT", "NEXT DUE", "ERRORS", "LAST ERROR")]
        for feed in feeds:
            # A disabled feed says why it was disabled: what an operator must act on.
            problem = feed.disabled_reason if not feed.is_active else feed.last_error
            last_error = problem.splitlines()[0][:100] if problem else ""
            if feed.last_fetched_at is None:
                result = "never fetched"
            else:
                result = "error" if feed.error_count else "ok"
            rows.append(
                (
                    feed.publisher.name,
                    feed.url,
                    _when(feed.last_fetched_at),
                    result,
                    _when(feed.next_fetch_at) if feed.is_active else "disabled",
                    str(feed.error_count),
                    last_error,
                )
            )
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
        for row in rows:
            cells = [cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=True)]
            self.stdout.write("  ".join([*cells, row[-1]]).rstrip())

    def _list(self):
        feeds = Feed.objects.select_related("publisher", "section").order_by(
            "publisher__name", "url"
        )
        for feed in feeds:
            section = f" · {feed.section.name}" if feed.section else ""
            state = "active" if feed.is_active else f"disabled: {feed.disabled_reason[:80]}"
            if feed.is_active and feed.error_count:
                state += f", {feed.error_count} errors: {feed.last_error.splitlines()[0][:80]}"
            fetched = (
                feed.last_fetched_at.isoformat(timespec="seconds")
                if feed.last_fetched_at
                else "never"
            )
            self.stdout.write(
                f"{feed.url}\t{feed.publisher.name}{section}\t{state}\tfetched {fetched}"
            )


def _when(moment) -> str:
    return moment.isoformat(timespec="seconds") if moment else "-"
