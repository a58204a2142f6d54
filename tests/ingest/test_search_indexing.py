"""New articles are indexed for search while a refresh goes on, and all of them by its end."""

import asyncio
import threading
import time

import pytest
from aiohttp import web
from django.db import connection, connections

from newsstand.articles import search_schema
from newsstand.ingest.services import refresh_feeds
from tests.factories import make_feed, make_publisher
from tests.ingest.test_refresh import ITEM, POLICY, RSS

WAIT = 20  # seconds the slow feed waits, at most, for the first feed's article to be indexed


def indexed(word: str) -> int:
    """Articles the search index itself holds for a word (no catching up, unlike a search)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT count(*) FROM articles_search WHERE articles_search MATCH %s", [word]
            )
        else:
            cursor.execute(
                "SELECT count(*) FROM articles_article"
                " WHERE search_document @@ plainto_tsquery('english', %s)",
                [word],
            )
        return cursor.fetchone()[0]


def pending() -> int:
    if connection.vendor != "sqlite":
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM articles_search_pending")
        return cursor.fetchone()[0]


def rss(n: int, title: str) -> str:
    return RSS.format(items=ITEM.format(n=n, title=title, body=f"<p>{title}.</p>"))


@pytest.mark.django_db(transaction=True)
def test_articles_are_searchable_while_the_refresh_goes_on_and_all_when_it_returns():
    """The second feed answers only once the first feed's article is in the index (or after
    WAIT seconds): the article was indexed while the refresh was still running."""
    seen_in_index = threading.Event()

    def watch() -> None:
        try:
            deadline = time.monotonic() + WAIT
            while time.monotonic() < deadline and not indexed("harbour"):
                time.sleep(0.05)
            if indexed("harbour"):
                seen_in_index.set()
        finally:
            connections.close_all()

    async def first(request):
        return web.Response(text=rss(1, "Harbour reopens"), content_type="application/rss+xml")

    async def second(request):
        await asyncio.get_running_loop().run_in_executor(None, seen_in_index.wait, WAIT)
        return web.Response(text=rss(2, "Bridge closes"), content_type="application/rss+xml")

    app = web.Application()
    app.router.add_get("/first.xml", first)
    app.router.add_get("/second.xml", second)
    from tests.local_server import serve

    with serve(app) as base_url:
        feeds = [
            make_feed(make_publisher(name="Harbour Post"), url=f"{base_url}/first.xml"),
            make_feed(make_publisher(name="Bridge Daily"), url=f"{base_url}/second.xml"),
        ]
        watcher = threading.Thread(target=watch)
        watcher.start()
        refreshes = refresh_feeds(feeds, POLICY)
        watcher.join()

    assert [r.created for r in refreshes] == [1, 1]
    assert seen_in_index.is_set()  # during the refresh: the second feed waited for it
    assert indexed("bridge") == 1  # the last one too, before refresh_feeds returned
    assert pending() == 0


@pytest.mark.django_db
def test_a_refresh_inside_a_transaction_indexes_its_articles_before_it_returns():
    """No thread can write while the caller holds a transaction: the caller's thread indexes."""
    from tests.local_server import serve

    async def feed(request):
        return web.Response(text=rss(1, "Harbour reopens"), content_type="application/rss+xml")

    app = web.Application()
    app.router.add_get("/feed.xml", feed)
    with serve(app) as base_url:
        refresh_feeds([make_feed(url=f"{base_url}/feed.xml")], POLICY)

    assert indexed("harbour") == 1
    assert pending() == 0
    assert search_schema.index_all_pending(connection) == 0
