"""Storing a checked file of follow-up answers: answers, dispositions and careers written
in one transaction with statements that each cover many rows.

The file has been checked cell by cell (:mod:`trainer_registry.followup_import`); what is
left is writing, and for 100,000 answers the cost is in the round trips, not in the
database. So:

* answers go in as multi-row ``INSERT ... VALUES (...), (...)`` statements, as many rows
  per statement as the engine's parameter limit allows (at most ``ROWS_PER_INSERT``),
  built from column arrays, never from model instances;
* dispositions and careers are a handful of ``UPDATE ... WHERE id IN (...)`` statements
  grouped by the value they set, with the same rule as answers given one at a time
  (:func:`trainer_registry.careers.career_changes`).

Table and column names come from the models' metadata, values are always parameters,
dates and times are adapted by the connection's own operations: the same code runs on
SQLite, PostgreSQL and MySQL/MariaDB.
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

import numpy as np
import pandas as pd
from django.db import connection

from trainer_registry.models import (
    CampaignMember,
    Disposition,
    FollowUpResponse,
    PositionSpell,
    StillInRole,
)

ROWS_PER_INSERT = 500
IDS_PER_UPDATE = 5000
DEFAULT_PARAMETER_LIMIT = 999


def _parameter_limit() -> int:
    """How many parameters one statement may carry on this connection."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return connection.features.max_query_params or 65535


def _execute(sql: str, params: list) -> None:
    """Run one statement written with ``%s`` placeholders. On SQLite it goes straight to
    the driver with its own ``?`` placeholders, inside the same transaction: Django's
    rewriting of a 7,500-placeholder statement would cost more than running it."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with connection.wrap_database_errors:  # driver errors as Django's own
            connection.connection.execute(sql.replace("%s", "?"), params)
    else:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


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
    ``None`` where empty."""
    present = values.notna().to_numpy()
    return _with_nulls(values.dt.strftime("%Y-%m-%d").to_numpy(dtype=object), present)


def _quoted(model, *names: str) -> tuple[str, list[str]]:
    quote = connection.ops.quote_name
    return quote(model._meta.db_table), [quote(name) for name in names]


def insert_answers(answers: pd.DataFrame, *, submitted_at: datetime) -> None:
    """Insert every row of ``answers`` (as :func:`followup_import.validate` returns them)
    as a :class:`FollowUpResponse`, consent given, submitted at ``submitted_at``."""
    ops = connection.ops
    n = len(answers)
    columns = {
        "member_id": answers["member_id"].tolist(),
        "wave": answers["wave"].tolist(),
        "channel": answers["channel"].tolist(),
        "submitted_at": [ops.adapt_datetimefield_value(submitted_at)] * n,
        "consent": [True] * n,
        "still_in_role": answers["still_in_role"].tolist(),
        "left_role_on": _dates(answers["left_role_on"]),
        "leaving_reason": answers["leaving_reason"].tolist(),
        "current_organisation": answers["current_organisation"].tolist(),
        "current_role": answers["current_role"].tolist(),
        "use_of_training": _whole_numbers(answers["use_of_training"]),
        "examples": answers["examples"].tolist(),
        "support_needed": answers["support_needed"].tolist(),
        "trainings_delivered": _whole_numbers(answers["trainings_delivered"]),
        "participants_reached": _whole_numbers(answers["participants_reached"]),
    }
    table, names = _quoted(FollowUpResponse, *columns)
    per_statement = max(1, min(ROWS_PER_INSERT, _parameter_limit() // len(columns)))
    row_marks = "(" + ", ".join(["%s"] * len(columns)) + ")"
    # One flat parameter list, row after row, made from the columns in one step.
    flat = np.empty((n, len(columns)), dtype=object)
    for index, values in enumerate(columns.values()):
        flat[:, index] = values
    for start in range(0, n, per_statement):
        rows = flat[start : start + per_statement]
        _execute(
            f"INSERT INTO {table} ({', '.join(names)}) VALUES "  # noqa: S608 (names only)
            + ", ".join([row_marks] * len(rows)),
            rows.ravel().tolist(),
        )


def _update_where_in(
    model, ids: list[int], *, column: str, assignments: str, params, condition: str = ""
) -> None:
    """``UPDATE model SET assignments WHERE [condition AND] column IN ids``, in slices of
    the id list; ``params`` fill the assignments' and the condition's placeholders."""
    table, (quoted_column,) = _quoted(model, column)
    where = f"{condition} AND " if condition else ""
    for start in range(0, len(ids), IDS_PER_UPDATE):
        chunk = ids[start : start + IDS_PER_UPDATE]
        _execute(
            f"UPDATE {table} SET {assignments} "  # noqa: S608 (names only)
            f"WHERE {where}{quoted_column} IN ({', '.join(['%s'] * len(chunk))})",
            [*params, *chunk],
        )


def update_dispositions(answers: pd.DataFrame) -> None:
    """Complete where the answer says still in the role or gives the month left, partial
    otherwise (a member with several answers in the file takes the last one's)."""
    last = answers.drop_duplicates("member_id", keep="last")
    complete = (last["still_in_role"] == StillInRole.YES) | last["left_role_on"].notna()
    _, (disposition,) = _quoted(CampaignMember, "disposition")
    for mask, value in ((complete, Disposition.COMPLETE), (~complete, Disposition.PARTIAL)):
        _update_where_in(
            CampaignMember,
            last.loc[mask, "member_id"].tolist(),
            column="id",
            assignments=f"{disposition} = %s",
            params=[value],
        )


def career_changes_of(
    answers: pd.DataFrame, on: date
) -> tuple[list[int], dict[tuple[date, str], list[int]]]:
    """:func:`trainer_registry.careers.career_changes` over whole columns: the people
    confirmed in their role, and the people leaving it keyed by (month, reason); a person
    with several answers in the file takes the last one's."""
    last = answers.drop_duplicates("person_id", keep="last")
    still = (last["still_in_role"] == StillInRole.YES).to_numpy()
    confirmed = last.loc[still, "person_id"].tolist()
    leaving = last.loc[~still]
    months = (
        leaving["left_role_on"].dt.date.astype(object).where(leaving["left_role_on"].notna(), on)
    )
    reasons = leaving["leaving_reason"].replace("", "other")
    left = {
        (month, reason): people.tolist()
        for (month, reason), people in leaving["person_id"].groupby([months, reasons], sort=True)
    }
    return confirmed, left


def update_careers(answers: pd.DataFrame, on: date) -> None:
    """Confirm or end each answering person's open anti-trafficking position, as
    :func:`trainer_registry.careers.update_careers` does for answers given one by one
    (a position never ends before it started)."""
    confirmed, left = career_changes_of(answers, on)
    ops = connection.ops
    _, (ended_on, started_on, end_reason, last_confirmed_on, anti) = _quoted(
        PositionSpell,
        "ended_on",
        "started_on",
        "end_reason",
        "last_confirmed_on",
        "is_anti_trafficking",
    )
    open_only = f"{ended_on} IS NULL AND {anti} = %s"
    _update_where_in(
        PositionSpell,
        confirmed,
        column="person_id",
        assignments=f"{last_confirmed_on} = %s",
        params=[ops.adapt_datefield_value(on), True],
        condition=open_only,
    )
    for (month, reason), people in left.items():
        month = ops.adapt_datefield_value(month)
        _update_where_in(
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
