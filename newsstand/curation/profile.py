"""A reader's interests, learnt from what they follow, mute, save and read, fading with time.

Pure: signals in, weights out. Each signal adds weight to the article's publisher, its topics and
its words; every weight halves after HALF_LIFE, so last month's binge matters less than this
week's reading. Follows and mutes are the reader's explicit word and do not fade.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from newsstand.stories.vectors import Vector

HALF_LIFE = timedelta(days=14)
MAX_TERMS = 300  # the profile keeps its heaviest words only: bounded size, bounded scoring cost

# How much one signal says about the reader's interest (a read counts more when it was long).
SIGNAL_WEIGHTS = {"open": 0.3, "read": 1.0, "save": 2.0, "share": 2.0}


@dataclass(frozen=True)
class Signal:
    """One thing the reader did with one article."""

    kind: str  # open, read, save or share
    at: datetime
    publisher: str
    topics: tuple[str, ...]
    terms: Vector  # the article's unit term vector
    depth: float = 1.0  # how far they scrolled, 0..1 (reads only)


@dataclass
class InterestProfile:
    """What the ranking knows about one reader; every weight is as of `updated_at`."""

    updated_at: datetime | None = None
    followed_publishers: set[str] = field(default_factory=set)
    followed_topics: set[str] = field(default_factory=set)
    muted_publishers: set[str] = field(default_factory=set)
    muted_topics: set[str] = field(default_factory=set)
    publishers: dict[str, float] = field(default_factory=dict)
    topics: dict[str, float] = field(default_factory=dict)
    terms: Vector = field(default_factory=dict)

    def add(self, signal: Signal) -> None:
        """Learns from one signal (signals may come in any order; older ones weigh less)."""
        if self.updated_at is None:
            self.updated_at = signal.at
        if signal.at > self.updated_at:
            self._fade(_decay(signal.at - self.updated_at))
            self.updated_at = signal.at
        weight = SIGNAL_WEIGHTS.get(signal.kind, 0.0) * _decay(self.updated_at - signal.at)
        if signal.kind == "read":
            weight *= 0.5 + 0.5 * min(max(signal.depth, 0.0), 1.0)
        if weight <= 0:
            return
        _bump(self.publishers, [signal.publisher], weight)
        _bump(self.topics, signal.topics, weight)
        for key, value in signal.terms.items():
            self.terms[key] = self.terms.get(key, 0.0) + weight * value
        if len(self.terms) > MAX_TERMS * 2:  # trim now and then, not on every signal
            self._trim_terms()

    def as_of(self, now: datetime) -> "InterestProfile":
        """A copy with every learnt weight faded to `now`."""
        copy = InterestProfile(
            updated_at=now,
            followed_publishers=set(self.followed_publishers),
            followed_topics=set(self.followed_topics),
            muted_publishers=set(self.muted_publishers),
            muted_topics=set(self.muted_topics),
            publishers=dict(self.publishers),
            topics=dict(self.topics),
            terms=dict(self.terms),
        )
        if self.updated_at is not None and now > self.updated_at:
            copy._fade(_decay(now - self.updated_at))
        return copy

    def term_vector(self) -> Vector:
        """The profile's words as a unit vector (its heaviest MAX_TERMS)."""
        self._trim_terms()
        norm = math.sqrt(sum(v * v for v in self.terms.values()))
        return {k: v / norm for k, v in self.terms.items()} if norm else {}

    def is_empty(self) -> bool:
        return not (
            self.followed_publishers or self.followed_topics or self.publishers or self.topics
        )

    def _fade(self, factor: float) -> None:
        for weights in (self.publishers, self.topics, self.terms):
            for key in weights:
                weights[key] *= factor

    def _trim_terms(self) -> None:
        if len(self.terms) > MAX_TERMS:
            heaviest = sorted(self.terms.items(), key=lambda kv: kv[1], reverse=True)
            self.terms = dict(heaviest[:MAX_TERMS])


def _decay(age: timedelta) -> float:
    return 0.5 ** (max(age.total_seconds(), 0.0) / HALF_LIFE.total_seconds())


def _bump(weights: dict[str, float], keys: Iterable[str], amount: float) -> None:
    for key in keys:
        weights[key] = weights.get(key, 0.0) + amount
