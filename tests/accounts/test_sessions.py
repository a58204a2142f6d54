"""The reader's signed-in sessions: listed with device, address and last seen; revoked one by
one or all but this one; "last seen" refreshed without a write on every request."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from newsstand.accounts.models import SignedInSession
from newsstand.accounts.sessions import SEEN_KEY
from tests.accounts.conftest import sign_in

pytestmark = pytest.mark.django_db

PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Mobile Safari/604.1"


def test_each_sign_in_is_listed_with_its_device_address_and_last_seen(make_browser, reader):
    laptop = make_browser()
    sign_in(laptop)
    phone = make_browser(HTTP_USER_AGENT=PHONE, REMOTE_ADDR="198.51.100.23")
    sign_in(phone)
    page = laptop.get("/account/sessions/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "iPhone" in html
    assert "198.51.100.23" in html
    assert "Firefox/140.0" in html
    assert html.count("(this device)") == 1
    assert html.count("Sign out this device</button>") == 1  # only the other one
    assert [s.user_agent for s in page.context["sessions"]].count(PHONE) == 1


def test_revoking_a_session_signs_that_device_out(make_browser, reader):
    laptop = make_browser()
    sign_in(laptop)
    phone = make_browser(HTTP_USER_AGENT=PHONE)
    sign_in(phone)
    phone_row = SignedInSession.objects.get(user_agent=PHONE)
    response = laptop.submit(f"/account/sessions/{phone_row.pk}/revoke/", page="/account/sessions/")
    assert response.status_code == 302
    assert phone.get("/account/").status_code == 302  # sent to sign in
    assert laptop.get("/account/").status_code == 200
    assert list(reader.signed_in_sessions.values_list("user_agent", flat=True)) == [
        "Mozilla/5.0 (X11; Linux) Firefox/140.0"
    ]


def test_a_reader_cannot_revoke_someone_elses_session(make_browser, reader):
    from django.contrib.auth import get_user_model

    other = get_user_model().objects.create_user("bob@example.com", "bob's long passphrase")
    bob = make_browser()
    bob.force_login(other)
    bobs_row = SignedInSession.objects.get(user=other)
    laptop = make_browser()
    sign_in(laptop)
    response = laptop.submit(f"/account/sessions/{bobs_row.pk}/revoke/", page="/account/")
    assert response.status_code == 404
    assert bob.get("/account/").status_code == 200


def test_sign_out_everywhere_else_keeps_only_this_session(make_browser, reader):
    browsers = [make_browser() for _ in range(3)]
    for browser in browsers:
        sign_in(browser)
    response = browsers[0].submit("/account/sessions/revoke-others/", page="/account/sessions/")
    assert response.status_code == 302
    assert browsers[0].get("/account/").status_code == 200
    assert [b.get("/account/").status_code for b in browsers[1:]] == [302, 302]
    assert reader.signed_in_sessions.count() == 1


def test_signing_out_removes_the_session_from_the_list(browser, reader):
    sign_in(browser)
    assert reader.signed_in_sessions.count() == 1
    browser.submit("/account/sign-out/")
    assert reader.signed_in_sessions.count() == 0


def test_last_seen_is_written_at_most_every_few_minutes(browser, reader):
    sign_in(browser)
    with CaptureQueriesContext(connection) as queries:
        browser.get("/account/")
    writes = [q["sql"] for q in queries if "accounts_signedinsession" in q["sql"]]
    assert writes == []

    long_ago = timezone.now() - timedelta(hours=2)
    SignedInSession.objects.update(last_seen_at=long_ago)
    session = browser.session
    session[SEEN_KEY] = long_ago.timestamp()
    session.save()
    browser.get("/account/", REMOTE_ADDR="192.0.2.44")
    row = SignedInSession.objects.get()
    assert row.last_seen_at > long_ago
    assert row.ip_address == "192.0.2.44"


def test_a_session_from_before_the_list_existed_joins_it(browser, reader):
    sign_in(browser)
    SignedInSession.objects.all().delete()
    session = browser.session
    del session[SEEN_KEY]
    session.save()
    browser.get("/account/")
    assert SignedInSession.objects.filter(user=reader).count() == 1


def test_anonymous_pages_touch_no_session(client, db):
    response = client.get("/account/sign-in/")
    assert response.status_code == 200
    assert "sessionid" not in response.cookies
    assert SignedInSession.objects.count() == 0
