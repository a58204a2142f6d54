"""WebSub: finding hubs, subscribing through them, verifying, and accepting signed pushes."""

from datetime import timedelta

import pytest
from aiohttp import web
from django.utils import timezone

from newsstand.articles.models import Article
from newsstand.ingest.fetch import FetchPolicy, parse_networks
from newsstand.ingest.services import do_claim_feeds, do_request_websub, refresh_feeds
from newsstand.ingest.websub import Hub, check_signature, find_hub, sign
from newsstand.publishers.models import Feed
from tests.factories import make_feed
from tests.local_server import serve

POLICY = FetchPolicy(timeout=5, allow_networks=parse_networks(["127.0.0.0/8"]))
ATOM = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
<link rel="hub" href="https://hub.example/"/><link rel="self" href="https://pub.example/atom"/>
<entry><title>One</title><id>urn:1</id><link href="https://pub.example/1"/>
<updated>2026-11-28T10:00:00Z</updated><content type="html">&lt;p&gt;First&lt;/p&gt;</content>
<link rel="hub" href="https://not-the-hub.example/"/></entry></feed>"""


@pytest.mark.parametrize(
    ("body", "headers", "expected"),
    [
        (ATOM, {}, Hub("https://hub.example/", "https://pub.example/atom")),
        (
            b"<rss><channel><atom:link rel='hub' href='https://h.example/'/><item/></channel></rss>",
            {},
            Hub("https://h.example/", "https://feed.example/rss"),
        ),
        (
            b"<rss/>",
            {"Link": '<https://h.example/>; rel="hub", <https://pub.example/self>; rel="self"'},
            Hub("https://h.example/", "https://pub.example/self"),
        ),
        (
            b'{"version": "https://jsonfeed.org/version/1.1", "feed_url": "https://p.example/j",'
            b' "hubs": [{"type": "WebSub", "url": "https://h.example/"}]}',
            {},
            Hub("https://h.example/", "https://p.example/j"),
        ),
        (b"<rss><channel><item><link>x</link></item></channel></rss>", {}, None),
    ],
)
def test_hub_is_found_in_link_headers_and_feed_heads_only(body, headers, expected):
    assert find_hub(body, headers, "https://feed.example/rss") == expected


@pytest.mark.parametrize(
    ("header", "valid"),
    [
        (sign("s3cret", b"body"), True),
        (sign("s3cret", b"body", "sha1"), True),
        (sign("other", b"body"), False),
        (sign("s3cret", b"other body"), False),
        ("md5=abc", False),
        ("", False),
    ],
)
def test_push_signature_must_be_the_body_hmac_under_our_secret(header, valid):
    assert check_signature("s3cret", b"body", header) is valid


@pytest.fixture
def hub_and_feed(settings):
    """A local publisher whose feed names a local hub that records subscription requests."""
    settings.PUBLIC_URL = "https://newsstand.example"
    requests = []
    hub_address = {}

    async def hub(request):
        requests.append(dict(await request.post()))
        return web.Response(status=202)

    async def feed(request):
        body = ATOM.replace(b"https://hub.example/", hub_address["url"].encode())
        return web.Response(body=body, content_type="application/atom+xml")

    app = web.Application()
    app.router.add_post("/hub", hub)
    app.router.add_get("/atom", feed)
    with serve(app) as base_url:
        hub_address["url"] = f"{base_url}/hub"
        yield make_feed(url=f"{base_url}/atom"), requests, f"{base_url}/hub"


@pytest.mark.django_db
def test_a_feed_naming_a_hub_is_subscribed_and_the_hub_verified(
    hub_and_feed, client, django_capture_on_commit_callbacks
):
    feed, requests, hub_url = hub_and_feed
    with django_capture_on_commit_callbacks() as callbacks:
        refresh_feeds(do_claim_feeds([feed.pk]), POLICY)
    feed.refresh_from_db()
    assert (feed.websub_hub, feed.websub_topic) == (hub_url, "https://pub.example/atom")
    # Queued once the fetch commits: the subscription, and the new article's story assignment
    # and topic tagging.
    assert len(callbacks) == 3
    assert do_request_websub(feed.pk, POLICY) == ""
    [request] = requests
    feed.refresh_from_db()
    assert request["hub.mode"] == "subscribe"
    assert request["hub.topic"] == "https://pub.example/atom"
    assert request["hub.callback"] == f"https://newsstand.example/websub/{feed.pk}/"
    assert request["hub.secret"] == feed.websub_secret

    answer = client.get(
        f"/websub/{feed.pk}/",
        {
            "hub.mode": "subscribe",
            "hub.topic": "https://pub.example/atom",
            "hub.challenge": "abc123",
            "hub.lease_seconds": "86400",
        },
    )
    assert (answer.status_code, answer.content) == (200, b"abc123")
    feed.refresh_from_db()
    assert feed.websub_expires_at > timezone.now() + timedelta(hours=23)


@pytest.mark.django_db
def test_verification_for_a_topic_we_did_not_ask_for_is_refused(client):
    feed = make_feed(websub_topic="https://pub.example/atom", websub_secret="s")
    answer = client.get(
        f"/websub/{feed.pk}/",
        {"hub.mode": "subscribe", "hub.topic": "https://evil.example/", "hub.challenge": "x"},
    )
    assert answer.status_code == 404
    assert Feed.objects.get().websub_expires_at is None


@pytest.mark.django_db
def test_signed_push_is_stored_and_unsigned_push_is_ignored(client):
    feed = make_feed(websub_topic="https://pub.example/atom", websub_secret="s3cret")
    forged = client.post(
        f"/websub/{feed.pk}/",
        ATOM,
        content_type="application/atom+xml",
        headers={"X-Hub-Signature": sign("guess", ATOM)},
    )
    assert forged.status_code == 200
    assert Article.objects.count() == 0
    signed = client.post(
        f"/websub/{feed.pk}/",
        ATOM,
        content_type="application/atom+xml",
        headers={"X-Hub-Signature": sign("s3cret", ATOM)},
    )
    assert signed.status_code == 202
    assert Article.objects.get().title == "One"


@pytest.mark.django_db
def test_a_denied_subscription_falls_back_to_polling(client):
    feed = make_feed(websub_secret="s", websub_expires_at=timezone.now() + timedelta(days=3))
    client.get(f"/websub/{feed.pk}/", {"hub.mode": "denied", "hub.reason": "not allowed"})
    feed.refresh_from_db()
    assert (feed.websub_expires_at, feed.websub_secret) == (None, "")


@pytest.mark.django_db
def test_without_a_public_url_nothing_is_subscribed(settings, django_capture_on_commit_callbacks):
    settings.PUBLIC_URL = ""
    feed = make_feed(websub_hub="https://hub.example/", websub_topic="https://t.example/")
    assert "NEWSSTAND_PUBLIC_URL" in do_request_websub(feed.pk, POLICY)
