"""Finding people by part of a name, the same way on every database, and along an index
on SQLite.

A search is a case-insensitive "contains" on the Latin and the local name (Django's
``icontains``). Without an index a database reads every name for it, so the people
list's search grew with the registry (issue 22: 3.25x from the demo to a hundred times
it). On SQLite, migration 0019 keeps a full-text index of the two names with the
trigram tokenizer (:data:`TABLE`, kept by triggers on every insert, update and delete of
a person, so bulk statements and restores keep it too): a query of three characters or
more is first looked up there, then checked by the same ``icontains`` as before, so the
result is exactly what it was. Shorter queries, and the other databases, read the names.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

TABLE = "trainer_registry_person_names"
INDEXED_FROM = 3  # characters: the trigram index answers queries of a trigram or longer


def name_condition(query: str, prefix: str = "") -> Q:
    """The people (or, with ``prefix``, the records whose ``prefix`` person) whose
    Latin or local name contains ``query``, in any case."""
    return Q(**{f"{prefix}name_latin__icontains": query}) | Q(
        **{f"{prefix}name_local__icontains": query}
    )


_INDEXED: dict[str, bool] = {}  # by database file: whether migration 0019 made the index


def _indexed() -> bool:
    if connection.vendor != "sqlite":
        return False
    database = str(connection.settings_dict["NAME"])
    if database not in _INDEXED:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM sqlite_master WHERE name = %s", [TABLE])
            _INDEXED[database] = cursor.fetchone() is not None
    return _INDEXED[database]


def named(people: QuerySet, query: str) -> QuerySet:
    """``people`` whose Latin or local name contains ``query``, in any case."""
    people = people.filter(name_condition(query))
    if len(query) < INDEXED_FROM or not _indexed():
        return people
    phrase = '"' + query.replace('"', '""') + '"'  # one FTS5 string: no query syntax
    candidates = RawSQL(f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s", [phrase])  # noqa: S608, S611 (names are constants)
    return people.filter(pk__in=candidates)
