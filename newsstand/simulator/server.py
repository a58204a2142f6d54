"""The publisher simulator: an aiohttp app serving the sample's feeds and article pages.

Every publisher has /<slug>/feed.rss, feed.atom and feed.json, a front page /<slug>/ and one
page per article; / lists them all and /catalog.opml subscribes to each publisher's primary
feed. Responses carry a strong ETag and a Last-Modified, and conditional requests get 304, so
the fetcher's conditional GET can be tested against it.
"""

import asyncio
import concurrent.futures
import contextlib
import hashlib
import threading
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from pathlib import Path

from aiohttp import web

from newsstand.simulator.corpus import (
    SampleArticle,
    SampleCorpus,
    SamplePublisher,
    corpus_feeds,
    load_corpus,
)
from newsstand.simulator.pages import render_article_page, render_index, render_publisher_page
from newsstand.simulator.render import (
    MEDIA_TYPES,
    newest,
    render_atom,
    render_json_feed,
    render_opml,
    render_rss,
)

CORPUS = web.AppKey("corpus", SampleCorpus)
FEED_RENDERERS = {"rss": render_rss, "atom": render_atom, "json": render_json_feed}
MORE_FROM_PUBLISHER = 5
STARTUP_TIMEOUT = 30


def make_app(sample_dir: Path | str | None = None) -> web.Application:
    """The simulator as an aiohttp application serving the sample in `sample_dir`."""
    app = web.Application()
    app[CORPUS] = load_corpus(sample_dir)
    app.add_routes(
        [
            web.get("/", index),
            web.get("/catalog.opml", catalog),
            web.get("/{publisher}/", publisher_page),
            web.get("/{publisher}/feed.{format:rss|atom|json}", feed),
            web.get("/{publisher}/{article}", article_page),
        ]
    )
    return app


async def index(request: web.Request) -> web.Response:
    corpus = request.app[CORPUS]
    return respond(request, render_index(base_url(request), corpus), "text/html", _latest(corpus))


async def catalog(request: web.Request) -> web.Response:
    corpus = request.app[CORPUS]
    document = render_opml(corpus_feeds(corpus, base_url(request)))
    return respond(request, document, "text/x-opml", _latest(corpus))


async def publisher_page(request: web.Request) -> web.Response:
    publisher, articles = _publisher(request)
    page = render_publisher_page(base_url(request), publisher, articles)
    return respond(request, page, "text/html", newest(articles))


async def feed(request: web.Request) -> web.Response:
    publisher, articles = _publisher(request)
    feed_format = request.match_info["format"]
    document = FEED_RENDERERS[feed_format](base_url(request), publisher, articles)
    return respond(request, document, MEDIA_TYPES[feed_format], newest(articles))


async def article_page(request: web.Request) -> web.Response:
    publisher, articles = _publisher(request)
    article = request.app[CORPUS].article(publisher.slug, request.match_info["article"])
    if article is None:
        raise web.HTTPNotFound()
    more = tuple(a for a in articles if a is not article)[:MORE_FROM_PUBLISHER]
    page = render_article_page(base_url(request), publisher, article, more)
    return respond(request, page, "text/html", article.published_at)


def base_url(request: web.Request) -> str:
    """Scheme, host and port the request came to: links must lead back to this server."""
    return f"{request.scheme}://{request.host}"


def respond(
    request: web.Request, text: str, content_type: str, last_modified: datetime | None
) -> web.Response:
    """The document with validators, or 304 Not Modified when the client's copy is current."""
    body = text.encode("utf-8")
    etag = hashlib.sha256(body).hexdigest()[:32]
    headers = {"ETag": f'"{etag}"', "Cache-Control": "no-cache"}
    moment = last_modified.replace(microsecond=0) if last_modified else None
    if moment:
        headers["Last-Modified"] = _http_date(moment)
    if _is_fresh(request, etag, moment):
        return web.Response(status=304, headers=headers)
    return web.Response(body=body, content_type=content_type, charset="utf-8", headers=headers)


def _is_fresh(request: web.Request, etag: str, last_modified: datetime | None) -> bool:
    # RFC 9110 13.2.2: when If-None-Match is present, If-Modified-Since is ignored.
    if request.if_none_match is not None:
        return any(tag.value in (etag, "*") for tag in request.if_none_match)
    since = request.if_modified_since
    return since is not None and last_modified is not None and last_modified <= since


def _publisher(request: web.Request) -> tuple[SamplePublisher, tuple[SampleArticle, ...]]:
    corpus = request.app[CORPUS]
    publisher = corpus.publishers.get(request.match_info["publisher"])
    if publisher is None:
        raise web.HTTPNotFound()
    return publisher, corpus.articles[publisher.slug]


def _latest(corpus: SampleCorpus) -> datetime | None:
    return newest(corpus.all_articles())


def _http_date(moment: datetime) -> str:
    return moment.strftime("%a, %d %b %Y %H:%M:%S GMT")


@contextlib.asynccontextmanager
async def serving(
    host: str = "127.0.0.1", port: int = 0, sample_dir: Path | str | None = None
) -> AsyncIterator[str]:
    """Serve the simulator on host:port (0: a free port) while the block runs; yields its URL."""
    runner = web.AppRunner(make_app(sample_dir), access_log=None)
    await runner.setup()
    try:
        site = web.TCPSite(runner, host, port)
        await site.start()
        bound_host, bound_port = runner.addresses[0][:2]
        shown = f"[{bound_host}]" if ":" in bound_host else bound_host
        yield f"http://{shown}:{bound_port}"
    finally:
        await runner.cleanup()


@contextlib.contextmanager
def run_in_thread(
    host: str = "127.0.0.1", port: int = 0, sample_dir: Path | str | None = None
) -> Iterator[str]:
    """Serve the simulator from a background thread with its own event loop; yields its URL."""
    loop = asyncio.new_event_loop()
    stop = asyncio.Event()
    started: concurrent.futures.Future[str] = concurrent.futures.Future()

    async def serve() -> None:
        try:
            async with serving(host, port, sample_dir) as url:
                started.set_result(url)
                await stop.wait()
        except Exception as exc:
            # A failure to start (port taken) is raised in the caller's thread instead.
            if started.done():
                raise
            started.set_exception(exc)

    thread = threading.Thread(
        target=loop.run_until_complete, args=(serve(),), name="publisher-simulator", daemon=True
    )
    thread.start()
    try:
        yield started.result(timeout=STARTUP_TIMEOUT)
    finally:
        loop.call_soon_threadsafe(stop.set)
        thread.join(timeout=STARTUP_TIMEOUT)
        loop.close()
