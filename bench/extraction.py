"""Article body extraction: Newsstand's extract_page against trafilatura, readability, newspaper4k.

Runs every tool on the pages of the Zyte article-extraction-benchmark (../shared/data) in one
process and scores the body text with the benchmark's own metric: 4-gram shingles of \\w+ tokens,
per-page precision and recall averaged over pages, F1 from the averages. Token-level scores
(1-grams) are printed beside them. Ends with one `RESULT key=value …` line.

    .venv/bin/python bench/extraction.py [--data PATH] [--limit N]
"""

import argparse
import contextlib
import gc
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "article-extraction-benchmark"
SHINGLE_SIZE = 4  # the benchmark's n-gram size

_TOKEN = re.compile(r"\w+")

Match = tuple[float, float, float]  # true positives, false positives, false negatives; sum 1


def shingle_match(true: str, predicted: str, n: int = SHINGLE_SIZE) -> Match:
    """TP, FP and FN of predicted's n-gram shingles against true's, normalised to sum to 1."""
    true_shingles, predicted_shingles = _shingles(true, n), _shingles(predicted, n)
    tp = sum((true_shingles & predicted_shingles).values())
    fp = sum((predicted_shingles - true_shingles).values())
    fn = sum((true_shingles - predicted_shingles).values())
    total = tp + fp + fn
    # Normalised so that a long article weighs no more than a short one.
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def body_scores(matches: Iterable[Match]) -> dict[str, float]:
    """Precision and recall averaged over pages, and the F1 of those averages (the benchmark's)."""
    matches = list(matches)
    precisions = [_precision(*m) for m in matches if m[0] + m[1] > 0]
    recalls = [_recall(*m) for m in matches if m[0] + m[2] > 0]
    precision = statistics.mean(precisions) if precisions else 0.0
    recall = statistics.mean(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def load_benchmark(data: Path = DATA) -> list[tuple[str, str, str]]:
    """(page id, HTML, true body) for each page of the benchmark, sorted by id."""
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    return [
        (
            key,
            gzip.decompress((data / "html" / f"{key}.html.gz").read_bytes()).decode("utf-8"),
            truth[key]["articleBody"],
        )
        for key in sorted(truth)
    ]


def _shingles(text: str, n: int) -> Counter[tuple[str, ...]]:
    """The counted n-grams of text's tokens; a text shorter than n is one shingle of itself."""
    tokens = _TOKEN.findall(text or "")
    return Counter(
        tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n]
    )


def _precision(tp: float, fp: float, fn: float) -> float:
    """The benchmark's precision: 1 for an exact match, 0 for nothing right."""
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fp) if tp + fp else 0.0


def _recall(tp: float, fp: float, fn: float) -> float:
    """The benchmark's recall: 1 for an exact match, 0 for nothing found."""
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fn) if tp + fn else 0.0


def _tools() -> dict[str, Callable[[str], str]]:
    """Each tool's HTML → body text, with the settings a user gets by default."""
    # Imported here, not at the top, so the tests can import the scoring functions above
    # without the bench-only peers installed; the repository root makes `newsstand` importable.
    sys.path.insert(0, str(ROOT))
    import newspaper
    import trafilatura
    from readability import Document

    from newsstand.ingest.extract import extract_page
    from newsstand.ingest.sanitize import html_to_text

    def newspaper4k(html: str) -> str:
        article = newspaper.Article("https://example.com/", fetch_images=False)
        article.download(input_html=html)
        article.parse()
        return article.text

    return {
        "newsstand": lambda html: extract_page(html).body_text,
        "trafilatura": lambda html: trafilatura.extract(html) or "",
        "readability": lambda html: html_to_text(Document(html).summary(html_partial=True)),
        "newspaper4k": newspaper4k,
    }


def _run(tool: Callable[[str], str], pages: list[tuple[str, str, str]]) -> dict[str, float]:
    """One tool over every page: scores, pages per second and crashes."""
    # An untimed pass first: lazy imports, compiled patterns and language models load once
    # per process (py3langid's model alone takes 0.4 s), not once per page.
    for _key, html, _truth in pages:
        with contextlib.suppress(Exception):
            tool(html)
    predictions, crashes = [], 0
    started = time.perf_counter()
    for _key, html, _truth in pages:
        try:
            predictions.append(tool(html))
        # A crash is a result to count, whatever its type.
        except Exception:
            predictions.append("")
            crashes += 1
    seconds = time.perf_counter() - started
    shingles = body_scores(
        shingle_match(t, p) for (_, _, t), p in zip(pages, predictions, strict=True)
    )
    tokens = body_scores(
        shingle_match(t, p, n=1) for (_, _, t), p in zip(pages, predictions, strict=True)
    )
    return {
        **shingles,
        **{f"token_{key}": value for key, value in tokens.items()},
        "pages_per_s": len(pages) / seconds,
        "crashes": crashes,
    }


def main() -> None:
    """Run every tool, print a table and the RESULT line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="the benchmark folder")
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages")
    args = parser.parse_args()
    if not (args.data / "ground-truth.json").exists():
        sys.exit(f"no benchmark data at {args.data}")
    pages = load_benchmark(args.data)[: args.limit or None]
    # The pages stay in memory for the whole run; keep the collector from rescanning them
    # after every tool's allocations, which a server extracting one page at a time never pays.
    gc.freeze()
    print(f"{len(pages)} pages from {args.data}")
    headings = ("P", "R", "F1", "tok P", "tok R", "tok F1", "pages/s", "crashes")
    print(f"{'tool':<12} " + " ".join(f"{h:>7}" for h in headings))
    results = {}
    for name, tool in _tools().items():
        r = results[name] = _run(tool, pages)
        print(
            f"{name:<12} {r['precision']:7.3f} {r['recall']:7.3f} {r['f1']:7.3f} "
            f"{r['token_precision']:7.3f} {r['token_recall']:7.3f} {r['token_f1']:7.3f} "
            f"{r['pages_per_s']:7.1f} {r['crashes']:7d}",
            flush=True,
        )
    fields = [f"f1_{name}={r['f1']:.4f}" for name, r in results.items()]
    fields += [f"pages_per_s_{name}={r['pages_per_s']:.1f}" for name, r in results.items()]
    fields += [f"crashes_{name}={r['crashes']}" for name, r in results.items()]
    ratio = results["newsstand"]["pages_per_s"] / results["trafilatura"]["pages_per_s"]
    print("RESULT " + " ".join([*fields, f"speed_ratio_vs_trafilatura={ratio:.2f}"]))


if __name__ == "__main__":
    main()
