"""Stripe: Checkout Sessions to subscribe, the customer portal to manage, signed webhooks.

A small client over Stripe's form-encoded REST API (urllib; the base URL is a setting, so
tests run a fake on 127.0.0.1). Webhook signatures follow Stripe's scheme: the
`Stripe-Signature` header holds `t=<unix time>` and one or more `v1=<hex>`, each an HMAC-SHA256
of "<t>.<raw body>" under the endpoint's signing secret.
"""

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings

from newsstand.membership.models import Membership
from newsstand.membership.plans import Plan
from newsstand.membership.providers import Checkout, ProviderError

TIMEOUT = 10  # seconds; a reader is waiting on the other end
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}  # plain http only to a local fake


class SignatureError(Exception):
    """A webhook whose signature is missing, wrong or too old."""


def sign_payload(payload: bytes, secret: str, timestamp: int) -> str:
    """The Stripe-Signature header Stripe would send for `payload` at `timestamp`."""
    signed = f"{timestamp}.".encode() + payload
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def verify_signature(
    payload: bytes, header: str, secret: str, tolerance: int, now: float | None = None
) -> None:
    """Raise SignatureError unless `header` signs `payload` with `secret` within `tolerance`
    seconds of now (a replay of an old delivery is refused)."""
    if not secret:
        raise SignatureError("no webhook signing secret is configured")
    pairs = [part.split("=", 1) for part in header.split(",") if "=" in part]
    timestamps = [value for key, value in pairs if key.strip() == "t"]
    signatures = [value.strip() for key, value in pairs if key.strip() == "v1"]
    if len(timestamps) != 1 or not timestamps[0].strip().isdigit() or not signatures:
        raise SignatureError("malformed Stripe-Signature header")
    timestamp = int(timestamps[0])
    expected = sign_payload(payload, secret, timestamp).split("v1=", 1)[1]
    if not any(hmac.compare_digest(expected, candidate) for candidate in signatures):
        raise SignatureError("signature does not match")
    if abs((now if now is not None else time.time()) - timestamp) > tolerance:
        raise SignatureError("signature timestamp outside the tolerance window")


def form_encode(params: dict, prefix: str = "") -> list[tuple[str, str]]:
    """Stripe's nested form encoding: {"a": {"b": 1}, "c": [x]} → a[b]=1, c[0]=x."""
    pairs: list[tuple[str, str]] = []
    for key, value in params.items():
        name = f"{prefix}[{key}]" if prefix else str(key)
        if isinstance(value, dict):
            pairs += form_encode(value, name)
        elif isinstance(value, list):
            pairs += form_encode(dict(enumerate(value)), name)
        elif isinstance(value, bool):
            pairs.append((name, "true" if value else "false"))
        elif value is not None:
            pairs.append((name, str(value)))
    return pairs


class StripeClient:
    def __init__(self, api_key: str, api_base: str):
        if not api_key:
            raise ProviderError("Payments are not set up yet (no Stripe key). Try again later.")
        base = urllib.parse.urlsplit(api_base)
        if base.scheme != "https" and base.hostname not in LOOPBACK_HOSTS:
            raise ProviderError("STRIPE_API_BASE must be an https:// URL")
        self.api_key = api_key
        self.api_base = api_base.rstrip("/")

    def post(self, path: str, params: dict) -> dict:
        """POST to the API; the parsed object, or ProviderError with Stripe's message."""
        body = urllib.parse.urlencode(form_encode(params)).encode()
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
            self.api_base + path, data=body, method="POST"
        )
        request.add_header("Authorization", f"Bearer {self.api_key}")
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
                return json.loads(response.read())
        except urllib.error.HTTPError as error:
            raise ProviderError(_error_message(error)) from None
        except (OSError, ValueError) as error:
            raise ProviderError(f"Could not reach the payment provider ({error}).") from None


def _error_message(error: urllib.error.HTTPError) -> str:
    try:
        return json.loads(error.read())["error"]["message"]
    except (ValueError, KeyError, TypeError):
        return f"The payment provider answered HTTP {error.code}."


class StripeProvider:
    name = Membership.Provider.STRIPE
    takes_payments = True

    def __init__(self, client: StripeClient):
        self.client = client

    @classmethod
    def from_settings(cls) -> "StripeProvider":
        return cls(StripeClient(settings.STRIPE_SECRET_KEY, settings.STRIPE_API_BASE))

    def start_checkout(
        self, membership: Membership, plan: Plan, success_url: str, cancel_url: str
    ) -> Checkout:
        if not plan.stripe_price:
            raise ProviderError(f"The {plan.name.lower()} plan is not on sale yet.")
        params: dict = {
            "mode": "subscription",
            "line_items": [{"price": plan.stripe_price, "quantity": 1}],
            "client_reference_id": str(membership.pk),
            "success_url": success_url,
            "cancel_url": cancel_url,
            "metadata": {"membership_id": membership.pk, "plan": plan.code},
            "subscription_data": {"metadata": {"membership_id": membership.pk}},
        }
        if membership.customer_id:
            params["customer"] = membership.customer_id
        else:
            params["customer_email"] = membership.user.email
        session = self.client.post("/v1/checkout/sessions", params)
        return Checkout(id=session["id"], url=session["url"])

    def manage_url(self, membership: Membership, return_url: str) -> str | None:
        if not membership.customer_id:
            return None
        params = {"customer": membership.customer_id, "return_url": return_url}
        return self.client.post("/v1/billing_portal/sessions", params)["url"]

    def cancel_at_period_end(self, membership: Membership) -> None:
        self.client.post(
            f"/v1/subscriptions/{urllib.parse.quote(membership.subscription_id, safe='')}",
            {"cancel_at_period_end": True},
        )
