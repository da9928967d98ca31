"""The floor of the answer import benchmark: what any import of the benchmark's file into
its registry must at least do, with nothing checked and no value passing from Python.

* Read the file with pyarrow's CSV reader, the fastest reader at hand, every column as
  text (as the import reads it: inferring the columns' types costs more); the table read
  is thrown away.
* In one transaction, the database alone (SQLite or PostgreSQL): copy the answers from a
  table already in the database that holds exactly the rows the import stored; from a
  narrow table of who answered what, made beside it before the clock starts, set the
  dispositions (complete, partial) of the people who answered; confirm the open
  anti-trafficking positions of those still in the role and end those of the others, one
  statement per month and reason of leaving, as the import does.

The staged tables are made from what a real import just wrote (:meth:`Floor.stage`), so
both write the same rows; the benchmark compares the registry after each of them
(:meth:`Floor.snapshot`).
"""

from __future__ import annotations

import hashlib
import time
from contextlib import contextmanager
from pathlib import Path

import pyarrow as pa
import pyarrow.csv
from django.db import connection, transaction

from trainer_registry.models import (
    CampaignMember,
    FollowUpResponse,
    PositionSpell,
)


def _names(model, *fields: str) -> tuple[str, ...]:
    quote = connection.ops.quote_name
    return (quote(model._meta.db_table), *(quote(name) for name in fields))


class Floor:
    """Works on SQLite and PostgreSQL, with each engine's own spelling where they differ."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.answers, *columns = _names(
            FollowUpResponse,
            *(f.column for f in FollowUpResponse._meta.concrete_fields if not f.primary_key),
        )
        self.columns = ", ".join(columns)
        self.members = _names(CampaignMember)[0]
        self.spells = _names(PositionSpell)[0]
        self.later = "max" if connection.vendor == "sqlite" else "greatest"
        with path.open(encoding="utf-8-sig") as text:
            header = text.readline().strip().split(",")
        self.as_text = pyarrow.csv.ConvertOptions(column_types=dict.fromkeys(header, pa.string()))

    def _execute(self, sql: str, params=()) -> list:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall() if cursor.description else []

    def stage(self) -> None:
        """Copy what the import just wrote into temporary tables of the same connection,
        in place of any copied before."""
        self._execute("DROP TABLE IF EXISTS staged")
        self._execute("DROP TABLE IF EXISTS staged_people")
        ((self.confirmed_on,),) = self._execute(
            f"SELECT max(last_confirmed_on) FROM {self.spells}"  # noqa: S608 (names only)
        )
        self._execute(
            f"CREATE TEMP TABLE staged AS SELECT {self.columns} FROM {self.answers}"  # noqa: S608
        )
        self._execute(
            "CREATE TEMP TABLE staged_people AS "  # noqa: S608 (names only)
            "SELECT s.member_id, m.person_id, s.still_in_role = 'yes' AS still, "
            "(s.still_in_role = 'yes' OR s.left_role_on IS NOT NULL) AS complete, "
            "coalesce(s.left_role_on, %s) AS left_on, "
            "CASE s.leaving_reason WHEN '' THEN 'other' ELSE s.leaving_reason END AS reason "
            f"FROM staged s JOIN {self.members} m ON m.id = s.member_id",
            [self.confirmed_on],
        )

    def snapshot(self) -> str:
        """A digest of the answers, dispositions and positions as they are now."""
        digest = hashlib.sha256()
        for query in (
            f"SELECT {self.columns} FROM {self.answers} ORDER BY member_id, wave",  # noqa: S608
            f"SELECT id, disposition FROM {self.members} ORDER BY id",  # noqa: S608
            "SELECT id, ended_on, end_reason, last_confirmed_on "  # noqa: S608
            f"FROM {self.spells} ORDER BY id",
        ):
            digest.update(repr(self._execute(query)).encode())
        return digest.hexdigest()

    def run(self, spent: dict[str, float] | None = None) -> None:
        """One floor import; with ``spent``, the seconds of each step go there."""
        spent = {} if spent is None else spent
        with _step(spent, "read the file"):
            pyarrow.csv.read_csv(self.path, convert_options=self.as_text)
        with transaction.atomic():
            with _step(spent, "insert the answers"):
                self._execute(
                    f"INSERT INTO {self.answers} ({self.columns}) "  # noqa: S608 (names only)
                    f"SELECT {self.columns} FROM staged"
                )
            with _step(spent, "set the dispositions"):
                for value, which in (("I", "complete"), ("P", "NOT complete")):
                    self._execute(
                        f"UPDATE {self.members} SET disposition = %s WHERE id IN "  # noqa: S608
                        f"(SELECT member_id FROM staged_people WHERE {which})",
                        [value],
                    )
            with _step(spent, "confirm or end the careers"):
                self._careers()

    def _careers(self) -> None:
        open_ = "ended_on IS NULL AND is_anti_trafficking"
        self._execute(
            f"UPDATE {self.spells} SET last_confirmed_on = %s "  # noqa: S608 (names only)
            f"WHERE {open_} AND person_id IN (SELECT person_id FROM staged_people WHERE still)",
            [self.confirmed_on],
        )
        leaving = self._execute(
            "SELECT DISTINCT left_on, reason FROM staged_people WHERE NOT still"
        )
        for left_on, reason in leaving:
            self._execute(
                f"UPDATE {self.spells} "  # noqa: S608 (names only)
                f"SET ended_on = {self.later}(started_on, %s), end_reason = %s "
                f"WHERE {open_} AND person_id IN (SELECT person_id FROM staged_people "
                "WHERE NOT still AND left_on = %s AND reason = %s)",
                [left_on, reason, left_on, reason],
            )


@contextmanager
def _step(spent: dict[str, float], label: str):
    start = time.perf_counter()
    yield
    spent[label] = time.perf_counter() - start
