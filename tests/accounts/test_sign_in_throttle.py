"""Failed sign-ins earn growing waits, per account and per client address, kept in the
database; the message never tells whether the account exists."""

from datetime import UTC, datetime, timedelta

import pytest

from newsstand.accounts import throttle
from newsstand.accounts.models import Throttle
from tests.accounts.conftest import STRONG, sign_in

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def fail(times: int, email: str = "ann@example.com", address: str = "203.0.113.9", at=T0):
    for _ in range(times):
        throttle.do_count_failed_sign_in(email, address, at)


def test_the_first_failures_are_free_then_each_one_doubles_the_wait(settings):
    settings.SIGN_IN_ATTEMPTS = 5
    fail(5)
    assert throttle.get_sign_in_wait("ann@example.com", "", T0) == 0
    waits = []
    for _ in range(4):
        fail(1)
        waits.append(throttle.get_sign_in_wait("ann@example.com", "", T0))
    assert waits == [60, 120, 240, 480]


def test_the_wait_stops_growing_at_an_hour(settings):
    settings.SIGN_IN_ATTEMPTS = 0
    fail(30)
    assert throttle.get_sign_in_wait("ann@example.com", "", T0) == 3600


def test_the_wait_ends_and_a_quiet_day_forgets_the_failures(settings):
    settings.SIGN_IN_ATTEMPTS = 2
    fail(3)
    assert throttle.get_sign_in_wait("ann@example.com", "", T0 + timedelta(seconds=59)) == 1
    assert throttle.get_sign_in_wait("ann@example.com", "", T0 + timedelta(seconds=60)) == 0
    fail(1, at=T0 + timedelta(days=2))
    assert throttle.get_sign_in_wait("ann@example.com", "", T0 + timedelta(days=2)) == 0


def test_one_client_address_failing_on_many_accounts_must_wait(settings):
    settings.SIGN_IN_ATTEMPTS_PER_ADDRESS = 3
    for number in range(4):
        fail(1, email=f"reader{number}@example.com")
    assert throttle.get_sign_in_wait("someone-else@example.com", "203.0.113.9", T0) == 60
    assert throttle.get_sign_in_wait("someone-else@example.com", "198.51.100.1", T0) == 0


def test_addresses_are_kept_only_as_keyed_hashes():
    fail(1)
    stored = list(Throttle.objects.values_list("key", flat=True))
    assert len(stored) == 2
    assert not any("ann" in key or "203.0" in key for key in stored)


def test_the_page_says_when_to_try_again_and_the_same_for_unknown_accounts(
    browser, reader, settings
):
    settings.SIGN_IN_ATTEMPTS = 2
    for _ in range(3):
        sign_in(browser, "ann@example.com", "wrong")
        sign_in(browser, "nobody@example.com", "wrong")
    known = sign_in(browser, "ann@example.com", STRONG)
    unknown = sign_in(browser, "nobody@example.com", STRONG)
    assert known.status_code == unknown.status_code == 200
    message = "Too many attempts, try again in 1 minute."
    assert known.context["form"].non_field_errors() == [message]
    assert unknown.context["form"].non_field_errors() == [message]
    assert "_auth_user_id" not in browser.session


def test_a_right_password_ends_the_accounts_back_off(browser, reader, settings):
    settings.SIGN_IN_ATTEMPTS = 3
    for _ in range(3):
        sign_in(browser, "ann@example.com", "wrong")
    assert sign_in(browser, "ann@example.com", STRONG).status_code == 302
    browser.submit("/account/sign-out/")
    for _ in range(3):
        sign_in(browser, "ann@example.com", "wrong")
    assert throttle.get_sign_in_wait("ann@example.com", "", datetime.now(UTC)) == 0


def test_the_client_address_behind_proxies_is_the_one_the_outer_proxy_saw(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7")
    settings.PROXY_COUNT = 0
    assert throttle.client_address(request) == "10.0.0.2"
    settings.PROXY_COUNT = 1
    assert throttle.client_address(request) == "198.51.100.7"


def test_wrong_passwords_on_the_account_pages_earn_the_same_wait(browser, reader, settings):
    settings.SIGN_IN_ATTEMPTS = 2
    sign_in(browser)
    for _ in range(3):
        browser.submit("/account/delete/", {"password": "wrong"})
    response = browser.submit("/account/delete/", {"password": STRONG})
    assert b"Too many attempts, try again in 1 minute." in response.content
    assert type(reader).objects.filter(pk=reader.pk).exists()


def test_the_admin_sign_in_waits_the_same(browser, reader, settings):
    reader.is_staff = True
    reader.save(update_fields=["is_staff"])
    settings.SIGN_IN_ATTEMPTS = 1
    for _ in range(2):
        browser.submit("/admin/login/", {"username": "ann@example.com", "password": "wrong"})
    response = browser.submit("/admin/login/", {"username": "ann@example.com", "password": STRONG})
    assert response.status_code == 200
    assert b"Too many attempts, try again in 1 minute." in response.content
