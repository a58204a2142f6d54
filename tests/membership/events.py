"""Stripe events as Stripe sends them (the fields Newsstand reads), for the tests."""

import itertools
from datetime import datetime

_ids = itertools.count(1)


def ts(moment: datetime) -> int:
    return int(moment.timestamp())


def event(kind: str, obj: dict, created: datetime, event_id: str = "") -> dict:
    return {
        "id": event_id or f"evt_{next(_ids)}",
        "object": "event",
        "type": kind,
        "created": ts(created),
        "data": {"object": obj},
    }


def checkout_completed(membership_id: int, at: datetime, sub="sub_1", customer="cus_1"):
    session = {
        "id": "cs_test_1",
        "object": "checkout.session",
        "client_reference_id": str(membership_id),
        "customer": customer,
        "subscription": sub,
        "payment_status": "paid",
        "metadata": {"membership_id": str(membership_id), "plan": "monthly"},
    }
    return event("checkout.session.completed", session, at)


def invoice(kind, invoice_id, start, end, at, amount=999, sub="sub_1", membership_id=None):
    obj = {
        "id": invoice_id,
        "object": "invoice",
        "customer": "cus_1",
        "subscription": sub,
        "amount_paid": amount if kind == "invoice.paid" else 0,
        "currency": "usd",
        "lines": {
            "data": [
                {"period": {"start": ts(start), "end": ts(end)}, "price": {"id": "price_monthly"}}
            ]
        },
    }
    if membership_id is not None:
        obj["subscription_details"] = {"metadata": {"membership_id": str(membership_id)}}
    return event(kind, obj, at)


def subscription(kind, at, status="active", cancel_at_period_end=False, sub="sub_1"):
    obj = {
        "id": sub,
        "object": "subscription",
        "customer": "cus_1",
        "status": status,
        "cancel_at_period_end": cancel_at_period_end,
        "items": {"data": [{"price": {"id": "price_monthly"}}]},
    }
    return event(kind, obj, at)
