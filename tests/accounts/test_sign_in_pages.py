"""Sign up, sign in and sign out through the pages, with CSRF enforced as in production."""

import pytest
from django.test import Client

from newsstand.accounts.models import User

pytestmark = pytest.mark.django_db

STRONG = "correct horse battery staple 42"


@pytest.fixture
def client():
    return Client(enforce_csrf_checks=True)


def post_form(client: Client, path: str, data: dict):
    page = client.get(path)
    token = page.cookies["csrftoken"].value
    return client.post(path, {**data, "csrfmiddlewaretoken": token})


def test_sign_up_creates_the_account_signs_in_and_returns_to_the_page(client):
    response = post_form(
        client,
        "/account/sign-up/?next=/saved/",
        {"email": " Ann@Example.com ", "password": STRONG, "next": "/saved/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/saved/"
    user = User.objects.get()
    assert user.email == "ann@example.com"
    assert user.password.startswith("argon2")
    assert client.session["_auth_user_id"] == str(user.pk)


def test_sign_up_refuses_a_weak_password_and_keeps_nothing(client):
    response = post_form(
        client, "/account/sign-up/", {"email": "ann@example.com", "password": "password"}
    )
    assert response.status_code == 200
    assert b"too common" in response.content
    assert not User.objects.exists()


def test_sign_up_with_a_taken_address_does_not_say_it_is_taken(client):
    User.objects.create_user("ann@example.com", STRONG)
    response = post_form(
        client, "/account/sign-up/", {"email": "ANN@example.com", "password": STRONG + "x"}
    )
    assert response.status_code == 200
    page = response.content.lower()
    assert b"taken" not in page
    assert b"exists" not in page
    assert b"already registered" not in page
    assert User.objects.count() == 1


def test_sign_up_never_redirects_off_the_site(client):
    response = post_form(
        client,
        "/account/sign-up/",
        {"email": "ann@example.com", "password": STRONG, "next": "https://evil.example/"},
    )
    assert response["Location"] == "/"


def test_sign_in_accepts_the_address_in_any_case_and_sign_out_ends_the_session(client):
    User.objects.create_user("ann@example.com", STRONG)
    response = post_form(
        client, "/account/sign-in/", {"username": "Ann@Example.COM", "password": STRONG}
    )
    assert response.status_code == 302
    assert "_auth_user_id" in client.session
    home = client.get("/")
    assert b"Sign out" in home.content
    token = client.cookies["csrftoken"].value
    assert client.post("/account/sign-out/", {"csrfmiddlewaretoken": token}).status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_wrong_password_gets_one_message_that_names_neither_field(client):
    User.objects.create_user("ann@example.com", STRONG)
    wrong = post_form(
        client, "/account/sign-in/", {"username": "ann@example.com", "password": "nope"}
    )
    unknown = post_form(
        client, "/account/sign-in/", {"username": "bob@example.com", "password": "nope"}
    )
    assert wrong.status_code == unknown.status_code == 200
    assert wrong.context["form"].non_field_errors() == unknown.context["form"].non_field_errors()


def test_forms_refuse_a_post_without_the_csrf_token(client):
    response = client.post("/account/sign-in/", {"username": "ann@example.com", "password": STRONG})
    assert response.status_code == 403
