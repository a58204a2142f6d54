"""Django's SQLite backend, remembering how each query's placeholders convert.

Django writes "%s" placeholders and its SQLite backend turns them into sqlite3's "?" with a
regular expression on every execute. For the multi-row INSERT of a feed's 30 items (750
placeholders) that substitution cost more than binding the values (bench/ingest.py). The same
statements run again and again, so their conversion is cached; what runs is unchanged.
"""

import functools

from django.db.backends.sqlite3 import base
from django.utils.asyncio import async_unsafe


class DatabaseWrapper(base.DatabaseWrapper):
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
