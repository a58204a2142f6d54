"""map_ahead: results in order, computed in another thread a bounded way ahead of the consumer."""

import threading

import pytest

from newsstand.ingest.ahead import map_ahead


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
