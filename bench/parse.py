"""Benchmark parse_feed against plain feedparser on 200 real feeds: speed and parity.

Run from the repository root: `.venv/bin/python bench/parse.py [--repeat N]`. Both parsers read
the same bytes in the same run, so the ratio holds even on a noisy machine; parity compares each
feed's entries with feedparser's, the usual reference, field by field.
"""

import argparse
import io
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import feedparser  # noqa: E402  (after the path line, so the bench runs without installing)

from newsstand.ingest.items import ParsedFeed  # noqa: E402
from newsstand.ingest.parse import FeedParseError, parse_feed  # noqa: E402
from newsstand.ingest.sanitize import html_to_text  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "feed-benchmark-200"
# The benchmark files carry no URL; one fixed base resolves relative links alike on both sides.
BASE_URL = "https://feed.example/feed"
FIELDS = ("title", "link", "guid", "date")


@dataclass(frozen=True)
class Entry:
    """One entry reduced to the compared fields, normalised the same way for both parsers."""

    title: str
    link: str
    guid: str
    # Published, else updated: the date an article is stated by (normalize.py reads it so, and
    # the parsers file dc:date differently), whole seconds (feedparser's struct_time has no more).
    date: datetime | None


@dataclass
class Timing:
    """Best wall and CPU seconds for one pass over all feeds."""

    wall: float = float("inf")
    cpu: float = float("inf")


@dataclass
class FeedParity:
    """How one feed's entries compare with feedparser's."""

    name: str
    ours: int
    reference: int
    mismatches: dict[str, int] = field(default_factory=dict)
    example: str = ""

    @property
    def score(self) -> int:
        """How badly the feed differs: entries missing or extra, then field mismatches."""
        return abs(self.ours - self.reference) * len(FIELDS) + sum(self.mismatches.values())


def load_feeds() -> list[tuple[str, bytes]]:
    """The benchmark documents as (name, bytes), or exit with a message when absent."""
    if not DATA.is_dir():
        sys.exit(f"feed benchmark data not found at {DATA} (expected ../shared/data next to repo)")
    feeds = [(p.name, p.read_bytes()) for p in sorted(DATA.iterdir()) if p.suffix != ".md"]
    if not feeds:
        sys.exit(f"no feed documents in {DATA}")
    return feeds


def parse_ours(body: bytes) -> ParsedFeed | None:
    """parse_feed on one document, None when it refuses it."""
    try:
        return parse_feed(body, BASE_URL)
    except FeedParseError:
        return None


def parse_reference(body: bytes) -> Any:
    """feedparser on one document (a BytesIO: bytes would be tried as a file name first)."""
    return feedparser.parse(io.BytesIO(body))


def ours(body: bytes) -> list[Entry]:
    """Our parse_feed's entries, normalised for comparison."""
    feed = parse_ours(body)
    if feed is None:
        return []
    return [
        Entry(_text(i.title), i.url, i.guid.strip(), _second(i.published_at or i.updated_at))
        for i in feed.items
    ]


def reference(body: bytes) -> list[Entry]:
    """feedparser's entries, normalised as parse_feed normalises its own."""
    parsed = parse_reference(body)
    base = _absolute(parsed.feed.get("link", ""), BASE_URL) or BASE_URL
    entries = []
    for entry in parsed.entries:
        link = _absolute(entry.get("link", "").strip(), base)
        guid = entry.get("id", "").strip()
        entries.append(
            Entry(
                title=_text(html_to_text(entry.get("title", ""))),
                link=link,
                guid=guid if guid not in ("", entry.get("link", "").strip()) else link,
                date=_struct_to_utc(
                    dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")
                ),
            )
        )
    return entries


def _text(value: str) -> str:
    """value with runs of whitespace made single spaces, stripped."""
    return " ".join(value.split())


def _second(moment: datetime | None) -> datetime | None:
    """moment without its fraction of a second, which feedparser's struct_time cannot hold."""
    return moment.replace(microsecond=0) if moment else None


def _absolute(link: str, base: str) -> str:
    """link made absolute against base; "" unless http(s)."""
    if not link:
        return ""
    try:
        resolved = urljoin(base, link)
    except ValueError:
        return ""
    return resolved if urlsplit(resolved).scheme in ("http", "https") else ""


def _struct_to_utc(parsed: Any) -> datetime | None:
    """feedparser's UTC struct_time as an aware datetime."""
    if not isinstance(parsed, time.struct_time):
        return None
    try:
        return datetime(*parsed[:6], tzinfo=UTC)
    except ValueError:
        return None


def time_passes(parse: Callable[[bytes], Any], feeds: list[tuple[str, bytes]], n: int) -> Timing:
    """Best of n passes of parse over every feed, in wall and CPU seconds."""
    timing = Timing()
    for _ in range(n):
        wall, cpu = time.perf_counter(), time.process_time()
        for _, body in feeds:
            parse(body)
        timing.wall = min(timing.wall, time.perf_counter() - wall)
        timing.cpu = min(timing.cpu, time.process_time() - cpu)
    return timing


def compare(name: str, mine: list[Entry], theirs: list[Entry]) -> FeedParity:
    """One feed's parity: entries paired by position, each field compared."""
    parity = FeedParity(name, len(mine), len(theirs), dict.fromkeys(FIELDS, 0))
    for a, b in zip(mine, theirs, strict=False):
        for key in FIELDS:
            if getattr(a, key) != getattr(b, key):
                parity.mismatches[key] += 1
                if not parity.example:
                    parity.example = f"{key}: {getattr(a, key)!r} != {getattr(b, key)!r}"
    return parity


def main() -> None:
    """Time both parsers, compare their results, print the table and the RESULT line."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--repeat", type=int, default=3, help="timed passes (best is kept)")
    options.add_argument("--worst", type=int, default=5, help="mismatching feeds to list")
    args = options.parse_args()

    feeds = load_feeds()
    size = sum(len(body) for _, body in feeds) / 1e6
    print(f"{len(feeds)} feeds, {size:.1f} MB, best of {args.repeat} passes after a warm-up")

    # The warm-up pass also gives the results that parity compares.
    mine = {name: ours(body) for name, body in feeds}
    theirs = {name: reference(body) for name, body in feeds}
    fast = time_passes(parse_ours, feeds, args.repeat)
    slow = time_passes(parse_reference, feeds, args.repeat)
    entries_ours = sum(map(len, mine.values()))
    entries_ref = sum(map(len, theirs.values()))

    print(f"\n{'parser':<12} {'wall s':>8} {'cpu s':>8} {'feeds/s':>9} {'entries/s':>10}")
    for label, timing, count in (
        ("parse_feed", fast, entries_ours),
        ("feedparser", slow, entries_ref),
    ):
        print(
            f"{label:<12} {timing.wall:>8.2f} {timing.cpu:>8.2f} "
            f"{len(feeds) / timing.wall:>9.1f} {count / timing.wall:>10.0f}"
        )
    ratio = slow.wall / fast.wall
    print(f"speed ratio (wall): {ratio:.1f}x   (cpu: {slow.cpu / fast.cpu:.1f}x)")

    parities = [compare(name, mine[name], theirs[name]) for name, _ in feeds]
    # Field parity over the entries both parsers found (paired by position); entries one of
    # them misses show in the entry-count parity instead.
    paired = max(1, sum(min(p.ours, p.reference) for p in parities))
    rates = {key: 1 - sum(p.mismatches[key] for p in parities) / paired for key in FIELDS}
    count_parity = sum(p.ours == p.reference for p in parities) / len(parities)
    print(f"\nentries: parse_feed {entries_ours}, feedparser {entries_ref}")
    print(f"entry-count parity: {count_parity:.1%} of feeds")
    for key in FIELDS:
        print(f"{key + ' parity:':<14} {rates[key]:.2%} of {paired} paired entries")

    worst = sorted((p for p in parities if p.score), key=lambda p: -p.score)[: args.worst]
    if worst:
        print("\nworst feeds:")
    for p in worst:
        fields = ", ".join(f"{k} {v}" for k, v in p.mismatches.items() if v)
        print(f"  {p.name}: {p.ours}/{p.reference} entries; {fields or 'count only'}")
        if p.example:
            print(f"    {p.example[:160]}")

    print(
        f"\nRESULT feeds_per_s={len(feeds) / fast.wall:.1f} "
        f"feedparser_feeds_per_s={len(feeds) / slow.wall:.1f} speed_ratio={ratio:.1f} "
        f"entry_count_parity={count_parity:.3f} "
        + " ".join(f"{key}_parity={rates[key]:.3f}" for key in FIELDS)
    )


if __name__ == "__main__":
    main()
