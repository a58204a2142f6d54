"""Sign up, confirm the address, sign in and out, through the pages, with mail read from a real
SMTP server and CSRF enforced as in production."""

import re

import pytest

from newsstand.accounts.models import User
from tests.accounts.conftest import STRONG, sign_in

pytestmark = [pytest.mark.django_db, pytest.mark.network]


def visible_text(response, address: str) -> str:
    """The page as a stranger compares it: without CSRF tokens, with the address typed blanked."""
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return html.replace(address, "ADDRESS")


def test_sign_up_mails_a_link_that_confirms_the_address_signs_in_and_returns(browser, inbox):
    response = browser.submit(
        "/account/sign-up/?next=/saved/",
        {"email": " Ann@Example.com ", "password": STRONG, "next": "/saved/"},
    )
    assert response.status_code == 200
    assert b"Check your inbox" in response.content
    user = User.objects.get()
    assert user.email == "ann@example.com"
    assert user.password.startswith("argon2")
    assert user.email_verified_at is None
    assert "_auth_user_id" not in browser.session

    mail = inbox.last_to("ann@example.com")
    assert "Confirm your address" in mail.subject
    followed = browser.get(mail.link())
    assert followed.status_code == 302
    assert followed["Location"] == "/saved/"
    user.refresh_from_db()
    assert user.email_verified_at is not None
    assert browser.session["_auth_user_id"] == str(user.pk)


def test_a_new_reader_who_came_for_no_page_is_welcomed_to_pick_interests(browser, inbox):
    browser.submit("/account/sign-up/", {"email": "ann@example.com", "password": STRONG})
    followed = browser.get(inbox.last_to("ann@example.com").link())
    assert followed["Location"] == "/for-you/welcome/"


def test_a_confirmation_link_signs_in_only_once(browser, make_browser, inbox):
    browser.submit("/account/sign-up/", {"email": "ann@example.com", "password": STRONG})
    link = inbox.last_to("ann@example.com").link()
    browser.get(link)
    stranger = make_browser()
    again = stranger.get(link)
    assert again.status_code == 302
    assert again["Location"].startswith("/account/sign-in/")
    assert "_auth_user_id" not in stranger.session


def test_a_forged_or_expired_confirmation_link_does_nothing(browser, inbox, settings):
    browser.submit("/account/sign-up/", {"email": "ann@example.com", "password": STRONG})
    link = inbox.last_to("ann@example.com").link()
    forged = browser.get(link[:-3] + "abc/")
    assert forged.status_code == 400
    settings.EMAIL_LINK_SECONDS = -1  # every link is older than that
    expired = browser.get(link)
    assert expired.status_code == 400
    assert b"This link does not work" in expired.content
    assert User.objects.get().email_verified_at is None
    assert "_auth_user_id" not in browser.session


def test_sign_up_with_a_taken_address_looks_the_same_and_mails_the_owner(
    make_browser, reader, inbox
):
    taken = make_browser().submit(
        "/account/sign-up/", {"email": "ANN@example.com", "password": STRONG + "x"}
    )
    fresh = make_browser().submit(
        "/account/sign-up/", {"email": "bob@example.com", "password": STRONG + "x"}
    )
    assert taken.status_code == fresh.status_code == 200
    assert visible_text(taken, "ann@example.com") == visible_text(fresh, "bob@example.com")
    assert User.objects.filter(email="ann@example.com").count() == 1
    owner_mail = inbox.last_to("ann@example.com")
    assert "tried to sign up" in owner_mail.subject
    assert "/account/password/reset/" in owner_mail.links()
    reader.refresh_from_db()
    assert reader.check_password(STRONG)


def test_sign_up_refuses_a_weak_password_and_keeps_nothing(browser, inbox):
    response = browser.submit(
        "/account/sign-up/", {"email": "ann@example.com", "password": "password"}
    )
    assert response.status_code == 200
    assert b"too common" in response.content
    assert b'role="alert"' in response.content
    assert not User.objects.exists()
    assert inbox.mails == []


def test_the_link_never_sends_the_reader_off_the_site(browser, inbox):
    browser.submit(
        "/account/sign-up/",
        {"email": "ann@example.com", "password": STRONG, "next": "https://evil.example/"},
    )
    response = browser.get(inbox.last_to("ann@example.com").link())
    assert response["Location"] == "/"


def test_an_unconfirmed_account_signs_in_through_a_fresh_link_only(browser, inbox):
    User.objects.create_user("ann@example.com", STRONG)
    response = sign_in(browser)
    assert response.status_code == 200
    assert b"Check your inbox" in response.content
    assert "_auth_user_id" not in browser.session
    assert browser.get(inbox.last_to("ann@example.com").link()).status_code == 302
    assert "_auth_user_id" in browser.session


def test_resending_the_link_says_the_same_for_any_address(make_browser, inbox):
    User.objects.create_user("ann@example.com", STRONG)
    known = make_browser().submit(
        "/account/confirm/resend/", {"email": "ann@example.com"}, page="/account/sign-in/"
    )
    unknown = make_browser().submit(
        "/account/confirm/resend/", {"email": "bob@example.com"}, page="/account/sign-in/"
    )
    assert visible_text(known, "ann@example.com") == visible_text(unknown, "bob@example.com")
    assert len(inbox.to("ann@example.com")) == 1
    assert inbox.to("bob@example.com") == []


def test_sign_in_accepts_the_address_in_any_case_and_sign_out_ends_the_session(browser, reader):
    response = sign_in(browser, "Ann@Example.COM")
    assert response.status_code == 302
    assert "_auth_user_id" in browser.session
    home = browser.get("/")
    assert b"Sign out" in home.content
    assert browser.submit("/account/sign-out/").status_code == 302
    assert "_auth_user_id" not in browser.session


def test_a_wrong_password_gets_one_message_that_names_neither_field(browser, reader):
    wrong = sign_in(browser, "ann@example.com", "nope")
    unknown = sign_in(browser, "bob@example.com", "nope")
    assert wrong.status_code == unknown.status_code == 200
    assert wrong.context["form"].non_field_errors() == unknown.context["form"].non_field_errors()


@pytest.mark.parametrize(
    "path",
    [
        "/account/sign-in/",
        "/account/sign-up/",
        "/account/password/reset/",
        "/account/confirm/resend/",
    ],
)
def test_forms_refuse_a_post_without_the_csrf_token(browser, path):
    response = browser.post(path, {"username": "ann@example.com", "email": "ann@example.com"})
    assert response.status_code == 403


def test_mail_waits_in_the_task_queue_without_a_link_until_a_worker_sends_it(
    browser, inbox, settings
):
    import json

    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    browser.submit("/account/sign-up/", {"email": "ann@example.com", "password": STRONG})
    assert inbox.mails == []
    queued = json.dumps(DBTaskResult.objects.get().args_kwargs)
    assert "confirm_address" in queued
    assert "/account/confirm/" not in queued  # the token is made by the worker

    row = DBTaskResult.objects.get()
    row.task.call(*row.args_kwargs["args"], **row.args_kwargs["kwargs"])  # as the worker does
    assert "Confirm your address" in inbox.last_to("ann@example.com").subject
