"""The manual provider: memberships granted in the admin, invite codes, gift memberships."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from newsstand.membership.models import AccessCode, LedgerEntry, Membership
from newsstand.membership.providers import ProviderError, get_provider
from newsstand.membership.services import MembershipError, do_redeem_code, do_start_trial
from tests.membership.conftest import START

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, db):
    admin = get_user_model().objects.create_superuser("ops@example.org", "operator pass 1")
    client.force_login(admin)
    return client


def test_an_operator_grants_a_membership_in_the_admin(admin_client, make_reader, clock):
    reader = make_reader()
    response = admin_client.post(
        reverse("admin:membership_membership_add"), {"user": reader.pk, "days": 90}
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=reader)
    assert (membership.state, membership.provider) == ("active", "manual")
    assert membership.paid_until == START + timedelta(days=90)
    assert membership.events.get().cause == "granted 90 days by ops@example.org"
    credit = LedgerEntry.objects.get(membership=membership)
    assert (credit.kind, credit.amount) == ("credit", 0)
    assert (credit.period_start, credit.period_end) == (START, START + timedelta(days=90))


def test_the_admin_lists_memberships_codes_and_the_ledger(admin_client, make_reader, clock):
    do_start_trial(make_reader())
    for name in ("membership", "accesscode", "ledgerentry", "trialclaim", "providerevent"):
        assert admin_client.get(reverse(f"admin:membership_{name}_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:membership_accesscode_add")).status_code == 200
    membership = Membership.objects.get()
    change = reverse("admin:membership_membership_change", args=[membership.pk])
    assert b"14-day free trial started" in admin_client.get(change).content


def test_a_granted_membership_expires_when_its_days_are_over(make_reader, clock):
    from newsstand.membership.services import do_grant_by_admin
    from newsstand.membership.tasks import run_membership_upkeep

    membership = do_grant_by_admin(make_reader(), 10, "ops")
    clock.advance(days=10)
    run_membership_upkeep()
    membership.refresh_from_db()
    assert membership.state == "expired"


def test_an_invite_code_serves_many_readers_once_each(make_reader, clock):
    AccessCode.objects.create(code="PRESS-2025", kind="invite", days=30, max_uses=2)
    ann, bob, cy = make_reader(), make_reader(), make_reader()
    membership = do_redeem_code(ann, " press-2025 ")
    assert membership.paid_until == START + timedelta(days=30)
    with pytest.raises(MembershipError, match="already redeemed"):
        do_redeem_code(ann, "PRESS-2025")
    do_redeem_code(bob, "PRESS-2025")
    with pytest.raises(MembershipError, match="not valid"):
        do_redeem_code(cy, "PRESS-2025")
    assert AccessCode.objects.get().use_count == 2
    assert set(LedgerEntry.objects.values_list("kind", "amount")) == {("credit", 0)}


def test_a_gift_books_the_purchasers_payment_for_the_period_it_gives(make_reader, clock):
    AccessCode.objects.create(
        code="GIFT-AAAA",
        kind="gift",
        days=365,
        amount=9900,
        currency="usd",
        purchaser_email="aunt@example.org",
    )
    reader = make_reader()
    do_start_trial(reader)
    membership = do_redeem_code(reader, "gift-aaaa")
    # The gift starts where the trial ends: no day of it is lost.
    trial_end = START + timedelta(days=14)
    assert membership.paid_until == trial_end + timedelta(days=365)
    entry = LedgerEntry.objects.get()
    assert (entry.kind, entry.amount, entry.currency) == ("charge", 9900, "usd")
    assert (entry.period_start, entry.period_end) == (trial_end, trial_end + timedelta(days=365))
    assert membership.events.last().cause == "gift code redeemed"


def test_an_expired_code_is_refused(make_reader, clock):
    AccessCode.objects.create(code="OLD", kind="invite", days=5, expires_at=START)
    with pytest.raises(MembershipError):
        do_redeem_code(make_reader(), "OLD")


def test_readers_redeem_codes_on_the_plans_page(client, make_reader, clock):
    AccessCode.objects.create(code="WELCOME", kind="invite", days=30)
    client.force_login(make_reader())
    response = client.post(reverse("membership:redeem"), {"code": "welcome"}, follow=True)
    assert b"Code redeemed" in response.content
    response = client.post(reverse("membership:redeem"), {"code": "nope"}, follow=True)
    assert b"not valid" in response.content


def test_the_manual_provider_sells_nothing_online(settings, client, make_reader):
    settings.PAYMENT_PROVIDER = "manual"
    with pytest.raises(ProviderError):
        get_provider().start_checkout(None, None, "", "")
    client.force_login(make_reader())
    response = client.post(reverse("membership:checkout", args=["monthly"]), follow=True)
    assert b"does not take card payments" in response.content
    assert b"Choose monthly" not in client.get(reverse("membership:plans")).content
