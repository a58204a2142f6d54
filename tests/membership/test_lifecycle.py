"""Whole lifecycles, driven by the membership clock: trial, reminder, conversion, failed
payment, grace, cancellation, expiry; every step through the views and webhooks readers and
Stripe use."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

from newsstand.membership.models import LedgerEntry, Membership
from newsstand.membership.paywall import get_entitlement
from newsstand.membership.tasks import run_membership_upkeep
from tests.factories import make_article
from tests.membership import events
from tests.membership.conftest import START, signed

pytestmark = pytest.mark.django_db

WEBHOOK = "/membership/webhooks/stripe/"


def history(membership: Membership) -> list[tuple[str, str]]:
    return list(membership.events.values_list("from_state", "to_state"))


def deliver(client, event: dict) -> str:
    response = client.post(WEBHOOK, **signed(event))
    assert response.status_code == 200, response.content
    return response.json()["outcome"]


def test_trial_reminder_conversion_failed_payment_grace_cancel_expiry(
    client, clock, make_reader, fake_stripe
):
    reader = make_reader("ann@example.org")
    client.force_login(reader)
    article = make_article()  # a publisher that is not free: paywalled

    def reads() -> bool:
        """Whether the membership (not the free allowance) opens the paywalled article."""
        return get_entitlement(reader, article, clock.now()).reason in {"member", "trial"}

    # Day 0: the trial starts, no card.
    response = client.post(reverse("membership:start_trial"))
    assert response.status_code == 302
    membership = Membership.objects.get(user=reader)
    assert membership.state == "trialing"
    assert membership.trial_ends_at == START + timedelta(days=14)
    assert reads()

    # Day 5: nothing is due yet.
    clock.advance(days=5)
    assert run_membership_upkeep() == {"reminded": 0, "moved": 0}
    assert mail.outbox == []

    # Day 11: three days before the end, one reminder, however often the upkeep runs.
    clock.advance(days=6)
    assert run_membership_upkeep()["reminded"] == 1
    assert run_membership_upkeep()["reminded"] == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ann@example.org"]
    assert "15 March 2025" in mail.outbox[0].body
    assert "/membership/plans/" in mail.outbox[0].body

    # Day 12: the reader subscribes through Stripe Checkout; Stripe reports the payment.
    clock.advance(days=1)
    response = client.post(reverse("membership:checkout", args=["monthly"]))
    assert response.status_code == 302
    assert response["Location"].startswith("https://checkout.stripe.test/")
    paid_from = clock.now()
    first_period_end = paid_from + timedelta(days=31)
    deliver(client, events.checkout_completed(membership.pk, paid_from))
    deliver(
        client,
        events.invoice("invoice.paid", "in_1", paid_from, first_period_end, paid_from),
    )
    membership.refresh_from_db()
    assert membership.state == "active"
    assert membership.plan == "monthly"
    assert membership.paid_until == first_period_end
    charge = LedgerEntry.objects.get(reference="in_1")
    assert (charge.kind, charge.amount, charge.currency) == ("charge", 999, "usd")
    assert (charge.period_start, charge.period_end) == (paid_from, first_period_end)

    # The renewal fails: past due, reading on through the grace period.
    clock.set_to(first_period_end + timedelta(hours=1))
    second_period_end = first_period_end + timedelta(days=30)
    deliver(
        client,
        events.invoice(
            "invoice.payment_failed", "in_2", first_period_end, second_period_end, clock.now()
        ),
    )
    membership.refresh_from_db()
    assert membership.state == "past_due"
    assert membership.grace_ends_at == clock.now() + timedelta(days=7)
    clock.advance(days=3)
    run_membership_upkeep()
    membership.refresh_from_db()
    assert membership.state == "past_due"
    assert reads()

    # Stripe's retry succeeds within the grace period.
    deliver(
        client,
        events.invoice("invoice.paid", "in_2", first_period_end, second_period_end, clock.now()),
    )
    membership.refresh_from_db()
    assert membership.state == "active"
    assert membership.grace_ends_at is None

    # The reader cancels: Stripe stops renewing, reading goes on to the paid period's end.
    response = client.post(reverse("membership:cancel"))
    assert response.status_code == 302
    assert fake_stripe.requests[-1] == ("/v1/subscriptions/sub_1", {"cancel_at_period_end": "true"})
    membership.refresh_from_db()
    assert membership.state == "canceled"
    assert reads()
    clock.set_to(second_period_end - timedelta(minutes=1))
    run_membership_upkeep()
    assert reads()

    # The paid period ends: expired, the paywall is back.
    clock.set_to(second_period_end + timedelta(minutes=1))
    assert run_membership_upkeep()["moved"] == 1
    membership.refresh_from_db()
    assert membership.state == "expired"
    assert not reads()
    assert history(membership) == [
        ("new", "trialing"),
        ("trialing", "active"),
        ("active", "past_due"),
        ("past_due", "active"),
        ("active", "canceled"),
        ("canceled", "expired"),
    ]
    causes = list(membership.events.values_list("cause", flat=True))
    assert causes[1] == "trial converted: first payment received"
    assert all(e.at for e in membership.events.all())


def test_a_grace_period_that_runs_out_cancels_then_expires(client, clock, make_reader):
    reader = make_reader()
    client.force_login(reader)
    client.post(reverse("membership:start_trial"))
    membership = Membership.objects.get(user=reader)
    membership.state, membership.paid_until = "active", clock.now() + timedelta(days=30)
    membership.save()
    clock.advance(days=30, hours=1)
    from newsstand.membership.services import do_record_payment_failure

    do_record_payment_failure(membership, None, "test", clock.now())
    clock.advance(days=7, minutes=-2)
    run_membership_upkeep()
    membership.refresh_from_db()
    assert membership.state == "past_due"

    clock.advance(minutes=3)
    run_membership_upkeep()
    membership.refresh_from_db()
    assert membership.state == "expired"
    assert history(membership)[-2:] == [("past_due", "canceled"), ("canceled", "expired")]
    assert membership.events.get(to_state="canceled").cause == "grace period ended without payment"


def test_a_trial_left_alone_expires_at_its_end(client, clock, make_reader):
    reader = make_reader()
    client.force_login(reader)
    client.post(reverse("membership:start_trial"))
    clock.advance(days=14)
    assert run_membership_upkeep()["moved"] == 1
    membership = Membership.objects.get(user=reader)
    assert membership.state == "expired"
    assert membership.events.last().cause == "trial ended without a plan"


def test_upkeep_task_runs_on_the_tasks_backend(settings, clock, make_reader):
    from newsstand.membership.services import do_start_trial
    from newsstand.membership.tasks import membership_upkeep_task

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    do_start_trial(make_reader(), clock.now())
    clock.advance(days=12)
    result = membership_upkeep_task.enqueue()
    assert result.return_value == {"reminded": 1, "moved": 0}
