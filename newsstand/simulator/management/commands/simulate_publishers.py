"""`newsstand simulate-publishers`: serve the bundled sample as live publisher feeds."""

import asyncio
import logging
import signal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from newsstand.simulator.server import serving

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Serve the bundled sample corpus as publishers' RSS, Atom and JSON feeds and pages."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on.")
        parser.add_argument(
            "--port", type=int, default=settings.SIMULATOR_PORT, help="Port (0: any free one)."
        )

    def handle(self, *args, host: str, port: int, **options):
        try:
            asyncio.run(serve_until_signal(host, port))
        except OSError as exc:
            raise CommandError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc


async def serve_until_signal(host: str, port: int) -> None:
    """Serve the simulator until SIGINT or SIGTERM, then stop cleanly."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    # Handled as events, not KeyboardInterrupt, so Ctrl-C ends without a traceback.
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    async with serving(host, port) as url:
        logger.info(
            "publisher simulator serving the sample at %s/ (OPML: %s/catalog.opml)", url, url
        )
        await stop.wait()
    logger.info("publisher simulator stopped")
