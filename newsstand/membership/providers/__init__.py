"""Payment providers: who takes the money and tells us about it.

Stripe (providers/stripe.py) sells plans through Checkout and reports through webhooks; the
manual provider (providers/manual.py) is for operators without a processor: memberships are
granted in the admin or by invite and gift codes. Both answer the same interface, so views and
services never ask which one runs.
"""

from dataclasses import dataclass
from typing import Protocol

from django.conf import settings

from newsstand.membership.models import Membership
from newsstand.membership.plans import Plan


class ProviderError(Exception):
    """The provider refused or could not be reached; the message is fit to show the reader."""


@dataclass(frozen=True)
class Checkout:
    """A payment page the reader is sent to."""

    id: str
    url: str


class PaymentProvider(Protocol):
    name: str
    takes_payments: bool  # False: no checkout, the plans page offers codes instead

    def start_checkout(
        self, membership: Membership, plan: Plan, success_url: str, cancel_url: str
    ) -> Checkout:
        """A payment page for `plan`, for the reader of `membership`."""
        ...

    def manage_url(self, membership: Membership, return_url: str) -> str | None:
        """Where the reader changes card or plan; None if this provider has no such page."""
        ...

    def cancel_at_period_end(self, membership: Membership) -> None:
        """Stop renewing the reader's subscription at the end of its period."""
        ...


def get_provider(name: str | None = None) -> PaymentProvider:
    """The provider of that name, by default the one the site sells through."""
    from newsstand.membership.providers.manual import ManualProvider
    from newsstand.membership.providers.stripe import StripeProvider

    name = name or settings.PAYMENT_PROVIDER
    if name == Membership.Provider.STRIPE:
        return StripeProvider.from_settings()
    return ManualProvider()
