from django.core.management.base import BaseCommand

from newsstand.curation.services import do_plan_editions, do_send_edition
from newsstand.curation.tasks import enqueue_due_editions


class Command(BaseCommand):
    help = (
        "Queue the daily editions that are due (readers who opted in, whose local morning has "
        "come); `newsstand worker` does this on its own. --now sends them here instead."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--now", action="store_true", help="send the due editions in this process"
        )

    def handle(self, *args, **options):
        if options["now"]:
            sent = sum(do_send_edition(pk) for pk in do_plan_editions())
            self.stdout.write(f"sent {sent} editions")
        else:
            self.stdout.write(f"queued {enqueue_due_editions()} editions")
