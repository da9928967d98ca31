"""The query planner's statistics of a SQLite database, kept current by the site itself.

Without statistics (``sqlite_stat1``), SQLite guesses the size of every table alike, and
on a large registry it guesses badly: a list ordered by a joined column scans and sorts
every row instead of walking an index and stopping at its page. SQLite's advice for
short-lived connections, one per request here, is ``PRAGMA optimize`` before closing:
it analyses the tables this connection's queries used whose statistics are missing or
out of date, and nothing else. ``PRAGMA analysis_limit`` makes that analysis read a
sample of each index (a few hundred rows) rather than the whole, so that its cost stays
a few milliseconds however large the registry grows.

PostgreSQL and MariaDB keep their statistics themselves; there this does nothing.
"""

from __future__ import annotations

from django.db import DatabaseError, connection

ANALYSIS_LIMIT = 400  # rows read of each index when one is analysed


def optimize() -> None:
    """Let SQLite bring the statistics of the tables this connection used up to date."""
    if connection.vendor != "sqlite" or connection.connection is None:
        return
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")
            cursor.execute("PRAGMA optimize")
    except DatabaseError:
        # Busy with another request's write: the statistics wait for the next request.
        pass


class KeepStatisticsMiddleware:
    """After each request, before its connection closes: :func:`optimize`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        optimize()
        return response
