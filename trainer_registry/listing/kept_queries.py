"""Queries whose SQL is made once per process and run again with new arguments
(decision 0037).

Django builds and compiles a queryset's SQL anew every time it runs. For the small reads
of a record's page that is most of their cost: about a millisecond of Python for a
statement the database answers in a few tens of microseconds. A :class:`KeptQuery` is
written as a function from its arguments to a queryset. It builds that queryset twice for
each database, from two sets of stand-in arguments, and compares the two statements: the
text must be the same, and the parameters that differ are where the arguments go. Each
call then runs the kept statement with the call's arguments in those places, and Django's
own compiler, kept from the first build, turns the rows into records or values exactly
as the queryset would.

What a kept query may be, checked when its statement is first made (a mistake fails
loudly in the first test that runs it, never as a wrong row):

* its arguments are whole numbers (primary keys) or strings (codes), which every
  database driver takes as given, days and times, which reach the statement as the
  database's operations adapt them (``adapt_datefield_value``,
  ``adapt_datetimefield_value``), or lists of ids (:class:`Ids`, an ``__in`` of at most
  so many, filled up to that number by repeating the last: the same set). A stand-in
  must reach the statement in that form, or the query is refused, so that an argument
  reaches it as the queryset would put it;
* its text does not depend on its arguments (no ``__in`` of a list of varying length, no
  slice by an argument): the two builds give the same text, or the query is refused;
* every argument reaches the statement, and nothing is prefetched (a prefetch is a
  second query, built as usual).

What else the text depends on (the reader's reach, the filters in force, the page) is
the query's *shape*: ``KeptQuery(build, ..., shaped=True)`` passes ``shape`` on to
``build`` and keeps a statement for each shape it is called with (the latest
:data:`SHAPES_KEPT`). A shape is a hashable value, and it must hold everything ``build``
reads besides its arguments. Django writes the current time zone into a statement that
takes a time's day or hour (``__date``, ``Trunc``): such a query's zone belongs to its
shape; no query kept today does so.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connections, router
from django.db.models import Model, QuerySet
from django.db.models.sql import InsertQuery, Query
from django.db.models.sql.compiler import SQLCompiler

# Each kind of argument, and how the database's operations adapt it for a statement.
ADAPTERS = {
    int: None,
    str: None,
    date: "adapt_datefield_value",
    datetime: "adapt_datetimefield_value",
}
SHAPES_KEPT = 256  # statements kept for each query, by database and shape


@dataclass(frozen=True)
class Ids:
    """The kind of an argument that is a list of at most ``size`` ids (``pk__in=ids``)."""

    size: int

    def __post_init__(self):
        if not 0 < self.size <= 1_000:
            raise ValueError(f"an Ids list holds 1 to 1000 ids, not {self.size}")


def _stand_in(kind, which: int, position: int):
    """An argument no other position shares: a small whole number (within every integer
    column's range, so that Django writes its comparison as for any other value: past the
    range it writes none), a string no code has, a day or a time long before the
    programmes, distinct ids. A constant of the query equal to a stand-in is the same in
    both builds, so it is never taken for an argument."""
    if isinstance(kind, Ids):
        return [which * 10_000_000 + position * 10_000 + k + 1 for k in range(kind.size)]
    if kind is int:
        return 1_000 * which + position + 1
    if kind is str:
        return f"\x1fkept {which} {position}"
    if kind is date:
        return date(1901 + which, 1, 1 + position)
    return datetime(1901 + which, 1, 1, 0, 0, position, tzinfo=UTC)


def _stand_ins(kinds: tuple, which: int) -> tuple:
    return tuple(_stand_in(kind, which, position) for position, kind in enumerate(kinds))


def _slots(kinds: tuple, args: tuple, connection) -> tuple:
    """The arguments as the statement's parameters hold them: each as the database's
    operations adapt it, a list of ids as its ids, filled up to its size."""
    slots = []
    for kind, arg in zip(kinds, args, strict=True):
        if isinstance(kind, Ids):
            slots.extend(arg)
            slots.extend([arg[-1]] * (kind.size - len(arg)))
        elif ADAPTERS[kind] is None:
            slots.append(arg)
        else:
            slots.append(getattr(connection.ops, ADAPTERS[kind])(arg))
    return tuple(slots)


def _as_given(param, stand_in) -> bool:
    """Whether a parameter is the stand-in as given: the same value, of its type or of
    the driver's own subtype of it (psycopg's ``Int2`` for a small integer column, which
    the argument is then given as)."""
    return isinstance(param, type(stand_in)) and param == stand_in


def _refusal(kind, arg) -> str:
    """Why ``arg`` cannot be an argument of ``kind`` ("" when it can)."""
    if isinstance(kind, Ids):
        if not isinstance(arg, (list, tuple)) or not all(type(i) is int for i in arg):
            return f"a list of ids, not {type(arg).__name__}"
        if not 0 < len(arg) <= kind.size:
            return f"1 to {kind.size} ids, not {len(arg)} (no query is needed for none)"
        return ""
    if type(arg) is not kind:
        return f"{kind.__name__}, not {type(arg).__name__}"
    if kind is datetime and arg.tzinfo is None:
        return "a time that says its zone"
    return ""


@dataclass(frozen=True)
class _Statement:
    """A query's statement on one database: its text and parameters, the places of the
    arguments among them, and the queryset and compiler it was made with."""

    sql: str
    params: tuple
    # (index in params, index of the argument's slot, the driver's type for it or None)
    places: tuple[tuple[int, int, type | None], ...]
    alias: str
    queryset: QuerySet
    compiler: SQLCompiler

    def params_for(self, slots: tuple) -> tuple:
        params = list(self.params)
        for index, slot, typed in self.places:
            params[index] = slots[slot] if typed is None else typed(slots[slot])
        return tuple(params)


class _KeptStatementQuery(Query):
    """A query whose statement is already made: its compiler gives the kept text and the
    call's parameters instead of compiling itself again."""

    statement: _Statement
    call_params: tuple

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        compiler = copy.copy(self.statement.compiler)
        compiler.connection = connection if connection is not None else connections[using]
        made = (self.statement.sql, self.call_params)
        compiler.as_sql = lambda *args, **kwargs: made
        return compiler

    def chain(self, klass=None):
        # Filtering, counting or slicing would build a new statement that this query's
        # compiler then ignores: refused rather than silently wrong.
        raise TypeError("a kept query runs its statement as it is: build another KeptQuery")


class KeptQuery:
    """``build(*args)`` (a queryset) with its statement made once per database (and
    shape): ``kept(*args)`` gives the queryset's rows, as a list, for these arguments."""

    def __init__(self, build: Callable[..., QuerySet], *kinds, shaped: bool = False) -> None:
        unknown = [kind for kind in kinds if kind not in ADAPTERS and not isinstance(kind, Ids)]
        if unknown:
            raise TypeError(
                f"{build.__qualname__}: arguments may be int, str, date, datetime or Ids,"
                f" not {unknown}"
            )
        self.build = build
        self.kinds = kinds
        self.shaped = shaped
        self._statements: dict[tuple, _Statement] = {}
        self._model = None  # known once first built, to route the read
        self._lock = threading.Lock()

    def __call__(
        self, *args: Any, shape: Hashable = None, known: dict[str, Model] | None = None
    ) -> list:
        """The rows for ``args`` (and ``shape``, for a shaped query). ``known`` names
        records the rows' foreign keys point to (``{"person": person}``): each row gets it
        without a query of its own, as the rows of a related manager
        (``person.participations``) get their person."""
        name = self.build.__qualname__
        if len(args) != len(self.kinds):
            raise TypeError(f"{name} takes {len(self.kinds)} arguments, not {len(args)}")
        for position, (kind, arg) in enumerate(zip(self.kinds, args, strict=True)):
            if why := _refusal(kind, arg):
                raise TypeError(f"{name}: argument {position} must be {why}")
        if shape is not None and not self.shaped:
            raise TypeError(f"{name} has one shape: it takes no shape")
        statement = self._statement(shape)
        queryset = statement.queryset._chain()
        query = queryset._query  # a clone of the kept queryset's own: changed for this call
        query.__class__ = _KeptStatementQuery
        query.statement = statement
        query.call_params = statement.params_for(
            _slots(self.kinds, args, connections[statement.alias])
        )
        if known:
            meta = queryset.model._meta
            queryset._known_related_objects = {
                meta.get_field(name): {record.pk: record} for name, record in known.items()
            }
        return list(queryset)

    def _built(self, which: int, shape: Hashable) -> QuerySet:
        stand_ins = _stand_ins(self.kinds, which)
        return self.build(*stand_ins, shape=shape) if self.shaped else self.build(*stand_ins)

    def _statement(self, shape: Hashable) -> _Statement:
        if self._model is not None:
            made = self._statements.get((router.db_for_read(self._model), shape))
            if made is not None:
                return made
        with self._lock:
            first = self._built(1, shape)
            self._model = first.model
            key = (router.db_for_read(first.model), shape)
            made = self._statements.get(key) or self._make(first, key[0], shape)
            if key not in self._statements and len(self._statements) >= SHAPES_KEPT:
                del self._statements[next(iter(self._statements))]  # the oldest
            self._statements[key] = made
        return made

    def _make(self, first: QuerySet, alias: str, shape: Hashable) -> _Statement:
        name = self.build.__qualname__
        if first._prefetch_related_lookups:
            raise ValueError(f"{name}: a kept query cannot prefetch (a prefetch is a query)")
        second = self._built(2, shape)
        compiler = first.query.get_compiler(alias)
        try:
            sql, params = compiler.as_sql()
            other_sql, other_params = second.query.get_compiler(alias).as_sql()
        except (EmptyResultSet, FullResultSet) as error:
            raise ValueError(
                f"{name}: Django writes no statement for its stand-in arguments"
                f" ({type(error).__name__}); it cannot be kept"
            ) from error
        if sql != other_sql or len(params) != len(other_params):
            raise ValueError(f"{name}: its SQL changes with its arguments; it cannot be kept")
        connection = connections[alias]
        ones = _slots(self.kinds, _stand_ins(self.kinds, 1), connection)
        twos = _slots(self.kinds, _stand_ins(self.kinds, 2), connection)
        places = []
        for index, (one, two) in enumerate(zip(params, other_params, strict=True)):
            if one == two and type(one) is type(two):
                continue
            matches = [
                slot
                for slot, (a, b) in enumerate(zip(ones, twos, strict=True))
                if _as_given(one, a) and _as_given(two, b) and type(one) is type(two)
            ]
            if not matches:
                raise ValueError(
                    f"{name}: parameter {index} changes with the arguments but is none of"
                    f" them as given ({one!r}); only arguments used as they are can be kept"
                )
            typed = None if type(one) is type(ones[matches[0]]) else type(one)
            places.append((index, matches[0], typed))
        reached = {slot for _, slot, _typed in places}
        if len(reached) != len(ones):
            # Each slot's argument (a list of ids fills as many slots as its size).
            owners = [
                position
                for position, kind in enumerate(self.kinds)
                for _slot in range(kind.size if isinstance(kind, Ids) else 1)
            ]
            missing = sorted({owners[slot] for slot in range(len(ones)) if slot not in reached})
            raise ValueError(f"{name}: arguments {missing} do not reach the statement")
        return _Statement(sql, tuple(params), tuple(places), alias, first, compiler)


class KeptInsert:
    """One row's ``INSERT`` of a ``model`` whose primary key the database numbers, its
    text made once per database by Django's own compiler (every column ``save`` writes,
    without ``RETURNING``: the caller needs no id back). Each call writes a record's values
    as ``Model.save`` would (``pre_save``, then ``get_db_prep_save``), without the rest of
    ``save``: no signals, and no id set on the record. For an append-only trail written on
    every page read."""

    def __init__(self, model: type[Model]) -> None:
        self.model = model
        self.fields = tuple(
            field
            for field in model._meta.local_concrete_fields
            if not field.primary_key and not field.generated
        )
        if not model._meta.pk.db_returning:  # numbered by the database (an AutoField)
            raise TypeError(f"{model.__name__}: the database must number its primary key")
        self._statements: dict[str, str] = {}

    def __call__(self, record: Model) -> None:
        alias = router.db_for_write(self.model)
        connection = connections[alias]
        sql = self._statements.get(alias)
        if sql is None:
            query = InsertQuery(self.model)
            query.insert_values(self.fields, [record])
            ((sql, _params),) = query.get_compiler(alias).as_sql()
            self._statements[alias] = sql
        values = [
            field.get_db_prep_save(field.pre_save(record, add=True), connection)
            for field in self.fields
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, values)
