"""The reader's membership page and the plans page."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from newsstand.membership.models import Membership
from newsstand.membership.services import do_start_trial
from tests.membership.conftest import START

pytestmark = pytest.mark.django_db


def test_the_membership_page_needs_a_signed_in_reader(client):
    response = client.get(reverse("membership:account"))
    assert response.status_code == 302
    assert "next=/membership/" in response["Location"]


def test_a_trialist_sees_state_trial_end_and_a_cancel_button(client, make_reader, clock):
    reader = make_reader()
    do_start_trial(reader)
    client.force_login(reader)
    html = client.get(reverse("membership:account")).content.decode()
    assert "Free trial" in html
    assert (START + timedelta(days=14)).isoformat() in html
    assert f'action="{reverse("membership:cancel")}"' in html
    assert "csrfmiddlewaretoken" in html
    assert "14-day free trial started" in html  # the history


def test_cancelling_a_trial_keeps_reading_to_its_end(client, make_reader, clock):
    reader = make_reader()
    do_start_trial(reader)
    client.force_login(reader)
    response = client.post(reverse("membership:cancel"), follow=True)
    assert b"You can read everything until 15 March 2025" in response.content
    membership = Membership.objects.get(user=reader)
    assert membership.state == "canceled"
    assert membership.reads_until() == START + timedelta(days=14)


def test_membership_forms_refuse_a_post_without_csrf_token(make_reader, clock):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_reader())
    for name in ("start_trial", "cancel", "redeem", "manage"):
        assert client.post(reverse(f"membership:{name}")).status_code == 403
    assert client.post(reverse("membership:checkout", args=["monthly"])).status_code == 403


def test_the_plans_page_shows_prices_from_settings(client, settings):
    settings.PRICE_MONTHLY, settings.MEMBERSHIP_CURRENCY = 450, "eur"
    html = client.get(reverse("membership:plans")).content.decode()
    assert "4.50 EUR" in html
    assert "99.00 EUR" in html
    assert "14 days free" in html
    assert "Sign up to start your free trial" in html


def test_the_plans_page_offers_stripe_checkout_to_signed_in_readers(
    client, make_reader, stripe_settings
):
    client.force_login(make_reader())
    html = client.get(reverse("membership:plans")).content.decode()
    assert f'action="{reverse("membership:checkout", args=["monthly"])}"' in html
    assert f'action="{reverse("membership:checkout", args=["annual"])}"' in html
    assert f'action="{reverse("membership:start_trial")}"' in html


def test_an_unknown_plan_is_not_found(client, make_reader, stripe_settings):
    client.force_login(make_reader())
    assert client.post(reverse("membership:checkout", args=["weekly"])).status_code == 404
