"""Password reset and change of address by mail: links followed from a real SMTP inbox, the
same answers whether or not an address has an account."""

import re

import pytest

from newsstand.accounts.models import User
from tests.accounts.conftest import STRONG, sign_in

pytestmark = [pytest.mark.django_db, pytest.mark.network]

NEW = "a brand new passphrase 77"


def without_tokens(response, address: str) -> str:
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
    return html.replace(address, "ADDRESS")


def test_a_reset_link_sets_a_new_password_signs_in_and_ends_other_sessions(
    make_browser, reader, inbox
):
    elsewhere = make_browser()
    sign_in(elsewhere)
    browser = make_browser()
    asked = browser.submit("/account/password/reset/", {"email": "ANN@example.com"})
    assert b"Check your inbox" in asked.content

    link = inbox.last_to("ann@example.com").link()
    form_page = browser.get(link, follow=True)
    assert form_page.context["validlink"]
    done = browser.submit(
        form_page.request["PATH_INFO"], {"new_password1": NEW, "new_password2": NEW}
    )
    assert done.status_code == 302
    reader.refresh_from_db()
    assert reader.check_password(NEW)
    assert browser.session["_auth_user_id"] == str(reader.pk)
    assert "_auth_user_id" not in elsewhere.get("/account/").wsgi_request.session
    again = make_browser().get(link, follow=True)
    assert not again.context["validlink"]


def test_a_reset_for_an_unknown_address_reads_the_same_and_mails_nobody(
    make_browser, reader, inbox
):
    known = make_browser().submit("/account/password/reset/", {"email": "ann@example.com"})
    unknown = make_browser().submit("/account/password/reset/", {"email": "bob@example.com"})
    assert known.status_code == unknown.status_code == 200
    assert without_tokens(known, "ann@example.com") == without_tokens(unknown, "bob@example.com")
    assert [mail.to for mail in inbox.mails] == [["ann@example.com"]]


def test_a_reset_confirms_an_unconfirmed_address(browser, inbox):
    user = User.objects.create_user("ann@example.com", STRONG)
    browser.submit("/account/password/reset/", {"email": "ann@example.com"})
    form_page = browser.get(inbox.last_to("ann@example.com").link(), follow=True)
    browser.submit(form_page.request["PATH_INFO"], {"new_password1": NEW, "new_password2": NEW})
    user.refresh_from_db()
    assert user.email_verified_at is not None


def test_mails_to_one_address_are_held_back_after_a_flood(browser, reader, inbox):
    for _ in range(8):
        browser.submit("/account/password/reset/", {"email": "ann@example.com"})
    assert len(inbox.to("ann@example.com")) == 5


def test_a_new_address_applies_only_when_its_link_is_followed_and_the_old_is_told(
    browser, reader, inbox
):
    sign_in(browser)
    asked = browser.submit(
        "/account/email/", {"new_email": "Ann.New@example.com", "password": STRONG}
    )
    assert b"Check your inbox" in asked.content
    reader.refresh_from_db()
    assert reader.email == "ann@example.com"

    followed = browser.get(inbox.last_to("ann.new@example.com").link())
    assert followed.status_code == 302
    reader.refresh_from_db()
    assert reader.email == "ann.new@example.com"
    assert "changed" in inbox.last_to("ann@example.com").subject
    assert browser.get(inbox.last_to("ann.new@example.com").link()).status_code == 400


def test_changing_to_a_taken_address_reads_the_same_and_changes_nothing(browser, reader, inbox):
    User.objects.create_user("bob@example.com", STRONG)
    sign_in(browser)
    taken = browser.submit("/account/email/", {"new_email": "bob@example.com", "password": STRONG})
    free = browser.submit("/account/email/", {"new_email": "cy@example.com", "password": STRONG})
    assert without_tokens(taken, "bob@example.com") == without_tokens(free, "cy@example.com")
    assert inbox.last_to("bob@example.com").links() == []
    reader.refresh_from_db()
    assert reader.email == "ann@example.com"


def test_changing_the_address_needs_the_password(browser, reader, inbox):
    sign_in(browser)
    response = browser.submit(
        "/account/email/", {"new_email": "ann.new@example.com", "password": "wrong"}
    )
    assert response.status_code == 200
    assert b"That is not your password." in response.content
    assert inbox.mails == []


def test_a_change_link_fails_if_the_address_was_taken_meanwhile(browser, reader, inbox):
    sign_in(browser)
    browser.submit("/account/email/", {"new_email": "cy@example.com", "password": STRONG})
    User.objects.create_user("cy@example.com", STRONG)
    response = browser.get(inbox.last_to("cy@example.com").link())
    assert response.status_code == 400
    reader.refresh_from_db()
    assert reader.email == "ann@example.com"


def test_changing_the_password_keeps_this_session_and_ends_the_others(make_browser, reader):
    elsewhere = make_browser()
    sign_in(elsewhere)
    browser = make_browser()
    sign_in(browser)
    response = browser.submit(
        "/account/password/",
        {"old_password": STRONG, "new_password1": NEW, "new_password2": NEW},
    )
    assert response.status_code == 302
    assert browser.get("/account/").status_code == 200
    assert elsewhere.get("/account/").status_code == 302
    assert reader.signed_in_sessions.count() == 1
