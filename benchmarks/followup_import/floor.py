"""The floor of the answer import benchmark: what any import of the benchmark's file into
its registry must at least do, with nothing checked and no value passing from Python.

* Read the file with pyarrow's CSV reader, the fastest reader at hand; the table read is
  thrown away.
* In one transaction, on SQLite's own connection: copy the answers from a table already
  in the database that holds exactly the rows the import stored; from a narrow table of
  who answered what, made beside it before the clock starts, set the dispositions
  (complete, partial) of the people who answered; confirm the open anti-trafficking
  positions of those still in the role and end those of the others, one statement per
  month and reason of leaving, as the import does.

The staged tables are made from what a real import just wrote (:meth:`Floor.stage`), so
both write the same rows; the benchmark compares the registry after each of them
(:meth:`Floor.snapshot`).
"""

from __future__ import annotations

import hashlib
import time
from contextlib import contextmanager
from pathlib import Path

import pyarrow.csv
from django.db import connection, transaction

from trainer_registry.models import (
    CampaignMember,
    FollowUpResponse,
    PositionSpell,
)

ANSWERS = FollowUpResponse._meta.db_table
MEMBERS = CampaignMember._meta.db_table
SPELLS = PositionSpell._meta.db_table
COLUMNS = ", ".join(
    field.column for field in FollowUpResponse._meta.concrete_fields if not field.primary_key
)
OPEN = "ended_on IS NULL AND is_anti_trafficking"


class Floor:
    def __init__(self, path: Path) -> None:
        self.path = path

    def stage(self) -> None:
        """Copy what the import just wrote into temporary tables of the same connection,
        in place of any copied before."""
        connection.ensure_connection()
        raw = connection.connection
        raw.execute("DROP TABLE IF EXISTS temp.staged")
        raw.execute("DROP TABLE IF EXISTS temp.staged_people")
        (confirmed_on,) = raw.execute(
            f"SELECT max(last_confirmed_on) FROM {SPELLS}"  # noqa: S608 (names only)
        ).fetchone()
        self.confirmed_on = str(confirmed_on)  # max() returns the stored text
        raw.execute(f"CREATE TEMP TABLE staged AS SELECT {COLUMNS} FROM {ANSWERS}")  # noqa: S608
        raw.execute(
            "CREATE TEMP TABLE staged_people AS "  # noqa: S608 (names only)
            "SELECT s.member_id, m.person_id, s.still_in_role = 'yes' AS still, "
            "s.still_in_role = 'yes' OR s.left_role_on IS NOT NULL AS complete, "
            "coalesce(s.left_role_on, ?) AS left_on, "
            "CASE s.leaving_reason WHEN '' THEN 'other' ELSE s.leaving_reason END AS reason "
            f"FROM temp.staged s JOIN {MEMBERS} m ON m.id = s.member_id",
            [self.confirmed_on],
        )

    def snapshot(self) -> str:
        """A digest of the answers, dispositions and positions as they are now."""
        connection.ensure_connection()
        raw = connection.connection
        digest = hashlib.sha256()
        for query in (
            f"SELECT {COLUMNS} FROM {ANSWERS} ORDER BY member_id, wave",  # noqa: S608
            f"SELECT id, disposition FROM {MEMBERS} ORDER BY id",  # noqa: S608
            f"SELECT id, ended_on, end_reason, last_confirmed_on FROM {SPELLS} ORDER BY id",  # noqa: S608
        ):
            digest.update(repr(raw.execute(query).fetchall()).encode())
        return digest.hexdigest()

    def run(self, spent: dict[str, float] | None = None) -> None:
        """One floor import; with ``spent``, the seconds of each step go there."""
        spent = {} if spent is None else spent
        with _step(spent, "read the file"):
            pyarrow.csv.read_csv(self.path)
        raw = connection.connection
        with transaction.atomic():
            with _step(spent, "insert the answers"):
                raw.execute(
                    f"INSERT INTO {ANSWERS} ({COLUMNS}) SELECT {COLUMNS} FROM temp.staged"  # noqa: S608
                )
            with _step(spent, "set the dispositions"):
                for value, complete in (("I", 1), ("P", 0)):
                    raw.execute(
                        f"UPDATE {MEMBERS} SET disposition = ? WHERE id IN "  # noqa: S608
                        "(SELECT member_id FROM temp.staged_people WHERE complete = ?)",
                        [value, complete],
                    )
            with _step(spent, "confirm or end the careers"):
                self._careers(raw)

    def _careers(self, raw) -> None:
        raw.execute(
            f"UPDATE {SPELLS} SET last_confirmed_on = ? WHERE {OPEN} AND person_id IN "  # noqa: S608
            "(SELECT person_id FROM temp.staged_people WHERE still)",
            [self.confirmed_on],
        )
        leaving = raw.execute(
            "SELECT DISTINCT left_on, reason FROM temp.staged_people WHERE NOT still"
        ).fetchall()
        for left_on, reason in leaving:
            raw.execute(
                f"UPDATE {SPELLS} SET ended_on = max(started_on, ?), end_reason = ? "  # noqa: S608
                f"WHERE {OPEN} AND person_id IN (SELECT person_id FROM temp.staged_people "
                "WHERE NOT still AND left_on = ? AND reason = ?)",
                [left_on, reason, left_on, reason],
            )


@contextmanager
def _step(spent: dict[str, float], label: str):
    start = time.perf_counter()
    yield
    spent[label] = time.perf_counter() - start
