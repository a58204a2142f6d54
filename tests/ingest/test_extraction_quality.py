"""Quality gates for full-text extraction: body scores on public benchmarks must not drop.

The floors sit a little below what extract_page scored when they were pinned (see
docs/benchmarks.md), so a change that loses text or lets boilerplate in fails here.
"""

import gzip
import json
from pathlib import Path

import pytest

from bench.extraction import body_scores, load_benchmark, shingle_match
from newsstand.ingest.extract import extract_page
from newsstand.ingest.normalize import clean_url, split_authors
from newsstand.simulator.corpus import load_corpus
from newsstand.simulator.pages import render_article_page
from newsstand.simulator.render import canonical_url

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
ARTICLE_BENCHMARK = DATA / "article-extraction-benchmark"
TRAFILATURA_EVAL = DATA / "trafilatura-eval"
SIMULATOR = "http://127.0.0.1:8765"

# Measured: shingle precision 0.950, recall 0.976, F1 0.963 (124 pages).
BENCHMARK_FLOORS = {"precision": 0.94, "recall": 0.965, "f1": 0.955}
# Measured: snippet precision 0.905, recall 0.938, F1 0.921 (699 pages).
EVAL_FLOORS = {"precision": 0.895, "recall": 0.928, "f1": 0.912}


def needs(folder: Path, marker: str) -> pytest.MarkDecorator:
    return pytest.mark.skipif(
        not (folder / marker).exists(),
        reason=f"benchmark data absent: {folder} (see ../shared/data/README.md)",
    )


@needs(ARTICLE_BENCHMARK, "ground-truth.json")
def test_article_extraction_benchmark_body_scores_stay_above_their_floors():
    pages = load_benchmark(ARTICLE_BENCHMARK)
    scores = body_scores(
        shingle_match(truth, extract_page(html).body_text) for _, html, truth in pages
    )
    for key, floor in BENCHMARK_FLOORS.items():
        assert scores[key] >= floor, f"{key} {scores[key]:.4f} fell below {floor}"


@needs(TRAFILATURA_EVAL, "evaldata.json")
def test_trafilatura_eval_snippets_stay_above_their_floors():
    entries = json.loads((TRAFILATURA_EVAL / "evaldata.json").read_text(encoding="utf-8"))
    found = {"with": [0, 0], "without": [0, 0]}  # kind → [snippets found, snippets checked]
    for url, entry in sorted(entries.items()):
        text = _one_line(extract_page(_eval_page(entry["file"]), url).body_text)
        for kind in found:
            hits = sum(_one_line(snippet) in text for snippet in entry[kind])
            found[kind][0] += hits
            found[kind][1] += len(entry[kind])
    true_positives, false_negatives = found["with"][0], found["with"][1] - found["with"][0]
    false_positives = found["without"][0]
    precision = true_positives / (true_positives + false_positives)
    recall = true_positives / (true_positives + false_negatives)
    scores = {
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / (precision + recall),
    }
    for key, floor in EVAL_FLOORS.items():
        assert scores[key] >= floor, f"{key} {scores[key]:.4f} fell below {floor}"


def test_simulator_article_pages_give_their_metadata_and_wire_credit():
    corpus = load_corpus()
    checked = 0
    for slug, articles in corpus.articles.items():
        publisher = corpus.publishers[slug]
        for article in articles:
            page = extract_page(
                render_article_page(SIMULATOR, publisher, article, articles[:3]),
                f"{SIMULATOR}/{slug}/{article.slug}",
            )
            assert page.title == article.title
            assert page.authors == split_authors(list(article.authors))
            assert page.byline == ", ".join(page.authors)
            assert page.published_at == article.published_at
            assert page.section == article.section
            assert page.language == article.language
            assert page.canonical_url == clean_url(canonical_url(SIMULATOR, article))
            if publisher.kind != "wikinews":  # Wikinews's own pages credit itself
                assert page.wire_credit == article.credit, (slug, article.slug)
            assert article.paragraphs[0] in page.body_text
            assert "Sign up for our free morning newsletter" not in page.body_text
            checked += 1
    assert checked >= 300


def test_simulated_outlets_copies_credit_wikinews():
    corpus = load_corpus()
    copies = [(corpus.publishers[a.publisher], a) for a in corpus.all_articles() if a.source_url]
    assert len(copies) >= 60
    credits = {
        extract_page(render_article_page(SIMULATOR, publisher, article)).wire_credit
        for publisher, article in copies
    }
    assert credits == {"Wikinews"}


def _eval_page(name: str) -> bytes:
    """A page of the trafilatura evaluation set, stored gzipped in eval/ or cache/."""
    stored = TRAFILATURA_EVAL / "eval" / f"{name}.gz"
    if not stored.exists():
        stored = TRAFILATURA_EVAL / "cache" / f"{name}.gz"
    return gzip.decompress(stored.read_bytes())


def _one_line(text: str) -> str:
    """text with its runs of white space made single spaces, so snippets match across lines."""
    return " ".join(text.split())


def test_shingle_scoring_follows_the_benchmark():
    assert shingle_match("one two three four five", "one two three four five") == (1.0, 0.0, 0.0)
    assert shingle_match("one two three four five", "one two three four") == (0.5, 0.0, 0.5)
    assert shingle_match("", "") == (0.0, 0.0, 0.0)
    # Pages where truth and prediction are both empty count for neither average.
    assert body_scores([(0.5, 0.0, 0.5), (0.0, 0.0, 0.0)]) == {
        "precision": 1.0,
        "recall": 0.5,
        "f1": 2 / 3,
    }
