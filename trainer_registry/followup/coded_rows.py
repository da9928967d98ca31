"""Multi-row ``INSERT`` statements in which the columns with few distinct values travel
as one small code per row.

Binding a parameter costs about what storing its cell costs, so the fewer parameters
per row the better. A column that holds one value in every row is one parameter per
statement. Columns that hold a few distinct values each (yes or no, a month or none, a
reason or none) often hold even fewer distinct combinations: each row then carries the
number of its combination, and the statement turns that number back into each
column's value (``CASE column2 WHEN 0 THEN ? WHEN 1 THEN ? ELSE ? END``), the values
bound once per statement. Only the other columns (the member, free text) pass cell by
cell. What is stored is what binding every cell would store: the same values, bound as
parameters, reach the same columns.

Pure: the statements are text and parameter lists, for SQLite's ``?`` placeholders and
its ``INSERT ... SELECT ... FROM (VALUES ...)``; running them is the caller's.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd

FEW = 8  # combinations worth a CASE in the statement rather than parameters in each row


@dataclass(frozen=True)
class Combination:
    """Columns folded into one code per row: ``values[name][code]`` is the value of
    column ``name`` in every row whose code is ``code``."""

    codes: np.ndarray
    values: dict[str, list]


def combine(coded: dict[str, tuple[np.ndarray, list]], few: int = FEW) -> Combination | None:
    """Fold as many of the ``coded`` columns (a code per row, and the value of each code)
    into one code per row as keep the combinations seen within ``few``, the columns with
    fewer distinct values first; ``None`` when fewer than two fit."""
    rows = len(next(iter(coded.values()))[0]) if coded else 0
    codes = np.zeros(rows, dtype=np.int64)
    table = np.zeros((1, 0), dtype=np.int64)  # per combination, the code of each column in it
    joined: list[str] = []
    for name in sorted(coded, key=lambda column: len(coded[column][1])):
        column_codes, values = coded[name]
        together, seen = pd.factorize(codes * len(values) + column_codes)
        if len(seen) > few:
            continue
        seen = np.asarray(seen, dtype=np.int64)
        table = np.column_stack([table[seen // len(values)], seen % len(values)])
        codes = together.astype(np.int64)
        joined.append(name)
    if len(joined) < 2:
        return None
    return Combination(
        codes,
        {
            name: [coded[name][1][code] for code in table[:, place]]
            for place, name in enumerate(joined)
        },
    )


def insert_statements(
    table: str,
    columns: list[tuple[str, str]],
    constant: dict[str, object],
    per_row: dict[str, list | np.ndarray],
    combination: Combination | None,
    *,
    parameter_limit: int,
    rows_per_insert: int,
    carrier: str | None = None,
) -> Iterator[tuple[str, list]]:
    """``INSERT INTO table`` statements and their parameters for every row: ``columns``
    pairs each column's name with its quoted name; each is in ``constant`` (one value),
    ``per_row`` (a value per row) or ``combination``. With ``carrier``, a column of
    ``per_row`` holding whole numbers of at least 0 (an id), the combination code rides
    in the low bits of that column's parameter, so each row binds one parameter fewer."""
    per_row = dict(per_row)
    picked = {name: f"column{number}" for number, name in enumerate(per_row, start=1)}
    code = f"column{len(per_row) + 1}"
    carried = (
        combination is not None
        and carrier in per_row
        and len(per_row[carrier])
        and np.min(per_row[carrier]) >= 0
    )
    if carried:
        bits = max(1, (len(combination.codes) and int(combination.codes.max())).bit_length())
        carrying = np.asarray(per_row[carrier], dtype=np.int64)
        if int(carrying.max()) < 2 ** (62 - bits):
            per_row[carrier] = (carrying << bits) | combination.codes
            code = f"({picked[carrier]} & {2**bits - 1})"
            picked[carrier] = f"({picked[carrier]} >> {bits})"
        else:
            carried = False
    select, fixed = [], []
    for name, _quoted in columns:
        if name in constant:
            select.append("?")
            fixed.append(constant[name])
        elif name in per_row:
            select.append(picked[name])
        else:
            *first, last = combination.values[name]
            branches = " ".join(f"WHEN {number} THEN ?" for number in range(len(first)))
            select.append(f"CASE {code} {branches} ELSE ? END")
            fixed.extend([*first, last])
    flat_columns = [
        values.tolist() if isinstance(values, np.ndarray) else values for values in per_row.values()
    ]
    if combination is not None and not carried:
        flat_columns.append(combination.codes.tolist())
    width = len(flat_columns)
    flat: list = [None] * (width * len(flat_columns[0]))
    for place, values in enumerate(flat_columns):
        flat[place::width] = values
    rows = len(flat) // width
    per_statement = max(1, min(rows_per_insert, (parameter_limit - len(fixed)) // width))
    head = (
        f"INSERT INTO {table} ({', '.join(quoted for _name, quoted in columns)}) "  # noqa: S608
        f"SELECT {', '.join(select)} FROM (VALUES "
    )
    row_marks = "(" + ", ".join(["?"] * width) + ")"
    full = head + ", ".join([row_marks] * per_statement) + ")"
    for start in range(0, rows, per_statement):
        count = min(per_statement, rows - start)
        sql = full if count == per_statement else head + ", ".join([row_marks] * count) + ")"
        yield sql, fixed + flat[start * width : (start + count) * width]
