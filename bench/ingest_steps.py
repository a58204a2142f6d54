"""Per-item cost of ingestion's two steps in one thread, without the network: prepare (parse and
normalise a fetched document) and store (upsert its items, index them, note the feed's fetch).

Run from the repository root: `.venv/bin/python bench/ingest_steps.py [--feeds 100] [--rounds 5]
[--instructions]`. The synthetic farm's documents (those bench/ingest.py serves) are rendered in
memory. Each round subscribes --feeds new feeds in one fresh SQLite database and runs
prepare_document() over their documents, then store_fetch_results() over them, 16 feeds to a
transaction as refresh_feeds() stores them (new articles are indexed for search in the insert,
as every writer but refresh_feeds() does). It prints the CPU microseconds per item of each step,
the lowest of the rounds.

On this shared machine those times move by a third from one minute to the next, more than most
changes to the code do. --instructions therefore runs one round (40 feeds) again under
valgrind's callgrind, which dumps its counts each time time.process_time() is called, at the
steps' boundaries, and prints the instructions per item of each step: a count the host's load
does not move, to compare two versions of the code by. (valgrind is a system package; the run
takes about a minute.) There is no peer here: reader has no such steps; bench/ingest.py
compares the whole ingestion with it. The last line is a machine-readable RESULT.
"""

import argparse
import gc
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ITEMS = 30
TOGETHER = 16  # feeds stored in one transaction, as refresh_feeds stores them
BASE_URL = "http://127.0.0.1:1"
INSTRUCTION_FEEDS = 40
_TOTAL = re.compile(r"^(?:summary|totals): (\d+)", re.MULTILINE)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--feeds", type=int, default=100, help="feeds per round")
    parser.add_argument("--rounds", type=int, default=5, help="rounds; the lowest time counts")
    parser.add_argument(
        "--instructions", action="store_true", help="count instructions under valgrind too"
    )
    args = parser.parse_args()
    if args.feeds < 1 or args.rounds < 1:
        parser.error("--feeds and --rounds must be at least 1")
    return args


def setup_django(home: Path) -> None:
    """A fresh SQLite home; set before Django reads its settings."""
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "newsstand.settings",
            "NEWSSTAND_HOME": str(home),
            "DATABASE_URL": "",
            "NEWSSTAND_LOG_LEVEL": "WARNING",
        }
    )
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def run_rounds(feeds: int, rounds: int) -> tuple[float, float]:
    """CPU µs per item of preparing and of storing, the lowest of the rounds. time.process_time()
    is called only at the steps' boundaries: --instructions dumps its counts there."""
    from newsstand.ingest.fetch import FetchResult
    from newsstand.ingest.services import prepare_document, store_fetch_results
    from newsstand.publishers.models import Feed, Publisher
    from newsstand.simulator.synthetic import SyntheticFarm

    farm = SyntheticFarm(feeds * rounds, ITEMS)
    publishers = Publisher.objects.bulk_create(
        Publisher(name=f"Synthetic Daily {n}", slug=f"synthetic-{n}") for n in range(feeds * rounds)
    )
    Feed.objects.bulk_create(
        Feed(url=f"{BASE_URL}/synthetic/{n}.xml", publisher=publisher)
        for n, publisher in enumerate(publishers)
    )
    subscribed = list(Feed.objects.select_related("publisher").order_by("id"))
    prepare_us, store_us = [], []
    for round_ in range(rounds):
        batch = subscribed[round_ * feeds : (round_ + 1) * feeds]
        bodies = [farm.render(BASE_URL, round_ * feeds + n).encode() for n in range(feeds)]
        gc.collect()
        gc.freeze()  # as a lasting worker runs (runtime.py)
        started = time.process_time()
        documents = [
            prepare_document(feed, body, feed.url) for feed, body in zip(batch, bodies, strict=True)
        ]
        prepared = time.process_time()
        fetched = [
            (feed, FetchResult(url=feed.url, status=200, body=body), document)
            for feed, body, document in zip(batch, bodies, documents, strict=True)
        ]
        for start in range(0, feeds, TOGETHER):
            store_fetch_results(fetched[start : start + TOGETHER])
        stored = time.process_time()
        items = feeds * ITEMS
        prepare_us.append((prepared - started) / items * 1e6)
        store_us.append((stored - prepared) / items * 1e6)
    return min(prepare_us), min(store_us)


def count_instructions() -> tuple[float, float]:
    """Instructions per item of preparing and of storing: one round of INSTRUCTION_FEEDS feeds
    in a fresh process under callgrind, its counts dumped at each time.process_time()."""
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "callgrind.out"
        command = [
            "valgrind",
            "--tool=callgrind",
            "--dump-before=time_process_time",
            f"--callgrind-out-file={out}",
            sys.executable,
            __file__,
            "--feeds",
            str(INSTRUCTION_FEEDS),
            "--rounds",
            "1",
        ]
        try:
            subprocess.run(command, check=True, capture_output=True)  # noqa: S603 - our own argv
        except FileNotFoundError:
            sys.exit("--instructions needs valgrind (apt-get install valgrind)")
        # Dump 1 runs to the first boundary; 2 and 3 are the steps; the last, the rest.
        totals = [
            int(_TOTAL.search(path.read_text()).group(1))
            for path in sorted(Path(scratch).glob("callgrind.out.*"), key=_dump_number)
        ]
    if len(totals) != 3:
        sys.exit(f"expected 3 dumps at time.process_time(), got {len(totals)}")
    items = INSTRUCTION_FEEDS * ITEMS
    return totals[1] / items, totals[2] / items


def _dump_number(path: Path) -> int:
    return int(path.suffix[1:])


def main() -> None:
    args = parse_args()
    with tempfile.TemporaryDirectory() as home:
        setup_django(Path(home))
        prepare, store = run_rounds(args.feeds, args.rounds)
    print(
        f"{args.feeds} feeds x {ITEMS} items, {args.rounds} rounds, one thread: CPU per item "
        f"prepare {prepare:.1f} us, store {store:.1f} us (lowest round)"
    )
    result = f"RESULT prepare_us_per_item={prepare:.1f} store_us_per_item={store:.1f}"
    if args.instructions:
        prepare_ir, store_ir = count_instructions()
        print(
            f"instructions per item ({INSTRUCTION_FEEDS} feeds under callgrind): "
            f"prepare {prepare_ir:,.0f}, store {store_ir:,.0f}, both {prepare_ir + store_ir:,.0f}"
        )
        result += (
            f" prepare_instructions_per_item={prepare_ir:.0f}"
            f" store_instructions_per_item={store_ir:.0f}"
        )
    print(result)


if __name__ == "__main__":
    main()
