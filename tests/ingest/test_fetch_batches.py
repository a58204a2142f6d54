"""fetch_in_batches: results in lists of what is in, prepared in the fetching thread up to a
bound, exceptions raised to the consumer, and the loop stopped when the consumer stops."""

import asyncio
import ipaddress
import threading
import time

import pytest
from aiohttp import web

from newsstand.ingest.fetch import FetchPolicy, FetchRequest, fetch_in_batches
from tests.local_server import serve

LOOPBACK = (ipaddress.ip_network("127.0.0.0/8"),)


def policy(concurrency: int = 10) -> FetchPolicy:
    return FetchPolicy(
        timeout=5, allow_networks=LOOPBACK, concurrency=concurrency, per_host=concurrency
    )


@pytest.fixture
def server():
    served: list[int] = []

    async def numbered(request):
        served.append(int(request.match_info["n"]))
        await asyncio.sleep(float(request.query.get("delay", 0)))
        return web.Response(text=request.match_info["n"])

    app = web.Application()
    app.router.add_get("/{n:\\d+}", numbered)
    with serve(app) as base_url:
        yield base_url, served


def requests(base_url: str, count: int, delay: float = 0) -> list[FetchRequest]:
    return [FetchRequest(f"{base_url}/{n}?delay={delay}") for n in range(count)]


def _fetch_thread() -> threading.Thread | None:
    return next((t for t in threading.enumerate() if t.name == "fetch"), None)


def _join_fetch_thread() -> None:
    thread = _fetch_thread()
    if thread is not None:
        thread.join(timeout=10)
        assert not thread.is_alive()


def test_every_result_comes_once_prepared_in_the_fetching_thread(server):
    base_url, _ = server
    caller = threading.current_thread()
    preparers = set()

    def prepare(index, result):
        preparers.add(threading.current_thread())
        return int(result.body)

    batches = list(fetch_in_batches(requests(base_url, 20), policy(), 4, prepare, 100))
    entries = [entry for batch in batches for entry in batch]
    assert sorted(index for index, _, _ in entries) == list(range(20))
    assert all(prepared == index for index, _, prepared in entries)
    assert all(1 <= len(batch) <= 4 for batch in batches)
    assert preparers
    assert caller not in preparers


def test_a_batch_holds_every_result_in_up_to_most(server):
    base_url, _ = server
    batches = fetch_in_batches(requests(base_url, 10), policy(), most=4)
    first = next(batches)
    _join_fetch_thread()  # every result is in
    rest = list(batches)
    assert len(first) + sum(map(len, rest)) == 10
    assert [len(batch) for batch in rest[:-1]] == [4] * (len(rest) - 1)


def test_past_prepare_ahead_results_wait_unprepared_for_the_consumer(server):
    base_url, _ = server
    prepared_count = 0

    def prepare(index, result):
        nonlocal prepared_count
        prepared_count += 1
        return "prepared"

    batches = fetch_in_batches(requests(base_url, 12), policy(), 1, prepare, prepare_ahead=2)
    first = next(batches)
    _join_fetch_thread()  # every fetch is in, the consumer having taken only the first
    entries = first + [entry for batch in batches for entry in batch]
    assert sorted(index for index, _, _ in entries) == list(range(12))
    assert all(result.ok for _, result, _ in entries)
    # Two waiting at most, and the first one taken before more came (or not).
    assert 2 <= prepared_count <= 3
    assert [prepared for _, _, prepared in entries].count("prepared") == prepared_count
    assert all(prepared in ("prepared", None) for _, _, prepared in entries)


def test_an_exception_in_prepare_comes_after_the_results_before_it(server):
    base_url, _ = server

    def prepare(index, result):
        if index == 3:
            raise ValueError("three")
        return index

    # One fetch at a time: they finish in order.
    batches = fetch_in_batches(requests(base_url, 10), policy(concurrency=1), 1, prepare, 100)
    taken = [next(batches)[0][2] for _ in range(3)]
    assert taken == [0, 1, 2]
    with pytest.raises(ValueError, match="three"):
        next(batches)
    _join_fetch_thread()


def test_the_loop_stops_soon_after_the_consumer_stops(server):
    base_url, served = server
    batches = fetch_in_batches(requests(base_url, 100, delay=0.05), policy(concurrency=1))
    next(batches)
    started = time.monotonic()
    batches.close()
    _join_fetch_thread()
    assert time.monotonic() - started < 3  # the rest would take five seconds
    assert len(served) < 100
