"""The demo site's store of XBlock state: each record read once and written once per request.

The xblock-sdk workbench keeps the fields of a block in ``XBlockState`` rows, one row per
(scope, scope id, learner) holding the fields as a JSON object. Its own key-value store
goes back to the database for every field: a read is a ``get_or_create`` of the row (a
SELECT, and an INSERT when the row is missing, even for a read), and a write reads and
saves the row again, each write its own transaction. A learner's first knowledge-check
submit made 31 queries and 5 write transactions.

:class:`RequestStateStore` keeps the rows one request has read (one SELECT per row),
creates a row only when a field is written, and writes all the fields a block saves
together (XBlock's ``save()``, which calls ``set_many``) in one transaction: the rows are
read again inside the transaction (one query for all of them) and only the fields this
request changed are laid over what each holds, so a concurrent write to another field of
the same row is not lost. The same submit makes 10 queries and 1 write transaction.

One store per runtime, and the workbench makes a runtime per request: nothing is shared
between requests or threads, so no learner is ever served another request's state.
:func:`install` makes the workbench's views use it (decision 0007).
"""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection, transaction
from xblock.fields import Scope
from xblock.runtime import KeyValueStore, KvsFieldData

# (scope as the workbench names it, scope id, learner id or None)
RowKey = tuple[str, str, str | None]

# SQLite has one write lock per database. A thread that finds it taken waits in SQLite's
# busy handler, which sleeps 1, 2, 5, 10 ... up to 100 ms between tries: under 32
# concurrent learners a write could wait a second with the lock free most of that time.
# The site's threads instead queue here and each starts the moment the one before ends.
_SQLITE_WRITER = threading.Lock()


@contextmanager
def _write_transaction() -> Iterator[None]:
    if connection.vendor == "sqlite":
        with _SQLITE_WRITER, transaction.atomic():
            yield
    else:
        with transaction.atomic():
            yield


@functools.lru_cache(maxsize=4096)
def row_key(key: KeyValueStore.Key) -> RowKey:
    """The ``XBlockState`` row that holds ``key``'s field, as the workbench lays them out."""
    if key.scope in (Scope.parent, Scope.children):
        scope = key.scope.attr_name.removeprefix("scope_")
    else:
        scope = key.scope.block.attr_name.removeprefix("blockscope_")
    return scope, str(key.block_scope_id), key.user_id


def _scenario_and_tag(row: RowKey) -> tuple[str | None, str]:
    """The workbench's ``scenario`` and ``tag`` columns: ``{scenario}.{tag}.{rest}`` ids,
    except type and user-info rows, whose id is the tag itself."""
    scope, scope_id, _ = row
    if scope in ("type", "all"):
        return None, scope_id
    scenario, tag, _ = scope_id.split(".", 2)
    return scenario, tag


@dataclass
class _Row:
    fields: dict
    changed: set[str] = field(default_factory=set)
    removed: set[str] = field(default_factory=set)


class RequestStateStore(KeyValueStore):
    """A workbench key-value store for one request; see the module's docstring."""

    def __init__(self) -> None:
        self._rows: dict[RowKey, _Row] = {}

    def read_rows(self, keys) -> None:
        """Read, in one query, every row that holds one of ``keys`` and is not read yet.

        The runtime calls it with the keys of all a block's fields when it makes the
        block, so a handler that reads fields of several scopes (the learner's state, the
        content, the settings, the learner's preferences) costs one query, not one each.
        """
        rows = {row_key(key) for key in keys} - self._rows.keys()
        if not rows:
            return
        found = _select_many(rows, lock=False)
        for row in rows:
            self._rows[row] = _Row(json.loads(found[row][1] if row in found else "{}"))

    def _row(self, key: KeyValueStore.Key) -> _Row:
        row = row_key(key)
        if row not in self._rows:
            found = _select(row, lock=False)
            self._rows[row] = _Row(json.loads(found[1] if found else "{}"))
        return self._rows[row]

    def get(self, key):
        return self._row(key).fields[key.field_name]

    def has(self, key) -> bool:
        return key.field_name in self._row(key).fields

    def set(self, key, value) -> None:
        self.set_many({key: value})

    def delete(self, key) -> None:
        cached = self._row(key)
        cached.fields.pop(key.field_name, None)
        cached.changed.discard(key.field_name)
        cached.removed.add(key.field_name)
        self._write({row_key(key)})

    def set_many(self, update_dict) -> None:
        touched = set()
        for key, value in update_dict.items():
            cached = self._row(key)
            cached.fields[key.field_name] = value
            cached.changed.add(key.field_name)
            cached.removed.discard(key.field_name)
            touched.add(row_key(key))
        self._write(touched)

    def _write(self, rows: set[RowKey]) -> None:
        """One transaction: per row, this request's changes laid over the row as it is now
        (all the rows read again in one query)."""
        with _write_transaction():
            current = _select_many(rows, lock=True)
            for row in sorted(rows, key=lambda r: (r[0], r[1], r[2] or "")):
                cached = self._rows[row]
                found = current.get(row)
                stored = json.loads(found[1] or "{}") if found else {}
                for name in cached.removed:
                    stored.pop(name, None)
                for name in cached.changed:
                    stored[name] = cached.fields[name]
                state = json.dumps(stored, sort_keys=True)
                if found is None:
                    _insert(row, state)
                else:
                    _update(found[0], state)
                cached.fields = stored
                cached.changed.clear()
                cached.removed.clear()


# The statements are written out: building them with the ORM took a third of the
# request's time (lookups, ordering and joins resolved anew for every query).
# Identifiers are quoted by the backend; every value is a parameter.


def _names() -> dict[str, str]:
    return _quoted_names(connection.vendor)


@functools.cache
def _quoted_names(vendor: str) -> dict[str, str]:
    from workbench.models import XBlockState

    quote = connection.ops.quote_name
    columns = ("id", "scope", "scope_id", "user_id", "scenario", "tag", "created", "state")
    return {"table": quote(XBlockState._meta.db_table)} | {c: quote(c) for c in columns}


def _row_condition(row: RowKey) -> tuple[str, list]:
    """The WHERE condition that picks the records of ``row``, and its parameters."""
    scope, scope_id, user_id = row
    n = _names()
    user = f"{n['user_id']} IS NULL" if user_id is None else f"{n['user_id']} = %s"
    condition = f"{n['scope']} = %s AND {n['scope_id']} = %s AND {user}"
    return condition, [scope, scope_id, *([] if user_id is None else [user_id])]


def _select(row: RowKey, *, lock: bool) -> tuple[int, str] | None:
    """(id, state) of the row's first record, or None; ``lock`` takes it FOR UPDATE."""
    n = _names()
    condition, parameters = _row_condition(row)
    sql = (
        f"SELECT {n['id']}, {n['state']} FROM {n['table']} "  # noqa: S608  (quoted names)
        f"WHERE {condition} ORDER BY {n['id']} LIMIT 1"
    )
    if lock and connection.features.has_select_for_update:
        sql += " FOR UPDATE"
    with connection.cursor() as cursor:
        cursor.execute(sql, parameters)
        return cursor.fetchone()


def _select_many(rows: set[RowKey], *, lock: bool) -> dict[RowKey, tuple[int, str]]:
    """(id, state) of each row's first record (rows with no record are left out);
    ``lock`` takes them FOR UPDATE.

    One SELECT per row, joined by UNION ALL: each is planned on its own, along the row's
    index (scope id, user id, scope). Joined by OR into one condition, SQLite without
    statistics on the table read every learner's record of the block instead. FOR
    UPDATE cannot lock the rows of a UNION, so a locking read (PostgreSQL, MySQL and
    MariaDB; SQLite locks the whole database for the write) joins them by OR, which those
    databases plan with their statistics."""
    n = _names()
    columns = f"{n['id']}, {n['scope']}, {n['scope_id']}, {n['user_id']}, {n['state']}"
    ordered = sorted(rows, key=lambda r: (r[0], r[1], r[2] or ""))
    conditions = [_row_condition(row) for row in ordered]
    parameters = [value for _, values in conditions for value in values]
    if lock and connection.features.has_select_for_update:
        where = " OR ".join(f"({condition})" for condition, _ in conditions)
        sql = f"SELECT {columns} FROM {n['table']} WHERE {where} ORDER BY {n['id']} FOR UPDATE"  # noqa: S608
    else:
        sql = " UNION ALL ".join(
            f"SELECT {columns} FROM {n['table']} WHERE {condition}"  # noqa: S608
            for condition, _ in conditions
        )
        sql += " ORDER BY 1"  # the records' ids
    found: dict[RowKey, tuple[int, str]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, parameters)
        for record_id, scope, scope_id, user_id, state in cursor.fetchall():
            found.setdefault((scope, scope_id, user_id), (record_id, state))
    return found


def _insert(row: RowKey, state: str) -> None:
    from django.utils import timezone

    n = _names()
    scenario, tag = _scenario_and_tag(row)
    created = connection.ops.adapt_datetimefield_value(timezone.now())
    sql = (
        f"INSERT INTO {n['table']} ({n['scope']}, {n['scope_id']}, {n['user_id']}, "  # noqa: S608
        f"{n['scenario']}, {n['tag']}, {n['created']}, {n['state']}) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*row, scenario, tag, created, state])


def _update(record_id: int, state: str) -> None:
    n = _names()
    sql = f"UPDATE {n['table']} SET {n['state']} = %s WHERE {n['id']} = %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [state, record_id])


def runtime_class():
    """The workbench's runtime, with a :class:`RequestStateStore` of its own."""
    from workbench.runtime import WorkbenchRuntime

    class RequestStoreRuntime(WorkbenchRuntime):
        def __init__(self, user_id=None):
            super().__init__(user_id)
            self._state_store = RequestStateStore()
            # Runtime keeps its services in _services; the workbench gives no other way
            # to choose the field data of one runtime.
            self._services["field-data"] = KvsFieldData(self._state_store)

        def get_block(self, usage_id, for_parent=None):
            block = super().get_block(usage_id, for_parent=for_parent)
            field_data = self._services["field-data"]
            # KvsFieldData._key is how the field data names a field's key; the fields of
            # one scope share a row, so one field per scope names all the block's rows.
            one_per_scope = {field.scope: name for name, field in block.fields.items()}
            self._state_store.read_rows(
                field_data._key(block, name) for name in one_per_scope.values()
            )
            return block

    return RequestStoreRuntime


def install() -> None:
    """Make the workbench's pages and handlers use a store per request."""
    from workbench import views

    if getattr(views.WorkbenchRuntime, "store_per_request", False):
        return
    views.WorkbenchRuntime = runtime_class()
    views.WorkbenchRuntime.store_per_request = True
