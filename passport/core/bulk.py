"""Insert many rows of one model at once (COPY on PostgreSQL, a prepared INSERT run for each row on SQLite),
without a model instance per row.

`QuerySet.bulk_create` builds a model instance for every row and prepares every value through the field API: for a
reserve wave (a hundred call-outs, their events and two hundred alerts) that is most of the time it takes. Here the
caller gives plain values by field name; each field's default fills what is missing (evaluated once per batch,
except the primary key's, which is evaluated per row), and only values the database adapter cannot take as they
are (UUIDs and datetimes on SQLite, JSON) go through the field's own conversion. Nothing is validated beyond what the
database checks: callers pass values their own code produced, never raw user input.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.db import connection, models
from django.utils import timezone


def _converter(field: models.Field) -> Callable[[Any], Any] | None:
    """How to turn a Python value into what the database adapter takes; None when it takes it as it is."""
    target = field.target_field if field.is_relation else field  # type: ignore[attr-defined]
    kind = target.get_internal_type()
    # psycopg takes UUIDs, dates, datetimes and decimals as they are; SQLite's adapter wants Django's conversion.
    needs = ("JSONField",) if connection.vendor == "postgresql" else (
        "UUIDField", "DateTimeField", "DateField", "DecimalField", "JSONField")
    if kind in needs:
        return lambda value: field.get_db_prep_save(value, connection)
    return None


def _default(field: models.Field, now: Any) -> Any:
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    if field.has_default() and field.default is timezone.now:
        return now
    return field.get_default()  # "" for a blank text field without a default, as the ORM writes


def insert_rows(model: type[models.Model], rows: Iterable[Mapping[str, Any]]) -> int:
    """Insert the rows (field attribute names to values, e.g. "need_id") and return how many were written.
    A primary key left out is filled from its default (a new UUID each row); a database-generated key (an
    AutoField) is left to the database."""
    given = list(rows)
    if not given:
        return 0
    fields, values = _values(model, given)
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: psycopg sends the rows as a stream, typed by its own adapters; no SQL text to build or parse.
            # (The raw cursor bypasses Django's error translation; restore it, so callers catch IntegrityError.)
            with connection.wrap_database_errors, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for line in values:
                    copy.write_row(line)
        else:
            # One statement prepared once and run for every row, inside the caller's transaction.
            placeholders = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", values)
    return len(values)


def insert_once(model: type[models.Model], row: Mapping[str, Any], *, unique: str) -> bool:
    """Insert one row unless a row with the same value in the unique field `unique` exists (INSERT ... ON
    CONFLICT DO NOTHING, one statement on both engines); True when this call inserted it. For a caller that
    only needs to know whether it is first, where get_or_create takes a read, a savepoint and an insert."""
    fields, values = _values(model, [row])
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    conflict = connection.ops.quote_name(str(model._meta.get_field(unique).column))  # type: ignore[union-attr]
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) "
                       f"VALUES ({placeholders}) ON CONFLICT ({conflict}) DO NOTHING RETURNING 1", values[0])
        return cursor.fetchone() is not None


def _values(model: type[models.Model], rows: list[Mapping[str, Any]]) -> tuple[list[models.Field], list[tuple]]:
    """The model's columns to write (all but a database-generated key) and each row's values for them."""
    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields
              if not (f.primary_key and isinstance(f, models.AutoField))]
    converters = [_converter(f) for f in fields]
    shared = {f.attname: _default(f, now) for f in fields if not f.primary_key}
    values: list[tuple[Any, ...]] = []
    for row in rows:
        out = []
        for field, convert in zip(fields, converters, strict=True):
            if field.attname in row:
                value = row[field.attname]
            elif field.primary_key:
                value = _default(field, now)
            else:
                value = shared[field.attname]
            out.append(value if convert is None or value is None else convert(value))
        values.append(tuple(out))
    return fields, values
