"""Work ahead in a thread of its own: map_ahead(function, values) yields function(value) for each
value in order, computed a few values ahead of the consumer; map_ahead_batches yields them as
lists of whatever is ready, for a consumer that handles several at once more cheaply.

Refreshing feeds uses it to parse and normalise the next documents (pure Python) while the
calling thread stores the last ones: the database drivers (sqlite3, psycopg) release the GIL
while the database works, so the two overlap even on one core's worth of Python.
"""

import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def map_ahead(function: Callable[[T], R], values: Iterable[T], ahead: int = 8) -> Iterator[R]:
    """function(value) for each value, in order, at most `ahead` results computed but not yet
    taken. An exception raised by function or by values is raised here, in the caller's thread.
    The worker stops soon after the caller stops iterating."""
    for batch in map_ahead_batches(function, values, ahead, most=1):
        yield from batch


def map_ahead_batches(
    function: Callable[[T], R], values: Iterable[T], ahead: int = 8, most: int = 8
) -> Iterator[list[R]]:
    """As map_ahead, in lists: each holds the next result (waited for) and the results after it
    that are ready already, up to `most` in all; it never waits to fill a list. An exception
    is raised after the results computed before it have been yielded."""
    ready: queue.Queue = queue.Queue(maxsize=ahead)
    stop = threading.Event()
    done = object()

    def hand_over(entry: object) -> None:
        while not stop.is_set():
            try:
                ready.put(entry, timeout=0.1)
                return
            except queue.Full:
                continue

    def work() -> None:
        try:
            for value in values:
                if stop.is_set():
                    return
                hand_over((function(value),))
        except BaseException as exc:  # handed to the caller, who raises it
            hand_over(exc)
        finally:
            hand_over(done)

    worker = threading.Thread(target=work, name="ahead", daemon=True)
    worker.start()
    try:
        entry = ready.get()
        while entry is not done:
            if isinstance(entry, BaseException):
                raise entry
            batch = [entry[0]]
            entry = None
            while len(batch) < most:
                entry = _next_ready(ready)
                if not isinstance(entry, tuple):  # nothing ready, the end, or an exception
                    break
                batch.append(entry[0])
                entry = None
            yield batch
            if entry is None:
                entry = ready.get()
    finally:
        stop.set()


def _next_ready(ready: queue.Queue) -> object | None:
    """The next entry if one is ready, else None."""
    try:
        return ready.get_nowait()
    except queue.Empty:
        return None
