"""The synthetic publisher farm the ingestion benchmark fetches from."""

import gzip
import json
import urllib.request
import xml.etree.ElementTree as ET

import pytest

from newsstand.simulator.synthetic import (
    NEW_ITEMS_PER_BUMP,
    SyntheticFarm,
    make_app,
    serve_in_process,
)
from tests.local_server import serve
from tests.simulator.conftest import get

pytestmark = pytest.mark.network

BASE = "http://farm.example"


@pytest.fixture(scope="module")
def farm_url() -> str:
    with serve(make_app(feeds=5, items=4, seed=7)) as base_url:
        yield base_url


def items_of(document: bytes) -> list[ET.Element]:
    return ET.fromstring(document).findall("./channel/item")  # noqa: S314 - our own output


def test_same_seed_renders_the_same_feed_byte_for_byte():
    assert SyntheticFarm(3, 5, seed=1).render(BASE, 2) == SyntheticFarm(3, 5, seed=1).render(
        BASE, 2
    )
    assert SyntheticFarm(3, 5, seed=1).render(BASE, 2) != SyntheticFarm(3, 5, seed=2).render(
        BASE, 2
    )


def test_each_feed_has_the_requested_items_of_one_to_three_kilobytes():
    farm = SyntheticFarm(2, 6)
    items = items_of(farm.render(BASE, 1).encode())
    assert len(items) == 6
    assert len({item.findtext("guid") for item in items}) == 6
    for item in items:
        html = item.findtext("{http://purl.org/rss/1.0/modules/content/}encoded")
        assert 800 <= len(html) <= 3500


def test_bump_publishes_new_items_in_the_chosen_share_only():
    farm = SyntheticFarm(10, 4, seed=3)
    before = {n: farm.render(BASE, n) for n in range(10)}
    bumped = farm.bump(0.3)
    assert len(bumped) == 3
    assert bumped == SyntheticFarm(10, 4, seed=3).bump(0.3)
    for n in range(10):
        assert (farm.render(BASE, n) != before[n]) == (n in bumped)
    new_items = items_of(farm.render(BASE, bumped[0]).encode())
    assert len(new_items) == 4
    old_guids = {item.findtext("guid") for item in items_of(before[bumped[0]].encode())}
    assert len({item.findtext("guid") for item in new_items} & old_guids) == 4 - min(
        4, NEW_ITEMS_PER_BUMP
    )


def test_feed_is_served_with_a_strong_etag_and_last_modified(farm_url):
    reply = get(f"{farm_url}/synthetic/3.xml")
    assert reply.status == 200
    assert reply.headers["Content-Type"].startswith("application/rss+xml")
    assert reply.headers["ETag"].startswith('"')
    assert "Last-Modified" in reply.headers
    assert len(items_of(reply.body)) == 4


def test_current_if_none_match_gets_304(farm_url):
    etag = get(f"{farm_url}/synthetic/0.xml").headers["ETag"]
    assert get(f"{farm_url}/synthetic/0.xml", **{"If-None-Match": etag}).status == 304
    assert get(f"{farm_url}/synthetic/0.xml", **{"If-None-Match": '"stale"'}).status == 200


def test_current_if_modified_since_gets_304(farm_url):
    last_modified = get(f"{farm_url}/synthetic/1.xml").headers["Last-Modified"]
    reply = get(f"{farm_url}/synthetic/1.xml", **{"If-Modified-Since": last_modified})
    assert reply.status == 304
    older = "Mon, 01 Jan 2024 00:00:00 GMT"
    assert get(f"{farm_url}/synthetic/1.xml", **{"If-Modified-Since": older}).status == 200


def test_gzip_is_served_when_accepted(farm_url):
    plain = get(f"{farm_url}/synthetic/2.xml").body
    reply = get(f"{farm_url}/synthetic/2.xml", **{"Accept-Encoding": "gzip"})
    assert reply.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(reply.body) == plain


def test_feed_beyond_the_farm_is_404(farm_url):
    assert get(f"{farm_url}/synthetic/5.xml").status == 404


def test_bump_over_http_changes_the_etag_of_bumped_feeds(farm_url):
    etags = {n: get(f"{farm_url}/synthetic/{n}.xml").headers["ETag"] for n in range(5)}
    url = f"{farm_url}/synthetic/bump?share=0.4"
    request = urllib.request.Request(url, method="POST")  # noqa: S310 - loopback
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
        bumped = json.load(response)["bumped"]
    assert len(bumped) == 2
    for n in range(5):
        reply = get(f"{farm_url}/synthetic/{n}.xml", **{"If-None-Match": etags[n]})
        assert reply.status == (200 if n in bumped else 304)


def test_serve_in_process_serves_prerendered_feeds_on_loopback():
    with serve_in_process(feeds=2, items=3, latency=0.01) as base_url:
        assert base_url.startswith("http://127.0.0.1:")
        reply = get(f"{base_url}/synthetic/1.xml")
    assert reply.status == 200
    assert len(items_of(reply.body)) == 3


def test_stats_count_whole_documents_and_304s():
    with serve(make_app(feeds=1, items=1)) as base_url:
        etag = get(f"{base_url}/synthetic/0.xml").headers["ETag"]
        get(f"{base_url}/synthetic/0.xml", **{"If-None-Match": etag})
        get(f"{base_url}/synthetic/0.xml", **{"If-None-Match": etag})
        assert json.loads(get(f"{base_url}/synthetic/stats").body) == {"ok": 1, "not_modified": 2}
