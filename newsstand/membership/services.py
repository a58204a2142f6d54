"""Every change to a membership: trials, payments, failures, grace, cancellation, expiry.

Each do_* function locks the reader's membership row, changes it, and records the change of
state (time, from, to, cause) in MembershipEvent. Time comes from membership.clock, so tests
can drive whole lifecycles. Payment providers call these; nothing else writes memberships.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from newsstand.membership import clock
from newsstand.membership.emails import trial_key
from newsstand.membership.models import (
    AccessCode,
    CodeRedemption,
    LedgerEntry,
    Membership,
    MembershipEvent,
    TrialClaim,
)
from newsstand.membership.plans import Plan

logger = logging.getLogger(__name__)
State = Membership.State

# A subscription renews around the end of its period; the invoice may come a little after.
RENEWAL_LEEWAY = timedelta(days=1)
# A second click on "Subscribe" within this time goes to the checkout the first one opened.
CHECKOUT_REUSE = timedelta(hours=1)


class MembershipError(Exception):
    """A request the membership cannot honour; the message is fit to show the reader."""


@dataclass(frozen=True)
class Charge:
    """Money a provider took for a period of membership."""

    amount: int  # minor units
    currency: str
    period_start: datetime
    period_end: datetime
    reference: str  # the provider's id, e.g. the invoice id
    source_event: str = ""


def lock_membership(user) -> Membership:
    """The reader's membership, created ("new") if missing, locked to this transaction."""
    Membership.objects.get_or_create(user=user, defaults={"state": State.NEW})
    return Membership.objects.select_for_update().get(user=user)


def _move(membership: Membership, to_state: str, cause: str, now: datetime, source: str = ""):
    """Set the state and record the change (a change to the same state records nothing)."""
    from_state = membership.state
    membership.state = to_state
    if from_state != to_state:
        MembershipEvent.objects.create(
            membership=membership,
            at=now,
            from_state=from_state,
            to_state=to_state,
            cause=cause,
            source=source,
        )


def has_access(membership: Membership, now: datetime) -> bool:
    """Whether the membership lets its reader read everything at `now`."""
    until = membership.reads_until()
    if until is None:
        return False
    if membership.state == State.ACTIVE and membership.subscription_id:
        until += RENEWAL_LEEWAY
    return now < until


@transaction.atomic
def do_start_trial(user, now: datetime | None = None) -> Membership:
    """Start the reader's free trial: no card, once per person (by normalised address)."""
    now = now or clock.now()
    membership = lock_membership(user)
    if has_access(membership, now):
        raise MembershipError("You are already a member.")
    try:
        with transaction.atomic():
            TrialClaim.objects.create(email_key=trial_key(user.email), claimed_at=now)
    except IntegrityError:
        raise MembershipError(
            "The free trial has already been used with this address. Choose a plan to go on "
            "reading."
        ) from None
    membership.trial_ends_at = now + timedelta(days=settings.TRIAL_DAYS)
    membership.trial_reminder_sent_at = None
    membership.plan = ""
    _move(membership, State.TRIALING, f"{settings.TRIAL_DAYS}-day free trial started", now)
    membership.save()
    return membership


def trial_available(user) -> bool:
    """Whether the reader's address has never had a free trial."""
    return not TrialClaim.objects.filter(email_key=trial_key(user.email)).exists()


def do_start_checkout(
    user, plan: Plan, success_url: str, cancel_url: str, now: datetime | None = None
) -> str:
    """The address of a payment page for `plan`: a new one, or the one a click moments ago
    opened, so that a double click never starts two subscriptions."""
    from newsstand.membership.providers import get_provider

    now = now or clock.now()
    provider = get_provider()
    with transaction.atomic():
        # The reader's row stays locked while the provider is asked for a payment page: a
        # second click waits here, then finds and reuses the first click's page.
        membership = lock_membership(user)
        if membership.subscription_id and membership.state != State.EXPIRED:
            raise MembershipError(
                "You already have a membership: change or cancel it from your membership page."
            )
        if (
            membership.checkout_url
            and membership.checkout_plan == plan.code
            and membership.checkout_started_at > now - CHECKOUT_REUSE
        ):
            return membership.checkout_url
        checkout = provider.start_checkout(membership, plan, success_url, cancel_url)
        membership.checkout_id, membership.checkout_url = checkout.id, checkout.url
        membership.checkout_plan, membership.checkout_started_at = plan.code, now
        membership.save(
            update_fields=[
                "checkout_id",
                "checkout_url",
                "checkout_plan",
                "checkout_started_at",
                "updated_at",
            ]
        )
    return checkout.url


def do_record_charge(
    membership: Membership, plan: Plan | None, charge: Charge, provider: str, now: datetime
) -> bool:
    """Book a payment and extend the paid period; False (and nothing changed) if that
    charge was booked already. The caller holds the membership's lock."""
    try:
        with transaction.atomic():
            LedgerEntry.objects.create(
                membership=membership,
                kind=LedgerEntry.Kind.CHARGE,
                amount=charge.amount,
                currency=charge.currency.lower(),
                period_start=charge.period_start,
                period_end=charge.period_end,
                provider=provider,
                reference=charge.reference,
                source_event=charge.source_event,
                recorded_at=now,
            )
    except IntegrityError:
        return False
    membership.paid_until = max(filter(None, [membership.paid_until, charge.period_end]))
    membership.provider = provider
    if plan is not None:
        membership.plan = plan.code
    if membership.state in {State.NEW, State.TRIALING, State.PAST_DUE, State.EXPIRED}:
        cause = {
            State.TRIALING: "trial converted: first payment received",
            State.PAST_DUE: "overdue payment received",
        }.get(membership.state, "payment received")
        membership.grace_ends_at = None
        _move(membership, State.ACTIVE, cause, now, charge.source_event)
    membership.save()
    return True


def do_record_payment_failure(
    membership: Membership, period_end: datetime | None, source: str, now: datetime
) -> bool:
    """A renewal failed: past due, reading on through the grace period. A failure for a
    period already paid (delivered after the retry that succeeded) changes nothing."""
    if period_end and membership.paid_until and period_end <= membership.paid_until:
        return False
    if membership.state not in {State.ACTIVE, State.TRIALING}:
        return False
    membership.grace_ends_at = now + timedelta(days=settings.PAYMENT_GRACE_DAYS)
    _move(membership, State.PAST_DUE, "payment failed; grace period started", now, source)
    membership.save()
    return True


def do_cancel(membership: Membership, cause: str, now: datetime, source: str = "") -> bool:
    """Stop renewing: the reader keeps reading to the end of what was paid (or the trial)."""
    if membership.state not in {State.TRIALING, State.ACTIVE, State.PAST_DUE}:
        return False
    membership.canceled_at = now
    _move(membership, State.CANCELED, cause, now, source)
    if not has_access(membership, now):
        _move(membership, State.EXPIRED, "nothing paid left to read on", now, source)
    membership.save()
    return True


def do_resume(membership: Membership, cause: str, now: datetime, source: str = "") -> bool:
    """Undo a cancellation before its period ended."""
    if membership.state != State.CANCELED or not has_access(membership, now):
        return False
    membership.canceled_at = None
    _move(membership, State.ACTIVE, cause, now, source)
    membership.save()
    return True


def do_expire(membership: Membership, cause: str, now: datetime, source: str = "") -> bool:
    if membership.state in {State.EXPIRED, State.NEW}:
        return False
    _move(membership, State.EXPIRED, cause, now, source)
    membership.grace_ends_at = None
    membership.save()
    return True


def do_request_cancel(user, now: datetime | None = None) -> Membership:
    """The reader cancels: the provider stops renewing, reading goes on to the period's end."""
    from newsstand.membership.providers import get_provider

    now = now or clock.now()
    with transaction.atomic():
        membership = lock_membership(user)
        if membership.state not in {State.TRIALING, State.ACTIVE, State.PAST_DUE}:
            raise MembershipError("There is no running membership to cancel.")
        if membership.subscription_id:
            get_provider(membership.provider).cancel_at_period_end(membership)
        do_cancel(membership, "canceled by the reader", now, source="reader")
    return membership


def do_grant(
    user,
    days: int,
    cause: str,
    ledger: LedgerEntry,
    now: datetime | None = None,
) -> Membership:
    """Give the reader `days` of membership from now (or from the end of what they have),
    booking `ledger` (an unsaved entry: its amount, kind, currency and reference)."""
    if days < 1:
        raise MembershipError("A membership is granted for at least one day.")
    now = now or clock.now()
    with transaction.atomic():
        membership = lock_membership(user)
        start = max(now, membership.paid_until or now)
        if membership.state == State.TRIALING and membership.trial_ends_at:
            start = max(start, membership.trial_ends_at)
        end = start + timedelta(days=days)
        ledger.membership = membership
        ledger.period_start, ledger.period_end = start, end
        ledger.provider = Membership.Provider.MANUAL
        ledger.recorded_at = now
        ledger.currency = ledger.currency or settings.MEMBERSHIP_CURRENCY
        ledger.save()
        membership.paid_until = end
        membership.provider = membership.provider or Membership.Provider.MANUAL
        membership.grace_ends_at = None
        membership.canceled_at = None
        _move(membership, State.ACTIVE, cause, now, ledger.reference)
        membership.save()
    return membership


def do_grant_by_admin(user, days: int, granted_by, now: datetime | None = None) -> Membership:
    """An operator gives a reader a membership (press, staff, goodwill): a zero credit."""
    now = now or clock.now()
    entry = LedgerEntry(
        kind=LedgerEntry.Kind.CREDIT, amount=0, reference=f"grant:{user.pk}:{now.isoformat()}"
    )
    return do_grant(user, days, f"granted {days} days by {granted_by}", entry, now)


def do_redeem_code(user, code: str, now: datetime | None = None) -> Membership:
    """Redeem an invite or gift code: once per person, within its uses and date."""
    now = now or clock.now()
    invalid = MembershipError("That code is not valid or has been used up.")
    with transaction.atomic():
        access = AccessCode.objects.select_for_update().filter(code=code.strip().upper()).first()
        if access is None or access.use_count >= access.max_uses:
            raise invalid
        if access.expires_at and access.expires_at <= now:
            raise invalid
        key = trial_key(user.email)
        try:
            with transaction.atomic():
                redemption = CodeRedemption.objects.create(
                    code=access, email_key=key, redeemed_at=now
                )
        except IntegrityError:
            raise MembershipError("You have already redeemed this code.") from None
        access.use_count += 1
        access.save(update_fields=["use_count"])
        if access.kind == AccessCode.Kind.GIFT:
            # The purchaser's money, booked when the gift starts: it pays for these days.
            entry = LedgerEntry(
                kind=LedgerEntry.Kind.CHARGE,
                amount=access.amount,
                currency=access.currency,
                reference=f"gift:{access.code}",
            )
        else:
            entry = LedgerEntry(
                kind=LedgerEntry.Kind.CREDIT, amount=0, reference=f"invite:{access.code}:{key}"
            )
        membership = do_grant(
            user, access.days, f"{access.get_kind_display().lower()} code redeemed", entry, now
        )
        redemption.membership = membership
        redemption.save(update_fields=["membership"])
    return membership


def do_record_refund(
    membership: Membership | None,
    amount: int,
    currency: str,
    reference: str,
    period: tuple[datetime, datetime],
    provider: str,
    source_event: str = "",
    now: datetime | None = None,
) -> bool:
    """Book money given back (amount positive; stored negative); False if booked already."""
    try:
        with transaction.atomic():
            LedgerEntry.objects.create(
                membership=membership,
                kind=LedgerEntry.Kind.REFUND,
                amount=-abs(amount),
                currency=currency.lower(),
                period_start=period[0],
                period_end=period[1],
                provider=provider,
                reference=reference,
                source_event=source_event,
                recorded_at=now or clock.now(),
            )
    except IntegrityError:
        return False
    return True


def do_advance_membership(membership_id: int, now: datetime | None = None) -> str | None:
    """Move one membership on as time passes (trial over, grace over, paid period over);
    returns its new state, or None if nothing was due (or it is gone)."""
    now = now or clock.now()
    with transaction.atomic():
        membership = Membership.objects.select_for_update().filter(pk=membership_id).first()
        if membership is None:
            return None
        before = membership.state
        if membership.state == State.TRIALING and membership.trial_ends_at <= now:
            do_expire(membership, "trial ended without a plan", now)
        elif membership.state == State.PAST_DUE and not has_access(membership, now):
            do_cancel(membership, "grace period ended without payment", now)
        elif membership.state == State.CANCELED and not has_access(membership, now):
            do_expire(membership, "paid period ended", now)
        elif membership.state == State.ACTIVE and not has_access(membership, now):
            do_expire(membership, "paid period ended without renewal", now)
        return membership.state if membership.state != before else None


def do_send_trial_reminder(membership_id: int, now: datetime | None = None) -> bool:
    """Mail the reader that the trial ends soon, once: the row is marked under its lock in
    the same transaction, so a second run (or a second worker) finds it sent."""
    now = now or clock.now()
    with transaction.atomic():
        membership = (
            Membership.objects.select_for_update()
            .select_related("user")
            .filter(pk=membership_id)
            .first()
        )
        if membership is None or not _reminder_due(membership, now):
            return False
        membership.trial_reminder_sent_at = now
        membership.save(update_fields=["trial_reminder_sent_at", "updated_at"])
        # Sent inside the transaction: a mail server failure rolls the mark back for a retry.
        send_mail(
            "Your Newsstand trial ends soon",
            _reminder_text(membership),
            None,
            [membership.user.email],
        )
    return True


def _reminder_due(membership: Membership, now: datetime) -> bool:
    return (
        membership.state == State.TRIALING
        and membership.trial_reminder_sent_at is None
        and now < membership.trial_ends_at
        and membership.trial_ends_at - timedelta(days=settings.TRIAL_REMINDER_DAYS) <= now
    )


def _reminder_text(membership: Membership) -> str:
    base = settings.PUBLIC_URL or f"http://localhost:{settings.PORT}"
    return (
        f"Your free trial of Newsstand ends on {membership.trial_ends_at:%A %-d %B %Y at %H:%M} "
        "UTC.\n\nTo keep reading every title, choose a plan:\n"
        f"{base}{reverse('membership:plans')}\n\n"
        "If you do nothing, your trial simply ends; nothing is charged.\n"
    )
