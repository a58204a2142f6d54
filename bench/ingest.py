"""Benchmark ingestion end to end (fetch, parse, normalise, store) against the `reader` library.

Run from the repository root: `.venv/bin/python bench/ingest.py [--feeds 1000] [--items 30]
[--latency-ms 50] [--rounds 3] [--no-search-index]`. A synthetic publisher farm
(newsstand/simulator/synthetic.py) serves the feeds from a process of its own on 127.0.0.1;
this process subscribes them in a fresh SQLite database and runs refresh_feeds() over all of
them: cold (every item new), warm (nothing changed: every fetch a 304), then once more after a
share of the feeds published new items (--changed-share; not compared). Then `reader` does the
same on the same feeds, in the same run, so the ratios hold even on a noisy machine.

That is the first of --rounds rounds, each in a fresh process with a fresh database and a farm
of its own (another seed); the later ones time the cold passes only, reader's first in every
other round. The cold ratio is the median of the rounds' ratios, and the cold figures are
those of our pass of median speed, so that one moment of another tenant's load does not decide
the result. Both sides start each pass with the process's objects frozen (runtime.py), as a
lasting `newsstand worker` does. refresh_feeds indexes the new articles for search as it goes
and before it returns (ingest/indexer.py), so the cold pass includes that work, and the bench
checks that every article is in the index after it. --no-search-index drops the full-text
index first, to show what indexing costs. The last line is a machine-readable RESULT.
"""

import argparse
import cProfile
import io
import json
import logging
import multiprocessing
import os
import pstats
import resource
import shutil
import statistics
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# Only the farm is imported here: the farm's process re-imports this module (multiprocessing's
# spawn), and Django must not be set up before the environment below is.
from newsstand.simulator.synthetic import NEW_ITEMS_PER_BUMP, serve_in_process  # noqa: E402


@dataclass
class Phase:
    """One timed pass: how many feeds and items, in how many wall and CPU seconds."""

    name: str
    feeds: int
    items: int
    wall: float
    cpu: float
    main_cpu: float = 0.0  # CPU of the calling thread alone (parse, normalise, store)

    @property
    def feeds_per_s(self) -> float:
        return self.feeds / self.wall

    @property
    def items_per_s(self) -> float:
        return self.items / self.wall

    @property
    def cpu_per_1000_items(self) -> float:
        return 1000 * self.cpu / self.items if self.items else 0.0

    @property
    def cores(self) -> float:
        """CPU seconds per wall second: the cores this process kept busy."""
        return self.cpu / self.wall

    def describe(self) -> str:
        return (
            f"{self.name:<18} {self.feeds:>6} feeds {self.items:>7} items in {self.wall:6.2f} s"
            f" | {self.feeds_per_s:8.1f} feeds/s {self.items_per_s:9.1f} items/s"
            f" | CPU {self.cpu:6.2f} s ({self.cores:.2f} cores)"
        )


def timed(name: str, run: Callable[[], tuple[int, int]]) -> Phase:
    """Run once; run returns (feeds, items) and is timed in wall, process and thread CPU."""
    wall, cpu, main = time.perf_counter(), time.process_time(), time.thread_time()
    feeds, items = run()
    return Phase(
        name,
        feeds,
        items,
        wall=time.perf_counter() - wall,
        cpu=time.process_time() - cpu,
        main_cpu=time.thread_time() - main,
    )


def peak_mb() -> float:
    """This process's peak resident memory so far (ru_maxrss is KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024 if sys.platform == "darwin" else 1024)


def farm_stats(base_url: str) -> dict[str, int]:
    with urllib.request.urlopen(f"{base_url}/synthetic/stats", timeout=10) as response:  # noqa: S310 - loopback
        return json.load(response)


def bump(base_url: str, share: float) -> int:
    """Have the farm publish new items in `share` of its feeds; returns how many feeds."""
    request = urllib.request.Request(  # noqa: S310 - loopback
        f"{base_url}/synthetic/bump?share={share}", method="POST"
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
        return len(json.load(response)["bumped"])


def served_since(base_url: str, before: dict[str, int]) -> dict[str, int]:
    now = farm_stats(base_url)
    return {key: now[key] - before[key] for key in now}


# --- Newsstand ---------------------------------------------------------------------------------


def configure(home: Path, args: argparse.Namespace) -> None:
    """A fresh SQLite home that may fetch from loopback; set before Django reads its settings."""
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "newsstand.settings",
            "NEWSSTAND_HOME": str(home / "newsstand"),
            "DATABASE_URL": "",
            "NEWSSTAND_FETCH_ALLOW_NETWORKS": "127.0.0.1/32",
            "NEWSSTAND_FETCH_CONCURRENCY": str(args.concurrency),
            # The farm is one host standing in for as many publishers as there are feeds.
            "NEWSSTAND_FETCH_PER_HOST": str(args.concurrency),
            "NEWSSTAND_FETCH_TIMEOUT": "60",
            "NEWSSTAND_LOG_LEVEL": "WARNING",
        }
    )
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    # Imported before any clock starts, as reader's modules are: a worker imports them once.
    import newsstand.ingest.services  # noqa: F401

    if not args.search_index:
        from django.db import connection

        from newsstand.articles import search_schema

        search_schema.uninstall(connection)  # what indexing each article costs, left out


def subscribe(base_url: str, feeds: int) -> None:
    """One publisher per feed, as a catalog of independent outlets would be."""
    from newsstand.publishers.models import Feed, Publisher

    publishers = Publisher.objects.bulk_create(
        Publisher(name=f"Synthetic Daily {n}", slug=f"synthetic-{n}") for n in range(feeds)
    )
    Feed.objects.bulk_create(
        Feed(url=f"{base_url}/synthetic/{n}.xml", publisher=publisher)
        for n, publisher in enumerate(publishers)
    )


def ingest(batch: int) -> tuple[int, int]:
    """Claim and refresh every due feed, `batch` at a time (0: all at once, as `newsstand fetch`
    does); returns (feeds refreshed, articles created). Fails loudly on any feed error."""
    from newsstand.ingest.services import do_claim_feeds, refresh_feeds

    feeds_done = created = 0
    while claimed := do_claim_feeds(limit=batch or None):
        for refresh in refresh_feeds(claimed):
            assert refresh.outcome != "error", refresh.describe()
            feeds_done += 1
            created += refresh.created
    return feeds_done, created


def mark_all_due() -> None:
    from newsstand.publishers.models import Feed

    Feed.objects.update(next_fetch_at=None)


def stored_articles() -> int:
    from newsstand.articles.models import Article

    return Article.objects.count()


def indexed_articles() -> int:
    """Articles in the search index (SQLite: rows of FTS5's per-document table)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM articles_search_docsize")
        return cursor.fetchone()[0]


# --- reader ------------------------------------------------------------------------------------


def run_reader(
    base_url: str, home: Path, args: argparse.Namespace, round_: int = 0
) -> tuple[Phase, Phase | None]:
    """reader's cold update_feeds over the farm's feeds, with `workers` threads; then, in the
    first round, a warm one."""
    from reader import make_reader

    from newsstand.runtime import freeze_startup_objects

    # requests warns for each connection it cannot pool once workers outnumber its pool.
    logging.getLogger("urllib3").setLevel(logging.ERROR)
    # feedparser flags every document reader hands it as a file with no Content-Type (bozo).
    logging.getLogger("reader").setLevel(logging.ERROR)
    reader = make_reader(str(home / "reader.sqlite"), search_enabled=False)
    for n in range(args.feeds):
        reader.add_feed(f"{base_url}/synthetic/{n}.xml")

    def cold() -> tuple[int, int]:
        reader.update_feeds(workers=args.reader_workers)
        return args.feeds, 0

    def warm() -> tuple[int, int]:
        # scheduled=False: every feed, due or not, as our warm pass marks all of ours due.
        reader.update_feeds(workers=args.reader_workers, scheduled=False)
        return args.feeds, 0

    warm_phase = None
    try:
        freeze_startup_objects()  # reader's pass starts as ours does
        before = farm_stats(base_url)
        cold_phase = timed(f"reader cold #{round_ + 1}", cold)
        cold_phase.items = reader.get_entry_counts().total  # counted outside the timing
        print(cold_phase.describe(), served_since(base_url, before))
        assert cold_phase.items == args.feeds * args.items, cold_phase.items
        if round_ == 0:
            before = farm_stats(base_url)
            warm_phase = timed("reader warm", warm)
            print(warm_phase.describe(), served_since(base_url, before))
    finally:
        reader.close()
    return cold_phase, warm_phase


# --- Main --------------------------------------------------------------------------------------


def profiled(run: Callable[[], Any], top: int) -> Any:
    """run under cProfile (its thread only), printing the top costs by own and total time,
    counted in the thread's CPU time (waits for the disk, the GIL or other threads left out)."""
    profile = cProfile.Profile(time.thread_time)
    result = profile.runcall(run)
    for order in ("tottime", "cumulative"):
        out = io.StringIO()
        pstats.Stats(profile, stream=out).strip_dirs().sort_stats(order).print_stats(top)
        print(f"--- profile of the calling thread (CPU seconds), by {order} ---")
        print("\n".join(out.getvalue().splitlines()[4:]))
    return result


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=1000, help="feeds served and subscribed")
    parser.add_argument("--items", type=int, default=30, help="items per feed")
    parser.add_argument("--latency-ms", type=float, default=50, help="per-request delay")
    parser.add_argument(
        "--concurrency", type=int, default=100, help="fetches in flight (ours and reader's)"
    )
    parser.add_argument("--batch", type=int, default=0, help="feeds per claim; 0: all at once")
    parser.add_argument("--reader-workers", type=int, help="reader's workers; default concurrency")
    parser.add_argument(
        "--changed-share",
        type=float,
        default=0.1,
        help="after the warm pass, one more where this share of feeds has new items (0: skip)",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="cold passes of each side, each round on new feeds; the cold ratio is the median",
    )
    parser.add_argument("--no-reader", action="store_true", help="skip the reader peer")
    parser.add_argument(
        "--no-search-index",
        dest="search_index",
        action="store_false",
        help="drop the full-text index's triggers first (reader's search is off too)",
    )
    parser.add_argument("--profile", action="store_true", help="cProfile our cold pass")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    args.reader_workers = args.reader_workers or args.concurrency
    return args


def run_newsstand(url: str, args: argparse.Namespace) -> tuple[Phase, Phase]:
    """Our cold pass (every item new) and warm pass (every feed due again, every fetch a 304),
    then, with --changed-share, a pass where some feeds have new items."""
    cold = newsstand_cold(url, args, round_=0)
    mark_all_due()
    before = farm_stats(url)
    warm = timed("newsstand warm", lambda: ingest(args.batch))
    served = served_since(url, before)
    print(warm.describe(), served)
    assert served["not_modified"] == args.feeds, served
    assert warm.items == 0, warm.items

    if args.changed_share:
        bumped = bump(url, args.changed_share)
        mark_all_due()
        before = farm_stats(url)
        changed = timed(f"newsstand {args.changed_share:.0%} new", lambda: ingest(args.batch))
        print(changed.describe(), served_since(url, before))
        assert changed.items == bumped * NEW_ITEMS_PER_BUMP, (changed.items, bumped)
    return cold, warm


def newsstand_cold(url: str, args: argparse.Namespace, round_: int) -> Phase:
    """Subscribe the farm's feeds and ingest them all: every item new."""
    from newsstand.runtime import freeze_startup_objects

    expected = args.feeds * args.items
    subscribe(url, args.feeds)
    freeze_startup_objects()  # as `newsstand worker` and `newsstand fetch` do once started
    before = farm_stats(url)
    name = f"newsstand cold #{round_ + 1}"
    if args.profile and round_ == 0:
        cold = timed(name, lambda: profiled(lambda: ingest(args.batch), 30))
    else:
        cold = timed(name, lambda: ingest(args.batch))
    print(cold.describe(), served_since(url, before))
    stored = stored_articles()
    assert cold.items == stored == expected, (cold.items, stored, expected)
    if args.search_index:
        # refresh_feeds indexes new articles as it goes and all of them before it returns.
        assert indexed_articles() == expected, indexed_articles()
    return cold


@dataclass
class Round:
    """One round's passes: both sides' cold ones; the first round's warm ones too."""

    cold: Phase
    reader_cold: Phase | None
    warm: Phase | None
    reader_warm: Phase | None
    peak: float  # MB, this process's peak after our passes (before reader's where it ran second)


def run_round(args: argparse.Namespace, round_: int) -> Round:
    """Round round_, in a fresh process with a fresh home: a farm of its own feeds (the seed
    plus round_), our passes and reader's, who goes first alternating from round to round, so
    that a drift in the machine's speed favours neither. The first round adds the warm passes
    (and ours the pass with some feeds changed)."""
    home = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    latency = args.latency_ms / 1000
    try:
        with serve_in_process(args.feeds, args.items, args.seed + round_, latency) as url:
            configure(home, args)
            reader_cold = reader_warm = None
            if not args.no_reader and round_ % 2:
                reader_cold, reader_warm = run_reader(url, home, args, round_)
            if round_ == 0:
                cold, warm = run_newsstand(url, args)
            else:
                cold, warm = newsstand_cold(url, args, round_), None
            # ru_maxrss only ever grows: read before reader runs, where it runs second (as in
            # the first round, whose peak is the one reported).
            peak = peak_mb()
            if not args.no_reader and not round_ % 2:
                reader_cold, reader_warm = run_reader(url, home, args, round_)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return Round(cold, reader_cold, warm, reader_warm, peak)


def median_phase(phases: list[Phase]) -> Phase:
    """The pass of median speed (the slower of the middle two, for an even count)."""
    return sorted(phases, key=lambda phase: phase.feeds_per_s)[(len(phases) - 1) // 2]


def report(
    colds: list[Phase],
    warm: Phase,
    peak: float,
    reader_colds: list[Phase],
    reader_warm: Phase | None,
) -> None:
    """The figures (cold ones from the pass of median speed, the ratio the median of each
    round's), the targets from the issue, and the RESULT line."""
    nan = float("nan")
    cold = median_phase(colds)
    reader_cold = median_phase(reader_colds) if reader_colds else None
    pairs = zip(colds, reader_colds, strict=True) if reader_colds else []
    ratios = [ours.feeds_per_s / theirs.feeds_per_s for ours, theirs in pairs]
    if ratios:
        print(
            f"cold, by round: newsstand {', '.join(f'{c.feeds_per_s:.1f}' for c in colds)} "
            f"feeds/s; reader {', '.join(f'{c.feeds_per_s:.1f}' for c in reader_colds)}; "
            f"ratios {', '.join(f'{r:.2f}x' for r in ratios)}"
        )
    # Per core: never credit time spent waiting, so divide by at least one core.
    per_core = cold.items_per_s / max(cold.cores, 1.0)
    print(
        f"newsstand: {cold.cpu_per_1000_items:.2f} CPU s per 1,000 items "
        f"(calling thread {1000 * cold.main_cpu / cold.items:.2f}, fetch loop "
        f"{1000 * (cold.cpu - cold.main_cpu) / cold.items:.2f}); peak {peak:.0f} MB; "
        f"{cold.items} articles stored; {per_core:.0f} articles/s per core"
    )
    figures = {
        "cold_feeds_per_s": cold.feeds_per_s,
        "cold_items_per_s": cold.items_per_s,
        "warm_fetches_per_s": warm.feeds_per_s,
        "cpu_s_per_1000_items": cold.cpu_per_1000_items,
        "peak_mb": peak,
        "reader_cold_feeds_per_s": reader_cold.feeds_per_s if reader_cold else nan,
        "reader_warm_feeds_per_s": reader_warm.feeds_per_s if reader_warm else nan,
        "cold_ratio_vs_reader": statistics.median(ratios) if ratios else nan,
        "cold_ratio_min": min(ratios, default=nan),
        "cold_ratio_max": max(ratios, default=nan),
        "warm_ratio_vs_reader": warm.feeds_per_s / reader_warm.feeds_per_s if reader_warm else nan,
        "articles_per_s_per_core": per_core,
        "rounds": len(colds),
    }
    print(
        f"targets: cold >= 5x reader: {figures['cold_ratio_vs_reader']:.2f}x "
        f"(median of {len(ratios)} rounds); "
        f"warm >= 1,000 fetches/s: {warm.feeds_per_s:.0f}; "
        f">= 140 articles/s per core: {per_core:.0f}"
    )
    print("RESULT " + " ".join(f"{key}={value:.2f}" for key, value in figures.items()))


def main() -> None:
    args = parse_args()
    print(
        f"{args.feeds} feeds x {args.items} items, {args.latency_ms:g} ms latency, "
        f"concurrency {args.concurrency}, batch {args.batch or 'all'}, "
        f"reader workers {args.reader_workers}, {os.cpu_count()} CPUs, "
        f"search index {'on' if args.search_index else 'off'}, {args.rounds} rounds",
        flush=True,
    )
    # A process per round: each starts as the first did, whatever the rounds before left.
    spawn = multiprocessing.get_context("spawn")
    rounds = []
    for round_ in range(args.rounds):
        with ProcessPoolExecutor(1, mp_context=spawn) as process:
            rounds.append(process.submit(run_round, args, round_).result())
    first = rounds[0]
    report(
        [r.cold for r in rounds],
        first.warm,
        first.peak,
        [r.reader_cold for r in rounds if r.reader_cold],
        first.reader_warm,
    )


if __name__ == "__main__":
    main()
