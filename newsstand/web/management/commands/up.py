import dataclasses
import logging
import os
import signal
import socket
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from newsstand.ingest.fetch import FetchPolicy, any_reachable
from newsstand.publishers.models import Feed
from newsstand.publishers.services import do_load_catalog, do_subscribe_sample_feeds

logger = logging.getLogger("newsstand.up")

PROBE_FEEDS = 3
PROBE_TIMEOUT = 4.0


class Command(BaseCommand):
    help = (
        "Run Newsstand: migrate, load the catalog, serve the web app and fetch feeds in the "
        "background (the bundled sample through the publisher simulator when offline)."
    )

    def handle(self, *args, **options):
        self.children: list[subprocess.Popen] = []
        signal.signal(signal.SIGTERM, self._on_sigterm)
        try:
            self._start()
            self._wait()
        except KeyboardInterrupt:
            self.stdout.write("Stopping…")
        finally:
            self._stop_children()

    def _start(self):
        self._check_port_free(settings.BIND, settings.PORT)
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        counts = do_load_catalog()
        logger.info(
            "catalog loaded: %s new publishers, %s new feeds", counts.publishers, counts.feeds
        )
        env = dict(os.environ)
        if self._offline():
            env["NEWSSTAND_FETCH_ALLOW_NETWORKS"] = ",".join(
                [*settings.FETCH_ALLOW_NETWORKS, "127.0.0.1/32"]
            )
            base_url = self._start_simulator(env)
            feeds = do_subscribe_sample_feeds(base_url)
            logger.info(
                "No internet: ingesting the bundled sample (%s feeds) from the publisher "
                "simulator at %s",
                feeds,
                base_url,
            )
        self._spawn("worker", ["worker"], env)
        self._spawn(
            "web",
            [
                "-m",
                "gunicorn",
                "newsstand.wsgi:application",
                f"--bind={settings.BIND}:{settings.PORT}",
                f"--workers={settings.WEB_WORKERS}",
                "--graceful-timeout=5",
                f"--access-logfile={settings.LOG_DIR / 'access.log'}",
            ],
            env,
            module=False,
        )
        host = "127.0.0.1" if settings.BIND in {"0.0.0.0", "::"} else settings.BIND  # noqa: S104
        self.stdout.write(
            self.style.SUCCESS(f"Newsstand is running at http://{host}:{settings.PORT}/")
            + " (Ctrl-C to stop)"
        )

    def _offline(self) -> bool:
        if settings.OFFLINE_MODE in {"true", "false"}:
            return settings.OFFLINE_MODE == "true"
        urls = list(
            Feed.objects.exclude(url__startswith="http://127.").values_list("url", flat=True)[
                :PROBE_FEEDS
            ]
        )
        policy = dataclasses.replace(FetchPolicy.from_settings(), timeout=PROBE_TIMEOUT)
        return not urls or not any_reachable(urls, policy)

    def _start_simulator(self, env) -> str:
        port = settings.SIMULATOR_PORT
        self._check_port_free("127.0.0.1", port)
        self._spawn("simulator", ["simulate-publishers", f"--port={port}"], env)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                return f"http://127.0.0.1:{port}"
            except OSError:
                time.sleep(0.2)
        raise CommandError(f"the publisher simulator did not start on port {port}")

    def _spawn(self, name: str, args: list[str], env: dict, module: bool = True):
        command = [sys.executable, "-m", "newsstand", *args] if module else [sys.executable, *args]
        # A process group of its own: a terminal's Ctrl-C reaches only `up`, which then stops
        # each child gracefully (SIGTERM) instead of killing requests and writes midway.
        child = subprocess.Popen(  # noqa: S603 - our own argv
            command, env=env, process_group=0, preexec_fn=_die_with_parent
        )
        self.children.append(child)
        logger.info("started %s (pid %s)", name, self.children[-1].pid)

    def _wait(self):
        while True:
            for child in self.children:
                if child.poll() is not None:
                    raise CommandError(
                        f"a background process stopped (exit {child.returncode}); see "
                        f"{settings.LOG_DIR / 'newsstand.log'}"
                    )
            time.sleep(0.5)

    def _on_sigterm(self, signum, frame):
        raise KeyboardInterrupt

    def _stop_children(self):
        for child in self.children:
            if child.poll() is None:
                child.terminate()
        deadline = time.monotonic() + 10
        for child in self.children:
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()

    @staticmethod
    def _check_port_free(host: str, port: int):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind((host, port))
            except OSError as exc:
                raise CommandError(f"cannot listen on {host}:{port}: {exc.strerror}") from exc


def _die_with_parent() -> None:
    """In the child: ask Linux to SIGTERM it if `up` dies without stopping it (e.g. SIGKILL)."""
    if sys.platform == "linux":
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)
