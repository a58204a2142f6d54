"""The daily edition: a morning digest per reader at their local time, on the web and by mail
with one-click unsubscribe (RFC 8058), made once per reader and local day."""

from datetime import UTC, datetime, timedelta
from io import StringIO
from urllib.parse import unquote
from zoneinfo import ZoneInfo

import pytest
from django.core import mail, signing
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from newsstand.curation import edition
from newsstand.curation.edition import unsubscribe_token
from newsstand.curation.models import CurationPreferences, Edition
from newsstand.curation.services import do_plan_editions, do_send_edition
from newsstand.curation.tasks import enqueue_due_editions
from newsstand.readers.models import Follow
from tests.curation.conftest import make_story, make_topic, recent_article

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _mail_settings(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PUBLIC_URL = "https://news.example.org"
    settings.EDITION_HOUR = 7
    settings.EDITION_UNSUBSCRIBE_MAILBOX = ""
    settings.TASKS = IMMEDIATE


@pytest.fixture
def run_due(django_capture_on_commit_callbacks):
    """enqueue_due_editions as the worker runs it: its tasks, queued on commit, run at once."""

    def run(now):
        with django_capture_on_commit_callbacks(execute=True):
            return enqueue_due_editions(now)

    return run


@pytest.fixture
def subscriber(reader):
    reader.time_zone = "Asia/Tokyo"
    reader.save(update_fields=["time_zone"])
    CurationPreferences.objects.create(reader=reader, onboarding="done", edition_email=True)
    return reader


@pytest.fixture
def news(reader):
    """A top story and an article about a topic the reader follows."""
    top = recent_article(title="Summit ends with a deal", hours=3)
    make_story(top, score=4.0)
    politics = make_topic("Politics")
    Follow.objects.create(reader=reader, kind="topic", key="politics", label="Politics")
    recent_article(title="Parliament votes on the budget", topics=[politics], hours=1)


def tokyo_morning(hour: int = 7, minute: int = 30) -> datetime:
    """A moment when it is hour:minute in Tokyo today (UTC+9, no summer time)."""
    local = timezone.now().astimezone(ZoneInfo("Asia/Tokyo"))
    return local.replace(hour=hour, minute=minute, second=0, microsecond=0).astimezone(UTC)


def zone_at_morning() -> str:
    """A fixed-offset zone where it is now between 08:00 and 09:00."""
    offset = (8 - timezone.now().astimezone(UTC).hour) % 24
    offset = offset - 24 if offset > 12 else offset
    return "Etc/GMT" if offset == 0 else f"Etc/GMT{-offset:+d}"


def test_the_edition_page_needs_sign_in(client):
    response = client.get("/edition/")

    assert response.status_code == 302
    assert response["Location"].startswith("/account/sign-in/?next=/edition/")


def test_the_edition_page_holds_top_stories_and_for_you_with_reasons(reader_client, news):
    page = reader_client.get("/edition/").content.decode()

    assert "Top stories" in page
    assert "Summit ends with a deal" in page
    assert "Parliament votes on the budget" in page
    assert "Because you follow Politics" in page
    assert "Our picks" not in page  # no editors' picks to show


def test_the_edition_page_is_dated_in_the_readers_time_zone(reader_client, reader):
    reader.time_zone = "Pacific/Kiritimati"  # UTC+14: often a day ahead of UTC
    reader.save(update_fields=["time_zone"])
    day = timezone.now().astimezone(ZoneInfo("Pacific/Kiritimati"))

    page = reader_client.get("/edition/").content.decode()

    assert f"Your edition for {day:%A} {day.day} {day:%B}" in page


def test_front_page_picks_come_between_top_stories_and_for_you(reader_client, news):
    from newsstand.editorial.models import PickItem, PickList

    picked = recent_article(title="Our long read of the week", hours=20)
    story = make_story(recent_article(title="A story editors picked", hours=30), score=0.0)
    standing = PickList.objects.create(name="Standing list")
    PickItem.objects.create(pick_list=standing, position=0, article=picked)
    PickItem.objects.create(pick_list=standing, position=1, story=story)

    page = reader_client.get("/edition/").content.decode()

    assert "Our picks" in page
    assert page.index("Top stories") < page.index("Our picks") < page.index("For you</h2>")
    assert page.count("Our long read of the week") == 1  # not again under For you
    assert "A story editors picked" in page


def test_without_the_editorial_app_the_picks_slot_is_empty(monkeypatch):
    installed = edition.apps.is_installed
    monkeypatch.setattr(
        edition.apps, "is_installed", lambda name: name != "newsstand.editorial" and installed(name)
    )

    assert edition.get_edition_picks(timezone.now()) == []


def test_a_reader_opts_in_and_out_of_the_edition_by_email(reader_client, reader):
    reader_client.post("/edition/email/", {"action": "subscribe"})
    assert CurationPreferences.objects.get(reader=reader).edition_email is True
    assert "Stop the email" in reader_client.get("/edition/").content.decode()

    reader_client.post("/edition/email/", {"action": "unsubscribe"})
    assert CurationPreferences.objects.get(reader=reader).edition_email is False


def test_editions_are_planned_from_seven_in_each_readers_own_morning(subscriber):
    assert do_plan_editions(tokyo_morning(6, 59)) == []

    planned = do_plan_editions(tokyo_morning(7, 0))

    edition = Edition.objects.get(pk__in=planned)
    assert edition.reader == subscriber
    assert edition.local_date == tokyo_morning().astimezone(ZoneInfo("Asia/Tokyo")).date()


def test_a_reader_with_no_time_zone_gets_the_edition_at_seven_utc(subscriber):
    subscriber.time_zone = ""
    subscriber.save(update_fields=["time_zone"])
    today = timezone.now().astimezone(UTC).replace(minute=0, second=0, microsecond=0)

    assert do_plan_editions(today.replace(hour=6)) == []
    assert len(do_plan_editions(today.replace(hour=7))) == 1


def test_readers_who_did_not_opt_in_get_no_edition(reader):
    CurationPreferences.objects.create(reader=reader, onboarding="done", edition_email=False)

    assert do_plan_editions(datetime(2026, 3, 2, 7, 30, tzinfo=UTC)) == []
    assert not Edition.objects.exists()


def test_the_edition_mail_carries_one_click_unsubscribe_headers(subscriber, news, run_due):
    run_due(tokyo_morning())

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["reader@example.com"]
    assert message.subject.startswith("Your Newsstand edition, ")
    token = unsubscribe_token(subscriber)
    https_url = f"https://news.example.org/edition/unsubscribe/{token}/"
    links = [
        part.strip().strip("<>") for part in message.extra_headers["List-Unsubscribe"].split(",")
    ]
    assert links[0] == https_url
    assert links[1].startswith("mailto:unsubscribe@news.example.org?subject=")
    assert token in unquote(links[1])
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    rendered = message.message().as_string()
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in rendered
    assert "Summit ends with a deal" in message.body
    assert "Because you follow Politics" in message.body
    assert https_url in message.body
    html, kind = message.alternatives[0]
    assert kind == "text/html"
    assert "Parliament votes on the budget" in html


def test_the_task_running_twice_makes_and_mails_one_edition(subscriber, news, run_due):
    morning = tokyo_morning()

    run_due(morning)
    run_due(morning + timedelta(minutes=20))  # past the requeue wait too
    edition = Edition.objects.get()
    assert do_send_edition(edition.pk, morning) is False

    assert Edition.objects.count() == 1
    assert len(mail.outbox) == 1
    assert edition.sent_at is not None


def test_the_next_morning_brings_the_next_edition(subscriber, news, run_due):
    run_due(tokyo_morning())

    run_due(tokyo_morning() + timedelta(days=1))

    assert Edition.objects.count() == 2
    assert len(mail.outbox) == 2


def test_a_reader_who_unsubscribed_after_planning_gets_no_mail(subscriber, news, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    [edition_id] = do_plan_editions(tokyo_morning())
    CurationPreferences.objects.filter(reader=subscriber).update(edition_email=False)

    assert do_send_edition(edition_id, tokyo_morning()) is False
    assert mail.outbox == []


def test_the_edition_page_shows_what_the_mail_showed(reader_client, subscriber, news):
    now = timezone.now()
    edition = Edition.objects.create(
        reader=subscriber, local_date=now.astimezone(ZoneInfo("Asia/Tokyo")).date()
    )
    do_send_edition(edition.pk, now)
    later = recent_article(title="Breaking after the mail", hours=0.1)
    make_story(later, score=50.0)

    page = reader_client.get("/edition/").content.decode()

    assert "Summit ends with a deal" in page
    assert "Breaking after the mail" not in page


def test_one_click_unsubscribe_works_by_post_without_sign_in(subscriber):
    mail_client = Client(enforce_csrf_checks=True)  # a mail provider: no session, no token
    url = f"/edition/unsubscribe/{unsubscribe_token(subscriber)}/"

    response = mail_client.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 200
    assert CurationPreferences.objects.get(reader=subscriber).edition_email is False
    assert mail_client.post(url, {"List-Unsubscribe": "One-Click"}).status_code == 200


def test_opening_the_unsubscribe_link_only_asks(client, subscriber):
    response = client.get(f"/edition/unsubscribe/{unsubscribe_token(subscriber)}/")

    assert response.status_code == 200
    assert 'method="post"' in response.content.decode()
    assert CurationPreferences.objects.get(reader=subscriber).edition_email is True


@pytest.mark.parametrize(
    "token",
    ["nonsense", "1:forged", signing.dumps(1)],  # the last signed, but not for unsubscribing
)
def test_an_unsigned_unsubscribe_token_is_refused(client, subscriber, token):
    response = client.post(f"/edition/unsubscribe/{token}/")

    assert response.status_code == 404
    assert CurationPreferences.objects.get(reader=subscriber).edition_email is True


def test_the_command_sends_the_editions_that_are_due(
    subscriber, news, django_capture_on_commit_callbacks
):
    subscriber.time_zone = zone_at_morning()
    subscriber.save(update_fields=["time_zone"])

    call_command("send_editions", "--now", stdout=StringIO())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_editions", stdout=StringIO())

    assert Edition.objects.count() == 1
    assert len(mail.outbox) == 1
