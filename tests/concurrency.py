"""Run the same work in several threads released at the same instant, as racing workers."""

import threading
from collections.abc import Callable

from django.db import connection


def run_at_once(work: Callable[[], object], threads: int) -> list[object]:
    """Each thread waits at a barrier, runs work with its own database connection, and closes
    it; returns what each run returned, and re-raises the first exception any of them raised."""
    barrier = threading.Barrier(threads)
    results: list[object] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait()
            results.append(work())
        except BaseException as exc:  # handed to the test's thread below
            errors.append(exc)
        finally:
            connection.close()

    started = [threading.Thread(target=run) for _ in range(threads)]
    for thread in started:
        thread.start()
    for thread in started:
        thread.join()
    if errors:
        raise errors[0]
    return results
