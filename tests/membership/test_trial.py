"""The free trial: no card, once per person however the address is spelt, every change kept."""

from datetime import timedelta

import pytest
from django.urls import reverse

from newsstand.membership.emails import trial_key
from newsstand.membership.models import Membership, TrialClaim
from newsstand.membership.services import MembershipError, do_start_trial
from tests.membership.conftest import START


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("ann@example.org", "ann@example.org"),
        ("  Ann@Example.ORG ", "ann@example.org"),
        ("ann+news@example.org", "ann@example.org"),
        ("a.n.n@example.org", "a.n.n@example.org"),  # dots matter at most providers
        ("A.nn+x@gmail.com", "ann@gmail.com"),
        ("ann@googlemail.com", "ann@gmail.com"),
        ("no-at-sign", "no-at-sign"),
    ],
)
def test_trial_key_normalises_the_spellings_of_one_mailbox(address, key):
    assert trial_key(address) == key


@pytest.mark.django_db
def test_a_trial_starts_without_a_card_and_records_its_start(make_reader, clock):
    membership = do_start_trial(make_reader())
    assert membership.state == "trialing"
    assert membership.trial_ends_at == START + timedelta(days=14)
    event = membership.events.get()
    assert (event.at, event.from_state, event.to_state) == (START, "new", "trialing")
    assert event.cause == "14-day free trial started"


@pytest.mark.django_db
def test_the_trial_length_is_a_setting(make_reader, clock, settings):
    settings.TRIAL_DAYS = 30
    assert do_start_trial(make_reader()).trial_ends_at == START + timedelta(days=30)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "second", ["Ann.Lee@gmail.com", "annlee+again@gmail.com", "ANNLEE@googlemail.com"]
)
def test_one_trial_per_person_however_the_address_is_spelt(make_reader, clock, second):
    do_start_trial(make_reader("annlee@gmail.com"))
    with pytest.raises(MembershipError, match="already been used"):
        do_start_trial(make_reader(second))


@pytest.mark.django_db
def test_deleting_the_account_does_not_give_a_second_trial(make_reader, clock):
    first = make_reader("bob@example.org")
    do_start_trial(first)
    first.delete()
    assert not Membership.objects.exists()
    assert TrialClaim.objects.filter(email_key="bob@example.org").exists()
    with pytest.raises(MembershipError):
        do_start_trial(make_reader("bob@example.org"))


@pytest.mark.django_db
def test_a_running_member_cannot_start_a_trial(make_reader, clock):
    reader = make_reader()
    Membership.objects.create(user=reader, state="active", paid_until=START + timedelta(days=9))
    with pytest.raises(MembershipError, match="already a member"):
        do_start_trial(reader)
    assert not TrialClaim.objects.exists()


@pytest.mark.django_db
def test_the_trial_form_says_why_a_second_trial_is_refused(client, make_reader, clock):
    do_start_trial(make_reader("cy@example.org"))
    client.force_login(make_reader("cy+2@example.org"))
    response = client.post(reverse("membership:start_trial"), follow=True)
    assert b"already been used" in response.content


@pytest.mark.django_db
def test_starting_a_trial_returns_to_the_article_but_never_to_another_site(
    client, make_reader, clock
):
    client.force_login(make_reader())
    response = client.post(reverse("membership:start_trial"), {"next": "/articles/1/x/"})
    assert response["Location"] == "/articles/1/x/"
    client.force_login(make_reader())
    response = client.post(reverse("membership:start_trial"), {"next": "https://evil.test/"})
    assert response["Location"] == reverse("membership:account")


@pytest.mark.django_db
def test_starting_a_trial_needs_a_signed_in_reader(client):
    response = client.post(reverse("membership:start_trial"))
    assert response.status_code == 302
    assert not Membership.objects.exists()
