"""Story clustering: Newsstand's StoryClusterer against TF-IDF + agglomerative clustering.

Scores B-cubed precision, recall and F1 of story clusters on ECB+ (../shared/data/ecbplus-cdcr-docs:
two look-alike real events per topic) and on WikinewsSum (../shared/data/wikinewssum-en-sample: a
Wikinews report and the English sources it cites are one story), beside a plain baseline in the
same run. Neither set has usable dates (ECB documents have none, ECB+ ones a free-text string on
fewer than half), so each set is streamed in a fixed shuffled order a minute apart: all inside one
window, the hardest case, where time cannot tell look-alikes apart. Then streams synthetic articles
(corpus sentences recombined into synthetic events spread over six months) for speed at 10k and
at the end, and peak memory. Ends with one `RESULT key=value …` line.

    .venv/bin/python bench/stories_clusters.py [--articles 100000]
"""

import argparse
import csv
import json
import random
import re
import resource
import sys
import time
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer

from newsstand.stories.cluster import StoryArticle, StoryClusterer

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
BASELINE_DISTANCE = 0.8  # cosine distance cut, chosen once as the best single value for both sets
START = datetime(2024, 1, 1, tzinfo=UTC)
SCALE_DAYS = 180
_SENTENCE = re.compile(r"(?<=[.!?])\s+")

Labelled = list[tuple[StoryArticle, str]]  # article, gold story


def load_ecbplus(data: Path) -> Labelled:
    """ECB+ documents with their event cluster, shuffled, a minute apart."""
    root = data / "ecbplus-cdcr-docs"
    with (root / "index.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    items = []
    for row in rows:
        doc = json.loads((root / row["path"]).read_text(encoding="utf-8"))
        items.append((row["doc_id"], doc["title"], doc["text"], row["event_cluster"]))
    return _one_window(items, "ecb")


def load_wikinews(data: Path) -> Labelled:
    """Each Wikinews report and its English sources, labelled by report, shuffled."""
    path = data / "wikinewssum-en-sample" / "cleaned_endataset.json"
    items = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        report = json.loads(line)
        items.append((f"w{n}", report["title"], report["text"], str(n)))
        for k, source in enumerate(report["sources"]):
            # Other languages are left out: term similarity cannot cross a language.
            if source["language"] == "en" and (source["maintext"] or "").strip():
                items.append((f"w{n}s{k}", source["title"] or "", source["maintext"], str(n)))
    return _one_window(items, "wikinews")


def _one_window(items: list[tuple[str, str, str, str]], publisher: str) -> Labelled:
    """Articles in a fixed random order, a minute apart (all inside one window)."""
    random.Random(4).shuffle(items)
    return [
        (StoryArticle(i, title, body, START + timedelta(minutes=n), f"{publisher}-{n % 7}"), gold)
        for n, (i, title, body, gold) in enumerate(items)
    ]


def bcubed(predicted: Sequence[str], gold: Sequence[str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a clustering against gold labels (same order)."""
    pairs = Counter(zip(predicted, gold, strict=True))
    sizes_p, sizes_g = Counter(predicted), Counter(gold)
    precision = sum(n * n / sizes_p[p] for (p, _), n in pairs.items()) / len(gold)
    recall = sum(n * n / sizes_g[g] for (_, g), n in pairs.items()) / len(gold)
    return precision, recall, 2 * precision * recall / (precision + recall)


def run_ours(labelled: Labelled) -> tuple[list[str], float]:
    """Story ids from one StoryClusterer fed in order, and ms per assignment."""
    clusterer = StoryClusterer()
    started = time.perf_counter()
    stories = [clusterer.assign(article) for article, _ in labelled]
    return stories, (time.perf_counter() - started) * 1000 / len(labelled)


def run_baseline(labelled: Labelled) -> list[str]:
    """Cluster labels from TF-IDF + average-linkage agglomerative clustering (cosine)."""
    texts = [f"{a.title}\n{a.body}" for a, _ in labelled]
    matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    model = AgglomerativeClustering(
        n_clusters=None, metric="cosine", linkage="average", distance_threshold=BASELINE_DISTANCE
    )
    return [str(label) for label in model.fit_predict(matrix.toarray())]


def synthetic_stream(pool: list[str], count: int, seed: int = 7) -> Labelled:
    """count articles of synthetic events (8 pooled sentences each), by time, over SCALE_DAYS."""
    rng = random.Random(seed)
    articles: Labelled = []
    event = 0
    while len(articles) < count:
        sentences = rng.sample(pool, 8)
        day = START + timedelta(days=rng.uniform(0, SCALE_DAYS))
        for k in range(min(1 + int(rng.expovariate(1 / 5)), count - len(articles))):
            body = rng.sample(sentences, 5) + rng.sample(pool, 2)
            title = " ".join(rng.choice(sentences).split()[:12])
            published = day + timedelta(hours=rng.expovariate(1 / 12))
            articles.append(
                (
                    StoryArticle(f"e{event}a{k}", title, " ".join(body), published, f"p{k % 40}"),
                    str(event),
                )
            )
        event += 1
    articles.sort(key=lambda item: item[0].published_at)
    return articles


def sentence_pool(sets: list[Labelled]) -> list[str]:
    """Distinct sentences of 6 to 60 words from the evaluation sets' bodies."""
    pool = {
        s
        for labelled in sets
        for article, _ in labelled
        for s in _SENTENCE.split(" ".join(article.body.split()))
        if 6 <= len(s.split()) <= 60
    }
    return sorted(pool)


def run_scale(stream: Labelled) -> dict[str, float]:
    """Streams the articles; rates over the 5,000 before 10k and before the end; B-cubed."""
    clusterer = StoryClusterer()
    marks = {10_000: 0.0, len(stream): 0.0}
    predicted, window_start = [], time.perf_counter()
    started = window_start
    for n, (article, _) in enumerate(stream, 1):
        if n in (10_000 - 5_000 + 1, len(stream) - 5_000 + 1):
            window_start = time.perf_counter()
        predicted.append(clusterer.assign(article))
        if n in marks:
            marks[n] = 5_000 / (time.perf_counter() - window_start)
    total = time.perf_counter() - started
    _, _, f1 = bcubed(predicted, [gold for _, gold in stream])
    return {
        "rate_10k": marks[10_000],
        "rate_end": marks[len(stream)],
        "ms": total * 1000 / len(stream),
        "f1": f1,
    }


def main() -> None:
    """Runs the evaluation and the scale stream, prints a table and the RESULT line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--articles", type=int, default=100_000)
    args = parser.parse_args()
    if not (args.data / "ecbplus-cdcr-docs").is_dir():
        sys.exit(f"no data at {args.data}: this benchmark needs ../shared/data (see its README)")
    if args.articles < 10_000:
        sys.exit("--articles must be at least 10000 (the first rate is taken at 10k)")

    sets = {"ecb": load_ecbplus(args.data), "wikinews": load_wikinews(args.data)}
    result: dict[str, float] = {}
    print(f"{'set':10} {'method':9} {'docs':>5} {'P':>6} {'R':>6} {'F1':>6} {'ms/article':>10}")
    for name, labelled in sets.items():
        gold = [g for _, g in labelled]
        ours, ms = run_ours(labelled)
        baseline = run_baseline(labelled)
        for method, predicted in (("newsstand", ours), ("baseline", baseline)):
            p, r, f1 = bcubed(predicted, gold)
            timing = f"{ms:10.2f}" if method == "newsstand" else f"{'':10}"
            print(f"{name:10} {method:9} {len(gold):5} {p:6.3f} {r:6.3f} {f1:6.3f} {timing}")
            result[f"{'bcubed' if method == 'newsstand' else 'baseline'}_f1_{name}"] = f1

    stream = synthetic_stream(sentence_pool(list(sets.values())), args.articles)
    scale = run_scale(stream)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    ratio = scale["rate_10k"] / scale["rate_end"]
    end = f"{args.articles // 1000}k"
    print(
        f"\nsynthetic stream: {args.articles} articles over {SCALE_DAYS} days, "
        f"B-cubed F1 {scale['f1']:.3f}\n"
        f"  articles/s at 10k {scale['rate_10k']:.0f}, at {end} {scale['rate_end']:.0f} "
        f"(cost ratio {ratio:.2f}); {scale['ms']:.2f} ms per assignment; "
        f"peak RSS {peak_mb:.0f} MB"
    )
    print(
        "RESULT "
        + " ".join(f"{k}={result[k]:.3f}" for k in sorted(result, key=_result_order))
        + f" ms_per_assignment={scale['ms']:.2f} articles_per_s_10k={scale['rate_10k']:.0f}"
        + f" articles_per_s_100k={scale['rate_end']:.0f} cost_ratio_100k_vs_10k={ratio:.2f}"
        + f" peak_mb={peak_mb:.0f}"
    )


def _result_order(key: str) -> tuple[bool, str]:
    """Ours before the baseline, ECB+ before Wikinews, as the RESULT line lists them."""
    return key.startswith("baseline"), key


if __name__ == "__main__":
    main()
