"""For-you evaluation: simulated readers with hidden tastes, several days of sessions.

Items are the ECB+ news documents (ecbplus-cdcr-docs; 25 labelled topics of two events each),
published over DAYS simulated days by simulated outlets that each cover a few topics most.
Every simulated reader has hidden preferences (a few topics, a couple of outlets) that decide
the chance they read an item they are shown; at onboarding they follow some of them (or skip).
Each day every reader opens the app once and is shown 10 items from the last two days' articles
by one of three rankings, each in its own world (its own reads, its own popularity counts):
For-you (newsstand.curation.foryou), popularity-only (most read first) and random.

Per ranking: nDCG@10 (gain: the reader's hidden interest in the item; the ideal list is the
best 10 of the same candidates), hit rate@10 (sessions with at least one read), catalogue
coverage (share of items ever shown) and intra-list diversity (mean pairwise 1 - cosine of the
shown items' term vectors). Target: For-you nDCG@10 at least 1.5 times popularity-only, with more
coverage. Ends with one `RESULT key=value …` line.

    .venv/bin/python bench/recommend.py [--readers 300] [--days 6] [--seed 7]
"""

import argparse
import csv
import json
import math
import random
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import combinations
from pathlib import Path

from newsstand.curation.foryou import Candidate, rank_for_you
from newsstand.curation.profile import InterestProfile, Signal
from newsstand.stories.vectors import Vector, sublinear_unit, weighted_counts, words

ROOT = Path(__file__).resolve().parents[1]
ECBPLUS = ROOT.parent / "shared" / "data" / "ecbplus-cdcr-docs"
START = datetime(2024, 3, 1, tzinfo=UTC)
OUTLETS = 24
BEATS = 3  # topics each outlet covers most
SHOWN = 10
WINDOW = timedelta(days=2)  # a session's candidates: articles of the last two days


@dataclass
class Reader:
    id: int
    tastes: dict[str, float]  # hidden: topic → interest
    outlets: set[str]  # hidden: favourite outlets
    profile: InterestProfile = field(default_factory=InterestProfile)
    read: set[str] = field(default_factory=set)

    def interest(self, item: Candidate) -> float:
        """How much the reader wants this item, 0..~1.2: their topic taste, a favourite outlet."""
        topic = self.tastes.get(item.topics[0], 0.0)
        return topic + (0.25 if item.publisher in self.outlets else 0.0) + 0.02


def load_items(rng: random.Random, days: int) -> list[Candidate]:
    """ECB+ documents as candidates with an outlet, a day and a term vector."""
    with (ECBPLUS / "index.csv").open(newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["doc_id"]]
    topics = sorted({row["topic"] for row in rows}, key=int)
    outlets = [f"Outlet {n + 1}" for n in range(OUTLETS)]
    beats = {outlet: set(rng.sample(topics, BEATS)) for outlet in outlets}
    items = []
    for row in rows:
        document = json.loads((ECBPLUS / row["path"]).read_text())
        body = document["text"]
        title = row["title"] or body[:120]
        lead = " ".join(body.split()[:200])
        terms = sublinear_unit(weighted_counts([(words(title), 2.0), (words(lead), 1.0)]))
        covering = [o for o in outlets if row["topic"] in beats[o]]
        outlet = rng.choice(covering) if covering and rng.random() < 0.75 else rng.choice(outlets)
        published = START + timedelta(days=rng.randrange(days), hours=rng.uniform(0, 24))
        items.append(
            Candidate(
                id=row["doc_id"],
                publisher=outlet,
                topics=(f"topic {row['topic']}",),
                terms=terms,
                published_at=published,
                quality=0.5 + 0.5 * (int(outlet.split()[1]) % 5) / 4,
            )
        )
    return items


def make_readers(rng: random.Random, count: int, items: list[Candidate]) -> list[Reader]:
    topics = sorted({item.topics[0] for item in items})
    outlets = sorted({item.publisher for item in items})
    readers = []
    for number in range(count):
        liked = rng.sample(topics, 3)
        raw = sorted((rng.random() for _ in liked), reverse=True)
        tastes = {t: 0.9 * w / raw[0] for t, w in zip(liked, raw, strict=True)}
        readers.append(Reader(number, tastes, set(rng.sample(outlets, 2))))
    return readers


def onboard(rng: random.Random, reader: Reader) -> InterestProfile:
    """What the reader tells us at onboarding: often their favourite topic, sometimes an outlet."""
    profile = InterestProfile()
    if rng.random() < 0.6:
        profile.followed_topics.add(max(reader.tastes, key=reader.tastes.get))
    if rng.random() < 0.4:
        profile.followed_publishers.add(sorted(reader.outlets)[0])
    return profile


Ranker = Callable[[Reader, list[Candidate], datetime, random.Random], list[Candidate]]


def for_you(reader: Reader, pool: list[Candidate], now: datetime, _: random.Random):
    return [r.candidate for r in rank_for_you(reader.profile, pool, now, exclude=reader.read)]


def popularity(reader: Reader, pool: list[Candidate], now: datetime, _: random.Random):
    fresh = [c for c in pool if c.id not in reader.read]
    return sorted(fresh, key=lambda c: (-c.popularity, -c.published_at.timestamp()))[:SHOWN]


def random_pick(reader: Reader, pool: list[Candidate], now: datetime, rng: random.Random):
    fresh = [c for c in pool if c.id not in reader.read]
    return rng.sample(fresh, min(SHOWN, len(fresh)))


@dataclass
class Outcome:
    ndcg: list[float] = field(default_factory=list)
    hits: int = 0
    sessions: int = 0
    shown: set[str] = field(default_factory=set)
    diversity: list[float] = field(default_factory=list)
    seconds: float = 0.0


def simulate(
    ranker: Ranker, items: list[Candidate], readers: list[Reader], days: int, seed: int
) -> Outcome:
    """Every reader, every day, one session in this ranking's own world."""
    rng = random.Random(seed)
    reads: Counter[str] = Counter()
    outcome = Outcome()
    for day in range(days):
        for reader in readers:
            now = START + timedelta(days=day, hours=8 + rng.uniform(0, 12))
            pool = [
                Candidate(**{**item.__dict__, "popularity": float(reads[item.id])})
                for item in items
                if now - WINDOW <= item.published_at <= now
            ]
            started = time.perf_counter()
            shown = ranker(reader, pool, now, rng)
            outcome.seconds += time.perf_counter() - started
            unread = [c for c in pool if c.id not in reader.read]
            outcome.ndcg.append(ndcg(reader, shown, unread))
            outcome.shown.update(c.id for c in shown)
            outcome.diversity.append(intra_list_diversity(shown))
            outcome.sessions += 1
            any_read = False
            for position, item in enumerate(shown):
                chance = min(1.0, reader.interest(item)) * (1.0 / (1.0 + 0.1 * position))
                if rng.random() < chance:
                    any_read = True
                    reads[item.id] += 1
                    reader.read.add(item.id)
                    signal_at = now + timedelta(minutes=position)
                    depth = rng.uniform(0.3, 1.0)
                    reader.profile.add(
                        Signal("read", signal_at, item.publisher, item.topics, item.terms, depth)
                    )
            outcome.hits += any_read
    return outcome


def ndcg(reader: Reader, shown: list[Candidate], pool: list[Candidate]) -> float:
    gains = sorted((reader.interest(c) for c in pool), reverse=True)[:SHOWN]
    ideal = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
    actual = sum(reader.interest(c) / math.log2(i + 2) for i, c in enumerate(shown))
    return actual / ideal if ideal else 0.0


def intra_list_diversity(shown: list[Candidate]) -> float:
    pairs = list(combinations(shown, 2))
    if not pairs:
        return 0.0
    return sum(1.0 - _cosine(a.terms, b.terms) for a, b in pairs) / len(pairs)


def _cosine(a: Vector, b: Vector) -> float:
    return sum(v * b.get(k, 0.0) for k, v in a.items())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readers", type=int, default=300)
    parser.add_argument("--days", type=int, default=6)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if not (ECBPLUS / "index.csv").exists():
        sys.exit(f"needs {ECBPLUS} (the shared labelled data)")

    items = load_items(random.Random(args.seed), args.days)
    print(f"{len(items)} items, {OUTLETS} outlets, {args.readers} readers, {args.days} days")
    results = {}
    for name, ranker in (("for_you", for_you), ("popularity", popularity), ("random", random_pick)):
        readers = make_readers(random.Random(args.seed), args.readers, items)
        onboarding = random.Random(args.seed + 1)
        for reader in readers:
            reader.profile = onboard(onboarding, reader)
        results[name] = simulate(ranker, items, readers, args.days, args.seed + 2)

    print(f"{'ranking':<12} {'nDCG@10':>8} {'hit@10':>7} {'coverage':>9} {'ILD':>6} {'ms/list':>8}")
    figures = {}
    for name, outcome in results.items():
        figures[name] = {
            "ndcg10": sum(outcome.ndcg) / len(outcome.ndcg),
            "hit10": outcome.hits / outcome.sessions,
            "coverage": len(outcome.shown) / len(items),
            "ild": sum(outcome.diversity) / len(outcome.diversity),
            "ms": 1000 * outcome.seconds / outcome.sessions,
        }
        f = figures[name]
        print(
            f"{name:<12} {f['ndcg10']:8.3f} {f['hit10']:7.3f} {f['coverage']:9.3f}"
            f" {f['ild']:6.3f} {f['ms']:8.2f}"
        )
    ratio = figures["for_you"]["ndcg10"] / figures["popularity"]["ndcg10"]
    print(f"For-you nDCG@10 is {ratio:.2f} times popularity-only (target 1.5)")
    print(
        "RESULT"
        + "".join(f" ndcg10_{name}={f['ndcg10']:.3f}" for name, f in figures.items())
        + "".join(f" hit10_{name}={f['hit10']:.3f}" for name, f in figures.items())
        + f" coverage_for_you={figures['for_you']['coverage']:.3f}"
        + f" coverage_popularity={figures['popularity']['coverage']:.3f}"
        + f" coverage_random={figures['random']['coverage']:.3f}"
        + f" ild_for_you={figures['for_you']['ild']:.3f}"
        + f" ild_popularity={figures['popularity']['ild']:.3f}"
        + f" ndcg10_ratio_for_you_popularity={ratio:.2f}"
    )


if __name__ == "__main__":
    main()
