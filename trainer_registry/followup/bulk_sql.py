"""Statements that each cover many rows, on every engine: an ``UPDATE`` over a list of
ids, and a statement run on SQLite's own driver.

On SQLite statements go straight to the driver with its own ``?`` placeholders, inside
Django's transaction and under its error translation: Django's rewriting of a
7,500-placeholder statement would cost more than running it. On PostgreSQL a list of ids
is one array parameter (``= ANY(%s)``); elsewhere, and on SQLite, ``IN (...)`` lists of
``IDS_PER_UPDATE`` ids. Table and column names come from the models' metadata, values
are always parameters.
"""

from __future__ import annotations

import sqlite3

from django.db import connection

IDS_PER_UPDATE = 5000
DEFAULT_PARAMETER_LIMIT = 999


def parameter_limit() -> int:
    """How many parameters one statement may carry on this connection."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return connection.features.max_query_params or 65535


def execute(sql: str, params: list) -> None:
    """Run one statement written with ``%s`` placeholders. On SQLite it goes straight to
    the driver with its own ``?`` placeholders, inside the same transaction: Django's
    rewriting of a 7,500-placeholder statement would cost more than running it."""
    if connection.vendor == "sqlite":
        execute_sqlite(sql.replace("%s", "?"), params)
    else:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


def execute_sqlite(sql: str, params: list) -> None:
    """Run one statement written with ``?`` placeholders on the driver's own connection."""
    connection.ensure_connection()
    with connection.wrap_database_errors:  # driver errors as Django's own
        connection.connection.execute(sql, params)


def quoted(model, *names: str) -> tuple[str, list[str]]:
    quote = connection.ops.quote_name
    return quote(model._meta.db_table), [quote(name) for name in names]


def update_where_in(
    model, ids: list[int], *, column: str, assignments: str, params, condition: str = ""
) -> None:
    """``UPDATE model SET assignments WHERE [condition AND] column IN ids``, in slices of
    the id list; ``params`` fill the assignments' and the condition's placeholders."""
    table, (quoted_column,) = quoted(model, column)
    where = f"{condition} AND " if condition else ""
    if connection.vendor == "postgresql" and ids:  # the ids as one array parameter
        execute(
            f"UPDATE {table} SET {assignments} "  # noqa: S608 (names only)
            f"WHERE {where}{quoted_column} = ANY(%s)",
            [*params, list(ids)],
        )
        return
    sqlite = connection.vendor == "sqlite"
    statements: dict[int, str] = {}  # one text per length of list, which SQLite keeps ready
    for start in range(0, len(ids), IDS_PER_UPDATE):
        chunk = ids[start : start + IDS_PER_UPDATE]
        if len(chunk) not in statements:
            sql = (
                f"UPDATE {table} SET {assignments} "  # noqa: S608 (names only)
                f"WHERE {where}{quoted_column} IN ({', '.join(['%s'] * len(chunk))})"
            )
            statements[len(chunk)] = sql.replace("%s", "?") if sqlite else sql
        if sqlite:
            execute_sqlite(statements[len(chunk)], [*params, *chunk])
        else:
            execute(statements[len(chunk)], [*params, *chunk])
