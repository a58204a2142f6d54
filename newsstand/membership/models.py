"""Memberships, their history, trials claimed, codes, free reads and the revenue ledger."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class Membership(models.Model):
    """A reader's one membership: a trial, then a paid plan, through to its end.

    One row per reader for life (a lapsed reader who comes back reuses it), so a double-clicked
    checkout or two racing webhooks can never leave a reader with two subscriptions.
    """

    class State(models.TextChoices):
        NEW = "new", "Not started"  # a checkout begun, nothing paid yet
        TRIALING = "trialing", "Free trial"
        ACTIVE = "active", "Active"
        PAST_DUE = "past_due", "Payment failed (grace period)"
        CANCELED = "canceled", "Canceled (reads until the paid period ends)"
        EXPIRED = "expired", "Expired"

    class Provider(models.TextChoices):
        NONE = "", "None yet"
        MANUAL = "manual", "Manual (admin, codes, gifts)"
        STRIPE = "stripe", "Stripe"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    plan = models.CharField(max_length=20, blank=True, help_text="monthly, annual; blank: trial")
    state = models.CharField(max_length=10, choices=State.choices)
    provider = models.CharField(max_length=10, choices=Provider.choices, blank=True)
    trial_ends_at = models.DateTimeField(null=True, blank=True)
    trial_reminder_sent_at = models.DateTimeField(null=True, blank=True)
    paid_until = models.DateTimeField(
        null=True, blank=True, help_text="End of the last period paid for (or granted)."
    )
    grace_ends_at = models.DateTimeField(
        null=True, blank=True, help_text="While past due, reading stops at this time."
    )
    canceled_at = models.DateTimeField(null=True, blank=True)
    customer_id = models.CharField(max_length=255, blank=True, help_text="Provider's customer")
    subscription_id = models.CharField(
        max_length=255, blank=True, help_text="Provider's subscription"
    )
    synced_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Time of the provider's newest subscription event applied; older ones are "
        "stale and ignored.",
    )
    checkout_id = models.CharField(max_length=255, blank=True)
    checkout_plan = models.CharField(max_length=20, blank=True)
    checkout_url = models.URLField(max_length=2048, blank=True)
    checkout_started_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "subscription_id"],
                condition=~Q(subscription_id=""),
                name="membership_unique_subscription",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "trial_ends_at"], name="membership_trial_idx"),
            models.Index(fields=["state", "paid_until"], name="membership_paid_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_state_display()}"

    def reads_until(self):
        """Until when this membership lets its reader read everything (None: not at all)."""
        if self.state == self.State.TRIALING:
            return self.trial_ends_at
        if self.state == self.State.ACTIVE:
            return self.paid_until
        if self.state == self.State.PAST_DUE:
            return max(filter(None, [self.grace_ends_at, self.paid_until]), default=None)
        if self.state == self.State.CANCELED:
            return self.paid_until or self.trial_ends_at
        return None


class MembershipEvent(models.Model):
    """One change of a membership's state: when, from what, to what, and why."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField()
    from_state = models.CharField(max_length=10, blank=True)
    to_state = models.CharField(max_length=10)
    cause = models.CharField(max_length=500)
    source = models.CharField(
        max_length=255, blank=True, help_text="What caused it: a provider event id, an admin…"
    )

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.from_state or '—'} → {self.to_state}"


class TrialClaim(models.Model):
    """A free trial taken by an address, normalised so that it cannot be taken twice.

    Keyed by the address, not the account: it outlives the account's deletion, otherwise
    deleting and re-creating an account would give another free trial.
    """

    email_key = models.CharField(max_length=254, unique=True)
    claimed_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.email_key


class ProviderEvent(models.Model):
    """A payment provider's event already applied: a replay of its id changes nothing."""

    provider = models.CharField(max_length=10)
    event_id = models.CharField(max_length=255)
    kind = models.CharField(max_length=100)
    received_at = models.DateTimeField()
    outcome = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "event_id"], name="provider_event_once"),
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.kind} {self.event_id}"


class LedgerEntry(models.Model):
    """Money in or out, or access granted as a credit: what publisher payouts are computed from.

    Amounts are signed integer minor units: charges positive, refunds negative, credits carry
    the value of access given without a charge (a gift paid elsewhere, an invite: 0).
    """

    class Kind(models.TextChoices):
        CHARGE = "charge", "Charge"
        REFUND = "refund", "Refund"
        CREDIT = "credit", "Credit"

    membership = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, related_name="ledger"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    amount = models.BigIntegerField(help_text="Minor units (cents), signed.")
    currency = models.CharField(max_length=3)
    period_start = models.DateTimeField()
    period_end = models.DateTimeField()
    provider = models.CharField(max_length=10)
    reference = models.CharField(
        max_length=255, help_text="The provider's id of what this records (invoice, refund…)."
    )
    source_event = models.CharField(max_length=255, blank=True)
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        verbose_name_plural = "ledger entries"
        constraints = [
            # A replayed or concurrently delivered event cannot book the same money twice.
            models.UniqueConstraint(
                fields=["provider", "kind", "reference"], name="ledger_entry_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.amount} {self.currency} ({self.reference})"


class AccessCode(models.Model):
    """An invite code (free, possibly many uses) or a gift membership (paid, one use)."""

    class Kind(models.TextChoices):
        INVITE = "invite", "Invite"
        GIFT = "gift", "Gift"

    code = models.CharField(max_length=40, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    days = models.PositiveIntegerField(help_text="Days of membership it gives.")
    max_uses = models.PositiveIntegerField(default=1)
    use_count = models.PositiveIntegerField(default=0)
    amount = models.BigIntegerField(default=0, help_text="Paid for a gift, minor units.")
    currency = models.CharField(max_length=3, blank=True)
    purchaser_email = models.EmailField(blank=True, help_text="Who bought the gift.")
    note = models.CharField(max_length=500, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.code}"


class CodeRedemption(models.Model):
    code = models.ForeignKey(AccessCode, on_delete=models.PROTECT, related_name="redemptions")
    membership = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True)
    email_key = models.CharField(max_length=254)
    redeemed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["code", "email_key"], name="code_once_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.code} by {self.email_key}"


class FreeRead(models.Model):
    """A paywalled article a reader without a membership read on their monthly allowance."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="free_reads"
    )
    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="+")
    month = models.DateField(help_text="First day of the month it counts against.")
    read_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "month", "article"], name="free_read_once_a_month"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} read {self.article_id} ({self.month:%Y-%m})"
