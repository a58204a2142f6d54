"""Syndicated-copy detection: what counts as a copy, and the quality it must keep."""

import hashlib
import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bench.stories_copies import WIKINEWSSUM, detect_all, load_sample, load_wikinewssum
from bench.stories_copies import pairwise_scores as copy_scores
from newsstand.stories.dedupe import (
    ArticleText,
    BoilerplateFilter,
    CopyIndex,
    IndexedArticle,
    MemoryBandStore,
    band_keys,
    detect_copy,
)
from newsstand.stories.shingles import (
    NUM_PERM,
    SIGNATURE_BYTES,
    normalise_text,
    shingle_hashes,
    sign,
    signature_array,
    similarity,
)

WIRE = (
    "The United States on Thursday imposed sanctions on a North Korean couple accused of helping "
    "to procure equipment for the country's ballistic missile programme, the Treasury said.\n"
    "The Office of Foreign Assets Control named Choe Chol Min and his wife, who it said worked "
    "from China to buy machine tools, batteries and electronics for weapons makers in Pyongyang.\n"
    "Officials said the couple used front companies registered in Hong Kong and paid suppliers "
    "through accounts held by relatives, hiding the final destination of every shipment.\n"
    "North Korea has tested a series of missiles this year, and the sanctions freeze any assets "
    "the couple hold under American jurisdiction and bar Americans from dealing with them."
)
LIGHT_EDIT = (
    "The United States on Thursday imposed sanctions on a North Korean couple accused of helping "
    "to procure equipment for the country's ballistic missile program, the Treasury said. The "
    "Office of Foreign Assets Control named Choe Chol Min and his wife, who it said operated "
    "from China to buy machine tools, batteries and electronics for weapons makers in Pyongyang.\n"
    "Officials said the couple used front companies registered in Hong Kong and paid suppliers "
    "through accounts held by relatives, hiding the final destination of every shipment.\n"
    "The sanctions freeze any assets the couple hold under American jurisdiction and bar "
    "Americans from dealing with them."
)
SAME_EVENT = (
    "Washington has blacklisted a husband and wife from North Korea over what it describes as a "
    "scheme to obtain parts for Pyongyang's missiles. According to Treasury officials, Choe Chol "
    "Min and his spouse bought lathes, power cells and circuitry in China and shipped them "
    "onward using shell firms in Hong Kong. Any property the pair own in the United States is "
    "now frozen, and US citizens may no longer do business with them. The move follows a year "
    "in which the North fired a record number of missiles."
)
INTRO = "From the Harbour Gazette newsroom, with agency reporting and our own correspondents."
OUTRO = (
    "Subscribe to the Harbour Gazette newsletter for the day's top stories, every morning at "
    "seven, and follow us on every platform for breaking news as it happens."
)
UNRELATED = (
    "The city council approved a new budget for public libraries on Tuesday, adding evening "
    "hours at six branches and a mobile library that will visit schools in the outer suburbs "
    "twice a week from September, paid for by a small rise in parking fees."
)
NOON = datetime(2024, 5, 2, 12, tzinfo=UTC)


def article(body: str, publisher: str = "wire", id: str = "a", hours: int = 0) -> ArticleText:
    return ArticleText(id, publisher, "headline", body, NOON + timedelta(hours=hours))


def learnt_index(publisher: str) -> CopyIndex:
    """An index that has seen three of publisher's articles, so it knows its boilerplate."""
    index = CopyIndex()
    for number in range(3):
        body = f"{INTRO}\nItem {number}: {UNRELATED} Story number {number}.\n{OUTRO}"
        detect_copy(article(body, publisher, f"{publisher}-{number}", hours=-10 + number), index)
    return index


@pytest.mark.parametrize(
    ("case", "copy_body", "is_copy"),
    [
        ("identical text", WIRE, True),
        ("light edits: words changed, a sentence dropped, re-wrapped", LIGHT_EDIT, True),
        ("outlet intro and outro around the wire text", f"{INTRO}\n{WIRE}\n{OUTRO}", True),
        ("same event in other words", SAME_EVENT, False),
        ("an unrelated story", UNRELATED, False),
    ],
)
def test_an_arriving_article_is_a_copy_only_when_it_repeats_the_text(case, copy_body, is_copy):
    index = CopyIndex()
    assert detect_copy(article(WIRE, "wire", "original"), index) is None
    match = detect_copy(article(copy_body, "harbour-gazette", "later", hours=3), index)
    assert (match is not None) == is_copy, case
    if is_copy:
        assert match.duplicate_of == "original"
        assert match.similarity >= 0.5


def test_shared_boilerplate_alone_does_not_make_two_articles_copies():
    first = f"{INTRO}\nThe harbour ferry resumes its winter timetable on Monday.\n{OUTRO}"
    second = f"{INTRO}\nA new bakery opened on Quay Street, selling rye bread.\n{OUTRO}"
    index = learnt_index("harbour-gazette")
    assert detect_copy(article(first, "harbour-gazette", "ferry"), index) is None
    assert detect_copy(article(second, "harbour-gazette", "bakery", hours=1), index) is None


def test_without_learnt_boilerplate_the_same_two_articles_would_look_alike():
    first = f"{INTRO}\nThe harbour ferry resumes its winter timetable on Monday.\n{OUTRO}"
    second = f"{INTRO}\nA new bakery opened on Quay Street, selling rye bread.\n{OUTRO}"
    index = CopyIndex(boilerplate=BoilerplateFilter(min_articles=1_000))
    detect_copy(article(first, "harbour-gazette", "ferry"), index)
    assert detect_copy(article(second, "harbour-gazette", "bakery", hours=1), index) is not None


def test_boilerplate_is_learnt_per_publisher():
    index = learnt_index("harbour-gazette")
    other = CopyIndex().boilerplate
    lines = [normalise_text(INTRO), normalise_text(UNRELATED)]
    assert index.boilerplate.strip("harbour-gazette", lines) == [normalise_text(UNRELATED)]
    assert other.strip("valley-courier", lines) == lines


def test_boilerplate_memory_per_publisher_is_capped():
    boilerplate = BoilerplateFilter(capacity=50)
    for number in range(200):
        boilerplate.strip("p", [normalise_text(f"line {number}"), normalise_text(INTRO)])
    assert boilerplate.strip("p", [normalise_text(INTRO)]) == []  # still known after 200 lines
    assert len(boilerplate._counts["p"]) <= 50


def test_short_texts_are_never_copies():
    short = "Markets closed higher on Friday as technology shares rallied."
    index = CopyIndex()
    assert detect_copy(article(short, "wire", "one"), index) is None
    assert detect_copy(article(short, "other", "two", hours=1), index) is None
    assert index.signature(article(short)) is None


def test_copy_decision_does_not_depend_on_arrival_order():
    forward, backward = CopyIndex(), CopyIndex()
    detect_copy(article(WIRE, "wire", "x"), forward)
    detect_copy(article(LIGHT_EDIT, "paper", "y"), backward)
    first = detect_copy(article(LIGHT_EDIT, "paper", "y", hours=1), forward)
    second = detect_copy(article(WIRE, "wire", "x", hours=1), backward)
    assert first is not None
    assert second is not None
    assert first.similarity == second.similarity


def test_a_copy_of_a_copy_points_to_the_earliest_article():
    index = CopyIndex()
    detect_copy(article(WIRE, "wire", "first"), index)
    detect_copy(article(f"{INTRO}\n{WIRE}", "gazette", "second", hours=1), index)
    match = detect_copy(article(f"{WIRE}\n{OUTRO}", "courier", "third", hours=2), index)
    assert match is not None
    assert match.duplicate_of == "first"


def test_an_article_indexed_again_is_not_its_own_copy():
    index = CopyIndex()
    detect_copy(article(WIRE, "wire", "same"), index)
    assert detect_copy(article(WIRE, "wire", "same"), index) is None


def test_signatures_are_pinned_so_every_process_and_release_agrees():
    text = "The quick brown fox jumps over the lazy dog near the river bank today"
    signature = sign(shingle_hashes(normalise_text(text)))
    assert signature_array(signature)[:4].tolist() == [265780057, 351338942, 107364055, 173878011]
    assert hashlib.sha256(signature).hexdigest().startswith("33fa6a7d8f37b5d8")


def test_signatures_agree_in_a_fresh_process_with_another_hash_seed():
    code = (
        "from newsstand.stories.shingles import *;"
        f"print(sign(shingle_hashes(normalise_text({WIRE!r}))).hex())"
    )
    root = Path(__file__).resolve().parents[2]
    other = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=root,
        env={"PYTHONHASHSEED": "12345", "PATH": ""},
    ).stdout.strip()
    assert other == sign(shingle_hashes(normalise_text(WIRE))).hex()


def test_a_signature_survives_a_round_trip_through_bytes():
    index = CopyIndex()
    signature = index.signature(article(WIRE))
    assert isinstance(signature, bytes)
    assert len(signature) == SIGNATURE_BYTES == NUM_PERM * 4
    stored = bytes(memoryview(signature))  # as a BinaryField gives it back
    assert similarity(signature, stored) == 1.0
    assert band_keys(stored) == band_keys(signature)
    assert all(-(2**63) <= key < 2**63 for key in band_keys(signature))  # fits a BIGINT
    with pytest.raises(ValueError, match="512 bytes"):
        signature_array(signature[:-1])


def test_memory_store_keeps_buckets_capped_and_signatures_replaceable():
    store = MemoryBandStore(bucket_cap=2)
    for name in ("a", "b", "c"):
        store.save(IndexedArticle(name, "p", NOON, bytes(SIGNATURE_BYTES)))
        store.add([7, 8], name)
    assert store.get([7]) == {"a", "b"}  # the earliest stay, a full bucket takes no more
    store.save(IndexedArticle("a", "q", NOON, bytes(SIGNATURE_BYTES)))
    assert [found.publisher for found in store.load(["a", "missing"])] == ["q"]
    assert len(store) == 3


# Measured (bench/stories_copies.py): sample precision 1.000, recall 0.994.
SAMPLE_FLOORS = {"precision": 0.99, "recall": 0.98}
# Measured: wikinewssum with synthetic copies precision 1.000, recall 0.960.
WIKINEWSSUM_FLOORS = {"precision": 0.99, "recall": 0.95}


def test_copy_detection_on_the_sample_corpus_stays_above_its_floors():
    articles, truth = load_sample()
    scores = copy_scores(detect_all(articles), truth)
    for key, floor in SAMPLE_FLOORS.items():
        assert scores[key] >= floor, f"{key} {scores[key]:.4f} fell below {floor}"


@pytest.mark.skipif(
    not WIKINEWSSUM.exists(), reason=f"benchmark data absent: {WIKINEWSSUM} (../shared/data)"
)
def test_copy_detection_on_wikinewssum_with_synthetic_copies_stays_above_its_floors():
    articles, truth = load_wikinewssum()
    scores = copy_scores(detect_all(articles), truth)
    for key, floor in WIKINEWSSUM_FLOORS.items():
        assert scores[key] >= floor, f"{key} {scores[key]:.4f} fell below {floor}"


def test_boilerplate_learnt_before_a_restart_is_still_stripped_after_it():
    learnt = BoilerplateFilter()
    for _ in range(3):
        learnt.strip("p", [normalise_text(INTRO), normalise_text(UNRELATED)])
    restored = BoilerplateFilter.restore(learnt.snapshot())
    assert restored.strip("p", [normalise_text(INTRO)]) == []
    assert restored.snapshot() == BoilerplateFilter.restore(restored.snapshot()).snapshot()


def test_the_boilerplate_snapshot_keeps_every_count_in_order_and_reads_the_earlier_json():
    learnt = BoilerplateFilter(capacity=4)
    for n in range(6):  # two lines age out; the intro's count keeps rising
        learnt.strip("Café Ñews", [normalise_text(INTRO), [f"line{n}", "of", "its", "own"]])
    learnt.strip("p", [normalise_text(UNRELATED)])
    restored = BoilerplateFilter.restore(learnt.snapshot())
    assert restored._counts == learnt._counts
    assert [list(c.items()) for c in restored._counts.values()] == [
        list(c.items()) for c in learnt._counts.values()
    ]  # least recently seen first, so the same lines age out next
    assert max(restored._counts["Café Ñews"].values()) == 6

    busy = BoilerplateFilter(capacity=500)
    busy.strip("p", [[f"line{n}", "of", "its", "own"] for n in range(500)])
    assert len(busy.snapshot()) < 12 * 500 + 100  # saved after every batch: 12 bytes a line

    earlier = json.dumps(
        {publisher: list(counts.items()) for publisher, counts in learnt._counts.items()}
    ).encode()  # what versions before the binary form saved
    assert BoilerplateFilter.restore(earlier)._counts == learnt._counts
