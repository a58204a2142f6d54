"""Story clustering: specification tests, and quality gates on ../shared/data and the sample."""

import json
import random
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newsstand.stories.cluster import (
    MAX_SPAN,
    WINDOW,
    StoryArticle,
    StoryClusterer,
    _summary,
)
from newsstand.stories.pipeline import assign_stream

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared" / "data"
T0 = datetime(2024, 3, 1, 8, tzinfo=UTC)


def cluster_stream(articles) -> dict[str, str]:
    """Article id → story id, the articles fed to one clusterer (no copy detection) by date."""
    clusterer = StoryClusterer()
    ordered = sorted(articles, key=lambda a: a.published_at)
    return {article.id: clusterer.assign(article) for article in ordered}


QUAKE_A = [
    (
        "Magnitude 7.1 earthquake strikes Sumatra, killing 40",
        "A magnitude 7.1 earthquake struck Sumatra in Indonesia on Tuesday, killing at least 40 "
        "people in Padang, officials from the disaster agency BNPB said.",
    ),
    (
        "Deadly quake hits Indonesia's Sumatra island",
        "At least 40 people died in Padang after a 7.1 magnitude quake shook Sumatra, Indonesia's "
        "disaster agency BNPB said on Tuesday. Rescuers searched collapsed buildings.",
    ),
    (
        "Sumatra earthquake: rescuers dig for survivors in Padang",
        "Rescuers in Padang dug through rubble on Wednesday after the 7.1 earthquake on Sumatra "
        "killed 40 people, according to Indonesia's disaster agency BNPB.",
    ),
]
QUAKE_B = (
    "Magnitude 6.4 earthquake strikes central Chile near Talca",
    "A magnitude 6.4 earthquake struck central Chile near Talca on Tuesday, damaging homes in "
    "Maule, Chile's emergency office ONEMI said. No deaths were reported.",
)


def article(n: int, title: str, body: str, hours: float = 0, **extra: str) -> StoryArticle:
    """A test article published `hours` after T0."""
    return StoryArticle(
        id=f"a{n}",
        title=title,
        body=body,
        published_at=T0 + timedelta(hours=hours),
        publisher=extra.pop("publisher", f"outlet-{n}"),
        **extra,
    )


def test_same_event_in_different_words_is_one_story() -> None:
    assignments = cluster_stream(article(n, *text, hours=n) for n, text in enumerate(QUAKE_A))

    assert len(set(assignments.values())) == 1


def test_two_earthquakes_in_different_places_are_two_stories() -> None:
    articles = [article(n, *text, hours=n) for n, text in enumerate(QUAKE_A)]
    articles.append(article(9, *QUAKE_B, hours=1.5))

    assignments = cluster_stream(articles)

    assert assignments["a9"] != assignments["a0"]
    assert assignments["a1"] == assignments["a2"] == assignments["a0"]


def test_article_after_the_window_starts_a_new_story() -> None:
    clusterer = StoryClusterer()
    first = clusterer.assign(article(0, *QUAKE_A[0]))
    late = clusterer.assign(article(1, *QUAKE_A[1], hours=(WINDOW * 2).total_seconds() / 3600))

    assert late != first


def test_copy_joins_its_originals_story_whatever_its_text() -> None:
    clusterer = StoryClusterer()
    original = clusterer.assign(article(0, *QUAKE_A[0]))
    clusterer.assign(article(1, *QUAKE_B, hours=1))

    copy = clusterer.assign(
        article(2, "Wire: quake", "Unrelated words.", hours=2, duplicate_of="a0")
    )

    assert copy == original
    (story,) = [s for s in clusterer.stories() if s.id == original]
    assert story.article_ids == ("a0", "a2")
    assert story.publishers == ("outlet-0", "outlet-2")


def test_story_is_titled_by_its_most_central_headline_and_lead() -> None:
    outlier_body = (
        "After the magnitude 7.1 earthquake killed 40 people in Padang, Sumatra, the city "
        "council met on Tuesday and debated parking fees, a new library and bus lanes."
    )
    articles = [article(0, "Padang council meets after Sumatra earthquake", outlier_body)]
    articles += [article(n, *text, hours=n) for n, text in enumerate(QUAKE_A, 1)]
    clusterer = StoryClusterer()
    for item in articles:
        clusterer.assign(item)

    (story,) = clusterer.stories()

    leads = dict(QUAKE_A)
    assert story.title in leads  # not the first article's, which strays off the event
    assert story.summary == leads[story.title]
    assert (story.first_seen, story.last_seen) == (T0, T0 + timedelta(hours=3))


def test_joint_statement_under_the_same_headline_is_one_story() -> None:
    headline = "Joint statement on the flooding of the Mississippi River"
    first = article(0, headline, "Senator A said the flooding demands federal aid now.")
    second = article(1, headline.upper(), "Know your rights. Sign up for our newsletter.", hours=1)

    assignments = cluster_stream([first, second])

    assert assignments["a0"] == assignments["a1"]


def test_snapshot_and_restore_continue_identically() -> None:
    articles = [article(n, *text, hours=n) for n, text in enumerate(QUAKE_A)]
    articles.insert(1, article(9, *QUAKE_B, hours=0.5))
    live = StoryClusterer()
    for item in articles[:2]:
        live.assign(item)

    restored = StoryClusterer.restore(live.snapshot())

    assert [restored.assign(a) for a in articles[2:]] == [live.assign(a) for a in articles[2:]]
    assert restored.stories() == live.stories()
    assert restored.snapshot() == live.snapshot()


def test_saved_changes_hold_only_changed_stories_and_restore_identically() -> None:
    def event_article(n: int) -> StoryArticle:  # pairs of articles a day apart, then day 5
        return article(n, *_event_text(n // 2), hours=24 * (n // 2 if n < 6 else 5))

    live, saved_header, saved = StoryClusterer(), b"", {}
    for batch in ([0, 1, 2], [3], [4, 5], [6]):
        for n in batch:
            live.assign(event_article(n))
        live.forget_stored()
        changes = live.changes()
        saved_header = changes.header
        saved.update(changes.stories)
        for key in changes.removed:
            del saved[key]
        if batch == [3]:  # one article joins story a2: only that story is rewritten
            assert list(changes.stories) == ["a2"]
            assert changes.removed == []

    assert changes.removed == ["a0", "a2"]  # day 5: the window left days 0 and 1 behind
    assert sorted(saved) == ["a4", "a6"]
    restored = StoryClusterer.restore_parts(saved_header, saved.values())
    assert restored.snapshot() == live.snapshot()
    later = [event_article(n) for n in (7, 8)]
    assert [restored.assign(a) for a in later] == [live.assign(a) for a in later]
    assert restored.changes() == live.changes()


def test_expired_stories_leave_the_candidate_set() -> None:
    clusterer = StoryClusterer()
    gap = (WINDOW + timedelta(days=1)).total_seconds() / 3600
    for n in range(60):  # sixty look-alike quakes, each after the window of the one before
        clusterer.assign(article(n, *QUAKE_A[0], hours=n * gap))

    candidates = clusterer.candidates(article(99, *QUAKE_A[1], hours=59 * gap + 1))

    assert candidates == ["a59"]
    assert len(clusterer.stories()) == 60


def bcubed_f1(predicted: dict[str, str], gold: dict[str, str]) -> float:
    """B-cubed F1 of predicted story ids against gold labels, per article id."""
    members_p, members_g = defaultdict(set), defaultdict(set)
    for key in gold:
        members_p[predicted[key]].add(key)
        members_g[gold[key]].add(key)
    precision = recall = 0.0
    for key in gold:
        shared = len(members_p[predicted[key]] & members_g[gold[key]])
        precision += shared / len(members_p[predicted[key]])
        recall += shared / len(members_g[gold[key]])
    precision, recall = precision / len(gold), recall / len(gold)
    return 2 * precision * recall / (precision + recall)


needs_data = pytest.mark.skipif(
    not (DATA / "ecbplus-cdcr-docs").is_dir(),
    reason="../shared/data is absent: the clustering quality gates need the labelled sets",
)


@needs_data
@pytest.mark.parametrize(
    ("dataset", "floor"),
    [
        # Pinned a little below bench/stories_clusters.py's figures (0.877, 0.837 and 0.826).
        ("ecbplus", 0.87),
        ("wikinews", 0.83),  # the sources, the report and syndicated copies of the sources
        ("wikinews_nocopies", 0.82),
    ],
)
def test_story_clusters_keep_their_bcubed_f1_above_the_baseline(dataset: str, floor: float) -> None:
    from bench.stories_clusters import load_ecbplus, load_wikinews, run_baseline

    if dataset == "ecbplus":
        labelled = load_ecbplus(DATA)
    else:
        labelled = load_wikinews(DATA, copies=dataset == "wikinews")
    gold = {a.id: label for a, label in labelled}

    # The path of the live site and of `newsstand stories cluster`: copy detection, then stories.
    assignments = {a.id: a.story_id for a in assign_stream(a for a, _ in labelled)}
    baseline = dict(zip(gold, run_baseline(labelled), strict=True))

    assert bcubed_f1(assignments, gold) >= floor
    if dataset != "wikinews_nocopies":  # the sets as the issue defines them; without the copies
        # ours is above the baseline in this order only, not on average (docs/benchmarks.md)
        assert bcubed_f1(assignments, gold) > bcubed_f1(baseline, gold)


def test_sample_copies_and_joint_statements_each_land_in_one_story() -> None:
    rows = [
        json.loads(line)
        for line in (ROOT / "sample" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    # The one Dutch translation is left out: term similarity cannot cross a language.
    rows = [row for row in rows if row["language"] == "en"]
    articles = [
        StoryArticle(
            id=row["guid"],
            title=row["title"],
            body="\n".join(row["paragraphs"]),
            published_at=datetime.fromisoformat(row["published_at"]),
            publisher=row["publisher"],
        )
        for row in rows
    ]

    assignments = cluster_stream(articles)

    stories_by_key = defaultdict(set)
    for row in rows:
        if row["story_key"]:
            stories_by_key[row["story_key"]].add(assignments[row["guid"]])
    split = {key: stories for key, stories in stories_by_key.items() if len(stories) > 1}
    assert split == {}


def _event_text(seed: int) -> tuple[str, str]:
    """A headline and lead of their own, from one fixed vocabulary (the document frequencies
    fill up as real news's do, instead of growing with every article's new words)."""
    rng = random.Random(seed)  # noqa: S311 - test text, not secrets
    picked = rng.sample(_VOCABULARY, 40)
    return " ".join(picked[:8]), " ".join(picked[8:])


_LETTERS = random.Random(0)  # noqa: S311 - test text, not secrets
_VOCABULARY = ["".join(_LETTERS.choices("abcdefghijklmnopqrstuvwxyz", k=7)) for _ in range(3000)]


def test_forgetting_closed_stories_keeps_the_snapshot_the_size_of_the_window() -> None:
    pruned, kept = StoryClusterer(), StoryClusterer()
    sizes: dict[int, tuple[int, int]] = {}
    for n in range(30 * 12):  # thirty days, an unrelated article every two hours
        item = article(n, *_event_text(n), hours=2 * n)
        pruned.assign(item), kept.assign(item)
        if n % 12 == 11:  # a day's batch ends: the live site forgets before it saves
            pruned.forget_stored()
            sizes[n // 12 + 1] = (len(pruned.snapshot()), len(kept.snapshot()))

    assert sizes[30][0] < 1.1 * sizes[10][0]  # the window moved, the state did not grow
    assert sizes[30][1] > 1.5 * sizes[10][1]  # everything ever seen grows with the corpus
    state = json.loads(pruned.snapshot())
    assert state["closed"] == []
    assert "a0" not in state["story_of"]
    assert "a359" in state["story_of"]


def test_a_copy_of_a_forgotten_story_joins_it_through_the_lookup() -> None:
    stored = {"a0": "a0"}  # what the live site keeps: the article's story
    clusterer = StoryClusterer(story_lookup=stored.get)
    clusterer.assign(article(0, *QUAKE_A[0]))
    later = (WINDOW * 3).total_seconds() / 3600
    clusterer.assign(article(1, *QUAKE_B, hours=later))
    clusterer.forget_stored()
    restored = StoryClusterer.restore(clusterer.snapshot(), story_lookup=stored.get)

    copy = restored.assign(article(2, "Wire: quake", "Other words.", later + 1, duplicate_of="a0"))

    assert copy == "a0"
    assert (
        StoryClusterer.restore(clusterer.snapshot()).assign(
            article(2, "Wire: quake", "Other words.", later + 1, duplicate_of="a0")
        )
        != "a0"
    )  # without the lookup the forgotten story is gone


def test_a_copy_of_a_copy_of_a_forgotten_story_joins_it_before_anything_is_stored() -> None:
    stored = {"a0": "a0"}  # the live site stores a batch's stories only after the whole batch
    clusterer = StoryClusterer(story_lookup=stored.get)
    clusterer.assign(article(0, *QUAKE_A[0]))
    later = (WINDOW * 3).total_seconds() / 3600
    clusterer.assign(article(1, *QUAKE_B, hours=later))
    clusterer.forget_stored()

    first = clusterer.assign(
        article(2, "Wire: quake", "Other words.", later + 1, duplicate_of="a0")
    )
    second = clusterer.assign(article(3, "Quake", "More words.", later + 2, duplicate_of="a2"))

    assert first == second == "a0"


def test_related_articles_come_from_other_stories_one_each_without_copies() -> None:
    clusterer = StoryClusterer()
    for n, text in enumerate(QUAKE_A):
        clusterer.assign(article(n, *text, hours=n))
    clusterer.assign(article(3, "Wire: quake", QUAKE_A[0][1], hours=3, duplicate_of="a0"))
    clusterer.assign(article(4, "Council debates parking fees", "Bus lanes and a library."))

    placed = clusterer.place(article(9, *QUAKE_B, hours=4))

    assert placed.story_id == "a9"
    (related,) = placed.related  # one article of the Sumatra story, not the unrelated one
    assert related[0] in {"a0", "a1", "a2"}
    assert 0 < related[1] < 1


def test_a_story_that_runs_on_for_weeks_continues_as_a_new_one() -> None:
    clusterer = StoryClusterer()
    daily = [clusterer.assign(article(n, *QUAKE_A[n % 3], hours=24 * n)) for n in range(20)]

    spans = [daily.count(story) for story in dict.fromkeys(daily)]
    # Each day's report joins the running story until MAX_SPAN, then a new one begins.
    assert len(spans) > 1
    assert spans[0] <= MAX_SPAN.days + 1
    assert sum(spans) == 20


def test_a_story_summary_is_not_cut_at_an_initial_or_a_title():
    lead = (
        "WASHINGTON — U.S. Sens. Mark Warner and Tim Kaine wrote to the Navy on Tuesday about "
        "delays in ship repairs at Norfolk that, Mr. Warner said, kept the USS Gerald R. Ford "
        "away from the fleet for months longer than planned."
    )
    follow_up = "The letter asks for a schedule by the end of the month."
    body = lead + (" " + follow_up) * 10

    assert _summary(body) == f"{lead} {follow_up}"  # whole sentences, up to SUMMARY_CHARS


@pytest.mark.parametrize("title", ["Sen.", "Rep.", "Gov.", "Gen.", "Prof."])
def test_a_story_summary_runs_past_a_title_before_a_name(title):
    lead = f"WASHINGTON — U.S. {title} Mark Warner welcomed the release of the fund on Monday."
    body = lead + " The fund lends to small firms." * 20

    assert _summary(body).startswith(lead)
