"""Read queries of the membership: a reader's membership, and the rows a clock tick moves."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q

from newsstand.membership.models import Membership, MembershipEvent
from newsstand.membership.services import RENEWAL_LEEWAY

State = Membership.State


def get_membership(user) -> Membership | None:
    """The reader's membership, or None (anonymous readers and those who never had one)."""
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user).first()


def get_events(membership: Membership) -> list[MembershipEvent]:
    """The membership's history, newest first."""
    return list(membership.events.order_by("-at", "-pk")[:50])


def get_due_reminder_ids(now: datetime) -> list[int]:
    """Trials ending within the reminder window whose reader has not been reminded."""
    window_end = now + timedelta(days=settings.TRIAL_REMINDER_DAYS)
    return list(
        Membership.objects.filter(
            state=State.TRIALING,
            trial_reminder_sent_at__isnull=True,
            trial_ends_at__gt=now,
            trial_ends_at__lte=window_end,
        ).values_list("pk", flat=True)
    )


def get_due_advance_ids(now: datetime) -> list[int]:
    """Memberships whose trial, grace or paid period is over but whose state says otherwise."""
    return list(
        Membership.objects.filter(
            Q(state=State.TRIALING, trial_ends_at__lte=now)
            | Q(state=State.PAST_DUE, grace_ends_at__lte=now)
            | Q(state=State.CANCELED, paid_until__lte=now)
            | Q(state=State.CANCELED, paid_until__isnull=True, trial_ends_at__lte=now)
            | Q(state=State.ACTIVE, subscription_id="", paid_until__lte=now)
            | Q(state=State.ACTIVE, paid_until__lte=now - RENEWAL_LEEWAY)
        ).values_list("pk", flat=True)
    )
