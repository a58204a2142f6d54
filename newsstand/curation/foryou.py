"""The For-you ranking: score candidates against a reader's profile, then vary the top.

Pure: a profile and candidates in, an ordered list with a reason per item out. Candidates come
from the database layer (followed publishers and topics, articles like recent reads, what is
trending); read and muted items are left out here too, so no caller can forget to.
"""

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from newsstand.curation.profile import InterestProfile
from newsstand.stories.vectors import Vector

# How much each part of an item's score counts; the personal parts outweigh popularity, so a
# reader with a profile sees their interests first and a new reader sees what is popular.
WEIGHTS = {
    "similarity": 0.30,
    "topic": 0.25,
    "publisher": 0.15,
    "popularity": 0.18,
    "recency": 0.08,
    "quality": 0.04,
}
PERSONAL = ("topic", "publisher", "similarity")
RECENCY_HALF_LIFE = timedelta(hours=12)
MAX_PER_PUBLISHER = 2  # in the first VARIED_TOP items
VARIED_TOP = 10
TOPIC_REPEAT = 0.7  # an item's score is multiplied by this for each shown item sharing a topic
SIMILAR_ENOUGH = 0.15  # term similarity worth naming as a reason


@dataclass(frozen=True)
class Candidate:
    id: str
    publisher: str
    topics: tuple[str, ...]
    terms: Vector  # unit term vector of title and lead
    published_at: datetime
    popularity: float = 0.0  # recent reads, or any non-negative measure of them
    quality: float = 0.5  # the source's quality, 0..1


@dataclass(frozen=True)
class Ranked:
    candidate: Candidate
    score: float
    reason: str  # shown to the reader: why this item is here


def rank_for_you(
    profile: InterestProfile,
    candidates: Iterable[Candidate],
    now: datetime,
    *,
    limit: int = VARIED_TOP,
    exclude: frozenset[str] | set[str] = frozenset(),
    names: Mapping[str, str] | None = None,
) -> list[Ranked]:
    """The reader's For-you list: the `limit` best candidates, varied, read and muted ones out.

    `names` gives the display name of a topic or publisher key for the reasons (else the key).
    """
    profile = profile.as_of(now)
    allowed = [c for c in candidates if c.id not in exclude and not _muted(profile, c)]
    if not allowed:
        return []
    terms = profile.term_vector()
    top_topic = max(profile.topics.values(), default=0.0)
    top_publisher = max(profile.publishers.values(), default=0.0)
    top_popularity = math.log1p(max(c.popularity for c in allowed))
    scored = []
    for candidate in allowed:
        parts = {
            "similarity": _dot(terms, candidate.terms),
            "topic": _affinity(
                candidate.topics, profile.followed_topics, profile.topics, top_topic
            ),
            "publisher": _affinity(
                (candidate.publisher,),
                profile.followed_publishers,
                profile.publishers,
                top_publisher,
            ),
            "popularity": math.log1p(candidate.popularity) / top_popularity
            if top_popularity
            else 0.0,
            "recency": 0.5 ** (_age(now, candidate) / RECENCY_HALF_LIFE),
            "quality": candidate.quality,
        }
        score = sum(WEIGHTS[name] * value for name, value in parts.items())
        reason = _reason(profile, candidate, parts, names or {})
        scored.append(Ranked(candidate, score, reason))
    return vary(scored, limit)


def vary(ranked: list[Ranked], limit: int) -> list[Ranked]:
    """Greedy re-ranking: at most MAX_PER_PUBLISHER of one publisher among the first
    VARIED_TOP, and each topic already shown lowers the next item sharing it."""
    remaining = sorted(ranked, key=lambda r: (-r.score, r.candidate.id))
    chosen: list[Ranked] = []
    per_publisher: dict[str, int] = {}
    per_topic: dict[str, int] = {}
    while remaining and len(chosen) < limit:
        capped = len(chosen) < VARIED_TOP
        best_index, best_value = -1, -math.inf
        for index, item in enumerate(remaining):
            if item.score <= best_value:
                break  # sorted by score, and penalties only lower it: nothing later can win
            if capped and per_publisher.get(item.candidate.publisher, 0) >= MAX_PER_PUBLISHER:
                continue
            repeats = max((per_topic.get(t, 0) for t in item.candidate.topics), default=0)
            value = item.score * TOPIC_REPEAT**repeats
            if value > best_value:
                best_index, best_value = index, value
        if best_index < 0:  # only capped publishers left: the cap yields rather than show less
            best_index = 0
        item = remaining.pop(best_index)
        chosen.append(item)
        per_publisher[item.candidate.publisher] = per_publisher.get(item.candidate.publisher, 0) + 1
        for topic in item.candidate.topics:
            per_topic[topic] = per_topic.get(topic, 0) + 1
    return chosen


def _reason(
    profile: InterestProfile,
    candidate: Candidate,
    parts: dict[str, float],
    names: Mapping[str, str],
) -> str:
    """The strongest personal part names itself; otherwise the item is here for its popularity."""
    personal = max(PERSONAL, key=lambda name: WEIGHTS[name] * parts[name])
    strength = WEIGHTS[personal] * parts[personal]
    if strength > 0 and strength >= WEIGHTS["popularity"] * parts["popularity"]:
        if personal == "topic":
            followed = [t for t in candidate.topics if t in profile.followed_topics]
            if followed:
                return f"Because you follow {names.get(followed[0], followed[0])}"
            topic = max(candidate.topics, key=lambda t: profile.topics.get(t, 0.0))
            return f"Because you read about {names.get(topic, topic)}"
        if personal == "publisher":
            verb = "follow" if candidate.publisher in profile.followed_publishers else "read"
            return f"Because you {verb} {names.get(candidate.publisher, candidate.publisher)}"
        if parts["similarity"] >= SIMILAR_ENOUGH:
            return "Like articles you read"
    return "Popular now" if parts["popularity"] > 0 else "New"


def _affinity(
    keys: Iterable[str], followed: set[str], learnt: dict[str, float], top: float
) -> float:
    """1 for something followed, else its learnt weight relative to the reader's heaviest."""
    best = 0.0
    for key in keys:
        if key in followed:
            return 1.0
        if top > 0:
            best = max(best, learnt.get(key, 0.0) / top)
    return best


def _muted(profile: InterestProfile, candidate: Candidate) -> bool:
    return candidate.publisher in profile.muted_publishers or any(
        topic in profile.muted_topics for topic in candidate.topics
    )


def _dot(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(value * b.get(key, 0.0) for key, value in a.items())


def _age(now: datetime, candidate: Candidate) -> timedelta:
    return max(now - candidate.published_at, timedelta(0))
