"""The article page's reading beacon: time spent and scroll depth, reported without holding
up the page, accepted only from the signed-in reader's own pages, validated and rate-limited."""

import re
from pathlib import Path

import pytest
from django.test import Client

from newsstand.curation.models import ReadingSignal
from newsstand.curation.views import BEACON_PER_MINUTE
from tests.curation.conftest import recent_article

pytestmark = pytest.mark.django_db

BEACON = "/for-you/reading/"
SCRIPT = Path(__file__).parents[2] / "newsstand/curation/static/curation/beacon.js"


def report(client, article, seconds="45", depth="0.8", **extra):
    data = {"article": str(article.pk), "seconds": seconds, "depth": depth}
    return client.post(BEACON, data, **extra)


def test_a_signed_in_readers_article_page_loads_the_beacon_deferred(reader_client):
    article = recent_article()

    page = reader_client.get(article.get_absolute_url()).content.decode()

    tag = re.search(r'<script src="[^"]*curation/beacon\.js"[^>]*>', page)
    assert tag is not None
    assert " defer" in tag.group(0)
    assert f'data-article="{article.pk}"' in tag.group(0)
    assert 'data-url="/for-you/reading/"' in tag.group(0)
    assert re.search(r'data-csrf="[^"]+"', tag.group(0))


def test_an_anonymous_readers_article_page_has_no_beacon(client):
    page = client.get(recent_article().get_absolute_url()).content.decode()

    assert "beacon.js" not in page


def test_the_script_sends_with_send_beacon_when_the_page_is_hidden():
    script = SCRIPT.read_text()

    assert "navigator.sendBeacon" in script
    assert "visibilitychange" in script
    assert "pagehide" in script
    assert "csrfmiddlewaretoken" in script


def test_a_report_is_stored_as_a_read_signal(reader_client, reader):
    article = recent_article()

    response = report(reader_client, article, seconds="45", depth="0.8")

    assert response.status_code == 204
    signal = ReadingSignal.objects.get(reader=reader, article=article)
    assert (signal.seconds, signal.depth) == (45, 0.8)


def test_later_reports_keep_the_longest_time_and_the_deepest_scroll(reader_client, reader):
    article = recent_article()
    report(reader_client, article, seconds="90", depth="0.3")

    report(reader_client, article, seconds="20", depth="0.9")

    signal = ReadingSignal.objects.get(reader=reader, article=article)
    assert (signal.seconds, signal.depth) == (90, 0.9)


def test_hours_left_open_count_as_three_hours_at_most(reader_client, reader):
    article = recent_article()

    report(reader_client, article, seconds="80000", depth="1")

    assert ReadingSignal.objects.get(reader=reader).seconds == 3 * 60 * 60


def test_anonymous_reports_are_refused(client):
    response = report(client, recent_article())

    assert response.status_code == 403
    assert not ReadingSignal.objects.exists()


def test_a_report_without_the_csrf_token_is_refused(reader):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(reader)

    response = report(strict, recent_article())

    assert response.status_code == 403
    assert not ReadingSignal.objects.exists()


def test_a_report_from_another_site_is_refused(reader_client):
    response = report(reader_client, recent_article(), HTTP_SEC_FETCH_SITE="cross-site")

    assert response.status_code == 403
    assert not ReadingSignal.objects.exists()


@pytest.mark.parametrize(
    ("article", "seconds", "depth"),
    [
        ("x", "10", "0.5"),
        ("999999", "10", "0.5"),
        (None, "-1", "0.5"),
        (None, "ten", "0.5"),
        (None, "10", "1.5"),
        (None, "10", "nan"),
        (None, "10", ""),
    ],
)
def test_malformed_reports_are_refused(reader_client, article, seconds, depth):
    real = recent_article()
    data = {"article": article or str(real.pk), "seconds": seconds, "depth": depth}

    response = reader_client.post(BEACON, data)

    assert response.status_code == 400
    assert not ReadingSignal.objects.exists()


def test_a_reader_sending_too_many_reports_is_slowed_down(reader_client):
    article = recent_article()
    for _ in range(BEACON_PER_MINUTE):
        assert report(reader_client, article).status_code == 204

    assert report(reader_client, article).status_code == 429


def test_the_beacon_takes_only_posts(reader_client):
    assert reader_client.get(BEACON).status_code == 405
