"""The fetch schedule: learnt from publishing rhythm, stretched when quiet, backed off on errors."""

import random
from datetime import UTC, datetime, timedelta

import pytest

from newsstand.ingest.schedule import (
    IntervalBounds,
    backoff_interval,
    learnt_interval,
    retry_after_seconds,
    with_jitter,
)

BOUNDS = IntervalBounds(default=900, minimum=300, maximum=86400)
NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def every(minutes: int, count: int = 10) -> list[datetime]:
    return [NOW - timedelta(minutes=minutes * n) for n in range(count)]


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        (every(10), 600),  # a feed publishing every ten minutes is asked every ten minutes
        (every(120), 7200),
        (every(1), 300),  # never below the minimum
        (every(60 * 48), 86400),  # never above the maximum
        ([NOW, NOW], 900),  # no usable gaps: keep the current interval
    ],
)
def test_interval_follows_the_median_gap_between_new_items(published, expected):
    assert learnt_interval(None, published, new_items=3, bounds=BOUNDS) == expected


def test_interval_ignores_old_items_beyond_the_newest_ten():
    recent = every(10)
    ancient = [NOW - timedelta(days=30 + n) for n in range(50)]
    assert learnt_interval(None, recent + ancient, new_items=1, bounds=BOUNDS) == 600


def test_a_fetch_with_nothing_new_stretches_the_interval_up_to_the_maximum():
    assert learnt_interval(1000, every(10), new_items=0, bounds=BOUNDS) == 1250
    assert learnt_interval(86000, [], new_items=0, bounds=BOUNDS) == 86400


@pytest.mark.parametrize(("errors", "expected"), [(1, 1800), (2, 3600), (3, 7200), (20, 86400)])
def test_errors_back_off_exponentially_to_a_day(errors, expected):
    assert backoff_interval(errors, BOUNDS) == expected


def test_jitter_stays_within_ten_percent_and_spreads_feeds():
    rng = random.Random(7)  # noqa: S311 - a seeded generator makes the test repeatable
    delays = {with_jitter(1000, rng).total_seconds() for _ in range(200)}
    assert min(delays) >= 900
    assert max(delays) <= 1100
    assert len(delays) > 100


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("120", 120),
        ("Sat, 28 Nov 2026 12:05:00 GMT", 300),
        ("Sat, 28 Nov 2026 11:00:00 GMT", 0),
        ("soon", None),
        ("", None),
    ],
)
def test_retry_after_reads_seconds_and_http_dates(header, expected):
    assert retry_after_seconds(header, NOW) == expected
