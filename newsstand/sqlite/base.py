"""Django's SQLite backend, with the costs of a bulk write taken out of its per-value steps.

Storing a feed's 30 items is one multi-row INSERT (articles/services.py), and three of Django's
steps cost more there than binding the values (bench/ingest.py):

- Django writes "%s" placeholders, and its backend turns them into sqlite3's "?" with a regular
  expression on every execute: for 750 placeholders, a substitution per statement. The same
  statements run again and again, so each one's conversion is remembered.
- An aware datetime is written as str() of it made naive in the connection's zone, through
  replace() (its keyword arguments) and a printf-style format: 31k instructions a value.
  One in UTC, on a connection in UTC (every timezone.now(), every date ingestion stores) is
  formatted from its fields directly, into the same text.
- A JSON value is json.dumps(), which builds an encoder per call (15k). A list of strings (an
  article's authors) is written as json.dumps writes it, from the same string encoder.

Whatever else comes is left to Django's own code, so what is stored is unchanged.
"""

import datetime
import functools
from json.encoder import encode_basestring_ascii

from django.db.backends.sqlite3 import base, operations
from django.utils.asyncio import async_unsafe


class DatabaseOperations(operations.DatabaseOperations):
    def adapt_datetimefield_value(self, value):
        if (
            type(value) is datetime.datetime
            and value.tzinfo is datetime.UTC
            and self.connection.timezone is datetime.UTC
        ):
            return _naive_text(value)
        return super().adapt_datetimefield_value(value)

    def adapt_json_value(self, value, encoder):
        if encoder is None and type(value) is list and all(type(item) is str for item in value):
            # json.dumps with its defaults: ASCII escapes, ", " between items.
            return "[" + ", ".join(map(encode_basestring_ascii, value)) + "]"
        return super().adapt_json_value(value, encoder)


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations

    @async_unsafe
    def create_cursor(self, name=None):
        return self.connection.cursor(factory=SQLiteCursorWrapper)


class SQLiteCursorWrapper(base.SQLiteCursorWrapper):
    def convert_query(self, query, *, param_names=None):
        if param_names is None:
            return _qmark_style(query)
        return super().convert_query(query, param_names=param_names)


@functools.lru_cache(maxsize=1024)
def _qmark_style(query: str) -> str:
    """query with Django's "format" placeholders in sqlite3's "qmark" style."""
    return base.FORMAT_QMARK_REGEX.sub("?", query).replace("%%", "%")


def _naive_text(value: datetime.datetime) -> str:
    """str(value.replace(tzinfo=None)): "2025-01-02 05:00:00", with ".ffffff" when it has any."""
    text = "%04d-%02d-%02d %02d:%02d:%02d" % (  # noqa: UP031 - twice as fast as an f-string
        value.year,
        value.month,
        value.day,
        value.hour,
        value.minute,
        value.second,
    )
    return f"{text}.{value.microsecond:06d}" if value.microsecond else text
