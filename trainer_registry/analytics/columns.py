"""Query rows read as columns: what the analytics reader builds its frames from.

Django converts every value of every row it reads (a date, a decimal, a UUID object
each); at a hundred thousand rows that is most of a frame's cost. Here the rows come as
the database driver gives them, and each column is converted at once.
"""

from __future__ import annotations

import pandas as pd
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet

CHUNK = 50_000
"""Rows read (and, by :func:`frame`, converted) at a time."""


def _batches(query: QuerySet, size: int):
    """The rows of a ``values_list`` query as the database driver gives them, ``size`` at
    a time (none for a query that can match nothing, such as ``pk__in=[]``)."""
    try:
        sql, params = query.query.sql_with_params()
    except EmptyResultSet:
        return
    with connections[query.db].cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(size):
            yield batch


def rows(query: QuerySet) -> list[tuple]:
    """The rows of a ``values_list`` query as the database driver gives them (none for a
    query that can match nothing, such as ``pk__in=[]``)."""
    return [row for batch in _batches(query, CHUNK) for row in batch]


def frame(query: QuerySet, columns) -> pd.DataFrame:
    """The rows of a ``values_list`` query as a frame with these column names, read and
    converted :data:`CHUNK` rows at a time: a million rows never stand as a million tuples
    at once."""
    names = list(columns)
    parts = [pd.DataFrame(batch, columns=names) for batch in _batches(query, CHUNK)]
    if len(parts) < 2:
        return parts[0] if parts else pd.DataFrame([], columns=names)
    # A column whose values are missing in one chunk is ``object`` there: infer again.
    return pd.concat(parts, ignore_index=True).infer_objects()


def public_ids(values: pd.Series) -> pd.Series:
    """Public ids as text in their canonical form (``8-4-4-4-12`` hexadecimal digits),
    from what the driver gives: UUID objects, or 32 hexadecimal digits (SQLite, MariaDB)."""
    if values.empty or not isinstance(values.iloc[0], str):
        return values.map(str)
    if len(values.iloc[0]) == 36:
        return values
    parts = [values.str.slice(a, b) for a, b in ((0, 8), (8, 12), (12, 16), (16, 20), (20, 32))]
    return parts[0].str.cat(parts[1:], sep="-")


def days(values: pd.Series) -> pd.Series:
    """Dates (objects or ISO text) as ``datetime64[s]``, as ``pd.Timestamp`` gives them."""
    return pd.to_datetime(values).astype("datetime64[s]")
