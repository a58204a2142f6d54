"""Stories at scale: a stream of articles through the live path, on a real database.

Articles are stored in batches of the worker's size (stories/tasks.py STORY_BATCH) and each batch
goes through do_assign_stories, exactly as the worker runs it: the locked clusterer state is
read (when another process saved last) and its changed parts written back, copy bands and
signatures go to the database, stories, related articles and copies are written. The stream is
synthetic, from the sentences of the labelled corpora in ../shared/data: half the articles
report a new event, three in ten follow an event up (some of its sentences, new ones, a headline
on its words), a fifth are outlets' syndicated copies of an earlier report
(bench/stories_copies.py's syndicate()). Articles arrive --seconds-apart seconds apart, so the
clusterer's three-day window holds a constant number of them once it is full.

Prints, per 10,000 articles, the assignment speed, ms per article (CPU time of this process, the
SQLite database's work included: other processes on a shared machine do not count; wall time
beside it), the cost at that size (over the AT_SPAN articles just before it: the first 10,000's
mean also holds articles placed into a nearly empty index) and the saved state's size (the header
and every open story's row: a batch rewrites the header and only the rows of the stories it
changed); then the cost at 10,000 and at the end compared, the first and the last 10,000
compared, the peak memory, and datasketch's plain MinHash signing speed on texts of the same
stream (the copy-detection peer). Ends with one `RESULT key=value …` line. SQLite in a temporary
folder unless --database-url is given; --profile-after N prints a cProfile of the batches after
the first N articles.

    .venv/bin/python bench/stories_scale.py [--articles 100000] [--database-url URL]
"""

import argparse
import cProfile
import hashlib
import os
import pstats
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.stories_copies import (  # noqa: E402
    ECBPLUS,
    EPOCH,
    WIKINEWSSUM,
    Outlet,
    load_ecbplus,
    load_wikinewssum,
    seeded,
    sentences,
    signing_speed,
    syndicate,
)

WINDOW = 10_000  # articles per reported step
# The cost "at" a corpus size: the articles just before it. The first WINDOW's mean also holds
# articles placed into a nearly empty index, which flatters the start.
AT_SPAN = 2_000


@dataclass(frozen=True)
class Draft:
    """An article to store: its outlet's number, headline, body and publication time."""

    outlet: int
    title: str
    body: str
    published_at: object


def stream(count: int, pool: list[str], outlets: list[Outlet], seconds: int) -> Iterator[Draft]:
    """count articles about events: new reports, follow-ups and syndicated copies."""
    rng = seeded("scale")
    events: list[tuple[str, list[str], str]] = []  # headline, sentences, the report's body
    for number in range(count):
        outlet = rng.randrange(len(outlets))
        when = EPOCH + timedelta(seconds=seconds * number)
        roll = rng.random()
        if events and roll < 0.2:
            title, _, body = rng.choice(events[-500:])
            text = syndicate(body, outlets[outlet], rng)
            yield Draft(outlet, f"{outlets[outlet].slug.title()}: {title}", text, when)
            continue
        if events and roll < 0.5:
            title, facts, _ = rng.choice(events[-500:])
            picked = rng.sample(facts, min(3, len(facts)))
            picked += [rng.choice(pool) for _ in range(rng.randint(4, 7))]
            words = title.split()
            rng.shuffle(words)
            text = " ".join(picked)
            yield Draft(outlet, " ".join(["Update:", *words]), _dress(text, outlets[outlet]), when)
            continue
        facts = [rng.choice(pool) for _ in range(rng.randint(8, 14))]
        title = " ".join(facts[0].split()[:10])
        body = _dress(" ".join(facts), outlets[outlet])
        events = [*events[-999:], (title, facts, body)]
        yield Draft(outlet, title, body, when)


def _dress(text: str, outlet: Outlet) -> str:
    """An outlet's article: its intro and outro lines around the text."""
    return "\n".join([outlet.intro, text, outlet.outro])


def run(count: int, pool: list[str], seconds: int, profile_after: int = 0) -> dict[str, float]:
    """Store and assign the stream in worker-sized batches; timings per WINDOW articles.

    With profile_after, the batches after that many articles run under cProfile (printed at
    the end, by own time): the window is full by then and the profile is the steady cost."""
    from newsstand.articles.models import Article
    from newsstand.publishers.models import Publisher
    from newsstand.stories.models import ClustererState, ClustererStory, RelatedArticle, Story
    from newsstand.stories.services import do_assign_stories
    from newsstand.stories.tasks import STORY_BATCH

    outlets = [
        Outlet(f"outlet-{n}", f"Outlet {n} news desk reporting.", f"Read more from Outlet {n}.")
        for n in range(200)
    ]
    Publisher.objects.bulk_create(
        [
            Publisher(name=f"Outlet {n}", slug=o.slug, homepage_url=f"https://{o.slug}.example/")
            for n, o in enumerate(outlets)
        ]
    )
    publishers = list(Publisher.objects.order_by("pk"))
    steps: list[dict[str, float]] = []
    batches: list[tuple[int, float, float]] = []  # articles, CPU and wall seconds of each batch
    spent, wall, done, batch = 0.0, 0.0, 0, []
    drafts = stream(count, pool, outlets, seconds)
    profiler = cProfile.Profile() if profile_after else None
    print(
        f"{'articles':>8} {'articles/s':>10} {'ms/article':>10} {'wall ms':>8} "
        f"{'ms at':>6} {'state KB':>11}"
    )
    for number, draft in enumerate(drafts, start=1):
        batch.append(draft)
        if len(batch) < STORY_BATCH and number < count:
            continue
        stored = Article.objects.bulk_create(
            [
                Article(
                    publisher=publishers[d.outlet],
                    guid=f"scale-{number}-{i}",
                    url=f"https://{outlets[d.outlet].slug}.example/{number}-{i}",
                    title=d.title,
                    body_text=d.body,
                    published_at=d.published_at,
                    word_count=len(d.body.split()),
                    content_hash=hashlib.sha256(d.body.encode()).hexdigest(),
                )
                for i, d in enumerate(batch)
            ]
        )
        ids = [a.pk for a in stored] if stored[0].pk else _latest_ids(Article, len(batch))
        started, cpu = time.perf_counter(), time.process_time()
        if profiler is not None and done >= profile_after:
            profiler.runcall(do_assign_stories, ids)
        else:
            do_assign_stories(ids)
        batches.append((len(batch), time.process_time() - cpu, time.perf_counter() - started))
        spent += batches[-1][1]
        wall += batches[-1][2]
        done += len(batch)
        batch = []
        if done % WINDOW == 0 or done == count:
            size = len(bytes(ClustererState.objects.get().clusterer)) + sum(
                len(bytes(data)) for data in ClustererStory.objects.values_list("data", flat=True)
            )
            step = WINDOW if done % WINDOW == 0 else done % WINDOW
            at = _cost_at(batches)
            steps.append(
                {"seconds": spent, "wall": wall, "step": step, "snapshot_kb": size / 1024, **at}
            )
            print(
                f"{done:>8,} {step / spent:>10,.0f} {1000 * spent / step:>10.2f} "
                f"{1000 * wall / step:>8.2f} {at['ms_at']:>6.2f} {size / 1024:>11,.0f}",
                flush=True,
            )
            spent = wall = 0.0
    if profiler is not None:
        pstats.Stats(profiler).sort_stats("tottime").print_stats(35)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
    first, last = steps[0], steps[-1]
    return {
        "articles": done,
        "stories": Story.objects.count(),
        "copies": Article.objects.filter(duplicate_of__isnull=False).count(),
        "related_pairs": RelatedArticle.objects.count(),
        "ms_first": 1000 * first["seconds"] / first["step"],
        "ms_at_first": first["ms_at"],
        "ms_at_last": last["ms_at"],
        "wall_ms_at_first": first["wall_ms_at"],
        "wall_ms_at_last": last["wall_ms_at"],
        "ms_last": 1000 * last["seconds"] / last["step"],
        "wall_ms_first": 1000 * first["wall"] / first["step"],
        "wall_ms_last": 1000 * last["wall"] / last["step"],
        "snapshot_kb_first": first["snapshot_kb"],
        "snapshot_kb_last": last["snapshot_kb"],
        "snapshot_kb_max": max(s["snapshot_kb"] for s in steps),
    }


def _cost_at(batches: list[tuple[int, float, float]]) -> dict[str, float]:
    """ms per article, CPU and wall, over the last AT_SPAN articles' batches."""
    articles = cpu = wall = 0.0
    for size, batch_cpu, batch_wall in reversed(batches):
        articles, cpu, wall = articles + size, cpu + batch_cpu, wall + batch_wall
        if articles >= AT_SPAN:
            break
    return {"ms_at": 1000 * cpu / articles, "wall_ms_at": 1000 * wall / articles}


def _latest_ids(model, n: int) -> list[int]:
    """The ids of the last n rows stored (bulk_create gives no ids on some databases)."""
    return list(model.objects.order_by("-pk").values_list("pk", flat=True)[:n])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100_000, help="stream length (≥ 10,000)")
    parser.add_argument("--seconds-apart", type=int, default=30, help="between two articles")
    parser.add_argument("--database-url", default="", help="default: SQLite in a temp folder")
    parser.add_argument(
        "--profile-after", type=int, default=0, help="cProfile the batches after this many"
    )
    args = parser.parse_args(argv)
    if not WIKINEWSSUM.exists() or not ECBPLUS.exists():
        print(f"data absent: {WIKINEWSSUM.parent} and {ECBPLUS} (see ../shared/data/README.md)")
        return 2
    if args.articles < WINDOW:
        parser.error(f"--articles must be at least {WINDOW:,}")
    home = tempfile.mkdtemp(prefix="newsstand-stories-scale-")
    os.environ.update(NEWSSTAND_HOME=home, DATABASE_URL=args.database_url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsstand.settings")
    try:
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0, interactive=False)
        texts = [a.body for a in load_wikinewssum()[0] + load_ecbplus()[0]]
        pool = sorted({s for text in texts for s in sentences(text) if len(s.split()) >= 6})
        print(f"{args.articles:,} articles through do_assign_stories, {len(pool):,} sentences")
        figures = run(args.articles, pool, args.seconds_apart, args.profile_after)
        rng = seeded("signing")
        sample = [" ".join(rng.choice(pool) for _ in range(10)) for _ in range(3000)]
        signing = signing_speed(sample)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    ratio = figures["ms_at_last"] / figures["ms_at_first"]
    mean_ratio = figures["ms_last"] / figures["ms_first"]
    print(
        f"\nat {WINDOW:,} (its last {AT_SPAN:,} articles): "
        f"{figures['ms_at_first']:.2f} ms/article; "
        f"at the end: {figures['ms_at_last']:.2f} ms/article; cost ratio {ratio:.2f} (CPU; wall "
        f"{figures['wall_ms_at_first']:.2f} and {figures['wall_ms_at_last']:.2f} ms/article)"
    )
    print(
        f"first {WINDOW:,}: {figures['ms_first']:.2f} ms/article "
        f"({1000 / figures['ms_first']:,.0f} articles/s); last {WINDOW:,}: "
        f"{figures['ms_last']:.2f} ms/article ({1000 / figures['ms_last']:,.0f} articles/s); "
        f"ratio {mean_ratio:.2f} (CPU; wall {figures['wall_ms_first']:.2f} and "
        f"{figures['wall_ms_last']:.2f} ms/article)"
    )
    print(
        f"saved state {figures['snapshot_kb_first']:,.0f} KB after {WINDOW:,}, "
        f"{figures['snapshot_kb_last']:,.0f} KB at the end "
        f"(largest {figures['snapshot_kb_max']:,.0f})"
    )
    print(
        f"{figures['stories']:,} stories, {figures['copies']:,} copies, "
        f"{figures['related_pairs']:,} related pairs; peak memory {peak_mb:,.0f} MB"
    )
    print(
        f"datasketch MinHash docs/s: update {signing['update']:,.0f}, batch "
        f"{signing['update_batch']:,.0f}; ours {signing['ours']:,.0f}"
    )
    print(
        f"RESULT articles={figures['articles']} "
        f"articles_per_s_10k={1000 / figures['ms_first']:.0f} "
        f"articles_per_s_end={1000 / figures['ms_last']:.0f} "
        f"ms_per_article_at_10k={figures['ms_at_first']:.2f} "
        f"ms_per_article_at_end={figures['ms_at_last']:.2f} cost_ratio={ratio:.2f} "
        f"ms_per_article_first_10k={figures['ms_first']:.2f} "
        f"ms_per_article_last_10k={figures['ms_last']:.2f} "
        f"cost_ratio_last_vs_first_10k={mean_ratio:.2f} "
        f"wall_ms_per_article_at_10k={figures['wall_ms_at_first']:.2f} "
        f"wall_ms_per_article_at_end={figures['wall_ms_at_last']:.2f} "
        f"state_kb_10k={figures['snapshot_kb_first']:.0f} "
        f"state_kb_end={figures['snapshot_kb_last']:.0f} peak_mb={peak_mb:.0f} "
        f"datasketch_docs_per_s={signing['update']:.0f} signing_ratio_vs_datasketch="
        f"{signing['ours'] / signing['update']:.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
