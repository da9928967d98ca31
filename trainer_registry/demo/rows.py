"""Plain rows written in bulk: a model's columns given as tuples of values, no model
instances built and no field's ``pre_save`` run (so that a row keeps the time given to
it, where the model would stamp the present, as the audit log's ``at`` does).

On SQLite the rows go through the driver's ``executemany`` (one prepared statement, the
rows bound in C); on other engines as multi-row ``INSERT ... VALUES`` statements of at
most ``ROWS_PER_STATEMENT`` rows and as many as the parameter limit allows. Values are
adapted by each field for this connection (dates, times, JSON), so the same rows go to
SQLite, PostgreSQL and MySQL/MariaDB.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection

ROWS_PER_STATEMENT = 1000
PARAMETER_LIMIT = 65535  # PostgreSQL's and MySQL's limit on one statement's parameters
# The kinds of field whose Python values the engines do not all take as they are.
ADAPTED = {"DateField", "DateTimeField", "JSONField", "UUIDField", "BinaryField"}


def insert(model, fields: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Insert ``rows`` (each a value per name in ``fields``, attribute names such as
    ``person_id``) into ``model``'s table; returns how many were written."""
    columns = [model._meta.get_field(name) for name in fields]
    prepare = [
        (index, column)
        for index, column in enumerate(columns)
        if column.get_internal_type() in ADAPTED
    ]
    adapted: dict = {}  # (column, value) -> its database value: days and times repeat
    prepared = []
    for row in rows:
        values = list(row)
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
