"""The reader web app under load: home, article, story and search pages against a static file.

Run from the repository root: `.venv/bin/python bench/web.py [--articles 100000] [--clients 50]
[--seconds 10]`. A database of --articles articles (sentences of the bundled sample recombined,
200 publishers, stories of 1 to 8 articles) is built once under var/bench-web (or in the
PostgreSQL database DATABASE_URL names) and reused while it holds enough articles. gunicorn serves
it as `newsstand up` does (NEWSSTAND_WEB_WORKERS processes); this process drives each page type
with --clients concurrent keep-alive clients for --seconds, after a warm-up, and prints requests/s
and p50/p95/p99 latency per page, beside the same server's figures for a static file (WhiteNoise)
in the same run: the ratio to that ceiling is the figure to improve. The last line is RESULT.
"""

import argparse
import asyncio
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample" / "articles.jsonl"
PUBLISHERS = 200
SECTIONS = ("World", "Politics", "Business", "Science", "Health", "Sport")
SEARCH_WORDS = (
    "senate",
    "health care",
    "election",
    "energy",
    "veterans",
    "climate",
    "earthquake",
    "tax",
    "school funding",
    "farmers",
)


def configure(home: Path) -> None:
    """Django settings for this process and the server: one home, production-like."""
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "newsstand.settings",
            "NEWSSTAND_HOME": str(home),
            "DEBUG": "false",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "NEWSSTAND_LOG_LEVEL": "WARNING",
        }
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    # DEBUG is off, so pages name hashed static files: collect them, as `newsstand up` does.
    call_command("collectstatic", verbosity=0, interactive=False)


def build_database(articles: int, seed: int) -> None:
    """Fill the database up to `articles` articles, grouped into stories; reuses what is there."""
    from django.db import transaction

    from newsstand.articles.models import Article
    from newsstand.publishers.models import Publisher, Section
    from newsstand.stories.models import Story

    have = Article.objects.count()
    if have >= articles:
        print(f"database: {have:,} articles already there, reused")
        return
    rng = random.Random(seed + have)
    sentences = _sentences()
    publishers = list(Publisher.objects.filter(slug__startswith="bench-"))
    if not publishers:
        Publisher.objects.bulk_create(
            Publisher(name=f"Bench Outlet {n:03}", slug=f"bench-{n:03}", homepage_url="")
            for n in range(PUBLISHERS)
        )
        publishers = list(Publisher.objects.filter(slug__startswith="bench-"))
        Section.objects.bulk_create(
            Section(publisher=p, name=name, slug=name.lower())
            for p in publishers
            for name in SECTIONS
        )
    sections = {}
    for section in Section.objects.filter(publisher__in=publishers):
        sections.setdefault(section.publisher_id, []).append(section)
    started = time.perf_counter()
    now = datetime.now(UTC)
    made = have
    while made < articles:
        batch = min(5000, articles - made)
        with transaction.atomic():
            stories, rows = [], []
            while len(rows) < batch:
                size = min(rng.randint(1, 8), batch - len(rows))
                at = now - timedelta(minutes=rng.randint(0, 60 * 24 * 60))
                key = f"bench-{made + len(rows)}"
                lead = rng.sample(sentences, 8)
                stories.append((key, lead[0][:200], at, size))
                for _ in range(size):
                    publisher = rng.choice(publishers)
                    body = [*rng.sample(lead, 5), *rng.sample(sentences, 3)]
                    number = made + len(rows)
                    rows.append(
                        Article(
                            publisher=publisher,
                            section=rng.choice(sections[publisher.pk]),
                            guid=f"bench:{number}",
                            url=f"https://bench.example/{publisher.slug}/{number}",
                            title=rng.choice(lead)[:160],
                            byline=f"By Reporter {number % 997}",
                            authors=[f"Reporter {number % 997}"],
                            published_at=at + timedelta(minutes=rng.randint(0, 600)),
                            summary=body[0],
                            body_text="\n\n".join(body),
                            body_html="".join(f"<p>{s}</p>" for s in body),
                            language="en",
                            word_count=sum(len(s.split()) for s in body),
                            content_hash=f"{number:064x}",
                        )
                    )
            Story.objects.bulk_create(
                Story(
                    key=key,
                    title=title,
                    first_seen=at,
                    last_seen=at + timedelta(hours=10),
                    article_count=size,
                    publisher_count=size,
                )
                for key, title, at, size in stories
            )
            by_key = dict(
                Story.objects.filter(key__in=[s[0] for s in stories]).values_list("key", "pk")
            )
            position = 0
            for key, _, _, size in stories:
                for row in rows[position : position + size]:
                    row.story_id = by_key[key]
                position += size
            Article.objects.bulk_create(rows, batch_size=1000)
        made += batch
        rate = (made - have) / (time.perf_counter() - started)
        print(f"\rdatabase: {made:,} / {articles:,} articles ({rate:,.0f}/s)", end="", flush=True)
    print()


def _sentences() -> list[str]:
    found = []
    for line in SAMPLE.read_text().splitlines():
        for paragraph in json.loads(line)["paragraphs"]:
            found += [s for s in re.split(r"(?<=[.!?])\s+", paragraph) if 40 < len(s) < 400]
    return found


def sample_paths(count: int, seed: int) -> dict[str, list[str]]:
    """Paths each page type is driven with, drawn at random from the database."""
    from newsstand.articles.models import Article
    from newsstand.stories.models import Story

    rng = random.Random(seed)
    top = Article.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    ids = rng.sample(range(1, top + 1), min(count * 3, top))
    articles = [a.get_absolute_url() for a in Article.objects.filter(pk__in=ids)[:count]]
    story_ids = list(Story.objects.order_by("?").values_list("pk", flat=True)[:count])
    return {
        "home": ["/"],
        "article": articles,
        "story": [f"/stories/{pk}/" for pk in story_ids],
        "search": [f"/search?q={urllib.parse.quote(w)}" for w in SEARCH_WORDS],
        "static": ["/static/web/site.css"],
    }


def start_server(port: int) -> subprocess.Popen:
    from django.conf import settings

    server = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        [
            sys.executable,
            "-m",
            "gunicorn",
            "newsstand.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={settings.WEB_WORKERS}",
            "--log-level=warning",
        ],
        env=os.environ.copy(),
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/web/site.css"):
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not start")


async def drive(base: str, paths: list[str], clients: int, seconds: float) -> dict[str, float]:
    """`clients` keep-alive clients request `paths` in turn for `seconds`; latency figures."""
    latencies: list[float] = []
    errors = 0
    connector = aiohttp.TCPConnector(limit=clients, force_close=False)
    async with aiohttp.ClientSession(base, connector=connector) as session:

        async def client(number: int, until: float, record: bool) -> None:
            nonlocal errors
            position = number
            while time.perf_counter() < until:
                path = paths[position % len(paths)]
                position += clients
                started = time.perf_counter()
                async with session.get(path, allow_redirects=False) as response:
                    await response.read()
                    failed = response.status != 200
                if record:
                    latencies.append(time.perf_counter() - started)
                    errors += failed

        warm_until = time.perf_counter() + min(2.0, seconds / 4)
        await asyncio.gather(*(client(n, warm_until, False) for n in range(clients)))
        started = time.perf_counter()
        until = started + seconds
        await asyncio.gather(*(client(n, until, True) for n in range(clients)))
        elapsed = time.perf_counter() - started
    latencies.sort()

    def percentile(share: float) -> float:
        return 1000 * latencies[min(len(latencies) - 1, int(share * len(latencies)))]

    return {
        "rps": len(latencies) / elapsed,
        "p50": percentile(0.50),
        "p95": percentile(0.95),
        "p99": percentile(0.99),
        "errors": errors,
        "requests": len(latencies),
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--home", type=Path, default=ROOT / "var" / "bench-web")
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()

    args.home.mkdir(parents=True, exist_ok=True)
    configure(args.home)
    build_database(args.articles, args.seed)
    paths = sample_paths(500, args.seed)
    port = free_port()
    server = start_server(port)
    try:
        figures = {}
        for page in ("static", "home", "article", "story", "search"):
            figures[page] = asyncio.run(
                drive(f"http://127.0.0.1:{port}", paths[page], args.clients, args.seconds)
            )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    from django.conf import settings
    from django.db import connection

    ceiling = figures["static"]["rps"]
    print(
        f"{connection.vendor}, {args.articles:,} articles, {args.clients} clients, "
        f"{settings.WEB_WORKERS} gunicorn workers, {args.seconds:.0f} s per page"
    )
    header = ("req/s", "p50 ms", "p95 ms", "p99 ms")
    print(f"{'page':<8}" + "".join(f" {h:>8}" for h in header) + "  errors  of static")
    for page, f in figures.items():
        print(
            f"{page:<8} {f['rps']:8.0f} {f['p50']:8.1f} {f['p95']:8.1f} {f['p99']:8.1f}"
            f" {f['errors']:7d} {f['rps'] / ceiling:10.2f}"
        )
    print(
        "RESULT"
        + "".join(f" {page}_rps={f['rps']:.0f}" for page, f in figures.items())
        + "".join(f" {page}_p95_ms={f['p95']:.1f}" for page, f in figures.items())
        + "".join(
            f" {page}_vs_static={f['rps'] / ceiling:.2f}"
            for page, f in figures.items()
            if page != "static"
        )
        + f" errors={sum(int(f['errors']) for f in figures.values())}"
    )


if __name__ == "__main__":
    main()
