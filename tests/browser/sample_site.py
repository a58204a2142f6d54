"""A Newsstand server holding the bundled sample, for the browser tests and `make screenshots`.

`prepare(home)` fills `home` with a SQLite database holding the sample (ingested through the
publisher simulator, stories clustered, topics tagged; two readers, one with saved articles) and
the collected static files; `serve(home)` runs gunicorn on it as `newsstand up` does and yields
its base URL. Both run in child processes with their own settings, apart from the test run's
database. Building the database takes most of a minute, so it is kept under var/browser-site/
and rebuilt only when the code or the sample changes.

    .venv/bin/python -m tests.browser.sample_site   # the loading step, run by build_database()
"""

import contextlib
import hashlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
READER_EMAIL = "reader@example.com"  # has saved and read a few articles
NEW_READER_EMAIL = "new.reader@example.com"  # has done nothing yet
READER_PASSWORD = "a sample reader's passphrase"  # both readers'
SAVED_ARTICLES = 3
READY_SECONDS = 30
# The apps whose code decides what the sample database holds (besides every app's migrations).
INGESTING_APPS = ("publishers", "ingest", "articles", "stories", "topics", "simulator")


def server_env(home: Path) -> dict[str, str]:
    """The environment of every child: its own data folder and SQLite, production-like."""
    env = dict(os.environ)
    env.update(
        {
            "NEWSSTAND_HOME": str(home),
            "DATABASE_URL": "",
            "DEBUG": "false",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "NEWSSTAND_LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT),
        }
    )
    return env


def prepare(home: Path) -> None:
    """A copy of the sample database (built first if missing or stale) and fresh static files."""
    built = _built_database()
    home.mkdir(parents=True, exist_ok=True)
    for path in built.iterdir():
        if path.is_file() and path.suffix != ".log":  # the database and its secret key
            shutil.copy2(path, home / path.name)
    _run([sys.executable, "-m", "newsstand", "collectstatic", "--noinput"], home)


def _built_database() -> Path:
    cache = ROOT / "var" / "browser-site"
    built = cache / _fingerprint()
    if built.exists():
        return built
    cache.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(dir=cache, prefix="building-"))
    try:
        build_database(scratch)
        scratch.rename(built)
    except OSError:
        if not built.exists():  # not another run finishing first: a real failure
            raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    for old in cache.iterdir():
        if old != built and not old.name.startswith("building-"):
            shutil.rmtree(old, ignore_errors=True)
    return built


def _fingerprint() -> str:
    """What the database depends on: the schema, the code that ingests, settings, the sample."""
    digest = hashlib.sha256()
    code = ROOT / "newsstand"
    paths = [
        code / "settings.py",
        *code.glob("*/migrations/*.py"),
        *(path for app in INGESTING_APPS for path in (code / app).rglob("*.py")),
        *(ROOT / "sample").glob("*.*"),
    ]
    for path in [*sorted(paths), Path(__file__)]:
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def build_database(home: Path) -> None:
    """Migrate a fresh SQLite database in `home` and load the sample into it."""
    _run([sys.executable, "-m", "newsstand", "migrate"], home)
    _run([sys.executable, "-m", "tests.browser.sample_site"], home)


def _run(command: list[str], home: Path) -> None:
    """Run a child over `home`, its output kept in home/build.log and shown when it fails."""
    log = home / "build.log"
    with log.open("ab") as output:
        done = subprocess.run(
            command, env=server_env(home), cwd=ROOT, stdout=output, stderr=output, check=False
        )
    if done.returncode != 0:
        tail = log.read_text(errors="replace")[-4000:]
        raise RuntimeError(f"{' '.join(command[1:])} failed (exit {done.returncode}):\n{tail}")


@contextlib.contextmanager
def serve(home: Path, workers: int = 2) -> Iterator[str]:
    """gunicorn on a free port of 127.0.0.1 over `home`; yields the base URL (no slash)."""
    port = _free_port()
    log = (home / "gunicorn.log").open("ab")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "newsstand.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            "--graceful-timeout=2",
        ],
        env=server_env(home),
        cwd=ROOT,
        stdout=log,
        stderr=log,
        preexec_fn=_die_with_parent,
    )
    try:
        _wait_for(port, server)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def _die_with_parent() -> None:
    """In the child: Linux sends it SIGTERM if the test run dies without stopping it."""
    if sys.platform == "linux":
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped (exit {server.returncode}); see gunicorn.log")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not answer on port {port} in {READY_SECONDS} s")


def page_paths(base_url: str) -> dict[str, str]:
    """A path of every page type, found by following the sample's links from home; the article
    is one with authors, topics and a related article that belongs to a story."""
    paths = {"home": "/"}
    for article in _links(base_url, "/", r"/articles/\d+/[^/]+/"):
        html = _get(base_url, article)
        related = re.findall(r'class="related-title" href="([^"]+)"', html)
        if not ("/authors/" in html and "/topics/" in html and related):
            continue
        stories = _links(base_url, related[0], r"/stories/\d+/")
        if stories:  # the journey's way: article → related article → its story
            paths["article"], paths["related"], paths["story"] = article, related[0], stories[0]
            paths["author"] = _links(base_url, article, r"/authors/[^/]+/", html)[0]
            paths["topic"] = _links(base_url, article, r"/topics/[^/]+/", html)[0]
            break
    else:
        raise AssertionError("no article on the home page has authors, topics and a related story")
    paths["publisher"] = _links(base_url, "/", r"/publishers/[^/]+/")[0]
    paths["publisher-section"] = _links(
        base_url, paths["publisher"], r"/publishers/[^/]+/sections/[^/]+/"
    )[0]
    paths["section"] = "/sections/" + paths["publisher-section"].split("/")[-2] + "/"
    paths["search"] = "/search?q=senate"
    paths["saved"] = "/saved/"
    paths["sign-in"] = "/account/sign-in/"
    paths["sign-up"] = "/account/sign-up/"
    paths["plans"] = "/membership/plans/"
    paths["offline"] = "/offline/"
    return paths


def _get(base_url: str, path: str) -> str:
    with urllib.request.urlopen(base_url + path, timeout=60) as response:  # noqa: S310 - ours
        return response.read().decode()


def _links(base_url: str, path: str, pattern: str, html: str | None = None) -> list[str]:
    html = _get(base_url, path) if html is None else html
    return list(dict.fromkeys(re.findall(f'href="({pattern})"', html)))


def load_sample() -> None:
    """Ingest the sample as `newsstand up` does offline, cluster stories, add two readers."""
    from django.conf import settings
    from django.core.management import call_command
    from django.utils import timezone

    from newsstand.accounts.models import User
    from newsstand.articles.models import Article
    from newsstand.publishers.services import do_subscribe_sample_feeds
    from newsstand.readers.services import do_record_read, do_save_article
    from newsstand.simulator.server import run_in_thread

    settings.FETCH_ALLOW_NETWORKS = [*settings.FETCH_ALLOW_NETWORKS, "127.0.0.1/32"]
    with run_in_thread() as base_url:
        do_subscribe_sample_feeds(base_url)
        call_command("fetch", "--all", "--once", verbosity=0)
    # The background tasks the fetch queued: stories, related articles, topics.
    call_command("worker", "--batch", verbosity=0)

    reader = User.objects.create_user(
        READER_EMAIL, READER_PASSWORD, email_verified_at=timezone.now()
    )
    User.objects.create_user(NEW_READER_EMAIL, READER_PASSWORD, email_verified_at=timezone.now())
    newest = Article.objects.filter(story__isnull=False).order_by("-published_at", "-id")
    for article in newest[:SAVED_ARTICLES]:
        do_save_article(reader, article)
        do_record_read(reader, article)


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsstand.settings")
    django.setup()
    load_sample()
