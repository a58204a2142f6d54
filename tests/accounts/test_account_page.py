"""The account page links everything a reader can do with the account; every form on the
account pages carries a CSRF token and labels each of its fields."""

import re

import pytest

from tests.accounts.conftest import sign_in

pytestmark = pytest.mark.django_db

PAGES = [
    "/account/",
    "/account/email/",
    "/account/password/",
    "/account/sessions/",
    "/account/delete/",
]


def test_the_account_page_links_every_account_action(browser, reader):
    sign_in(browser)
    html = browser.get("/account/").content.decode()
    for path in [*PAGES[1:], "/account/export/", "/membership/"]:
        assert f'href="{path}"' in html, path
    assert 'href="/account/"' in browser.get("/").content.decode()  # from every page's header


def test_the_account_pages_are_for_signed_in_readers(client, db):
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(f"/account/sign-in/?next={path}")


@pytest.mark.parametrize(
    "path", [*PAGES, "/account/sign-in/", "/account/sign-up/", "/account/password/reset/"]
)
def test_every_form_has_a_csrf_token_and_every_field_a_label(browser, make_browser, reader, path):
    if not path.endswith(("sign-in/", "sign-up/", "reset/")):
        sign_in(make_browser())  # a second device, so the sessions page has forms too
        sign_in(browser)
    html = browser.get(path).content.decode()
    main = html[html.index('<main id="main"') :]
    forms = re.findall(r"<form\b.*?</form>", main, flags=re.S)
    assert forms
    for form in forms:
        if 'method="post"' in form:
            assert 'name="csrfmiddlewaretoken"' in form
        for field_id in re.findall(r'<input type="(?:email|password|text)"[^>]*id="([^"]+)"', form):
            assert f'<label for="{field_id}">' in form, (path, field_id)


def test_posts_without_the_csrf_token_are_refused(browser, reader):
    sign_in(browser)
    for path in ["/account/email/", "/account/delete/", "/account/sessions/revoke-others/"]:
        assert browser.post(path, {"password": "x"}).status_code == 403, path
