"""Fixtures of the membership tests: a clock to drive, readers, Stripe's signing and a fake
Stripe API on 127.0.0.1."""

import itertools
import json
import time
from datetime import UTC, datetime

import pytest
from aiohttp import web
from django.contrib.auth import get_user_model

from newsstand.membership import clock as membership_clock
from newsstand.membership.providers.stripe import sign_payload
from tests.local_server import serve

WEBHOOK_SECRET = "whsec_test_secret"
START = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
_sequence = itertools.count(1)


@pytest.fixture
def clock():
    """The membership clock, stopped at 1 March 2025 09:00 UTC; tests move it on."""
    membership_clock.set_to(START)
    yield membership_clock
    membership_clock.set_to(None)


@pytest.fixture
def make_reader(db):
    def make(email: str = ""):
        email = email or f"reader{next(_sequence)}@example.org"
        return get_user_model().objects.create_user(email, "correct horse battery")

    return make


@pytest.fixture
def stripe_settings(settings):
    settings.PAYMENT_PROVIDER = "stripe"
    settings.STRIPE_SECRET_KEY = "sk_test_123"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_PRICE_MONTHLY = "price_monthly"
    settings.STRIPE_PRICE_ANNUAL = "price_annual"
    return settings


def signed(event: dict, secret: str = WEBHOOK_SECRET, at: int | None = None) -> dict:
    """Keyword arguments for client.post delivering `event` as Stripe would, signed."""
    payload = json.dumps(event).encode()
    header = sign_payload(payload, secret, at if at is not None else int(time.time()))
    return {
        "data": payload,
        "content_type": "application/json",
        "HTTP_STRIPE_SIGNATURE": header,
    }


class FakeStripe:
    """Stripe's API as far as Newsstand calls it, recording every request."""

    def __init__(self):
        self.requests: list[tuple[str, dict]] = []

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/v1/checkout/sessions", self.checkout)
        app.router.add_post("/v1/billing_portal/sessions", self.portal)
        app.router.add_post("/v1/subscriptions/{id}", self.subscription)
        return app

    async def _record(self, request: web.Request) -> dict:
        form = dict(await request.post())
        assert request.headers["Authorization"] == "Bearer sk_test_123"
        self.requests.append((request.path, form))
        return form

    async def checkout(self, request: web.Request) -> web.Response:
        await self._record(request)
        number = len(self.requests)
        return web.json_response(
            {"id": f"cs_test_{number}", "url": f"https://checkout.stripe.test/c/{number}"}
        )

    async def portal(self, request: web.Request) -> web.Response:
        form = await self._record(request)
        return web.json_response({"url": f"https://billing.stripe.test/p/{form['customer']}"})

    async def subscription(self, request: web.Request) -> web.Response:
        form = await self._record(request)
        return web.json_response({"id": request.match_info["id"], **form})


@pytest.fixture
def fake_stripe(stripe_settings):
    fake = FakeStripe()
    with serve(fake.app()) as base_url:
        stripe_settings.STRIPE_API_BASE = base_url
        yield fake
