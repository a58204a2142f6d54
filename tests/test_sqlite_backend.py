"""newsstand.sqlite: Django's SQLite backend, converting placeholders, dates and JSON faster."""

import re
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.backends.sqlite3 import base as django_sqlite
from django.db.backends.sqlite3 import operations as django_operations

from newsstand.articles.models import Article
from tests.factories import make_article


@pytest.fixture
def sqlite(db):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite backend's own; this run is on " + connection.vendor)
    return connection


class CountingPattern:
    """FORMAT_QMARK_REGEX, counting the statements it converts."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern, self.calls = pattern, 0

    def sub(self, replacement: str, query: str) -> str:
        self.calls += 1
        return self.pattern.sub(replacement, query)


def test_sqlite_settings_use_the_newsstand_backend(sqlite):
    assert sqlite.settings_dict["ENGINE"] == "newsstand.sqlite"
    assert sqlite.vendor == "sqlite"


def test_placeholders_and_literal_percent_signs_convert_as_django_converts_them(sqlite):
    with sqlite.cursor() as cursor:
        for _ in range(2):  # the second time from the cache
            cursor.execute("SELECT %s, '100%%', %s LIKE 'a%%'", [7, "abc"])
            assert cursor.fetchone() == (7, "100%", 1)
        cursor.execute("SELECT %(n)s + %(n)s", {"n": 4})  # pyformat: converted as by Django
        assert cursor.fetchone() == (8,)


def test_a_statement_run_again_is_not_converted_again(sqlite, monkeypatch):
    counting = CountingPattern(django_sqlite.FORMAT_QMARK_REGEX)
    monkeypatch.setattr(django_sqlite, "FORMAT_QMARK_REGEX", counting)
    with sqlite.cursor() as cursor:
        for value in range(3):
            cursor.execute("SELECT %s * 2 -- test_a_statement_run_again", [value])
            assert cursor.fetchone() == (value * 2,)
    assert counting.calls == 1


DATETIMES = [
    datetime(2025, 1, 2, 5, 0, tzinfo=UTC),
    datetime(2025, 1, 2, 5, 0, 7, 120, tzinfo=UTC),
    datetime(5, 3, 4, 23, 59, 59, 999999, tzinfo=UTC),
    datetime(2025, 6, 1, 12, 30, tzinfo=ZoneInfo("Europe/Paris")),
    datetime(2025, 6, 1, 12, 30, tzinfo=timezone(timedelta(hours=-5))),
]


@pytest.mark.parametrize("value", DATETIMES)
def test_datetimes_are_written_as_djangos_backend_writes_them(sqlite, value):
    assert type(sqlite.ops).__module__ == "newsstand.sqlite.base"
    django_ops = django_operations.DatabaseOperations(sqlite)
    assert sqlite.ops.adapt_datetimefield_value(value) == (
        django_ops.adapt_datetimefield_value(value)
    )


@pytest.mark.parametrize(
    "value",
    [
        [],
        ["Jane Doe"],
        ["Zoë Ørsted", 'A "quoted" \\ name', "\ud800"],
        ["x", 1],
        {"a": ["b"]},
        None,
    ],
)
def test_json_is_written_as_djangos_backend_writes_it(sqlite, value):
    django_ops = django_operations.DatabaseOperations(sqlite)
    assert sqlite.ops.adapt_json_value(value, None) == django_ops.adapt_json_value(value, None)


def test_an_article_reads_back_its_dates_and_authors(sqlite):
    article = make_article(
        published_at=datetime(2025, 1, 2, 5, 0, 7, 120, tzinfo=UTC), authors=["Zoë", "Ann"]
    )
    stored = Article.objects.get(pk=article.pk)
    assert stored.published_at == datetime(2025, 1, 2, 5, 0, 7, 120, tzinfo=UTC)
    assert stored.authors == ["Zoë", "Ann"]
    assert Article.objects.filter(published_at__gte=datetime(2025, 1, 2, tzinfo=UTC)).count() == 1
