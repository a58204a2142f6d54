"""The For-you ranking and the interest profile it scores against (pure, no database)."""

from datetime import UTC, datetime, timedelta

import pytest

from newsstand.curation.foryou import Candidate, rank_for_you, vary
from newsstand.curation.profile import HALF_LIFE, InterestProfile, Signal
from newsstand.stories.vectors import sublinear_unit, weighted_counts, words

NOW = datetime(2024, 5, 1, 12, tzinfo=UTC)


def terms(text):
    return sublinear_unit(weighted_counts([(words(text), 1.0)]))


def item(id, publisher="Daily", topics=("Politics",), text="", hours_old=1, popularity=0.0):
    return Candidate(
        id=id,
        publisher=publisher,
        topics=tuple(topics),
        terms=terms(text or id),
        published_at=NOW - timedelta(hours=hours_old),
        popularity=popularity,
    )


def read(candidate, at=NOW, kind="read", depth=1.0):
    return Signal(kind, at, candidate.publisher, candidate.topics, candidate.terms, depth)


def test_a_new_reader_gets_what_is_popular_and_is_told_so():
    ranked = rank_for_you(
        InterestProfile(), [item("quiet"), item("busy", popularity=40)], NOW, limit=2
    )
    assert [r.candidate.id for r in ranked] == ["busy", "quiet"]
    assert ranked[0].reason == "Popular now"


def test_a_followed_topic_outranks_a_more_popular_item_and_names_itself():
    profile = InterestProfile(followed_topics={"Science"})
    ranked = rank_for_you(
        profile,
        [item("rocket", topics=["Science"]), item("poll", topics=["Politics"], popularity=50)],
        NOW,
    )
    assert ranked[0].candidate.id == "rocket"
    assert ranked[0].reason == "Because you follow Science"


def test_reads_teach_topics_publishers_and_words():
    profile = InterestProfile()
    for n in range(3):
        profile.add(read(item(f"old{n}", "Tech Weekly", ["Chips"], "semiconductor fab wafer")))
    candidates = [
        item("chip", "Other", ["Chips"], "new semiconductor fab opens"),
        item("match", "Other", ["Sport"], "cup final goal", popularity=5),
    ]
    ranked = rank_for_you(profile, candidates, NOW)
    assert [r.candidate.id for r in ranked] == ["chip", "match"]
    assert ranked[0].reason == "Because you read about Chips"


def test_read_muted_and_excluded_items_are_left_out():
    profile = InterestProfile(muted_publishers={"Tabloid"}, muted_topics={"Celebrity"})
    candidates = [
        item("a", "Tabloid"),
        item("b", topics=["Celebrity", "Music"]),
        item("c"),
        item("d"),
    ]
    ranked = rank_for_you(profile, candidates, NOW, exclude={"d"})
    assert [r.candidate.id for r in ranked] == ["c"]


def test_no_publisher_holds_more_than_two_of_the_top_ten():
    profile = InterestProfile(followed_publishers={"Big"})
    candidates = [item(f"big{n}", "Big", [f"t{n}"]) for n in range(8)]
    candidates += [item(f"small{n}", f"Small {n}", [f"s{n}"], hours_old=30) for n in range(8)]
    ranked = rank_for_you(profile, candidates, NOW, limit=10)
    publishers = [r.candidate.publisher for r in ranked]
    assert publishers.count("Big") == 2
    assert len(ranked) == 10


def test_the_cap_yields_when_nothing_else_is_left():
    ranked = rank_for_you(InterestProfile(), [item(f"x{n}", "Only") for n in range(4)], NOW)
    assert len(ranked) == 4


def test_a_repeated_topic_gives_way_to_a_slightly_weaker_other_topic():
    profile = InterestProfile(followed_topics={"Politics", "Science"})
    candidates = [item(f"p{n}", f"P{n}", ["Politics"]) for n in range(3)]
    candidates.append(item("s", "S", ["Science"], hours_old=3))
    order = [r.candidate.id for r in rank_for_you(profile, candidates, NOW, limit=4)]
    assert order.index("s") == 1  # lower score alone would put it last


def test_vary_keeps_a_plain_score_order_when_nothing_repeats():
    ranked = rank_for_you(
        InterestProfile(), [item(f"i{n}", f"P{n}", [f"t{n}"], hours_old=n) for n in range(5)], NOW
    )
    assert [r.candidate.id for r in vary(ranked, 5)] == [f"i{n}" for n in range(5)]


def test_learnt_weights_halve_every_half_life_and_follows_do_not_fade():
    profile = InterestProfile(followed_topics={"Science"})
    profile.add(read(item("a", "Daily", ["Politics"]), at=NOW))
    later = profile.as_of(NOW + HALF_LIFE)
    assert later.topics["Politics"] == pytest.approx(profile.topics["Politics"] / 2)
    assert later.followed_topics == {"Science"}


def test_an_old_signal_arriving_late_counts_for_less():
    fresh, late = InterestProfile(), InterestProfile()
    fresh.add(read(item("a", topics=["X"]), at=NOW))
    late.add(read(item("b", topics=["Y"]), at=NOW))
    late.add(read(item("a", topics=["X"]), at=NOW - HALF_LIFE))
    assert late.topics["X"] == pytest.approx(fresh.topics["X"] / 2)


def test_a_save_says_more_than_a_skimmed_read():
    saved, skimmed = InterestProfile(), InterestProfile()
    saved.add(read(item("a"), kind="save"))
    skimmed.add(read(item("a"), depth=0.1))
    assert saved.topics["Politics"] > skimmed.topics["Politics"] > 0


def test_an_item_with_no_topics_and_no_reads_for_a_new_reader_is_just_new():
    ranked = rank_for_you(InterestProfile(), [item("plain", topics=())], NOW)

    assert [r.reason for r in ranked] == ["New"]


def test_reasons_use_the_display_names_given():
    profile = InterestProfile(followed_topics={"politics"}, followed_publishers={"planet"})
    ranked = rank_for_you(
        profile,
        [item("a", topics=("politics",)), item("b", publisher="planet", topics=())],
        NOW,
        names={"politics": "Politics", "planet": "Daily Planet"},
    )

    assert {r.candidate.id: r.reason for r in ranked} == {
        "a": "Because you follow Politics",
        "b": "Because you follow Daily Planet",
    }
