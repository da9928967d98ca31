"""Storing a checked file of follow-up answers: answers, dispositions and careers written
in one transaction with statements that each cover many rows.

The file has been checked cell by cell (:mod:`trainer_registry.followup.answer_import`); what is
left is writing, and for 100,000 answers the cost is in the round trips, not in the
database. So:

* answers go in as multi-row ``INSERT`` statements built from column arrays, never from
  model instances, as many rows per statement as the engine's parameter limit allows (at
  most ``ROWS_PER_INSERT``); on SQLite a column that holds one value in every row (an
  unasked question, the submission time) is bound once per statement, and columns of a
  few values each travel as one code per row (:mod:`trainer_registry.followup.coded_rows`),
  so that only the member and the columns of many values pass from Python cell by cell;
* on PostgreSQL answers are streamed with ``COPY ... FROM STDIN`` as CSV written by
  pyarrow: binding 1.7 million parameters through the driver took 11 seconds there;
* dispositions and careers are a handful of ``UPDATE ... WHERE id IN (...)`` statements
  (:mod:`trainer_registry.followup.bulk_sql`) grouped by the value they set, with the
  same rule as answers given one at a time
  (:func:`trainer_registry.followup.careers.career_changes_of`).

Table and column names come from the models' metadata, values are always parameters,
dates and times are adapted by the connection's own operations: the same code runs on
SQLite, PostgreSQL and MySQL/MariaDB.
"""

from __future__ import annotations

import io
from datetime import date, datetime

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv
from django.db import connection

from trainer_registry.followup import careers, coded_rows
from trainer_registry.followup.bulk_sql import (
    execute,
    execute_sqlite,
    parameter_limit,
    quoted,
    update_where_in,
)
from trainer_registry.models import (
    CampaignMember,
    Disposition,
    FollowUpResponse,
    PositionSpell,
    StillInRole,
)

ROWS_PER_INSERT = 500
ROWS_PER_INSERT_SQLITE = 2000  # one or two parameters a row there


def _with_nulls(values: np.ndarray, present: np.ndarray) -> list:
    """``values`` as Python objects, ``None`` where not ``present``."""
    out = np.full(len(values), None, dtype=object)
    out[present] = values[present].tolist()
    return out.tolist()


def _whole_numbers(values: pd.Series) -> list:
    """Counts and scores as Python ints, ``None`` where empty."""
    present = values.notna().to_numpy()
    return _with_nulls(values.fillna(0).to_numpy(dtype=np.int64), present)


def _dates(values: pd.Series) -> list:
    """Timestamps as ISO dates (``YYYY-MM-DD``, which every engine reads as a date),
    ``None`` where empty. Each distinct month is written out once."""
    codes, distinct = pd.factorize(values)
    words = np.array([None, *distinct.strftime("%Y-%m-%d")], dtype=object)
    return words[codes + 1].tolist()


# The columns of :class:`FollowUpResponse` that :func:`followup_import.validate` returns,
# and how those that need it become database values (the rest go as they are).
ANSWER_COLUMNS = (
    "member_id",
    "wave",
    "channel",
    "still_in_role",
    "left_role_on",
    "leaving_reason",
    "current_organisation",
    "current_role",
    "use_of_training",
    "examples",
    "support_needed",
    "trainings_delivered",
    "participants_reached",
)
_CONVERT = {
    "left_role_on": _dates,
    "use_of_training": _whole_numbers,
    "trainings_delivered": _whole_numbers,
    "participants_reached": _whole_numbers,
}


def _database_values(name: str, values: pd.Series) -> list:
    convert = _CONVERT.get(name)
    if convert:
        return convert(values)
    if isinstance(values.dtype, pd.CategoricalDtype):  # as the import gives text
        categories = np.array([*values.cat.categories, None], dtype=object)
        return categories[values.cat.codes.to_numpy()].tolist()
    return values.tolist()


def _holds_one_value(values: pd.Series) -> bool:
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes = values.cat.codes.to_numpy()
        return bool(codes.min() == codes.max())
    first = values.iloc[0]
    if pd.isna(first):
        return bool(values.isna().all())
    return bool((values == first).all())


def answer_columns(
    answers: pd.DataFrame, *, submitted_at: datetime
) -> tuple[dict[str, list], dict[str, object]]:
    """The :class:`FollowUpResponse` columns of ``answers`` (at least one row, as
    :func:`followup_import.validate` returns them), consent given, submitted at
    ``submitted_at``: the columns whose value changes from row to row as lists of
    database values, and the one value of each other column (an unasked question, the
    wave of a one-wave file, the submission time). ``member_id`` always counts as
    changing, so that every row has a value of its own."""
    constant: dict[str, object] = {
        "submitted_at": connection.ops.adapt_datetimefield_value(submitted_at),
        "consent": True,
    }
    varying: dict[str, list] = {}
    for name in ANSWER_COLUMNS:
        values = answers[name]
        if name != "member_id" and _holds_one_value(values):
            constant[name] = _database_values(name, values.iloc[:1])[0]
        else:
            varying[name] = _database_values(name, values)
    return varying, constant


def insert_answers(answers: pd.DataFrame, *, submitted_at: datetime) -> None:
    """Insert every row of ``answers`` (as :func:`followup_import.validate` returns them)
    as a :class:`FollowUpResponse`, consent given, submitted at ``submitted_at``."""
    if answers.empty:
        return
    if connection.vendor == "sqlite":
        insert_coded(answers, submitted_at=submitted_at)
        return
    varying, constant = answer_columns(answers, submitted_at=submitted_at)
    if connection.vendor == "postgresql":
        copy_rows(varying, constant)
    else:
        insert_rows(varying, constant)


def _interleaved(columns: dict[str, list]) -> list:
    """The columns' values row after row in one flat list (the first row's values, then
    the second's, ...), laid out by one slice assignment per column."""
    width = len(columns)
    flat: list = [None] * (width * len(next(iter(columns.values()))))
    for index, values in enumerate(columns.values()):
        flat[index::width] = values
    return flat


def insert_rows(varying: dict[str, list], constant: dict[str, object]) -> None:
    """Any engine: multi-row ``INSERT ... VALUES``, every column of every row a parameter,
    as many rows per statement as the parameter limit allows (at most ``ROWS_PER_INSERT``)."""
    n = len(varying["member_id"])
    columns = {**varying, **{name: [value] * n for name, value in constant.items()}}
    table, names = quoted(FollowUpResponse, *columns)
    per_statement = max(1, min(ROWS_PER_INSERT, parameter_limit() // len(columns)))
    row_marks = "(" + ", ".join(["%s"] * len(columns)) + ")"
    flat = _interleaved(columns)
    width = len(columns)
    for start in range(0, n, per_statement):
        rows = min(per_statement, n - start)
        execute(
            f"INSERT INTO {table} ({', '.join(names)}) VALUES "  # noqa: S608 (names only)
            + ", ".join([row_marks] * rows),
            flat[start * width : (start + rows) * width],
        )


def _arrow(values: list) -> pa.Array:
    column = pa.array(values)
    # A column of nothing but NULL has no type of its own; as text it writes the same.
    return column.cast(pa.string()) if pa.types.is_null(column.type) else column


def copy_rows(varying: dict[str, list], constant: dict[str, object]) -> None:
    """PostgreSQL: every row in one ``COPY ... FROM STDIN (FORMAT csv)``, the CSV written
    by pyarrow from the columns (strings quoted, so that an empty string stays one and an
    unquoted empty field is NULL)."""
    n = len(varying["member_id"])
    columns = {name: _arrow(values) for name, values in varying.items()}
    for name, value in constant.items():
        text = value.isoformat() if isinstance(value, datetime) else value
        columns[name] = _arrow([text] * n)
    out = io.BytesIO()
    pyarrow.csv.write_csv(
        pa.table(columns), out, write_options=pyarrow.csv.WriteOptions(include_header=False)
    )
    table, names = quoted(FollowUpResponse, *columns)
    sql = f"COPY {table} ({', '.join(names)}) FROM STDIN (FORMAT csv)"
    # Driver errors (a unique-constraint race) as Django's own, as for every statement.
    with (
        connection.wrap_database_errors,
        connection.cursor() as cursor,
        cursor.cursor.copy(sql) as copy,
    ):
        copy.write(out.getbuffer())


def _coded(name: str, values: pd.Series) -> tuple[np.ndarray, list] | None:
    """The column as a code per row and the database value of each code (NULL last), or
    ``None`` when it holds more than :data:`coded_rows.FEW` distinct values."""
    if isinstance(values.dtype, pd.CategoricalDtype):  # as the import gives text
        codes, distinct = values.cat.codes.to_numpy(), values.cat.categories
    else:
        codes, distinct = pd.factorize(values)
    if len(distinct) > coded_rows.FEW:
        return None
    database = _database_values(name, pd.Series(distinct, dtype=values.dtype))
    return np.where(codes < 0, len(distinct), codes), [*database, None]


def insert_coded(answers: pd.DataFrame, *, submitted_at: datetime) -> None:
    """SQLite: ``INSERT ... SELECT ... FROM (VALUES (...), (...))`` where a column holding
    one value in every row is one parameter per statement, and columns holding a few
    values each are one code per row (:mod:`trainer_registry.followup.coded_rows`): only
    the member and the columns of many values pass from Python cell by cell. (PostgreSQL
    would type the parameters of such a ``VALUES`` list as text, so other engines use
    :func:`insert_rows` or :func:`copy_rows`.)"""
    constant: dict[str, object] = {
        "submitted_at": connection.ops.adapt_datetimefield_value(submitted_at),
        "consent": True,
    }
    per_row: dict[str, list | np.ndarray] = {
        "member_id": answers["member_id"].to_numpy(dtype=np.int64)
    }
    coded = {}
    for name in ANSWER_COLUMNS[1:]:
        found = _coded(name, answers[name])
        if found is None:
            per_row[name] = _database_values(name, answers[name])
        elif found[0].min() == found[0].max():
            constant[name] = found[1][found[0][0]]
        else:
            coded[name] = found
    combination = coded_rows.combine(coded)
    for name, (codes, values) in coded.items():  # each its own parameter per row
        if combination is None or name not in combination.values:
            per_row[name] = np.array(values, dtype=object)[codes].tolist()
    table, names = quoted(FollowUpResponse, *ANSWER_COLUMNS, *("submitted_at", "consent"))
    order = [*per_row, *(combination.values if combination else ()), *constant]
    quoted_names = dict(zip((*ANSWER_COLUMNS, "submitted_at", "consent"), names, strict=True))
    for sql, params in coded_rows.insert_statements(
        table,
        [(name, quoted_names[name]) for name in order],
        constant,
        per_row,
        combination,
        parameter_limit=parameter_limit(),
        rows_per_insert=ROWS_PER_INSERT_SQLITE,
        carrier="member_id",
    ):
        execute_sqlite(sql, params)


def _still_and_left(answers: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    return (
        (answers["still_in_role"] == StillInRole.YES).to_numpy(dtype=bool),
        answers["left_role_on"].notna().to_numpy(dtype=bool),
    )


def update_dispositions(answers: pd.DataFrame) -> None:
    """Complete where the answer says still in the role or gives the month left, partial
    otherwise (a member with several answers in the file takes the last one's)."""
    members = answers["member_id"].to_numpy(dtype=np.int64)
    last = careers.last_of_each(members)
    still, left = _still_and_left(answers)
    complete = still | left
    _, (disposition,) = quoted(CampaignMember, "disposition")
    for mask, value in ((complete, Disposition.COMPLETE), (~complete, Disposition.PARTIAL)):
        update_where_in(
            CampaignMember,
            members[mask if last is None else mask & last].tolist(),
            column="id",
            assignments=f"{disposition} = %s",
            params=[value],
        )


def update_careers(answers: pd.DataFrame, on: date) -> None:
    """Confirm or end each answering person's open anti-trafficking position, as
    :func:`trainer_registry.followup.careers.update_careers` does for answers given one by one
    (a position never ends before it started)."""
    confirmed, left = careers.career_changes_of(answers, on)
    ops = connection.ops
    _, (ended_on, started_on, end_reason, last_confirmed_on, anti) = quoted(
        PositionSpell,
        "ended_on",
        "started_on",
        "end_reason",
        "last_confirmed_on",
        "is_anti_trafficking",
    )
    open_only = f"{ended_on} IS NULL AND {anti} = %s"
    update_where_in(
        PositionSpell,
        confirmed,
        column="person_id",
        assignments=f"{last_confirmed_on} = %s",
        params=[ops.adapt_datefield_value(on), True],
        condition=open_only,
    )
    for (month, reason), people in left.items():
        month = ops.adapt_datefield_value(month)
        update_where_in(
            PositionSpell,
            people,
            column="person_id",
            assignments=(
                f"{ended_on} = CASE WHEN {started_on} > %s THEN {started_on} ELSE %s END, "
                f"{end_reason} = %s"
            ),
            params=[month, month, reason, True],
            condition=open_only,
        )
