"""Plain rows written in bulk: a model's columns given as tuples of values, no model
instances built and no field's ``pre_save`` run (so that a row keeps the time given to
it, where the model would stamp the present, as the audit log's ``at`` does).

On SQLite the rows go through the driver's ``executemany`` (one prepared statement, the
rows bound in C); on PostgreSQL they are streamed with ``COPY ... FROM STDIN`` (the
driver would otherwise parse each large multi-row statement in Python, which cost most
of the time); on MySQL and MariaDB as multi-row ``INSERT ... VALUES`` statements of at
most ``ROWS_PER_STATEMENT`` rows and as many as the parameter limit allows. Values are
adapted by each field for this connection (dates, times, JSON), so the same rows go to
every engine.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection
from django.utils import timezone

ROWS_PER_STATEMENT = 1000
PARAMETER_LIMIT = 65535  # PostgreSQL's and MySQL's limit on one statement's parameters
# The kinds of field whose Python values the engines do not all take as they are.
ADAPTED = {"DateField", "DateTimeField", "JSONField", "UUIDField", "BinaryField"}


def _filled(model, fields: Sequence[str]) -> tuple[list[str], list]:
    """The columns ``fields`` leaves out that a row must have, and their values: the
    field's default, or the present for a time the model stamps itself."""
    names, values = [], []
    for field in model._meta.concrete_fields:
        if field.attname in fields or field.primary_key or field.null:
            continue
        stamped = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        names.append(field.attname)
        values.append(timezone.now() if stamped else field.get_default())
    return names, values


def insert(model, fields: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Insert ``rows`` (each a value per name in ``fields``, attribute names such as
    ``person_id``) into ``model``'s table, the columns left out at their defaults;
    returns how many were written."""
    filled, fill = _filled(model, fields)
    columns = [model._meta.get_field(name) for name in (*fields, *filled)]
    prepare = [
        (index, column)
        for index, column in enumerate(columns)
        if column.get_internal_type() in ADAPTED
    ]
    adapted: dict = {}  # (column, value) -> its database value: days and times repeat
    prepared = []
    for row in rows:
        values = [*row, *fill]
        for index, column in prepare:
            value = values[index]
            if isinstance(value, dict | list):
                values[index] = column.get_db_prep_save(value, connection)
                continue
            key = (index, value)
            if key not in adapted:
                adapted[key] = column.get_db_prep_save(value, connection)
            values[index] = adapted[key]
        prepared.append(values)
    if not prepared:
        return 0
    quote = connection.ops.quote_name
    head = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(c.column) for c in columns)})"
    )
    marks = "(" + ", ".join(["%s"] * len(columns)) + ")"
    if connection.vendor == "postgresql":
        names = ", ".join(quote(c.column) for c in columns)
        sql = f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN"
        with (
            connection.wrap_database_errors,
            connection.cursor() as cursor,
            cursor.cursor.copy(sql) as copy,
        ):
            for values in prepared:
                copy.write_row(values)
        return len(prepared)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.executemany(f"{head} VALUES {marks}", prepared)
            return len(prepared)
        per_statement = max(1, min(ROWS_PER_STATEMENT, PARAMETER_LIMIT // len(columns)))
        for start in range(0, len(prepared), per_statement):
            chunk = prepared[start : start + per_statement]
            cursor.execute(
                f"{head} VALUES " + ", ".join([marks] * len(chunk)),
                [value for row in chunk for value in row],
            )
    return len(prepared)
