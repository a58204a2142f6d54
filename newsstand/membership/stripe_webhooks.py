"""Stripe's webhook events applied to memberships, each once.

An event's id is stored (ProviderEvent, unique) in the same transaction that applies it: a
replay, or a second delivery racing the first, hits the unique constraint and changes nothing;
an event whose handling fails rolls back whole and Stripe delivers it again. Events may come
out of order: subscription updates older than the newest one applied are ignored, invoices are
keyed by their id and a failure for a period already paid is ignored.
"""

import json
import logging
from collections.abc import Callable
from datetime import UTC, datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q

from newsstand.membership import clock
from newsstand.membership.models import LedgerEntry, Membership, ProviderEvent
from newsstand.membership.plans import plan_for_stripe_price
from newsstand.membership.providers.stripe import verify_signature
from newsstand.membership.services import (
    Charge,
    do_cancel,
    do_record_charge,
    do_record_payment_failure,
    do_record_refund,
    do_resume,
    has_access,
)

logger = logging.getLogger(__name__)
STRIPE = Membership.Provider.STRIPE


def do_handle_stripe_webhook(payload: bytes, signature_header: str) -> str:
    """Verify and apply one delivery; returns what was done. Raises SignatureError for a
    delivery that is not Stripe's, ValueError for one that is not an event."""
    verify_signature(
        payload,
        signature_header,
        settings.STRIPE_WEBHOOK_SECRET,
        settings.STRIPE_WEBHOOK_TOLERANCE,
    )
    event = json.loads(payload)
    if not isinstance(event, dict) or not event.get("id") or not event.get("type"):
        raise ValueError("not a Stripe event")
    now = clock.now()
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = ProviderEvent.objects.create(
                    provider=STRIPE, event_id=event["id"], kind=event["type"], received_at=now
                )
        except IntegrityError:
            return "already applied"
        handler = HANDLERS.get(event["type"])
        outcome = handler(event, now) if handler else "ignored: not an event we act on"
        record.outcome = outcome[:200]
        record.save(update_fields=["outcome"])
    logger.info("stripe %s %s: %s", event["type"], event["id"], outcome)
    return outcome


def _at(timestamp: int | None) -> datetime | None:
    return datetime.fromtimestamp(timestamp, tz=UTC) if timestamp else None


def _subscription_of(invoice: dict) -> tuple[str, dict]:
    """The invoice's subscription id and its metadata (old and new API shapes alike)."""
    details = (
        (invoice.get("parent") or {}).get("subscription_details")
        or invoice.get("subscription_details")
        or {}
    )
    subscription = invoice.get("subscription") or details.get("subscription") or ""
    if isinstance(subscription, dict):
        subscription = subscription.get("id", "")
    return subscription, details.get("metadata") or {}


def _lock_membership(
    subscription: str = "", customer: str = "", membership_id: object = None
) -> Membership | None:
    """The membership an object belongs to, locked: by subscription, else by our own id in
    its metadata, else by customer."""
    lookups = []
    if subscription:
        lookups.append(Q(provider=STRIPE, subscription_id=subscription))
    if str(membership_id or "").isdigit():
        lookups.append(Q(pk=int(membership_id)))
    if customer:
        lookups.append(Q(provider=STRIPE, customer_id=customer))
    for lookup in lookups:
        found = Membership.objects.select_for_update().filter(lookup).first()
        if found is not None:
            return found
    return None


def _link(membership: Membership, subscription: str, customer: str, now: datetime) -> None:
    """Remember the Stripe ids an event names; a new subscription replaces one that ended."""
    if subscription and (not membership.subscription_id or not has_access(membership, now)):
        membership.subscription_id = subscription
    if customer and not membership.customer_id:
        membership.customer_id = customer
    membership.provider = STRIPE


def checkout_completed(event: dict, now: datetime) -> str:
    session = event["data"]["object"]
    membership = _lock_membership(membership_id=session.get("client_reference_id"))
    if membership is None:
        return "ignored: no membership for this checkout"
    subscription, customer = session.get("subscription") or "", session.get("customer") or ""
    running = membership.state in {Membership.State.ACTIVE, Membership.State.PAST_DUE}
    if running and subscription and membership.subscription_id not in {"", subscription}:
        logger.warning("membership %s got a second subscription %s", membership.pk, subscription)
        return f"second subscription {subscription} not linked; refund it in Stripe"
    _link(membership, subscription, customer, now)
    plan = (session.get("metadata") or {}).get("plan", "")
    if plan:
        membership.plan = plan
    membership.checkout_id = membership.checkout_url = membership.checkout_plan = ""
    membership.save()
    return "checkout linked to membership"


def invoice_paid(event: dict, now: datetime) -> str:
    invoice = event["data"]["object"]
    subscription, metadata = _subscription_of(invoice)
    membership = _lock_membership(
        subscription, invoice.get("customer") or "", metadata.get("membership_id")
    )
    if membership is None:
        return "ignored: no membership for this invoice"
    _link(membership, subscription, invoice.get("customer") or "", now)
    line = ((invoice.get("lines") or {}).get("data") or [{}])[0]
    period = line.get("period") or {}
    start = _at(period.get("start")) or _at(invoice.get("period_start")) or now
    end = _at(period.get("end")) or _at(invoice.get("period_end")) or now
    price = (line.get("price") or {}).get("id") or (
        ((line.get("pricing") or {}).get("price_details") or {}).get("price", "")
    )
    charge = Charge(
        amount=int(invoice.get("amount_paid") or 0),
        currency=invoice.get("currency") or settings.MEMBERSHIP_CURRENCY,
        period_start=start,
        period_end=end,
        reference=invoice["id"],
        source_event=event["id"],
    )
    if not do_record_charge(membership, plan_for_stripe_price(price), charge, STRIPE, now):
        return "invoice already booked"
    return f"charge booked; paid until {end:%Y-%m-%d}"


def invoice_payment_failed(event: dict, now: datetime) -> str:
    invoice = event["data"]["object"]
    subscription, metadata = _subscription_of(invoice)
    membership = _lock_membership(
        subscription, invoice.get("customer") or "", metadata.get("membership_id")
    )
    if membership is None:
        return "ignored: no membership for this invoice"
    line = ((invoice.get("lines") or {}).get("data") or [{}])[0]
    period_end = _at((line.get("period") or {}).get("end"))
    if do_record_payment_failure(membership, period_end, event["id"], now):
        return "past due; grace period started"
    return "ignored: period already paid, or not running"


def _fresh_subscription(event: dict, now: datetime) -> tuple[Membership | None, dict, str]:
    """The subscription's membership, unless this event is older than one applied already."""
    subscription = event["data"]["object"]
    membership = _lock_membership(
        subscription.get("id", ""),
        subscription.get("customer") or "",
        (subscription.get("metadata") or {}).get("membership_id"),
    )
    if membership is None:
        return None, subscription, "ignored: no membership for this subscription"
    created = _at(event.get("created"))
    if membership.synced_at and created and created < membership.synced_at:
        return None, subscription, "ignored: older than the last update applied"
    membership.synced_at = created or membership.synced_at
    _link(membership, subscription.get("id", ""), subscription.get("customer") or "", now)
    return membership, subscription, ""


def subscription_updated(event: dict, now: datetime) -> str:
    membership, subscription, skipped = _fresh_subscription(event, now)
    if membership is None:
        return skipped
    items = (subscription.get("items") or {}).get("data") or [{}]
    plan = plan_for_stripe_price((items[0].get("price") or {}).get("id", ""))
    if plan is not None:
        membership.plan = plan.code
    outcome = "subscription synced"
    if subscription.get("cancel_at_period_end") or subscription.get("cancel_at"):
        if do_cancel(membership, "canceled in Stripe (at period end)", now, event["id"]):
            outcome = "canceled at period end"
    elif subscription.get("status") == "active" and do_resume(
        membership, "cancellation withdrawn in Stripe", now, event["id"]
    ):
        outcome = "resumed"
    membership.save()
    return outcome


def subscription_deleted(event: dict, now: datetime) -> str:
    membership, _, skipped = _fresh_subscription(event, now)
    if membership is None:
        return skipped
    do_cancel(membership, "subscription ended in Stripe", now, event["id"])
    membership.save()
    return f"subscription ended; {membership.state}"


def charge_refunded(event: dict, now: datetime) -> str:
    charge = event["data"]["object"]
    membership = _lock_membership(customer=charge.get("customer") or "")
    paid = LedgerEntry.objects.filter(provider=STRIPE, reference=charge.get("invoice") or "-")
    paid = paid.first()
    period = (paid.period_start, paid.period_end) if paid else (now, now)
    booked = [
        do_record_refund(
            membership,
            refund["amount"],
            refund.get("currency") or charge.get("currency") or settings.MEMBERSHIP_CURRENCY,
            refund["id"],
            period,
            STRIPE,
            event["id"],
            now,
        )
        for refund in (charge.get("refunds") or {}).get("data") or []
    ]
    return f"{sum(booked)} refund(s) booked"


HANDLERS: dict[str, Callable[[dict, datetime], str]] = {
    "checkout.session.completed": checkout_completed,
    "invoice.paid": invoice_paid,
    "invoice.payment_failed": invoice_payment_failed,
    "customer.subscription.updated": subscription_updated,
    "customer.subscription.deleted": subscription_deleted,
    "charge.refunded": charge_refunded,
}
