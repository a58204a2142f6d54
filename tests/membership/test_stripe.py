"""Stripe: signatures, checkout, the portal, and webhooks applied once, in any order."""

import time
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from newsstand.membership.models import LedgerEntry, Membership, ProviderEvent
from newsstand.membership.providers.stripe import (
    SignatureError,
    form_encode,
    sign_payload,
    verify_signature,
)
from newsstand.membership.services import do_start_trial
from tests.concurrency import run_at_once
from tests.membership import events
from tests.membership.conftest import signed

WEBHOOK = "/membership/webhooks/stripe/"
SECRET = "whsec_abc"


def test_a_signature_made_with_stripes_scheme_verifies():
    payload = b'{"id": "evt_1"}'
    now = 1_700_000_000
    verify_signature(payload, sign_payload(payload, SECRET, now), SECRET, 300, now=now + 10)


@pytest.mark.parametrize(
    ("header", "why"),
    [
        ("", "malformed"),
        ("t=abc,v1=00", "malformed"),
        ("t=1700000000", "malformed"),
        ("t=1700000000,v1=" + "0" * 64, "does not match"),
    ],
)
def test_a_missing_or_forged_signature_is_refused(header, why):
    with pytest.raises(SignatureError, match=why):
        verify_signature(b"{}", header, SECRET, 300, now=1_700_000_000)


def test_a_signature_older_than_the_tolerance_is_refused():
    payload = b"{}"
    header = sign_payload(payload, SECRET, 1_700_000_000)
    with pytest.raises(SignatureError, match="tolerance"):
        verify_signature(payload, header, SECRET, 300, now=1_700_000_000 + 301)


def test_a_signature_over_another_body_or_with_another_secret_is_refused():
    header = sign_payload(b'{"a": 1}', SECRET, 1_700_000_000)
    with pytest.raises(SignatureError):
        verify_signature(b'{"a": 2}', header, SECRET, 300, now=1_700_000_000)
    with pytest.raises(SignatureError):
        verify_signature(b'{"a": 1}', header, "whsec_other", 300, now=1_700_000_000)


def test_stripes_nested_form_encoding():
    assert form_encode({"a": {"b": 1}, "items": [{"price": "p"}], "flag": True, "x": None}) == [
        ("a[b]", "1"),
        ("items[0][price]", "p"),
        ("flag", "true"),
    ]


@pytest.mark.django_db
def test_an_unsigned_webhook_is_refused_and_changes_nothing(client, stripe_settings, clock):
    event = events.subscription("customer.subscription.deleted", clock.now())
    response = client.post(WEBHOOK, **signed(event, secret="whsec_wrong"))
    assert response.status_code == 400
    old = client.post(WEBHOOK, **signed(event, at=int(time.time()) - 3600))
    assert old.status_code == 400
    assert not ProviderEvent.objects.exists()


@pytest.mark.django_db
def test_checkout_opens_a_stripe_checkout_session_for_the_plan(client, make_reader, fake_stripe):
    reader = make_reader("ann@example.org")
    client.force_login(reader)
    response = client.post(reverse("membership:checkout", args=["annual"]))
    assert response.status_code == 302
    assert response["Location"] == "https://checkout.stripe.test/c/1"
    path, form = fake_stripe.requests[0]
    membership = Membership.objects.get(user=reader)
    assert path == "/v1/checkout/sessions"
    assert form["mode"] == "subscription"
    assert form["line_items[0][price]"] == "price_annual"
    assert form["client_reference_id"] == str(membership.pk)
    assert form["customer_email"] == "ann@example.org"
    assert form["success_url"].endswith(reverse("membership:checkout_done"))


@pytest.mark.django_db
def test_checkout_needs_a_signed_in_reader_and_a_post(client, fake_stripe):
    assert client.get(reverse("membership:checkout", args=["monthly"])).status_code == 302
    assert fake_stripe.requests == []


@pytest.mark.django_db
def test_checkout_is_refused_to_a_reader_with_a_running_subscription(
    client, make_reader, fake_stripe
):
    reader = make_reader()
    Membership.objects.create(user=reader, state="active", provider="stripe", subscription_id="s")
    client.force_login(reader)
    response = client.post(reverse("membership:checkout", args=["monthly"]), follow=True)
    assert b"already have a membership" in response.content
    assert fake_stripe.requests == []


@pytest.mark.django_db(transaction=True)
def test_a_double_clicked_checkout_opens_one_session(make_reader, fake_stripe):
    reader = make_reader()

    def click():
        client = Client()
        client.force_login(reader)
        return client.post(reverse("membership:checkout", args=["monthly"]))["Location"]

    locations = run_at_once(click, threads=4)

    assert len(set(locations)) == 1
    assert [path for path, _ in fake_stripe.requests] == ["/v1/checkout/sessions"]
    assert Membership.objects.filter(user=reader).count() == 1


@pytest.mark.django_db
def test_the_portal_opens_for_the_readers_stripe_customer(client, make_reader, fake_stripe):
    reader = make_reader()
    Membership.objects.create(
        user=reader, state="active", provider="stripe", customer_id="cus_9", subscription_id="s"
    )
    client.force_login(reader)
    response = client.post(reverse("membership:manage"))
    assert response["Location"] == "https://billing.stripe.test/p/cus_9"
    assert fake_stripe.requests[0][1]["return_url"].endswith(reverse("membership:account"))


@pytest.fixture
def trialist(make_reader, clock):
    return do_start_trial(make_reader(), clock.now())


def deliver(client, event):
    response = client.post(WEBHOOK, **signed(event))
    assert response.status_code == 200, response.content
    return response.json()["outcome"]


@pytest.mark.django_db
def test_a_replayed_event_is_applied_once(client, stripe_settings, clock, trialist):
    now = clock.now()
    paid = events.invoice(
        "invoice.paid", "in_1", now, now + timedelta(days=30), now, membership_id=trialist.pk
    )
    assert deliver(client, paid).startswith("charge booked")
    assert deliver(client, paid) == "already applied"
    # Another event for the same invoice (Stripe sends invoice.payment_succeeded too, say).
    assert deliver(client, {**paid, "id": "evt_other"}) == "invoice already booked"
    assert LedgerEntry.objects.filter(reference="in_1").count() == 1
    trialist.refresh_from_db()
    assert trialist.events.filter(to_state="active").count() == 1


@pytest.mark.django_db
def test_an_invoice_paid_before_its_checkout_completed_still_finds_the_membership(
    client, stripe_settings, clock, trialist
):
    now = clock.now()
    paid = events.invoice(
        "invoice.paid", "in_1", now, now + timedelta(days=30), now, membership_id=trialist.pk
    )
    deliver(client, paid)
    deliver(client, events.checkout_completed(trialist.pk, now - timedelta(seconds=5)))
    trialist.refresh_from_db()
    assert (trialist.state, trialist.subscription_id, trialist.customer_id) == (
        "active",
        "sub_1",
        "cus_1",
    )


@pytest.mark.django_db
def test_a_stale_subscription_update_is_ignored(client, stripe_settings, clock, trialist):
    now = clock.now()
    deliver(client, events.checkout_completed(trialist.pk, now))
    deliver(client, events.invoice("invoice.paid", "in_1", now, now + timedelta(days=30), now))
    canceled = events.subscription(
        "customer.subscription.updated", now + timedelta(minutes=2), cancel_at_period_end=True
    )
    older = events.subscription("customer.subscription.updated", now + timedelta(minutes=1))
    deliver(client, canceled)
    assert deliver(client, older) == "ignored: older than the last update applied"
    trialist.refresh_from_db()
    assert trialist.state == "canceled"
    # A newer update withdrawing the cancellation applies.
    resumed = events.subscription("customer.subscription.updated", now + timedelta(minutes=3))
    assert deliver(client, resumed) == "resumed"
    trialist.refresh_from_db()
    assert trialist.state == "active"


@pytest.mark.django_db
def test_a_payment_failure_delivered_after_the_retry_that_paid_is_ignored(
    client, stripe_settings, clock, trialist
):
    now = clock.now()
    end = now + timedelta(days=30)
    deliver(client, events.checkout_completed(trialist.pk, now))
    deliver(client, events.invoice("invoice.paid", "in_1", now, end, now))
    failed = events.invoice("invoice.payment_failed", "in_1", now, end, now)
    assert deliver(client, failed) == "ignored: period already paid, or not running"
    trialist.refresh_from_db()
    assert trialist.state == "active"


@pytest.mark.django_db
def test_a_deleted_subscription_keeps_the_paid_period_then_expires(
    client, stripe_settings, clock, trialist
):
    now = clock.now()
    deliver(client, events.checkout_completed(trialist.pk, now))
    deliver(client, events.invoice("invoice.paid", "in_1", now, now + timedelta(days=30), now))
    deliver(client, events.subscription("customer.subscription.deleted", now, status="canceled"))
    trialist.refresh_from_db()
    assert trialist.state == "canceled"
    assert trialist.reads_until() == now + timedelta(days=30)


@pytest.mark.django_db
def test_a_refund_is_booked_negative_against_the_period_it_paid_for(
    client, stripe_settings, clock, trialist
):
    now = clock.now()
    end = now + timedelta(days=30)
    deliver(client, events.checkout_completed(trialist.pk, now))
    deliver(client, events.invoice("invoice.paid", "in_1", now, end, now))
    charge = {
        "id": "ch_1",
        "customer": "cus_1",
        "invoice": "in_1",
        "currency": "usd",
        "refunds": {"data": [{"id": "re_1", "amount": 500, "currency": "usd"}]},
    }
    refund = events.event("charge.refunded", charge, now)
    assert deliver(client, refund) == "1 refund(s) booked"
    assert deliver(client, {**refund, "id": "evt_again"}) == "0 refund(s) booked"
    entry = LedgerEntry.objects.get(kind="refund")
    assert (entry.amount, entry.period_start, entry.period_end) == (-500, now, end)
    assert entry.membership_id == trialist.pk


@pytest.mark.django_db(transaction=True)
def test_concurrent_deliveries_of_one_event_apply_it_once(stripe_settings, clock, make_reader):
    trialist = do_start_trial(make_reader(), clock.now())
    now = clock.now()
    paid = events.invoice(
        "invoice.paid", "in_1", now, now + timedelta(days=30), now, membership_id=trialist.pk
    )
    delivery = signed(paid)

    outcomes = run_at_once(lambda: Client().post(WEBHOOK, **delivery).json()["outcome"], 4)

    assert outcomes.count("already applied") == 3
    assert ProviderEvent.objects.filter(event_id=paid["id"]).count() == 1
    assert LedgerEntry.objects.filter(reference="in_1").count() == 1
    assert Membership.objects.get(pk=trialist.pk).events.filter(to_state="active").count() == 1


@pytest.mark.django_db
def test_an_unreachable_stripe_is_a_message_not_an_error_page(client, make_reader, stripe_settings):
    stripe_settings.STRIPE_API_BASE = "http://127.0.0.1:1"
    client.force_login(make_reader())
    response = client.post(reverse("membership:checkout", args=["monthly"]), follow=True)
    assert response.status_code == 200
    assert b"Could not reach the payment provider" in response.content


def test_stripes_api_is_only_reached_over_https_or_on_loopback():
    from newsstand.membership.providers import ProviderError
    from newsstand.membership.providers.stripe import StripeClient

    StripeClient("sk", "https://api.stripe.com")
    StripeClient("sk", "http://127.0.0.1:9999")
    with pytest.raises(ProviderError):
        StripeClient("sk", "http://localhost.evil.test")
