"""Download everything held about the reader; delete the account (after the password), which
cancels the membership, deletes what the reader owns and signs out."""

import json
import socket
from datetime import UTC, datetime, timedelta

import pytest

from newsstand.accounts.models import SignedInSession, User
from newsstand.membership.models import LedgerEntry, Membership, MembershipEvent, TrialClaim
from newsstand.membership.services import do_grant, do_start_trial
from newsstand.readers.models import Follow, SavedArticle
from tests.accounts.conftest import STRONG, sign_in
from tests.factories import make_article
from tests.local_server import serve
from tests.membership.conftest import FakeStripe

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(reader):
    """Ann, with a saved article, a followed publisher and a granted membership."""
    article = make_article(title="Sanctions on a couple accused of procuring equipment")
    SavedArticle.objects.create(reader=reader, article=article)
    Follow.objects.create(reader=reader, kind="publisher", key="the-independent", mode="follow")
    do_grant(
        reader,
        30,
        "gift from a friend",
        LedgerEntry(kind=LedgerEntry.Kind.CREDIT, amount=999, currency="usd", reference="gift-1"),
    )
    return reader


def test_the_export_holds_the_account_sessions_reading_and_membership(browser, member):
    sign_in(browser)
    response = browser.get("/account/export/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="newsstand-data-')
    assert "no-store" in response["Cache-Control"] or "private" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["account"]["email"] == "ann@example.com"
    assert "password" not in json.dumps(data["account"])
    assert data["account"]["sessions"][0]["device"].startswith("Mozilla/5.0")
    assert data["readers"]["saved"][0]["article"].startswith("Sanctions")
    assert data["readers"]["follows"][0]["key"] == "the-independent"
    membership = data["membership"]
    assert membership["state"] == "active"
    assert [event["to"] for event in membership["events"]][-1] == "active"
    assert membership["ledger"][0]["reference"] == "gift-1"


def test_the_export_is_for_signed_in_readers_only(client, db):
    response = client.get("/account/export/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/sign-in/")


def test_deleting_needs_the_password(browser, member):
    sign_in(browser)
    response = browser.submit("/account/delete/", {"password": "not it"})
    assert response.status_code == 200
    assert b"That is not your password." in response.content
    assert User.objects.filter(pk=member.pk).exists()


@pytest.mark.network
def test_deleting_removes_the_reader_and_their_data_keeps_the_books_and_signs_out(
    make_browser, member, inbox
):
    browser = make_browser()
    sign_in(browser)
    elsewhere = make_browser()
    sign_in(elsewhere)
    ledger = LedgerEntry.objects.get(reference="gift-1")
    response = browser.submit("/account/delete/", {"password": STRONG})
    assert response.status_code == 302
    assert not User.objects.filter(pk=member.pk).exists()
    assert not SavedArticle.objects.exists()
    assert not Follow.objects.exists()
    assert not Membership.objects.exists()
    assert not MembershipEvent.objects.exists()
    assert not SignedInSession.objects.exists()
    ledger.refresh_from_db()  # money booked stays in the books, without the reader
    assert ledger.membership_id is None
    assert "_auth_user_id" not in browser.session
    assert elsewhere.get("/account/").status_code == 302
    assert "deleted" in inbox.last_to("ann@example.com").subject


def test_a_trial_stays_claimed_after_deletion_so_a_new_account_gets_no_second_one(browser, reader):
    do_start_trial(reader)
    sign_in(browser)
    browser.submit("/account/delete/", {"password": STRONG})
    assert TrialClaim.objects.count() == 1


@pytest.fixture
def stripe_member(reader, settings):
    settings.PAYMENT_PROVIDER = "stripe"
    settings.STRIPE_SECRET_KEY = "sk_test_123"
    Membership.objects.create(
        user=reader,
        state=Membership.State.ACTIVE,
        provider="stripe",
        plan="monthly",
        customer_id="cus_1",
        subscription_id="sub_1",
        paid_until=datetime.now(UTC) + timedelta(days=20),
    )
    return reader


@pytest.mark.network
def test_deleting_a_paying_member_cancels_the_subscription_at_the_provider(
    browser, stripe_member, settings
):
    fake = FakeStripe()
    with serve(fake.app()) as base_url:
        settings.STRIPE_API_BASE = base_url
        sign_in(browser)
        browser.submit("/account/delete/", {"password": STRONG})
    assert fake.requests == [("/v1/subscriptions/sub_1", {"cancel_at_period_end": "true"})]
    assert not User.objects.exists()


@pytest.mark.network
def test_when_the_provider_cannot_be_reached_nothing_is_deleted(browser, stripe_member, settings):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    settings.STRIPE_API_BASE = f"http://127.0.0.1:{port}"
    sign_in(browser)
    response = browser.submit("/account/delete/", {"password": STRONG})
    assert response.status_code == 200
    assert b"nothing was deleted" in response.content
    assert User.objects.filter(pk=stripe_member.pk).exists()
    assert Membership.objects.get().state == Membership.State.ACTIVE
    assert browser.get("/account/").status_code == 200
