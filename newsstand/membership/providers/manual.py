"""The provider for sites without a payment processor: nothing is sold online.

Memberships come from the admin (do_grant_by_admin), invite codes and gift memberships
(do_redeem_code); cancelling one just stops it at the end of the days granted.
"""

from newsstand.membership.models import Membership
from newsstand.membership.plans import Plan
from newsstand.membership.providers import Checkout, ProviderError


class ManualProvider:
    name = Membership.Provider.MANUAL
    takes_payments = False

    def start_checkout(
        self, membership: Membership, plan: Plan, success_url: str, cancel_url: str
    ) -> Checkout:
        raise ProviderError(
            "This site does not take card payments. Redeem an invite or gift code, or ask the "
            "site's operators for a membership."
        )

    def manage_url(self, membership: Membership, return_url: str) -> str | None:
        return None

    def cancel_at_period_end(self, membership: Membership) -> None:
        """Nothing renews by itself here: the membership simply runs to its end."""
