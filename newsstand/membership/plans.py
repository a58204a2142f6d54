"""The plans on sale: monthly and annual, priced in settings."""

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Plan:
    code: str  # "monthly" or "annual"
    name: str
    months: int  # length of one paid period
    price: int  # minor units of `currency`
    currency: str
    stripe_price: str  # the Stripe Price id, "" when Stripe is not set up

    @property
    def price_display(self) -> str:
        return f"{self.price / 100:,.2f} {self.currency.upper()}"


def get_plans() -> list[Plan]:
    """The plans readers may choose, cheapest period first."""
    currency = settings.MEMBERSHIP_CURRENCY
    return [
        Plan(
            "monthly", "Monthly", 1, settings.PRICE_MONTHLY, currency, settings.STRIPE_PRICE_MONTHLY
        ),
        Plan("annual", "Annual", 12, settings.PRICE_ANNUAL, currency, settings.STRIPE_PRICE_ANNUAL),
    ]


def get_plan(code: str) -> Plan | None:
    """The plan of that code, or None."""
    return next((plan for plan in get_plans() if plan.code == code), None)


def plan_for_stripe_price(price_id: str) -> Plan | None:
    """The plan sold under that Stripe Price id, or None."""
    return next((p for p in get_plans() if price_id and p.stripe_price == price_id), None)
