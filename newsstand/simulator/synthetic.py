"""A synthetic publisher farm for benchmarks: N RSS feeds of M items each, cheap to serve.

/synthetic/{n}.xml is feed n (0 ≤ n < N), an RSS 2.0 document whose items are generated from a
seed: the same seed, feed and item give the same text on every run and every machine. Items are
~1-3 KB of HTML assembled from a pool of sentences. Each feed is rendered once (and gzipped once)
and then served from memory with a strong ETag and a Last-Modified, answering 304 to a current
If-None-Match or If-Modified-Since, so the server is not what a benchmark measures. An optional
latency (asyncio.sleep) stands in for the network. POST /synthetic/bump?share=0.1 publishes new
items in that share of the feeds (the same ones for the same seed), for "some feeds changed"
runs; GET /synthetic/stats counts the 200s and 304s served, so a client's conditional GETs can
be checked. serve_in_process() runs the farm in a process of its own on 127.0.0.1, so that it shares
no GIL with the client being measured.
"""

import asyncio
import contextlib
import gzip
import hashlib
import multiprocessing
import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape

from aiohttp import web

EPOCH = datetime(2025, 1, 1, tzinfo=UTC)
ITEM_SPACING = timedelta(hours=1)
NEW_ITEMS_PER_BUMP = 5
SENTENCE_POOL = 600
STARTUP_TIMEOUT = 60
_WORD_LIST = (
    "the council city state minister report budget plan year people government police court "
    "school health water energy market price bank company worker union election vote party "
    "leader official agency program funding project community family child student teacher "
    "hospital doctor patient river road bridge train airport weather storm flood fire farm "
    "crop trade export tax rate growth inflation job wage housing rent museum festival team "
    "season match coach player record study research scientist climate forest coast island "
    "village region province capital border treaty summit talks deal law bill senate house "
    "committee hearing judge ruling appeal investigation statement spokesperson according to "
    "said announced reported confirmed warned approved rejected proposed expected increased "
    "reduced opened closed launched signed new local national public federal regional annual "
    "major small early late first last several many more most this week on Monday on Tuesday "
    "in March after before during under over against between with without for from"
)
WORDS = tuple(_WORD_LIST.split())
FARM = web.AppKey("farm", "SyntheticFarm")
LATENCY = web.AppKey("latency", float)
SERVED = web.AppKey("served", Counter)


@dataclass(frozen=True)
class RenderedFeed:
    """One feed as served: the document, its gzipped copy and its validators."""

    body: bytes
    gzipped: bytes
    etag: str  # quoted, strong
    last_modified: datetime


class SyntheticFarm:
    """N feeds of M items generated from a seed; bump() publishes new items in some feeds."""

    def __init__(self, feeds: int, items: int, seed: int = 0) -> None:
        self.feeds, self.items, self.seed = feeds, items, seed
        self.versions = [0] * feeds
        self.bumps = 0
        pool_rng = seeded(f"{seed}:sentences")
        self._sentences = [_sentence(pool_rng) for _ in range(SENTENCE_POOL)]
        self._rendered: dict[tuple[str, int], RenderedFeed] = {}

    def newest_item(self, feed: int) -> int:
        """The index of feed's newest item: each bump publishes NEW_ITEMS_PER_BUMP more."""
        return self.items - 1 + self.versions[feed] * NEW_ITEMS_PER_BUMP

    def bump(self, share: float) -> list[int]:
        """Publish new items in `share` of the feeds, chosen from the seed; returns their ids."""
        self.bumps += 1
        rng = seeded(f"{self.seed}:bump:{self.bumps}")
        chosen = sorted(rng.sample(range(self.feeds), round(share * self.feeds)))
        for feed in chosen:
            self.versions[feed] += 1
        self._rendered = {key: v for key, v in self._rendered.items() if key[1] not in chosen}
        return chosen

    def rendered(self, base_url: str, feed: int) -> RenderedFeed:
        """Feed as served at base_url, rendered on first use and kept until it is bumped."""
        key = (base_url, feed)
        if key not in self._rendered:
            body = self.render(base_url, feed).encode("utf-8")
            etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
            moment = self.published_at(feed, self.newest_item(feed))
            self._rendered[key] = RenderedFeed(body, gzip.compress(body, 5), etag, moment)
        return self._rendered[key]

    def prerender(self, base_url: str) -> None:
        """Render every feed now, so that no request pays for it."""
        for feed in range(self.feeds):
            self.rendered(base_url, feed)

    def published_at(self, feed: int, item: int) -> datetime:
        """Items an hour apart, feeds a minute apart: distinct, ordered, in the past."""
        return EPOCH + item * ITEM_SPACING + timedelta(minutes=feed % 60)

    def render(self, base_url: str, feed: int) -> str:
        """Feed n as RSS 2.0, newest item first."""
        newest = self.newest_item(feed)
        items = [self._item(base_url, feed, i) for i in range(newest, newest - self.items, -1)]
        return "\n".join(
            [
                '<?xml version="1.0" encoding="utf-8"?>',
                '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
                'xmlns:dc="http://purl.org/dc/elements/1.1/">',
                "<channel>",
                f"<title>Synthetic Daily {feed}</title>",
                f"<link>{base_url}/synthetic/{feed}/</link>",
                f"<description>Synthetic feed {feed} of {self.feeds}</description>",
                "<language>en</language>",
                f"<lastBuildDate>{_rfc822(self.published_at(feed, newest))}</lastBuildDate>",
                *items,
                "</channel>",
                "</rss>",
                "",
            ]
        )

    def _item(self, base_url: str, feed: int, item: int) -> str:
        rng = seeded(f"{self.seed}:{feed}:{item}")
        title = rng.choice(self._sentences).rstrip(".")[:90]
        paragraphs = [
            " ".join(rng.choices(self._sentences, k=rng.randint(2, 4)))
            for _ in range(rng.randint(3, 7))
        ]
        url = f"{base_url}/synthetic/{feed}/{item}"
        # A little markup, as real bodies have: emphasis and a link the sanitizer must rewrite.
        paragraphs[0] = f"<strong>{paragraphs[0]}</strong>"
        paragraphs[-1] += f' <a href="{url}#more">Read more</a>'
        body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
        author = " ".join(w.capitalize() for w in rng.sample(WORDS, 2))
        return "\n".join(
            [
                "<item>",
                f"<title>{escape(title)}</title>",
                f"<link>{url}</link>",
                f'<guid isPermaLink="false">synthetic-{self.seed}-{feed}-{item}</guid>',
                f"<pubDate>{_rfc822(self.published_at(feed, item))}</pubDate>",
                f"<dc:creator>{escape(author)}</dc:creator>",
                f"<category>{rng.choice(WORDS)}</category>",
                f"<description>{escape(paragraphs[1])}</description>",
                f"<content:encoded>{escape(body)}</content:encoded>",
                "</item>",
            ]
        )


def make_app(
    feeds: int, items: int, seed: int = 0, latency: float = 0.0, base_url: str = ""
) -> web.Application:
    """The farm as an aiohttp application; base_url, when known, pre-renders every feed."""
    app = web.Application()
    app[FARM] = SyntheticFarm(feeds, items, seed)
    app[LATENCY] = latency
    app[SERVED] = Counter()
    if base_url:
        app[FARM].prerender(base_url)
    app.add_routes(
        [
            web.get(r"/synthetic/{feed:\d+}.xml", feed),
            web.post("/synthetic/bump", bump),
            web.get("/synthetic/stats", stats),
        ]
    )
    return app


async def feed(request: web.Request) -> web.Response:
    farm = request.app[FARM]
    number = int(request.match_info["feed"])
    if number >= farm.feeds:
        raise web.HTTPNotFound()
    if request.app[LATENCY]:
        await asyncio.sleep(request.app[LATENCY])
    rendered = farm.rendered(f"{request.scheme}://{request.host}", number)
    headers = {
        "ETag": rendered.etag,
        "Last-Modified": _http_date(rendered.last_modified),
        "Cache-Control": "no-cache",
        "Vary": "Accept-Encoding",
    }
    if _is_fresh(request, rendered):
        request.app[SERVED]["not_modified"] += 1
        return web.Response(status=304, headers=headers)
    request.app[SERVED]["ok"] += 1
    body = rendered.body
    if "gzip" in request.headers.get("Accept-Encoding", ""):
        headers["Content-Encoding"], body = "gzip", rendered.gzipped
    return web.Response(
        body=body, content_type="application/rss+xml", charset="utf-8", headers=headers
    )


async def bump(request: web.Request) -> web.Response:
    try:
        share = float(request.query.get("share", "0.1"))
    except ValueError:
        raise web.HTTPBadRequest(text="share must be a number") from None
    if not 0 <= share <= 1:
        raise web.HTTPBadRequest(text="share must be between 0 and 1")
    return web.json_response({"bumped": request.app[FARM].bump(share)})


async def stats(request: web.Request) -> web.Response:
    """How many feed documents were sent whole ("ok") and how many as 304 ("not_modified")."""
    served = request.app[SERVED]
    return web.json_response({"ok": served["ok"], "not_modified": served["not_modified"]})


def _is_fresh(request: web.Request, rendered: RenderedFeed) -> bool:
    # RFC 9110 13.2.2: when If-None-Match is present, If-Modified-Since is ignored.
    if request.if_none_match is not None:
        return any(tag.value in (rendered.etag.strip('"'), "*") for tag in request.if_none_match)
    since = request.if_modified_since
    return since is not None and rendered.last_modified <= since


def seeded(key: str) -> random.Random:
    """A generator of text, not of secrets: the same key gives the same sequence everywhere."""
    return random.Random(key)  # noqa: S311 - reproducible text is the point


def _sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(8, 20))
    return " ".join(words).capitalize() + "."


def _rfc822(moment: datetime) -> str:
    return format_datetime(moment, usegmt=True)


def _http_date(moment: datetime) -> str:
    return moment.strftime("%a, %d %b %Y %H:%M:%S GMT")


# --- In a process of its own -----------------------------------------------------------------


@contextlib.contextmanager
def serve_in_process(feeds: int, items: int, seed: int = 0, latency: float = 0.0) -> Iterator[str]:
    """Serve the farm from a child process on 127.0.0.1 (a free port); yields its base URL once
    every feed is rendered, and stops the process on exit."""
    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(
        target=_serve_forever,
        args=(send, feeds, items, seed, latency),
        name="synthetic-farm",
        daemon=True,
    )
    process.start()
    try:
        if not receive.poll(STARTUP_TIMEOUT):
            raise RuntimeError("the synthetic farm did not start in time")
        yield receive.recv()
    finally:
        process.terminate()
        process.join(timeout=10)


def _serve_forever(send, feeds: int, items: int, seed: int, latency: float) -> None:
    async def serve() -> None:
        # Bind first (port 0: a free one), then render for that address, then tell the parent.
        app = make_app(feeds, items, seed, latency)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        base_url = f"http://127.0.0.1:{runner.addresses[0][1]}"
        app[FARM].prerender(base_url)
        send.send(base_url)
        await asyncio.Event().wait()

    asyncio.run(serve())
