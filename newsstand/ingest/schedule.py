"""When to fetch a feed next: learnt from how often it publishes, backed off when it fails.

Pure: plain numbers and datetimes in, seconds out, so the policy is tested without a clock.
"""

import itertools
import random
import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime

RECENT_ITEMS = 10  # how many of a feed's newest items tell its publishing rhythm
QUIET_GROWTH = 1.25  # each fetch that brings nothing new stretches the interval by this
JITTER = 0.1  # ± this share of the interval, so feeds added together drift apart


@dataclass(frozen=True)
class IntervalBounds:
    default: int  # seconds, for a feed we know nothing about yet
    minimum: int
    maximum: int

    def clamp(self, seconds: float) -> int:
        return int(min(self.maximum, max(self.minimum, seconds)))


def learnt_interval(
    current: int | None, published: list[datetime], new_items: int, bounds: IntervalBounds
) -> int:
    """The interval after a successful fetch.

    With new items, the median gap between the newest items' dates (a feed that publishes every
    ten minutes is asked every ten minutes); without, the current interval stretched a little.
    """
    interval = current or bounds.default
    if new_items == 0:
        return bounds.clamp(interval * QUIET_GROWTH)
    newest = sorted(published, reverse=True)[:RECENT_ITEMS]
    gaps = [(a - b).total_seconds() for a, b in itertools.pairwise(newest)]
    gaps = [gap for gap in gaps if gap > 0]
    if not gaps:
        return bounds.clamp(interval)
    return bounds.clamp(statistics.median(gaps))


def backoff_interval(error_count: int, bounds: IntervalBounds) -> int:
    """Seconds before retrying a feed that failed error_count times in a row: doubling, capped."""
    return bounds.clamp(bounds.default * 2 ** min(error_count, 16))


def with_jitter(seconds: int, rng: random.Random | None = None) -> timedelta:
    """The interval moved by up to ±10%, never below one second."""
    factor = 1 + (rng or random).uniform(-JITTER, JITTER)
    return timedelta(seconds=max(1.0, seconds * factor))


def retry_after_seconds(value: str, now: datetime) -> int | None:
    """A Retry-After header (seconds, or an HTTP date) as seconds from now; None if unreadable."""
    value = value.strip()
    if value.isdigit():
        return int(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max(0, int((when - now).total_seconds()))
