import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from newsstand.readers.models import Read
from newsstand.readers.services import do_record_read
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_opening_an_article_records_a_read(reader_client, reader):
    article = make_article()

    assert reader_client.get(article.get_absolute_url()).status_code == 200

    assert list(Read.objects.filter(reader=reader).values_list("article", flat=True)) == [
        article.pk
    ]


def test_reading_again_moves_the_article_to_the_top_without_a_second_row(reader_client, reader):
    first, second = make_article(title="First read"), make_article(title="Second read")
    reader_client.get(first.get_absolute_url())
    reader_client.get(second.get_absolute_url())
    reader_client.get(first.get_absolute_url())

    html = reader_client.get("/history/").content.decode()

    assert Read.objects.filter(reader=reader).count() == 2
    assert html.index("First read") < html.index("Second read")


def test_anonymous_reading_records_nothing_and_costs_no_query(client):
    article = make_article()
    assert client.get(article.get_absolute_url()).status_code == 200

    from django.contrib.auth.models import AnonymousUser

    with CaptureQueriesContext(connection) as queries:
        do_record_read(AnonymousUser(), article)

    assert len(queries) == 0
    assert not Read.objects.exists()


def test_history_shows_only_the_readers_own_reads(reader_client):
    other = get_user_model().objects.create_user("other@example.com", "another passphrase")
    Read.objects.create(reader=other, article=make_article(title="Not mine"))
    reader_client.get(make_article(title="Mine").get_absolute_url())

    html = reader_client.get("/history/").content.decode()

    assert "Mine" in html
    assert "Not mine" not in html


def test_clear_history_forgets_every_read(reader_client, reader):
    for _ in range(3):
        reader_client.get(make_article().get_absolute_url())

    response = reader_client.post("/history/clear/")

    assert response.status_code == 302
    assert not Read.objects.filter(reader=reader).exists()


def test_clear_history_is_a_post(reader_client, reader):
    reader_client.get(make_article().get_absolute_url())

    assert reader_client.get("/history/clear/").status_code == 405
    assert Read.objects.filter(reader=reader).exists()


def test_mark_unread_and_read_again(reader_client, reader):
    article = make_article()
    reader_client.get(article.get_absolute_url())

    reader_client.post(f"/history/{article.pk}/", {"action": "unread"})
    assert not Read.objects.filter(reader=reader, article=article).exists()

    response = reader_client.post(
        f"/history/{article.pk}/", {"action": "read"}, HTTP_ACCEPT="application/json"
    )
    assert response.json() == {"read": True}
    assert Read.objects.filter(reader=reader, article=article).count() == 1


def test_home_marks_articles_the_reader_has_read(reader_client):
    read = make_article(title="Already read")
    make_article(title="Not yet")
    reader_client.get(read.get_absolute_url())

    page = reader_client.get("/").context["page"]

    marks = {item.title: item.is_read for item in page.object_list}
    assert marks == {"Already read": True, "Not yet": False}
    assert 'class="read-mark">Read</span>' in reader_client.get("/").content.decode()


def test_history_page_is_paginated(reader_client, reader):
    Read.objects.bulk_create(Read(reader=reader, article=make_article()) for _ in range(31))

    assert len(reader_client.get("/history/?page=2").context["page"].object_list) == 1
