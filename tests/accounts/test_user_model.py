"""The custom user: email is the sign-in name, stored in one spelling, hashed with Argon2."""

import io

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.db import IntegrityError

pytestmark = pytest.mark.django_db


def test_email_is_stored_lowercased_and_signs_in_in_any_case():
    user = get_user_model().objects.create_user(" Ann@Example.COM ", "a long passphrase 42")
    assert user.email == "ann@example.com"
    assert user.password.startswith("argon2")
    assert authenticate(username="ANN@example.com", password="a long passphrase 42") == user


def test_two_spellings_of_one_address_cannot_make_two_accounts():
    get_user_model().objects.create_user("ann@example.com", "pw-one-two-three")
    with pytest.raises(IntegrityError):
        get_user_model().objects.create_user("ANN@example.com", "pw-one-two-three")


def test_createsuperuser_asks_only_for_an_email(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "an operator passphrase")
    call_command("createsuperuser", "--noinput", "--email", "ops@example.com", stdout=io.StringIO())
    admin = get_user_model().objects.get()
    assert (admin.email, admin.is_staff, admin.is_superuser) == ("ops@example.com", True, True)
