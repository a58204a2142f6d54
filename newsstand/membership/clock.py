"""The membership's idea of "now": the real time, or a time a test has set.

Trials, grace periods and free-article months all turn on the date; the lifecycle tests move
this clock forward instead of waiting days.
"""

from datetime import datetime, timedelta

from django.utils import timezone

_frozen_at: datetime | None = None


def now() -> datetime:
    """The current aware UTC time, unless a test has set the clock."""
    return _frozen_at or timezone.now()


def set_to(moment: datetime | None) -> None:
    """Stop the clock at `moment` (aware); None lets it run again with the real time."""
    global _frozen_at  # one process-wide clock is the point
    if moment is not None and timezone.is_naive(moment):
        raise ValueError("the clock takes aware datetimes only")
    _frozen_at = moment


def advance(**delta: float) -> datetime:
    """Move a set clock forward by timedelta(**delta); returns the new time."""
    if _frozen_at is None:
        raise RuntimeError("set the clock before advancing it")
    set_to(_frozen_at + timedelta(**delta))
    return now()
