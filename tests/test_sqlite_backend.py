"""newsstand.sqlite: Django's SQLite backend, converting each statement's placeholders once."""

import re

import pytest
from django.db import connection
from django.db.backends.sqlite3 import base as django_sqlite


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
