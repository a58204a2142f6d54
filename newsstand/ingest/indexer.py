"""Index new articles for search while a refresh goes on storing more (SQLite).

Tokenising an article for SQLite's full-text index costs more than storing it, so a refresh
stores each feed inside `deferring()`, which notes the new articles instead of indexing each
as it is inserted (articles/search_schema.py), and indexes what is noted in batches in a thread
of its own: the tokenising (in SQLite, without the GIL) overlaps the Python work of parsing
and storing, a new article is searchable within a second or so, and when the refresh ends
nothing is left waiting. The store thread and this one take turns at writing through `lock`,
so neither waits in SQLite's busy handler (which sleeps in steps of up to 100 ms).

On PostgreSQL nothing is deferred (its trigger computes the document in the database server).
When the caller holds a transaction (the thread could not write until it ends), there is no
thread: what was noted is indexed in the caller's thread at the end.
"""

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from types import TracebackType
from typing import Self

from django.db import connection, connections

from newsstand.articles import search_schema

logger = logging.getLogger(__name__)

EVERY = 0.25  # seconds between two looks for articles to index


class SearchIndexer:
    """`with SearchIndexer() as indexer:` indexes new articles in the background until the block
    ends, then whatever is left. Hold `indexer.lock` around each write transaction."""

    def __init__(self, every: float = EVERY) -> None:
        self.every = every
        self.indexed = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.defers = search_schema.can_defer(connection)
        self._deferring = False
        background = self.defers and not connection.in_atomic_block
        self.lock = threading.Lock() if background else nullcontext()
        if background:
            self._thread = threading.Thread(target=self._run, name="search-index", daemon=True)

    def __enter__(self) -> Self:
        if self._thread is not None:
            self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        # What the thread left (or all of it, without one): indexed before the refresh returns.
        self.indexed += search_schema.index_all_pending(connection)

    @contextmanager
    def deferring(self) -> Iterator[None]:
        """Wrap the store of feeds in this, inside their transaction: the articles it inserts
        are left to this indexer (where SQLite's index can defer them). A block inside another
        (a feed stored with others) changes nothing: the outer one ends the deferring."""
        if not self.defers or self._deferring:
            yield
            return
        self._deferring = True
        try:
            with search_schema.deferred_indexing(connection):
                yield
        finally:
            self._deferring = False

    def _run(self) -> None:
        try:
            while not self._stop.wait(self.every):
                while batch := self._index_batch():
                    self.indexed += batch
                    if self._stop.is_set():
                        break
        except Exception:  # the caller indexes what is left when the refresh ends
            logger.exception("indexing new articles for search failed; retrying at the end")
        finally:
            connections.close_all()  # this thread's connection only

    def _index_batch(self) -> int:
        with self.lock:
            return search_schema.index_pending(connection)
