"""The fetcher: conditional GET, limits, redirects and the SSRF guard, against a local server."""

import asyncio
import gzip
import ipaddress

import pytest
from aiohttp import web

from newsstand.ingest.fetch import (
    FetchPolicy,
    FetchRequest,
    check_url,
    fetch_many,
    is_address_allowed,
)
from tests.local_server import serve

LOOPBACK = (ipaddress.ip_network("127.0.0.0/8"),)
FEED = b"<rss version='2.0'><channel><title>t</title></channel></rss>"


def policy(**overrides) -> FetchPolicy:
    return FetchPolicy(
        **{"timeout": 5, "max_bytes": 100_000, "allow_networks": LOOPBACK, **overrides}
    )


def make_app(seen: list) -> web.Application:
    async def feed(request):
        seen.append(dict(request.headers))
        if request.headers.get("If-None-Match") == '"v1"':
            return web.Response(status=304)
        return web.Response(
            body=FEED,
            content_type="application/rss+xml",
            headers={"ETag": '"v1"', "Last-Modified": "Sat, 01 Jun 2024 10:00:00 GMT"},
        )

    async def moved(request):
        raise web.HTTPMovedPermanently("/feed")

    async def found(request):
        raise web.HTTPFound("/feed")

    async def loop_forever(request):
        raise web.HTTPFound("/loop")

    async def to_metadata(request):
        raise web.HTTPFound("http://169.254.169.254/latest/meta-data/")

    async def huge(request):
        return web.Response(body=b"x" * 200_000)

    async def bomb(request):
        # 50 MB of zeros compress to ~50 KB: the cap must apply after decompression.
        body = gzip.compress(b"\0" * 50_000_000)
        return web.Response(body=body, headers={"Content-Encoding": "gzip"})

    async def slow(request):
        await asyncio.sleep(3)
        return web.Response(body=FEED)

    async def gone(request):
        return web.Response(status=404, text="no")

    app = web.Application()
    for path, handler in {
        "/feed": feed,
        "/moved": moved,
        "/found": found,
        "/loop": loop_forever,
        "/to-metadata": to_metadata,
        "/huge": huge,
        "/bomb": bomb,
        "/slow": slow,
        "/gone": gone,
    }.items():
        app.router.add_get(path, handler)
    return app


@pytest.fixture
def server():
    seen: list = []
    with serve(make_app(seen)) as base_url:
        yield base_url, seen


def fetch_one(url, **kwargs) -> object:
    etag = kwargs.pop("etag", "")
    last_modified = kwargs.pop("last_modified", "")
    return fetch_many([FetchRequest(url, etag, last_modified)], policy(**kwargs))[0]


def test_first_fetch_returns_body_etag_and_last_modified(server):
    base_url, seen = server
    result = fetch_one(f"{base_url}/feed")
    assert result.ok
    assert result.body == FEED
    assert result.etag == '"v1"'
    assert result.last_modified == "Sat, 01 Jun 2024 10:00:00 GMT"
    assert seen[0]["User-Agent"].startswith("Newsstand")


def test_second_fetch_of_unchanged_feed_sends_if_none_match_and_gets_304(server):
    base_url, seen = server
    result = fetch_one(f"{base_url}/feed", etag='"v1"', last_modified="Sat, 01 Jun 2024")
    assert result.not_modified
    assert not result.error
    assert result.body == b""
    assert seen[0]["If-None-Match"] == '"v1"'
    assert seen[0]["If-Modified-Since"] == "Sat, 01 Jun 2024"


def test_permanent_redirect_reports_the_new_url(server):
    base_url, _ = server
    result = fetch_one(f"{base_url}/moved")
    assert result.ok
    assert result.permanent_redirect_to == f"{base_url}/feed"


def test_temporary_redirect_is_followed_but_not_reported_as_a_move(server):
    base_url, _ = server
    result = fetch_one(f"{base_url}/found")
    assert result.ok
    assert result.final_url == f"{base_url}/feed"
    assert result.permanent_redirect_to == ""


def test_redirect_loop_stops_at_the_limit(server):
    base_url, _ = server
    result = fetch_one(f"{base_url}/loop", max_redirects=3)
    assert not result.ok
    assert "more than 3 redirects" in result.error


def test_redirect_to_cloud_metadata_address_is_refused(server):
    base_url, _ = server
    result = fetch_one(f"{base_url}/to-metadata")
    assert "SSRF guard" in result.error


def test_body_over_the_limit_is_refused(server):
    base_url, _ = server
    result = fetch_one(f"{base_url}/huge")
    assert not result.ok
    assert "100000 byte limit" in result.error
    assert result.body == b""


def test_gzip_bomb_is_stopped_at_the_limit(server):
    base_url, _ = server
    result = fetch_one(f"{base_url}/bomb")
    assert not result.ok
    assert "byte limit" in result.error


def test_slow_server_times_out_with_a_clear_error(server):
    base_url, _ = server
    result = fetch_one(f"{base_url}/slow", timeout=0.5)
    assert result.error == "timed out after 0.5 s"


def test_http_error_status_is_an_error_with_the_status(server):
    base_url, _ = server
    result = fetch_one(f"{base_url}/gone")
    assert result.status == 404
    assert result.error == "HTTP 404 Not Found"


def test_loopback_is_refused_unless_allowed(server):
    base_url, seen = server
    result = fetch_one(f"{base_url}/feed", allow_networks=())
    assert "SSRF guard" in result.error
    assert seen == []


def test_host_name_resolving_to_loopback_is_refused_unless_allowed(server):
    base_url, seen = server
    result = fetch_one(base_url.replace("127.0.0.1", "localhost") + "/feed", allow_networks=())
    assert "SSRF guard" in result.error
    assert seen == []


def test_unreachable_host_is_an_error_not_an_exception():
    result = fetch_one("http://newsstand-test.invalid/feed")
    assert result.status == 0
    assert result.error.startswith("cannot connect")


@pytest.mark.parametrize(
    ("address", "allowed"),
    [
        ("93.184.216.34", True),
        ("2606:2800:220:1:248:1893:25c8:1946", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("0.0.0.0", False),  # noqa: S104 - an address to refuse, not to bind
        ("::1", False),
        ("fe80::1", False),
        ("fd00::1", False),
        ("::ffff:127.0.0.1", False),
        ("224.0.0.1", False),
    ],
)
def test_ssrf_guard_allows_only_public_addresses(address, allowed):
    assert is_address_allowed(ipaddress.ip_address(address), ()) is allowed


def test_allowed_network_lets_its_addresses_through():
    assert is_address_allowed(ipaddress.ip_address("127.0.0.5"), LOOPBACK)
    assert not is_address_allowed(ipaddress.ip_address("10.0.0.1"), LOOPBACK)


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.com/feed", "javascript:alert(1)", "http://"]
)
def test_non_http_urls_are_refused(url):
    with pytest.raises(ValueError, match="not an http"):
        check_url(url, ())
