"""The kinds of record the audit log holds (its ``object_type`` values), for the log's
filter.

``SELECT DISTINCT`` reads every entry, and the log only grows: a few years of a national
programme's work is millions of entries. Here the kinds are read by stepping along the
index on ``object_type``, one seek from each kind to the next (a recursive query that
SQLite, PostgreSQL and MariaDB all run), so the cost follows the number of kinds, about
ten, not the number of entries.
"""

from __future__ import annotations

from collections.abc import Collection

from django.db import connections

from trainer_registry.models.access import AuditEvent


def record_types(countries: Collection[str] | None) -> list[str]:
    """The kinds of record among the entries of ``countries`` and those of no country
    (every entry when ``countries`` is None), in code-point order."""
    connection = connections[AuditEvent.objects.db]
    name = connection.ops.quote_name
    table, kind, country = (
        name(AuditEvent._meta.db_table),
        name("object_type"),
        name("country"),
    )
    reach, params = "", []
    if countries is not None:
        codes = sorted(countries)
        among = f" OR {country} IN ({', '.join(['%s'] * len(codes))})" if codes else ""
        reach, params = f" AND ({country} = ''{among})", codes
    sql = (
        f"WITH RECURSIVE kinds (kind) AS ("  # noqa: S608 (names and placeholders only)
        f" SELECT MIN({kind}) FROM {table} WHERE 1 = 1{reach}"
        f" UNION ALL"
        f" SELECT (SELECT MIN({kind}) FROM {table} WHERE {kind} > kinds.kind{reach})"
        f" FROM kinds WHERE kinds.kind IS NOT NULL"
        f") SELECT kind FROM kinds WHERE kind IS NOT NULL"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *params])
        return sorted(row[0] for row in cursor.fetchall())
