"""map_ahead: results in order, computed in another thread a bounded way ahead of the consumer;
map_ahead_batches: the same in lists of what is ready."""

import threading
import time

import pytest

from newsstand.ingest.ahead import map_ahead, map_ahead_batches


def test_results_come_in_the_order_of_the_values():
    assert list(map_ahead(lambda n: n * n, range(50), ahead=3)) == [n * n for n in range(50)]


def test_the_function_runs_in_another_thread():
    threads = set(map_ahead(lambda _: threading.current_thread(), range(3)))
    assert threading.current_thread() not in threads


def test_work_stays_at_most_ahead_values_past_what_was_taken():
    computed = []
    results = map_ahead(computed.append, range(100), ahead=2)
    next(results)
    # However long the consumer dawdles: one value taken, two waiting, one computed and held.
    threading.Event().wait(0.3)
    assert len(computed) <= 4


def test_an_exception_in_the_function_is_raised_to_the_consumer():
    def fail_on_three(n: int) -> int:
        if n == 3:
            raise ValueError("three")
        return n

    results = map_ahead(fail_on_three, range(10))
    assert [next(results) for _ in range(3)] == [0, 1, 2]
    with pytest.raises(ValueError, match="three"):
        next(results)


def test_an_exception_in_the_values_is_raised_to_the_consumer():
    def values():
        yield 1
        raise OSError("source broke")

    with pytest.raises(OSError, match="source broke"):
        list(map_ahead(lambda n: n, values()))


def test_the_worker_stops_when_the_consumer_stops():
    before = set(threading.enumerate())
    results = map_ahead(lambda n: n, iter(range(10_000)), ahead=1)
    next(results)
    [worker] = set(threading.enumerate()) - before
    results.close()
    worker.join(timeout=10)
    assert not worker.is_alive()


def _wait_until(condition) -> None:
    deadline = time.monotonic() + 10
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)


def test_a_batch_holds_every_result_ready_up_to_most():
    computed = []

    def compute(n: int) -> int:
        computed.append(n)
        return n

    batches = map_ahead_batches(compute, range(10), ahead=10, most=4)
    first = next(batches)  # the worker starts here
    _wait_until(lambda: len(computed) == 10)
    rest = list(batches)
    assert first + [n for batch in rest for n in batch] == list(range(10))
    assert [len(batch) for batch in rest[:-1]] == [4] * (len(rest) - 1)
    assert 1 <= len(rest[-1]) <= 4


def test_a_batch_never_waits_for_results_not_ready():
    computed = []
    release = threading.Event()

    def compute(n: int) -> int:
        if n == 2:
            release.wait(10)  # a slow one: the batch before it must not wait for it
        computed.append(n)
        return n

    batches = map_ahead_batches(compute, range(4), ahead=4, most=4)
    taken = next(batches)
    _wait_until(lambda: len(computed) >= 2)
    if taken == [0]:
        taken += next(batches)
    assert taken == [0, 1]
    assert not release.is_set()
    release.set()
    assert [n for batch in batches for n in batch] == [2, 3]


def test_an_exception_comes_after_the_batches_before_it():
    computed = []

    def fail_on_three(n: int) -> int:
        if n == 3:
            raise ValueError("three")
        computed.append(n)
        return n

    batches = map_ahead_batches(fail_on_three, range(10), most=8)
    taken = next(batches)
    _wait_until(lambda: len(computed) == 3)
    while len(taken) < 3:
        taken += next(batches)
    assert taken == [0, 1, 2]
    with pytest.raises(ValueError, match="three"):
        next(batches)
