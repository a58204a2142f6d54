"""Rows written in one executemany, for hot write paths: story assignment's batches, and the
bookkeeping of every fetched feed.

Django's bulk_create() and bulk_update() build a model instance per row and their SQL in Python;
for a batch's thousands of copy bands and related pairs that was most of the batch's database
time (bench/stories_scale.py, profiled), and a feed's save(update_fields=…) cost more than the
database's work in a cold ingestion (bench/ingest.py). These take plain values.
"""

from collections.abc import Sequence
from typing import Any

from django.db import connection
from django.db.models import Model
from django.db.models.constants import OnConflict

_NUMBERS = {"BigIntegerField", "IntegerField", "PositiveIntegerField", "FloatField"}


def insert_rows(model: type[Model], fields: list[str], rows: Sequence[Sequence[Any]]) -> None:
    """Insert these rows (Python values in the order of fields; ids for foreign keys), skipping
    any that would break a unique constraint, as bulk_create(ignore_conflicts=True) does."""
    if not rows:
        return
    meta, ops = model._meta, connection.ops
    prepared = [meta.get_field(name) for name in fields]
    columns = [field.column for field in prepared]
    sql = " ".join(
        part
        for part in (
            ops.insert_statement(on_conflict=OnConflict.IGNORE),
            f"{ops.quote_name(meta.db_table)} ({', '.join(map(ops.quote_name, columns))})",
            f"VALUES ({', '.join(['%s'] * len(columns))})",
            ops.on_conflict_suffix_sql(fields, OnConflict.IGNORE, None, None),
        )
        if part
    )
    # Numbers and ids go as they are (a batch's band keys and related pairs are nothing else);
    # other values (datetimes, bytes) as their fields prepare them for this database.
    to_prepare = [
        field if not (field.is_relation or field.get_internal_type() in _NUMBERS) else None
        for field in prepared
    ]
    params = (
        [
            [
                field.get_db_prep_save(value, connection) if field else value
                for field, value in zip(to_prepare, row, strict=True)
            ]
            for row in rows
        ]
        if any(to_prepare)
        else rows
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def update_rows(rows: Sequence[Model], fields: list[str]) -> None:
    """Store these fields of these rows, as bulk_update() does, in one executemany (Django builds
    bulk_update's CASE … WHEN statement in Python: for a batch's 200 articles and their stories
    that took a quarter of the batch's time)."""
    if not rows:
        return
    meta = type(rows[0])._meta
    columns = [meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in columns)
    table, key = quote(meta.db_table), quote(meta.pk.column)
    sql = f"UPDATE {table} SET {assignments} WHERE {key} = %s"  # noqa: S608 - names, not input
    params = [
        [field.get_db_prep_save(getattr(row, field.attname), connection) for field in columns]
        + [row.pk]
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
